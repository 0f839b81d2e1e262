/**
 * Time for the UI and the demo, injected so tests run on a manual clock: nothing here reads the
 * system clock or sets a real timer unless it was handed `systemClock`.
 */
export type Cancel = () => void;

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  setTimeout(callback: () => void, ms: number): Cancel;
  setInterval(callback: () => void, ms: number): Cancel;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => {
    const handle = setTimeout(callback, ms);
    return () => clearTimeout(handle);
  },
  setInterval: (callback, ms) => {
    const handle = setInterval(callback, ms);
    return () => clearInterval(handle);
  },
};

interface Timer {
  readonly id: number;
  due: number;
  readonly every: number | undefined;
  readonly callback: () => void;
}

/** A clock that moves only when told to: `advance(ms)` runs every timer that falls due, in order. */
export class ManualClock implements Clock {
  private time: number;
  private nextId = 0;
  private readonly timers = new Map<number, Timer>();

  constructor(start: number | string = 0) {
    this.time = typeof start === 'string' ? Date.parse(start) : start;
  }

  now(): number {
    return this.time;
  }

  setTimeout(callback: () => void, ms: number): Cancel {
    return this.add(callback, ms, undefined);
  }

  setInterval(callback: () => void, ms: number): Cancel {
    return this.add(callback, ms, Math.max(1, ms));
  }

  /** Moves time forward by `ms`, firing due timers (an interval fires once per period passed). */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const next = this.nextDue(end);
      if (next === undefined) break;
      this.time = next.due;
      if (next.every === undefined) this.timers.delete(next.id);
      else next.due += next.every;
      next.callback();
    }
    this.time = end;
  }

  /** How many timers are waiting. */
  get pending(): number {
    return this.timers.size;
  }

  private add(callback: () => void, ms: number, every: number | undefined): Cancel {
    const id = this.nextId++;
    this.timers.set(id, { id, due: this.time + Math.max(0, ms), every, callback });
    return () => {
      this.timers.delete(id);
    };
  }

  private nextDue(end: number): Timer | undefined {
    let found: Timer | undefined;
    for (const timer of this.timers.values()) {
      if (timer.due > end) continue;
      if (found === undefined || timer.due < found.due || (timer.due === found.due && timer.id < found.id))
        found = timer;
    }
    return found;
  }
}

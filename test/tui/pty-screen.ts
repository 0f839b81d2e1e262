/**
 * Runs the real `strata` binary in a pseudo-terminal and reads its screen through a headless
 * terminal emulator, the way a person sees it: `screen()` is the visible text, `raw` every byte
 * the program wrote (to check the alternate-screen sequences), `press()` types, `resize()`
 * changes the window like a terminal does (SIGWINCH).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { type IPty, spawn } from '@lydell/node-pty';
import xterm from '@xterm/headless';
import { afterEach } from 'vitest';

const { Terminal } = xterm;

export const ROOT = resolve(import.meta.dirname, '../..');
const BIN = 'packages/tui/src/bin/strata.ts';
/** How long the terminal must have been quiet for a screen to count as drawn. */
const QUIET_MS = 30;
/** What `pnpm run build` makes and the package's `bin` names: what users run. */
export const BUILT_BIN = 'packages/tui/dist/bin/strata.js';

export interface StartOptions {
  /**
   * `source` (default): the TypeScript source through tsx. `built`: the built binary with plain
   * node, as installed; it must have been built (`pnpm run build`, which CI runs before the tests).
   */
  readonly bin?: 'source' | 'built';
  /** Changes to the environment (undefined removes a variable). */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export interface StrataPty {
  /** The visible screen, one string per row, trailing spaces removed. */
  screen(): string[];
  /** The screen as one text, rows joined by newlines. */
  text(): string;
  /** Everything the program wrote, escape sequences included. */
  readonly raw: () => string;
  /** The process id of the program (node running strata). */
  readonly pid: number;
  press(keys: string): void;
  resize(columns: number, rows: number): void;
  /** Resolves when `test` passes on the screen; rejects with the screen after `timeoutMs`. */
  waitFor(test: string | RegExp | ((text: string) => boolean), timeoutMs?: number): Promise<string>;
  /** Resolves with the exit code once the program ended. */
  exited(timeoutMs?: number): Promise<number>;
  /** Sends a signal to the program (SIGTERM, SIGINT, …). */
  signal(name: NodeJS.Signals): void;
  kill(): void;
}

/** The rows of the table on screen: the lines after its column header. */
export function tableRows(text: string): string[] {
  const lines = text.split('\n');
  const header = lines.findIndex((l) => /^\s*(#|NAMESPACE)\s/.test(l));
  return lines.slice(header + 1, -1).filter((l) => l.trim() !== '');
}

export const KEYS = {
  enter: '\r',
  escape: '\u001b',
  up: '\u001b[A',
  down: '\u001b[B',
  ctrlC: '\u0003',
  tab: '\t',
} as const;

export function startStrata(
  args: readonly string[],
  columns = 120,
  rows = 35,
  options: StartOptions = {},
): StrataPty {
  const built = options.bin === 'built';
  if (built && !existsSync(resolve(ROOT, BUILT_BIN))) {
    throw new Error(`${BUILT_BIN} is missing: run \`pnpm run build\` first (CI builds before it tests)`);
  }
  return startProgram(
    process.execPath,
    built ? [BUILT_BIN, ...args] : ['--conditions=@strata/source', '--import', 'tsx', BIN, ...args],
    { columns, rows, ...(options.env === undefined ? {} : { env: options.env }) },
  );
}

/**
 * startStrata for the tests of a file: every program it starts is killed after its test
 * (afterEach), so a test that fails while waiting leaves no process behind.
 */
export function useStrata(): typeof startStrata {
  const running: StrataPty[] = [];
  afterEach(() => {
    for (const pty of running.splice(0)) pty.kill();
  });
  return (...args) => {
    const pty = startStrata(...args);
    running.push(pty);
    return pty;
  };
}

/**
 * Any strata program in the pseudo-terminal: the bin from source or built (startStrata), an
 * installed package's or the standalone binary (test/release). `env` is laid over this
 * process's (undefined removes a variable).
 */
export function startProgram(
  file: string,
  args: readonly string[],
  options: {
    columns?: number;
    rows?: number;
    env?: Readonly<Record<string, string | undefined>>;
  } = {},
): StrataPty {
  const { columns = 120, rows = 35 } = options;
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries({ ...process.env, ...options.env })) {
    if (value !== undefined) env[key] = value;
  }
  delete env.NO_COLOR;
  delete env.FORCE_COLOR;
  env.TERM = 'xterm-256color';
  const terminal = new Terminal({ cols: columns, rows, allowProposedApi: true });
  let raw = '';
  let lastDataAt = Date.now();
  let exitCode: number | undefined;
  const exitWaiters: ((code: number) => void)[] = [];
  const pty: IPty = spawn(file, [...args], { name: 'xterm-256color', cols: columns, rows, cwd: ROOT, env });
  pty.onData((data) => {
    raw += data;
    lastDataAt = Date.now();
    terminal.write(data);
  });
  pty.onExit(({ exitCode: code }) => {
    exitCode = code;
    for (const waiter of exitWaiters) waiter(code);
  });

  const screen = (): string[] => {
    const buffer = terminal.buffer.active;
    const lines: string[] = [];
    for (let y = 0; y < terminal.rows; y++) {
      lines.push(buffer.getLine(buffer.viewportY + y)?.translateToString(true) ?? '');
    }
    return lines;
  };
  const text = () => screen().join('\n');
  const flushed = () => new Promise<void>((done) => terminal.write('', done));

  return {
    screen,
    text,
    raw: () => raw,
    pid: pty.pid,
    press: (keys) => pty.write(keys),
    resize: (c, r) => {
      terminal.resize(c, r);
      pty.resize(c, r);
    },
    waitFor: async (test, timeoutMs = 20_000) => {
      const matches =
        typeof test === 'string'
          ? (t: string) => t.includes(test)
          : test instanceof RegExp
            ? (t: string) => test.test(t)
            : test;
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        await flushed();
        const current = text();
        const hit = matches(current);
        // A frame bigger than the pseudo-terminal's buffer arrives in pieces: a match counts only
        // on a screen that has stopped changing, so a title is never read without its rows.
        if (hit && Date.now() - lastDataAt >= QUIET_MS) return current;
        if (exitCode !== undefined)
          throw new Error(
            `strata exited (${exitCode}) before the screen showed ${String(test)}:\n${current}`,
          );
        if (Date.now() > deadline)
          throw new Error(`timed out waiting for ${String(test)}; the screen:\n${current}`);
        await new Promise((r) => setTimeout(r, hit ? QUIET_MS : 50));
      }
    },
    exited: (timeoutMs = 10_000) =>
      new Promise<number>((done, fail) => {
        if (exitCode !== undefined) return done(exitCode);
        const timer = setTimeout(
          () => fail(new Error(`strata did not exit within ${timeoutMs}ms:\n${text()}`)),
          timeoutMs,
        );
        exitWaiters.push((code) => {
          clearTimeout(timer);
          done(code);
        });
      }),
    signal: (name) => pty.kill(name),
    kill: () => {
      if (exitCode === undefined) pty.kill();
    },
  };
}

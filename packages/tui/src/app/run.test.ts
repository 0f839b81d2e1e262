import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createDemoSource } from '../demo/demo-source.ts';
import { ManualClock } from './clock.ts';
import type { DataSource, OpenedSource } from './data-source.ts';
import { handoverSource } from './handover-source.ts';
import { ENTER_ALTERNATE_SCREEN, LEAVE_ALTERNATE_SCREEN, runApp, type Terminal } from './run.tsx';

/** A terminal made of streams: what the UI writes, and a keyboard to type on. */
function fakeTerminal(): {
  terminal: Terminal;
  output: () => string;
  errors: () => string;
  type: (keys: string) => void;
} {
  let output = '';
  let errors = '';
  const stdout = Object.assign(new PassThrough(), { isTTY: true, columns: 100, rows: 30 });
  stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const stderr = Object.assign(new PassThrough(), { isTTY: false });
  stderr.on('data', (chunk: Buffer) => {
    errors += chunk.toString();
  });
  const stdin = Object.assign(new PassThrough(), {
    isTTY: true,
    setRawMode: () => stdin,
    ref: () => stdin,
    unref: () => stdin,
  });
  return {
    terminal: {
      stdin: stdin as unknown as NodeJS.ReadStream,
      stdout: stdout as unknown as NodeJS.WriteStream,
      stderr: stderr as unknown as NodeJS.WriteStream,
    },
    output: () => output,
    errors: () => errors,
    type: (keys) => stdin.write(keys),
  };
}

/** A stand-in for `process`: signals and crashes are emitted on it, exit is recorded. */
function fakeProcess(): EventEmitter & { exit: (code?: number) => never; exits: number[] } {
  const host = new EventEmitter() as EventEmitter & { exit: (code?: number) => never; exits: number[] };
  host.exits = [];
  host.exit = ((code?: number) => {
    host.exits.push(code ?? 0);
  }) as (code?: number) => never;
  return host;
}

const wait = (ms: number) => new Promise((done) => setTimeout(done, ms));

function restored(output: string): boolean {
  return output.startsWith(ENTER_ALTERNATE_SCREEN) && output.lastIndexOf(LEAVE_ALTERNATE_SCREEN) > 0;
}

describe('running the UI on a terminal', () => {
  it('ends with one line and exit 2 when the cluster it was opening cannot be reached', async () => {
    const { terminal, output, errors } = fakeTerminal();
    const host = fakeProcess();
    let fail!: (error: string) => void;
    const opening = new Promise<OpenedSource>((resolve) => {
      fail = (error) => resolve({ error });
    });
    const source = handoverSource(
      { context: 'prod', cluster: 'https://10.0.0.1:6443', user: 'me', namespace: 'all', readOnly: false },
      opening,
    );
    const done = runApp(source, terminal, { process: host, patchConsole: false });
    await wait(50);
    expect(output()).toContain('connecting…');
    fail('cannot reach https://10.0.0.1:6443 (context prod): connection refused');
    expect(await done).toBe(2);
    expect(errors()).toBe('strata: cannot reach https://10.0.0.1:6443 (context prod): connection refused\n');
    expect(restored(output())).toBe(true);
    expect(output()).not.toContain('prod-eu-1');
  });

  it(':ctx lists the contexts and switches to another in place, closing the one it leaves', async () => {
    const { terminal, output, type } = fakeTerminal();
    const host = fakeProcess();
    const first = createDemoSource({ clock: new ManualClock(0) });
    let firstClosed = false;
    const source: DataSource = {
      ...first,
      close: () => {
        firstClosed = true;
        first.close();
      },
    };
    const other = createDemoSource({ clock: new ManualClock(0) });
    const opened: string[] = [];
    const done = runApp(source, terminal, {
      process: host,
      patchConsole: false,
      contexts: ['strata-demo', 'staging', 'prod'],
      openContext: async (context) => {
        opened.push(context);
        if (context === 'prod')
          return { error: 'cannot reach https://10.0.0.9:6443 (context prod): connection refused' };
        return { source: { ...other, describe: () => ({ ...other.describe(), context }) } };
      },
    });
    await wait(100);
    type(':ctx\r');
    await wait(100);
    expect(output()).toContain('Contexts — enter switches to one');
    expect(output()).toContain('● shown now');
    type(':ctx pr\t\r');
    await wait(300);
    expect(opened).toEqual(['prod']);
    expect(output()).toContain(
      ':ctx prod: cannot reach https://10.0.0.9:6443 (context prod): connection refused',
    );
    expect(firstClosed).toBe(false);
    type(':ctx staging\r');
    await wait(300);
    expect(opened).toEqual(['prod', 'staging']);
    expect(output()).toContain('ctx staging');
    expect(firstClosed).toBe(true);
    type('q');
    expect(await done).toBe(0);
  });

  it('uses the alternate screen and puts the terminal back on q', async () => {
    const { terminal, output, type } = fakeTerminal();
    const host = fakeProcess();
    const source = createDemoSource({ clock: new ManualClock(0) });
    const done = runApp(source, terminal, { process: host, clock: new ManualClock(0), patchConsole: false });
    await wait(50);
    expect(output()).toContain('Root causes [4]');
    type('q');
    expect(await done).toBe(0);
    expect(restored(output())).toBe(true);
    expect(host.listenerCount('SIGINT')).toBe(0);
  });

  it('puts the terminal back on SIGTERM', async () => {
    const { terminal, output } = fakeTerminal();
    const host = fakeProcess();
    const done = runApp(createDemoSource({ clock: new ManualClock(0) }), terminal, {
      process: host,
      patchConsole: false,
    });
    await wait(50);
    host.emit('SIGTERM');
    expect(host.exits).toEqual([143]);
    expect(await done).toBe(0);
    expect(restored(output())).toBe(true);
  });

  it('on a crash, puts the terminal back first, then says what broke in one line', async () => {
    const { terminal, output, errors } = fakeTerminal();
    const host = fakeProcess();
    const done = runApp(createDemoSource({ clock: new ManualClock(0) }), terminal, {
      process: host,
      patchConsole: false,
    });
    await wait(50);
    host.emit('uncaughtException', new Error('watch stream exploded\n    at somewhere'));
    expect(host.exits).toEqual([2]);
    expect(errors()).toBe('strata: internal error: watch stream exploded\n');
    expect(restored(output())).toBe(true);
    await done;
  });

  it('a rendering error ends the UI with one line and status 2', async () => {
    const { terminal, output, errors } = fakeTerminal();
    const host = fakeProcess();
    const demo = createDemoSource({ clock: new ManualClock(0) });
    const broken: DataSource = {
      ...demo,
      snapshot: () => {
        throw new Error('no picture');
      },
    };
    expect(await runApp(broken, terminal, { process: host, patchConsole: false })).toBe(2);
    expect(errors()).toBe('strata: internal error: no picture\n');
    expect(output().endsWith(LEAVE_ALTERNATE_SCREEN)).toBe(true);
  });
});

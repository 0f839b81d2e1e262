/**
 * The strata TUI in a pseudo-terminal, read through a headless terminal emulator: the approach
 * of test/tui/pty-screen.ts, with the command chosen by the benchmark (the built bin or the
 * sources) and the process id exposed for /proc readings. `onScreen` runs after every chunk
 * the program writes has been applied to the screen, so a screen test fires on the very frame
 * that satisfies it. node-pty and @xterm/headless are the test package's dependencies.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ROOT } from './lib.ts';

interface Pty {
  readonly pid: number;
  onData(listener: (data: string) => void): void;
  onExit(listener: (event: { exitCode: number; signal?: number }) => void): void;
  write(data: string): void;
  kill(signal?: string): void;
}

interface PtyModule {
  spawn(
    file: string,
    args: readonly string[],
    options: { name: string; cols: number; rows: number; cwd: string; env: Record<string, string> },
  ): Pty;
}

interface BufferLine {
  translateToString(trimRight?: boolean): string;
}

interface XTerminal {
  readonly rows: number;
  readonly buffer: {
    readonly active: { readonly viewportY: number; getLine(y: number): BufferLine | undefined };
  };
  write(data: string, callback?: () => void): void;
  dispose(): void;
}

interface XtermModule {
  Terminal: new (options: { cols: number; rows: number; allowProposedApi: boolean }) => XTerminal;
}

const requireFromTests = createRequire(join(ROOT, 'test/package.json'));
const ptyModule = requireFromTests('@lydell/node-pty') as PtyModule;
const xtermModule = requireFromTests('@xterm/headless') as XtermModule;

export interface TuiProcess {
  readonly pid: number;
  /** Set once the program has exited. */
  readonly exitCode: number | undefined;
  /** The visible screen as text, rows joined by newlines. */
  text(): string;
  /** Called with the screen text after each chunk of output is on screen. */
  onScreen(listener: (text: string) => void): () => void;
  press(keys: string): void;
  /** Resolves with the exit code (or rejects after `timeoutMs`). */
  exited(timeoutMs?: number): Promise<number>;
  kill(): void;
}

export function startTui(
  command: string,
  args: readonly string[],
  options: { readonly columns?: number; readonly rows?: number } = {},
): TuiProcess {
  const columns = options.columns ?? 160;
  const rows = options.rows ?? 40;
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
  delete env.NO_COLOR;
  delete env.FORCE_COLOR;
  env.TERM = 'xterm-256color';
  const terminal = new xtermModule.Terminal({ cols: columns, rows, allowProposedApi: true });
  const pty = ptyModule.spawn(command, args, { name: 'xterm-256color', cols: columns, rows, cwd: ROOT, env });
  const listeners = new Set<(text: string) => void>();
  let exitCode: number | undefined;
  const exitWaiters: ((code: number) => void)[] = [];

  const text = (): string => {
    const buffer = terminal.buffer.active;
    const lines: string[] = [];
    for (let y = 0; y < terminal.rows; y++)
      lines.push(buffer.getLine(buffer.viewportY + y)?.translateToString(true) ?? '');
    return lines.join('\n');
  };
  pty.onData((data) => {
    terminal.write(data, () => {
      if (listeners.size === 0) return;
      const current = text();
      for (const listener of [...listeners]) listener(current);
    });
  });
  pty.onExit(({ exitCode: code }) => {
    exitCode = code;
    for (const waiter of exitWaiters.splice(0)) waiter(code);
    terminal.dispose();
  });
  return {
    pid: pty.pid,
    get exitCode() {
      return exitCode;
    },
    text,
    onScreen(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    press: (keys) => pty.write(keys),
    exited: (timeoutMs = 10_000) =>
      new Promise<number>((resolve, reject) => {
        if (exitCode !== undefined) {
          resolve(exitCode);
          return;
        }
        const timer = setTimeout(
          () => reject(new Error(`the TUI did not exit within ${timeoutMs} ms`)),
          timeoutMs,
        );
        exitWaiters.push((code) => {
          clearTimeout(timer);
          resolve(code);
        });
      }),
    kill: () => {
      if (exitCode === undefined) pty.kill('SIGKILL');
    },
  };
}

/**
 * Resolves with the screen text once `test` passes on it (checked on every frame), or rejects
 * with the last screen after `timeoutMs`.
 */
export function waitForScreen(
  tui: TuiProcess,
  test: (text: string) => boolean,
  timeoutMs: number,
): Promise<string> {
  return new Promise((resolve, reject) => {
    let done = false;
    const finish = (error: Error | undefined, text: string) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      clearInterval(exitCheck);
      stop();
      if (error === undefined) resolve(text);
      else reject(error);
    };
    const stop = tui.onScreen((text) => {
      if (test(text)) finish(undefined, text);
    });
    const timer = setTimeout(
      () =>
        finish(
          new Error(`the TUI screen did not get there in ${timeoutMs} ms; the screen:\n${tui.text()}`),
          '',
        ),
      timeoutMs,
    );
    const exitCheck = setInterval(() => {
      if (tui.exitCode !== undefined)
        finish(new Error(`the TUI exited (${tui.exitCode}); the screen:\n${tui.text()}`), '');
    }, 250);
    const now = tui.text();
    if (test(now)) finish(undefined, now);
  });
}

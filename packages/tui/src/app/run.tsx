/** @jsxRuntime automatic @jsxImportSource react */
/**
 * Runs the UI full-screen on a terminal: the alternate screen while it runs, the terminal put
 * back however it ends — `q`, ctrl-c, SIGINT / SIGTERM / SIGHUP, or a crash (then one line on
 * stderr). Resizes redraw (Ink re-lays out on the terminal's `resize`).
 */
import { render } from 'ink';
import { useCallback, useState } from 'react';
import { App } from './app.tsx';
import type { Clock } from './clock.ts';
import { ConnectFailure } from './connect-failure.ts';
import type { DataSource, OpenedSource } from './data-source.ts';

export const ENTER_ALTERNATE_SCREEN = '\u001b[?1049h';
export const LEAVE_ALTERNATE_SCREEN = '\u001b[?1049l';
const HIDE_CURSOR = '\u001b[?25l';
const SHOW_CURSOR = '\u001b[?25h';
const CLEAR = '\u001b[2J\u001b[H';

export interface Terminal {
  readonly stdin: NodeJS.ReadStream;
  readonly stdout: NodeJS.WriteStream;
  readonly stderr: NodeJS.WriteStream;
}

type HostEvent = NodeJS.Signals | 'uncaughtException' | 'unhandledRejection';

/** The parts of `process` the runner uses: signals and crashes are heard on it. */
export interface ProcessHost {
  on(event: HostEvent, listener: (error?: unknown) => void): unknown;
  off(event: HostEvent, listener: (error?: unknown) => void): unknown;
  exit(code?: number): unknown;
}

export interface RunOptions {
  readonly notice?: string | undefined;
  readonly clock?: Clock;
  /** Where signals and crashes are heard; the real process unless a test passes its own. */
  readonly process?: ProcessHost;
  /** Route console output through Ink (on by default; off where console cannot be patched). */
  readonly patchConsole?: boolean;
  /** The kubeconfig's contexts, for `:ctx`. */
  readonly contexts?: readonly string[];
  /** Opens another context (`:ctx NAME`); without it, `:ctx` says there is nothing to switch to. */
  readonly openContext?: (context: string) => Promise<OpenedSource>;
}

/** The source on screen now: `:ctx` replaces it, and whatever ends the UI closes this one. */
interface SourceHolder {
  current: DataSource;
}

/**
 * The UI over the source of the moment: `:ctx` opens another context and, once it is connected,
 * shows it in a fresh UI (its own trail and cursor) and closes the previous source.
 */
function Session(props: {
  readonly holder: SourceHolder;
  readonly notice: string | undefined;
  readonly options: RunOptions;
}) {
  const { holder, options } = props;
  const [session, setSession] = useState({ source: holder.current, generation: 0, notice: props.notice });
  const { openContext } = options;
  const switchContext = useCallback(
    async (
      context: string,
    ): Promise<{ readonly ok: true } | { readonly ok: false; readonly error: string }> => {
      if (openContext === undefined) return { ok: false, error: 'no other context can be opened here' };
      const opened = await openContext(context);
      if ('error' in opened) return { ok: false, error: opened.error };
      const previous = holder.current;
      holder.current = opened.source;
      setSession((s) => ({ source: opened.source, generation: s.generation + 1, notice: opened.notice }));
      previous.close();
      return { ok: true };
    },
    [openContext, holder],
  );
  return (
    <App
      key={session.generation}
      source={session.source}
      notice={session.notice}
      {...(options.clock === undefined ? {} : { clock: options.clock })}
      {...(options.contexts === undefined ? {} : { contexts: options.contexts })}
      {...(openContext === undefined ? {} : { switchContext })}
    />
  );
}

/** Runs until the user quits; resolves with the exit status. */
export async function runApp(
  source: DataSource,
  terminal: Terminal,
  options: RunOptions = {},
): Promise<number> {
  const host = options.process ?? (process as unknown as ProcessHost);
  const { stdout, stderr } = terminal;
  let restored = false;
  const restore = () => {
    if (restored) return;
    restored = true;
    try {
      if (terminal.stdin.isTTY) terminal.stdin.setRawMode(false);
    } catch {
      // The terminal is gone: nothing to put back.
    }
    stdout.write(`${SHOW_CURSOR}${LEAVE_ALTERNATE_SCREEN}`);
  };

  // Raw before the first frame: a key pressed as soon as the screen shows must not be echoed
  // or held in the line buffer until Ink's input hook switches the terminal over.
  if (terminal.stdin.isTTY) terminal.stdin.setRawMode(true);
  stdout.write(`${ENTER_ALTERNATE_SCREEN}${HIDE_CURSOR}${CLEAR}`);
  const holder: SourceHolder = { current: source };
  const app = render(<Session holder={holder} notice={options.notice} options={options} />, {
    stdin: terminal.stdin,
    stdout,
    stderr,
    exitOnCtrlC: false,
    patchConsole: options.patchConsole ?? true,
    // Ink turns itself off in CI (is-in-ci); strata was asked for a UI on a terminal.
    interactive: true,
    maxFps: 30,
  });

  const crash = (error: unknown) => {
    try {
      app.unmount();
    } catch {
      // Already broken: restore the terminal anyway.
    }
    restore();
    holder.current.close();
    const message = error instanceof Error ? error.message.split('\n', 1)[0] : String(error);
    stderr.write(`strata: internal error: ${message}\n`);
    host.exit(2);
  };
  const signals: [NodeJS.Signals, number][] = [
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ];
  const onSignal = new Map<NodeJS.Signals, () => void>();
  for (const [signal, code] of signals) {
    const handler = () => {
      app.unmount();
      restore();
      holder.current.close();
      host.exit(code);
    };
    onSignal.set(signal, handler);
    host.on(signal, handler);
  }
  host.on('uncaughtException', crash);
  host.on('unhandledRejection', crash);
  const detach = () => {
    for (const [signal, handler] of onSignal) host.off(signal, handler);
    host.off('uncaughtException', crash);
    host.off('unhandledRejection', crash);
  };

  try {
    await app.waitUntilExit();
    return 0;
  } catch (error) {
    restore();
    if (error instanceof ConnectFailure) {
      stderr.write(`strata: ${error.message}\n`);
      return 2;
    }
    const message = error instanceof Error ? error.message.split('\n', 1)[0] : String(error);
    stderr.write(`strata: internal error: ${message}\n`);
    return 2;
  } finally {
    detach();
    restore();
    holder.current.close();
  }
}

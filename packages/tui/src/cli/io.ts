import { printable } from '../report/ansi.ts';
import type { FileAccess } from '../report/load-objects.ts';

/** Everything the command touches outside itself, injected so it runs in tests without a process. */
export interface CliIo extends FileAccess {
  readonly stdout: (text: string) => void;
  /**
   * Writes text given in pieces, taking the next piece only once the last was accepted
   * (backpressure): a large JSON report is never one string. Absent: each piece goes to `stdout`.
   */
  readonly writeStdout?: (pieces: Iterable<string>) => Promise<void>;
  readonly stderr: (text: string) => void;
  /** Whether stdout is a terminal: colour and the terminal's width apply only then. */
  readonly isTTY: boolean;
  /** The terminal's width, when stdout is one. */
  readonly columns?: number;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The clock, for the default snapshot time; the system clock unless set. */
  readonly now?: () => Date;
  /** How the user called the program: `kubectl strata` as a kubectl plugin; `strata` unless set. */
  readonly program?: string;
}

/** The program's name as the user typed it, from the path it was started as. */
export function programName(path: string | undefined): string {
  const base = (path ?? '').split(/[\\/]/).pop() ?? '';
  return /^kubectl-strata(\.exe|\.js)?$/.test(base) ? 'kubectl strata' : 'strata';
}

/** Help text with the program named as the user called it (`kubectl strata report …`). */
export function helpFor(io: CliIo, text: string): string {
  const program = io.program ?? 'strata';
  return program === 'strata' ? text : text.replace(/(^|[\s(])strata(?=[ :\n])/g, `$1${program}`);
}

/** Exit status (contract §6). */
export const EXIT_READY = 0;
export const EXIT_NOT_READY = 1;
export const EXIT_USAGE = 2;

/** A usage error: one line on stderr, exit status EXIT_USAGE. */
export function failUsage(io: CliIo, message: string): number {
  io.stderr(`strata: ${printable(message)}\n`);
  return EXIT_USAGE;
}

import { printable } from '../report/ansi.ts';
import { type UiLauncher, uiCommand } from './demo-command.ts';
import { MAIN_HELP } from './help.ts';
import { type CliIo, EXIT_READY, EXIT_USAGE, helpFor } from './io.ts';
import { reportCommand } from './report-command.ts';
import { strataVersion } from './version.ts';

export type { UiLauncher } from './demo-command.ts';
export type { CliIo } from './io.ts';

/**
 * The `strata` command: dispatches on its first argument and returns the exit status (0 all
 * ready, 1 something is not ready, 2 usage or input error, with one line on stderr). No command,
 * or only options, opens the terminal UI (`launch` runs it; tests pass their own).
 */
export async function main(argv: readonly string[], io: CliIo, launch?: UiLauncher): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case undefined:
      return uiCommand([], io, launch);
    case 'report':
      return reportCommand(rest, io);
    case '-h':
    case '--help':
    case 'help':
      io.stdout(helpFor(io, MAIN_HELP));
      return EXIT_READY;
    case '-V':
    case '--version':
      io.stdout(`strata ${strataVersion()}\n`);
      return EXIT_READY;
    default: {
      if (command.startsWith('-')) return uiCommand(argv, io, launch);
      io.stderr(`strata: unknown command '${printable(command)}' (see strata --help)\n`);
      return EXIT_USAGE;
    }
  }
}

import { diagnose } from '@strata/core';
import { twoLayerPlatform } from '@strata/core/fixtures';
import { palette, wantsColor } from '../report/ansi.ts';
import { type CliIo, EXIT_READY } from './io.ts';
import { printReport } from './report-command.ts';

/**
 * `strata` with no arguments. There is no terminal UI yet: print the text report of the built-in
 * demo cluster, and say that it is one. Exits 0 whatever the demo's state: nothing went wrong.
 */
export function demoCommand(io: CliIo): number {
  const { objects, at } = twoLayerPlatform();
  printReport(diagnose(objects, { at }), 'text', io);
  const p = palette(wantsColor(io.isTTY, io.env));
  io.stdout(
    `\n${p.dim('This is the built-in demo cluster: strata has no terminal UI yet. Diagnose yours with')}\n` +
      `${p.dim('  strata report --file PATH   (kubectl get -A -o yaml output, manifests, ...)')}\n`,
  );
  return EXIT_READY;
}

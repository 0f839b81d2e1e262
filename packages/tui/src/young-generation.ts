import { setFlagsFromString } from 'node:v8';

/**
 * Keeps V8's young generation at its starting size for the rest of the process. V8 doubles it
 * (to 2×32 MiB by default) while much of what is allocated survives — as when a big cluster is
 * listed into the model — and keeps it: about 60 MiB of a live view's resident memory, for space
 * that is nearly empty once the view is up (bench/README.md, suite `live`). The growth factor is
 * read each time V8 would grow the space, so it can be set while running; `--max-semi-space-size`
 * cannot (it is fixed when the heap is set up), and a bin's `#!` line cannot carry Node options
 * everywhere (BusyBox's `env` has no `-S`).
 *
 * It costs collections: more, smaller scavenges. The terminal UI, which stays up, takes it;
 * `strata report`, which exits, does not.
 */
export function keepYoungGenerationSmall(): void {
  try {
    setFlagsFromString('--semi-space-growth-factor=1');
  } catch {
    // A runtime without the flag only keeps V8's default.
  }
}

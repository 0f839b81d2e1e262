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
 * It costs collections: more, smaller scavenges, and more promoted to the old generation. At
 * rest and at the first screen the UI holds 60–70 MiB less; under 50 status writes a second it
 * spends about 1.5× the CPU and peaks higher while the writes last (bench/README.md, `watch`).
 * `strata report`, which exits, keeps V8's default.
 */
export function keepYoungGenerationSmall(): void {
  try {
    setFlagsFromString('--semi-space-growth-factor=1');
  } catch {
    // A runtime without the flag only keeps V8's default.
  }
}

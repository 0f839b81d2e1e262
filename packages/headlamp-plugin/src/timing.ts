/**
 * User Timing measures (`strata:picture`, `strata:graph-view`, `strata:layout`) for the costly
 * steps behind the pages, so that the browser's performance panel and the render benchmark
 * (bench/headlamp-render.ts) see them. Only the latest measure of each name is kept.
 */
export function timed<T>(name: string, run: () => T): T {
  const start = performance.now();
  const result = run();
  try {
    performance.clearMeasures(name);
    performance.measure(name, { start, end: performance.now() });
  } catch {
    // No User Timing Level 3 (an old test DOM): nothing to record.
  }
  return result;
}

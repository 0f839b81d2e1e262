/**
 * In-page instrumentation for the Headlamp render benchmark (bench/headlamp-render.ts). The
 * benchmark installs it with `evaluateOnNewDocument` (so before any script of the host page runs)
 * and calls `strataBenchProbe(expectedNodes)`. It records, in `window.strataBench`, on the page's
 * own clock (`performance.now()`, 0 = navigation start):
 * - `committedAt`: the first DOM mutation batch after which the graph's SVG holds all expected
 *   `[data-testid="graph-node"]` elements;
 * - `changes`: every mutation batch inside that SVG from then on (a later render, such as the
 *   fit-to-view zoom or a refresh, counts), each with the end of the frame that painted it (a
 *   task posted from `requestAnimationFrame` runs after that frame's paint); `lastChangeAt` and
 *   `paintedAt` are the last one's;
 * - `longTasks`: every main-thread task over 50 ms (Long Tasks API), the freezes a person feels;
 * - `measures`: the plugin's User Timing measures, each with its start.
 */
globalThis.strataBenchProbe = (expected) => {
  const probe = {
    expected,
    committedAt: undefined,
    lastChangeAt: undefined,
    paintedAt: undefined,
    changes: [],
    longTasks: [],
    measures: [],
  };
  window.strataBench = probe;
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        probe.longTasks.push({ start: entry.startTime, duration: entry.duration });
      }
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // No Long Tasks API: longTasks stays empty.
  }
  // The plugin's User Timing measures (strata:picture, strata:graph-view, strata:layout): every
  // one, since the plugin keeps only the latest of each name and a refresh makes new ones.
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      probe.measures.push({ name: entry.name, start: entry.startTime, duration: entry.duration });
    }
  }).observe({ type: 'measure', buffered: true });
  const afterPaint = (callback) =>
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = callback;
      channel.port2.postMessage(0);
    });
  const changed = () => {
    const change = { at: performance.now(), paintedAt: undefined };
    probe.lastChangeAt = change.at;
    probe.changes.push(change);
    afterPaint(() => {
      change.paintedAt = performance.now();
      if (probe.lastChangeAt === change.at) probe.paintedAt = change.paintedAt;
    });
  };
  let found = false;
  const documentObserver = new MutationObserver(() => {
    if (found) return;
    const svg = document.querySelector('svg[data-testid="dependency-graph"]');
    if (svg === null || svg.querySelectorAll('[data-testid="graph-node"]').length < expected) return;
    found = true;
    probe.committedAt = performance.now();
    documentObserver.disconnect();
    new MutationObserver(changed).observe(svg, {
      subtree: true,
      childList: true,
      attributes: true,
      characterData: true,
    });
    changed();
  });
  documentObserver.observe(document, { subtree: true, childList: true });
};

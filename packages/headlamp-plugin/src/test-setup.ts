/**
 * Setup for the plugin's tests in jsdom (vitest.config.ts, project headlamp).
 *
 * jsdom has no canvas: xterm, which the Headlamp SDK loads, probes a 2D context when it is
 * imported, and jsdom prints a "Not implemented" stack for it in every test file. A browser that
 * cannot give a 2D context returns null, which xterm handles; so does this.
 */
Object.defineProperty(HTMLCanvasElement.prototype, 'getContext', {
  configurable: true,
  writable: true,
  value: () => null,
});

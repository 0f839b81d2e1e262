/// <reference lib="dom" />
/**
 * A page of the Headlamp test host (host-server.ts) in Chromium, opened and ready: the few
 * puppeteer calls the browser tests use (puppeteer-core is the plugin package's dev
 * dependency, not the test package's, so they are typed here), and `openHostPage`.
 */

export interface Page {
  on(event: 'pageerror', listener: (error: unknown) => void): void;
  on(event: 'request', listener: (request: { url(): string; continue(): void; abort(): void }) => void): void;
  setRequestInterception(on: boolean): Promise<void>;
  goto(url: string, options: { waitUntil: 'domcontentloaded' }): Promise<unknown>;
  waitForFunction(fn: () => boolean, options: { timeout: number }): Promise<unknown>;
  waitForFunction<A>(fn: (arg: A) => boolean, options: { timeout: number }, arg: A): Promise<unknown>;
  waitForSelector(selector: string, options: { timeout: number }): Promise<unknown>;
  evaluate<T>(fn: () => T): Promise<T>;
  $eval<T>(selector: string, fn: (element: Element) => T): Promise<T>;
  $$eval<T>(selector: string, fn: (elements: Element[]) => T): Promise<T>;
  $$eval<T, A>(selector: string, fn: (elements: Element[], arg: A) => T, arg: A): Promise<T>;
  screenshot(options: { path: string; fullPage?: boolean }): Promise<unknown>;
  click(selector: string): Promise<void>;
  type(selector: string, text: string): Promise<void>;
  keyboard: { press(key: string): Promise<void> };
  close(): Promise<void>;
}

export interface Browser {
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

declare global {
  interface Window {
    strataHost?: { ready: boolean; error?: string };
  }
}

/** Opens `path` of cluster `context` on the host at `hostUrl`, once the host page is ready. */
export async function openHostPage(
  browser: Browser,
  hostUrl: string,
  context: string,
  path: string,
): Promise<Page> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  // Loopback only: Headlamp's sidebar would fetch unbundled icons from the internet.
  await page.setRequestInterception(true);
  page.on('request', (r) => (r.url().startsWith(hostUrl) ? r.continue() : r.abort()));
  await page.goto(`${hostUrl}/c/${context}${path}`, { waitUntil: 'domcontentloaded' });
  await page.waitForFunction(
    () => window.strataHost?.ready === true || window.strataHost?.error !== undefined,
    { timeout: 30_000 },
  );
  const hostError = await page.evaluate(() => window.strataHost?.error);
  if (hostError !== undefined) throw new Error(`host page failed: ${hostError}; ${errors.join('; ')}`);
  return page;
}

/**
 * The system Chromium, headless, driven by puppeteer-core (the plugin package's dev dependency),
 * for the browser tests and the headlamp benchmark alike.
 */
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Launches Chromium with a throwaway profile (the caller removes `profile` when done). `B` is
 * the caller's typing of the few browser calls it uses.
 */
export async function launchChromium<B>(options: {
  /** Where puppeteer-core is resolved from. */
  readonly pluginRoot: string;
  readonly profilePrefix: string;
  /** More puppeteer launch options (e.g. protocolTimeout). */
  readonly launch?: Readonly<Record<string, unknown>>;
}): Promise<{ browser: B; profile: string }> {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium`);
  const { default: puppeteer } = createRequire(join(options.pluginRoot, 'package.json'))(
    'puppeteer-core',
  ) as {
    default: { launch(launchOptions: Record<string, unknown>): Promise<B> };
  };
  const profile = await mkdtemp(join(tmpdir(), options.profilePrefix));
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--user-data-dir=${profile}`,
    ],
    defaultViewport: { width: 1440, height: 1000 },
    ...options.launch,
  });
  return { browser, profile };
}

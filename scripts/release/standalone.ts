/**
 * The standalone executable: a Node single executable application (the Node running this build,
 * so build it on the platform it is for) of the one-file bundle, and the archive krew installs.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tarGz } from './files.ts';
import { ROOT } from './version.ts';

export interface Standalone {
  readonly platform: string;
  readonly binary: string;
  readonly archive: string;
}

/** linux-x64, linux-arm64, darwin-x64, darwin-arm64, windows-x64, … */
export function platformName(): string {
  const os = process.platform === 'win32' ? 'windows' : process.platform;
  return `${os}-${process.arch}`;
}

/**
 * This platform's binary of `bundleFile`, or of the one-file bundle built first into
 * standalone-bundle/ (kept: the other platforms' binaries are made of it).
 */
export async function standalone(out: string, version: string, bundleFile?: string): Promise<Standalone> {
  const platform = platformName();
  const exe = platform.startsWith('windows-') ? '.exe' : '';
  const stage = join(out, '.stage', 'standalone');
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(stage, { recursive: true });
  let main = bundleFile === undefined ? undefined : resolve(bundleFile);
  if (main === undefined) {
    const { bundle } = await import('./bundle.ts');
    const folder = join(out, 'standalone-bundle');
    rmSync(folder, { recursive: true, force: true });
    await bundle(folder, { split: false, version });
    main = join(folder, 'strata.js');
  }
  const binary = join(out, `strata-${platform}${exe}`);
  const config = join(stage, 'sea-config.json');
  writeFileSync(
    config,
    JSON.stringify({
      main,
      mainFormat: 'module',
      output: binary,
      disableExperimentalSEAWarning: true,
      // V8's compiled code, made by this Node for this platform: a faster start.
      useCodeCache: true,
    }),
  );
  execFileSync(process.execPath, ['--build-sea', config], { stdio: ['ignore', 'ignore', 'inherit'] });
  // Injecting the application breaks a macOS binary's signature; an ad-hoc one lets it run.
  if (process.platform === 'darwin') execFileSync('codesign', ['--sign', '-', '--force', binary]);

  const files = join(stage, 'archive');
  mkdirSync(files, { recursive: true });
  copyFileSync(binary, join(files, `strata${exe}`));
  copyFileSync(join(ROOT, 'LICENSE'), join(files, 'LICENSE'));
  const archive = join(out, `strata-v${version}-${platform}.tar.gz`);
  tarGz(archive, files, [`strata${exe}`, 'LICENSE']);
  return { platform, binary, archive };
}

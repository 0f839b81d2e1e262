/**
 * The standalone executable: a Node single executable application (the Node running this build,
 * so build it on the platform it is for) of the one-file bundle, and the archive krew installs.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { tarGz } from './files.ts';
import { ROOT } from './version.ts';

const THIRD_PARTY = 'THIRD-PARTY-LICENSES.txt';

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
    const { bundle, thirdPartyLicences } = await import('./bundle.ts');
    const folder = join(out, 'standalone-bundle');
    rmSync(folder, { recursive: true, force: true });
    const built = await bundle(folder, { split: false, version });
    writeFileSync(join(folder, THIRD_PARTY), thirdPartyLicences(built.packages));
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

  // The binary holds Node.js and the bundled packages: their licences go beside strata's.
  const archive = join(out, `strata-v${version}-${platform}.tar.gz`);
  const licences = [
    { name: 'LICENSE', path: join(ROOT, 'LICENSE') },
    { name: THIRD_PARTY, path: join(dirname(main), THIRD_PARTY) },
    { name: 'LICENSE.node', path: nodeLicence() },
  ];
  for (const { path } of licences) if (!existsSync(path)) throw new Error(`no ${path} for the archive`);
  tarGz(archive, [{ name: `strata${exe}`, path: binary }, ...licences]);
  return { platform, binary, archive };
}

/** The licence of the Node.js this build runs on (the binary is made of it). */
function nodeLicence(): string {
  const bin = dirname(process.execPath);
  // <prefix>/bin/node on Linux and macOS, node.exe beside LICENSE on Windows.
  return (
    [join(bin, '..', 'LICENSE'), join(bin, 'LICENSE')].find((p) => existsSync(p)) ?? join(bin, 'LICENSE')
  );
}

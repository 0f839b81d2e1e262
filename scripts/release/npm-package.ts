/**
 * The npm package `strata-gitops` (the name `strata` is another project's on the npm registry):
 * the split bundle, no dependencies at all, bins `strata`, `kubectl-strata` and `strata-gitops`
 * (for npx).
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundle, thirdPartyLicences } from './bundle.ts';
import { ROOT } from './version.ts';

export const NPM_NAME = 'strata-gitops';

export interface NpmPackage {
  readonly tarball: string;
  /** The chunk holding @kubernetes/client-node, relative to the package folder. */
  readonly clientNodeChunk: string;
}

export async function npmPackage(out: string, version: string): Promise<NpmPackage> {
  const stage = join(out, '.stage', 'npm');
  rmSync(stage, { recursive: true, force: true });
  const built = await bundle(join(stage, 'dist'), { split: true, version });
  if (built.clientNodeChunk === undefined) throw new Error('no chunk holds @kubernetes/client-node');
  chmodSync(join(stage, 'dist', built.files[0]!), 0o755);
  const workspace = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { description: string };
  const manifest = {
    name: NPM_NAME,
    version,
    description: workspace.description,
    keywords: ['kubernetes', 'flux', 'argocd', 'gitops', 'tui', 'kubectl-plugin', 'root-cause'],
    license: 'Apache-2.0',
    type: 'module',
    // `npx strata-gitops` runs the bin named after the package when there are several.
    bin: { strata: 'dist/strata.js', 'kubectl-strata': 'dist/strata.js', [NPM_NAME]: 'dist/strata.js' },
    files: ['dist', 'THIRD-PARTY-LICENSES.txt'],
    engines: { node: '>=22' },
    ...(process.env.STRATA_REPOSITORY_URL === undefined
      ? {}
      : { repository: { type: 'git', url: process.env.STRATA_REPOSITORY_URL } }),
  };
  writeFileSync(join(stage, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  writeFileSync(join(stage, 'README.md'), readme(version));
  copyFileSync(join(ROOT, 'LICENSE'), join(stage, 'LICENSE'));
  writeFileSync(join(stage, 'THIRD-PARTY-LICENSES.txt'), thirdPartyLicences(built.packages));
  mkdirSync(out, { recursive: true });
  const name = execFileSync('npm', ['pack', '--silent', '--pack-destination', out], {
    cwd: stage,
    encoding: 'utf8',
  })
    .trim()
    .split('\n')
    .pop()!;
  return { tarball: join(out, name), clientNodeChunk: join('dist', built.clientNodeChunk) };
}

function readme(version: string): string {
  return `# strata-gitops

strata ${version}: one picture of a cluster's two GitOps layers (Flux for the platform, Argo CD
for the applications) and the root cause of every failure in it, in a k9s-style terminal UI
and as \`strata report\` for scripts.

\`\`\`sh
npm i -g ${NPM_NAME}          # then: strata, strata report, kubectl strata
npx ${NPM_NAME} report --file objects.yaml
\`\`\`

- \`strata\` opens the terminal UI on the current kubeconfig context (\`--context\`, \`-n NS\`,
  \`--readonly\`); with no cluster reachable, or with \`--demo\`, the built-in demo.
- \`strata report\` prints the root causes (\`--file PATH\` for saved \`kubectl get -o yaml\`
  output, \`--output json\` for scripts); exit status 0 all ready, 1 something not ready, 2 error.
- The same program answers as \`kubectl strata\` (the package installs \`kubectl-strata\` too).

Needs Node.js 22 or later; no other dependency (the Kubernetes client for exec credential
plugins, auth providers and proxies is bundled and read only when a context uses one).
Licence: Apache-2.0; the bundled packages' licences are in THIRD-PARTY-LICENSES.txt.
`;
}

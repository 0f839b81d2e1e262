import type { Report } from '@strata/core';
import { describe, expect, it } from 'vitest';
import type { SourceOptions } from '../app/data-source.ts';
import { type CliIo, programName } from './io.ts';
import { main, type UiLauncher } from './main.ts';
import { strataVersion } from './version.ts';

function condition(status: 'True' | 'False', reason: string, message: string): string {
  return [
    'status:',
    '  observedGeneration: 1',
    '  conditions:',
    '  - type: Ready',
    `    status: "${status}"`,
    `    reason: ${reason}`,
    `    message: "${message}"`,
    '    lastTransitionTime: "2026-11-22T09:40:00Z"',
  ].join('\n');
}

/** A Kustomization of flux-system applying `./name` from the platform repo, ready or failing for `why`. */
function kustomization(
  name: string,
  spec: string,
  ready: boolean,
  why: readonly [reason: string, message: string],
): string {
  return [
    '---',
    'apiVersion: kustomize.toolkit.fluxcd.io/v1',
    'kind: Kustomization',
    `metadata: {name: ${name}, namespace: flux-system, generation: 1}`,
    `spec: {interval: 10m, path: ./${name}, prune: true, sourceRef: {kind: GitRepository, name: platform}${spec}}`,
    ready
      ? condition('True', 'ReconciliationSucceeded', 'Applied revision: main@sha1:abc')
      : condition('False', ...why),
  ].join('\n');
}

function cascade(ready: boolean): string {
  return [
    'apiVersion: source.toolkit.fluxcd.io/v1',
    'kind: GitRepository',
    'metadata: {name: platform, namespace: flux-system, generation: 1}',
    'spec: {url: "ssh://git@example.com/platform", interval: 1m}',
    ready
      ? condition('True', 'Succeeded', "stored artifact for revision 'main@sha1:abc'")
      : condition(
          'False',
          'GitOperationFailed',
          "failed to checkout and determine revision: unable to clone 'ssh://git@example.com/platform': ssh: handshake failed",
        ),
    kustomization('infra', '', ready, ['ArtifactFailed', 'Source artifact not found, retrying in 30s']),
    kustomization('apps', ', dependsOn: [{name: infra}]', ready, [
      'DependencyNotReady',
      "dependency 'flux-system/infra' is not ready",
    ]),
    '',
  ].join('\n');
}

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function run(
  argv: string[],
  files: Record<string, string> = {},
  io: Partial<CliIo> = {},
): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    isTTY: false,
    env: {},
    cwd: '/work',
    now: () => new Date('2026-11-22T10:00:00.123Z'),
    readFile: async (path) => {
      const text = files[path];
      if (text === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
      return text;
    },
    ...io,
  });
  return { code, stdout, stderr };
}

/** `strata ARGS` with the UI replaced by `launch`, on a terminal or not. */
async function runUi(argv: string[], launch: UiLauncher, isTTY = false): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await main(
    argv,
    {
      stdout: (text) => {
        stdout += text;
      },
      stderr: (text) => {
        stderr += text;
      },
      isTTY,
      env: {},
      cwd: '/work',
      readFile: async () => '',
    },
    launch,
  );
  return { code, stdout, stderr };
}

const failing = { '/work/cluster.yaml': cascade(false) };
const healthy = { '/work/cluster.yaml': cascade(true) };

describe('strata', () => {
  it('prints its version', async () => {
    expect(await run(['--version'])).toEqual({ code: 0, stdout: `strata ${strataVersion()}\n`, stderr: '' });
    expect(strataVersion()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('prints help', async () => {
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('strata report --file PATH');
    const report = await run(['report', '--help']);
    expect(report.code).toBe(0);
    expect(report.stdout).toContain('--output text|json');
  });

  it('names itself kubectl strata in its help when run as the kubectl plugin', async () => {
    expect(programName('/usr/local/bin/kubectl-strata')).toBe('kubectl strata');
    expect(programName('C:\\krew\\bin\\kubectl-strata.exe')).toBe('kubectl strata');
    expect(programName('/usr/lib/node_modules/strata-gitops/dist/strata.js')).toBe('strata');
    expect(programName(undefined)).toBe('strata');
    const help = await run(['--help'], {}, { program: 'kubectl strata' });
    expect(help.stdout).toMatch(/^kubectl strata: one picture/);
    expect(help.stdout).toContain('  kubectl strata report --file PATH');
    expect(help.stdout.replaceAll('kubectl strata', '')).not.toMatch(/(^|\s)strata (report|\[OPTIONS\])/m);
    const report = await run(['report', '--help'], {}, { program: 'kubectl strata' });
    expect(report.stdout).toMatch(/^Usage: kubectl strata report /);
    // The plain command is unchanged.
    expect((await run(['--help'])).stdout).toMatch(/^strata: one picture/);
  });

  it('rejects an unknown command or option in one line', async () => {
    expect(await run(['repot'])).toEqual({
      code: 2,
      stdout: '',
      stderr: "strata: unknown command 'repot' (see strata --help)\n",
    });
    expect(await run(['--verbose'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'strata: unknown option --verbose (see strata --help)\n',
    });
    expect(await run(['report', '-f', 'cluster.yaml', '--colour'], failing)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'strata: unknown option --colour (see strata report --help)\n',
    });
  });
});

describe('strata report', () => {
  it('reads the cluster of the kubeconfig without --file, and says in one line when there is none', async () => {
    expect(await run(['report'])).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'strata: no kubeconfig: pass --kubeconfig PATH, set KUBECONFIG, or create ~/.kube/config (or pass --file to read a snapshot)\n',
    });
    expect(await run(['report', '--kubeconfig', '/nonexistent/kubeconfig'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'strata: /nonexistent/kubeconfig: no such file\n',
    });
    expect((await run(['report', '-f', 'cluster.yaml', '--context', 'prod'], failing)).stderr).toBe(
      'strata: --context reads a cluster: it cannot be used with --file\n',
    );
    expect((await run(['report', '-n', 'a', '-A'])).stderr).toBe(
      'strata: -n/--namespace and -A/--all-namespaces cannot be used together\n',
    );
    expect((await run(['report', '--request-timeout', 'soon'])).stderr).toBe(
      "strata: --request-timeout 'soon' is not a duration, such as 30s, 1m or 0 (no timeout)\n",
    );
  });

  it('points a bare path at --file', async () => {
    const result = await run(['report', 'cluster.yaml'], failing);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      "strata: unexpected argument 'cluster.yaml' (to read a file: --file cluster.yaml)\n",
    );
  });

  it('rejects an unknown output format', async () => {
    const result = await run(['report', '-f', 'cluster.yaml', '-o', 'yaml'], failing);
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr: "strata: --output must be text or json, not 'yaml'\n",
    });
  });

  it('validates --at', async () => {
    const result = await run(['report', '-f', 'cluster.yaml', '--at', 'yesterday'], failing);
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr: "strata: --at 'yesterday' is not an ISO-8601 time, such as 2026-11-22T10:00:00Z\n",
    });
    expect((await run(['report', '-f', 'cluster.yaml', '--at'], failing)).stderr).toBe(
      'strata: --at needs a value\n',
    );
  });

  it('fails in one line on a missing file', async () => {
    expect(await run(['report', '--file', 'nope.yaml'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'strata: nope.yaml: no such file\n',
    });
  });

  it('exits 1 and prints the JSON report when something is not ready', async () => {
    const result = await run(
      ['report', '--file', 'cluster.yaml', '--output', 'json', '--at', '2026-11-22T12:00:00+02:00'],
      failing,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('');
    expect(result.stdout.endsWith('}\n')).toBe(true);
    const report = JSON.parse(result.stdout) as Report;
    expect(result.stdout).toBe(`${JSON.stringify(report, null, 2)}\n`);
    expect(report.at).toBe('2026-11-22T10:00:00Z');
    expect(report.rootCauses[0]?.ref).toEqual({
      kind: 'GitRepository',
      namespace: 'flux-system',
      name: 'platform',
    });
    expect(report.rootCauses[0]?.impacted).toEqual([
      { kind: 'Kustomization', namespace: 'flux-system', name: 'apps' },
      { kind: 'Kustomization', namespace: 'flux-system', name: 'infra' },
    ]);
  });

  it('exits 0 and says so when everything is ready', async () => {
    const result = await run(['report', '-f', 'cluster.yaml'], healthy);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Everything is ready (3 objects).');
  });

  it('takes the snapshot time from the clock, to the second, by default', async () => {
    const result = await run(['report', '-f', 'cluster.yaml', '-o', 'json'], healthy);
    expect((JSON.parse(result.stdout) as Report).at).toBe('2026-11-22T10:00:00Z');
  });

  it('reads several files, repeated or listed after one --file', async () => {
    const [repo = '', ...rest] = cascade(false).split('---\n');
    const files = { '/work/a.yaml': repo, '/work/b.yaml': rest.join('---\n'), '/work/c.yaml': '' };
    const repeated = await run(['report', '-f', 'a.yaml', '--file', 'b.yaml', '-o', 'json'], files);
    const listed = await run(['report', '--file', 'a.yaml', 'b.yaml', '-o', 'json'], files);
    expect(repeated.code).toBe(1);
    expect(listed).toEqual(repeated);
    expect((JSON.parse(listed.stdout) as Report).objects).toHaveLength(3);
  });

  it('warns about skipped documents and still diagnoses the rest', async () => {
    const text = `${cascade(false)}---\nmetadata: {name: orphan}\n---\nkind: Kustomization\nmetadata:\n  name: x\n bad: indent\n`;
    const result = await run(['report', '-f', 'cluster.yaml'], { '/work/cluster.yaml': text });
    expect(result.code).toBe(1);
    const lines = result.stderr.split('\n');
    expect(lines[0]).toBe('strata: warning: cluster.yaml: document 4: skipped: no kind');
    expect(lines[1]).toMatch(
      /^strata: warning: cluster\.yaml: document 5: skipped: YAML syntax error at line \d+, column \d+: \S/,
    );
    expect(lines).toHaveLength(3);
    expect(result.stdout).toContain('GitRepository/flux-system/platform');
  });

  it('fails in one line when nothing could be read', async () => {
    const result = await run(['report', '-f', 'x.yaml'], {
      '/work/x.yaml': 'metadata: {name: a}\n---\n[1, 2',
    });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      /^strata: no Kubernetes object could be read: x\.yaml: document 1: no kind \(and 1 more\)\n$/,
    );
  });

  it('never echoes a Secret it read', async () => {
    const secret =
      'apiVersion: v1\nkind: Secret\nmetadata: {name: git, namespace: flux-system}\ndata: {identity: c2VjcmV0LWtleQ==}\n';
    const broken =
      'apiVersion: v1\nkind: Secret\nmetadata: {name: git2}\nstringData:\n  identity: "secret-key\\q"\n';
    const files = { '/work/cluster.yaml': `${cascade(false)}---\n${secret}---\n${broken}` };
    for (const output of ['text', 'json']) {
      const result = await run(['report', '-f', 'cluster.yaml', '-o', output], files);
      expect(result.code).toBe(1);
      expect(result.stdout + result.stderr).not.toMatch(/c2VjcmV0LWtleQ|secret-key/);
    }
  });

  it('colours text only on a terminal without NO_COLOR, and fits it to the terminal', async () => {
    const plain = await run(['report', '-f', 'cluster.yaml'], failing);
    expect(plain.stdout).not.toContain('\u001b[');
    const tty = await run(['report', '-f', 'cluster.yaml'], failing, { isTTY: true, columns: 60 });
    expect(tty.stdout).toContain('\u001b[');
    expect(tty.stdout).toContain(`    failed to checkout and determine revision: unable to cl…\n`);
    const noColor = await run(['report', '-f', 'cluster.yaml'], failing, {
      isTTY: true,
      env: { NO_COLOR: '1' },
    });
    expect(noColor.stdout).not.toContain('\u001b[');
    const forced = await run(['report', '-f', 'cluster.yaml'], failing, { env: { FORCE_COLOR: '1' } });
    expect(forced.stdout).toContain('\u001b[');
    const json = await run(['report', '-f', 'cluster.yaml', '-o', 'json'], failing, { isTTY: true });
    expect(json.stdout).not.toContain('\u001b[');
  });
});

describe('strata with no arguments or only options: the terminal UI', () => {
  it('refuses to start without a terminal, in one line pointing at strata report', async () => {
    let launched = false;
    const launch: UiLauncher = async () => {
      launched = true;
      return 0;
    };
    const result = await runUi([], launch);
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'strata: the terminal UI needs a terminal (stdout is not one); for text output use strata report --file PATH\n',
    });
    expect((await runUi(['--demo'], launch)).code).toBe(2);
    expect(launched).toBe(false);
  });

  it('passes its options to the source, and returns the UI exit status', async () => {
    const seen: SourceOptions[] = [];
    const launch: UiLauncher = async (options) => {
      seen.push(options);
      return 0;
    };
    expect((await runUi([], launch, true)).code).toBe(0);
    const all = ['--demo', '--readonly', '-n', 'team-a', '--kubeconfig', '/k/config', '--context', 'prod'];
    expect((await runUi(all, launch, true)).code).toBe(0);
    expect((await runUi(['-A'], launch, true)).code).toBe(0);
    expect(seen).toEqual([
      { demo: false, readOnly: false },
      { demo: true, readOnly: true, namespace: 'team-a', kubeconfig: '/k/config', context: 'prod' },
      { demo: false, readOnly: false },
    ]);
  });

  it('rejects bad options in one line, and answers --help and --version', async () => {
    const launch: UiLauncher = async () => 0;
    expect((await runUi(['-n', 'a', '-A'], launch, true)).stderr).toBe(
      'strata: -n/--namespace and -A/--all-namespaces cannot be used together\n',
    );
    expect((await runUi(['-n', 'Not_A_Namespace'], launch, true)).stderr).toBe(
      "strata: -n 'Not_A_Namespace' is not a namespace name\n",
    );
    expect((await runUi(['--demo', 'extra'], launch, true)).stderr).toBe(
      "strata: unexpected argument 'extra' (see strata --help)\n",
    );
    expect((await runUi(['--context'], launch, true)).stderr).toBe('strata: --context needs a value\n');
    const help = await runUi(['--demo', '--help'], launch, true);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--readonly');
    expect((await runUi(['--demo', '-V'], launch, true)).stdout).toBe(`strata ${strataVersion()}\n`);
  });
});

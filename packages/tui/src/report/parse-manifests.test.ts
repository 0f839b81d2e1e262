import { describe, expect, it } from 'vitest';
import { parseManifests, withoutSecretValues } from './parse-manifests.ts';

const KS = 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\n';

function names(objects: unknown[]): string[] {
  return objects.map((o) => {
    const { kind, metadata } = o as { kind: string; metadata: { name: string } };
    return `${kind}/${metadata.name}`;
  });
}

describe('parseManifests', () => {
  it('reads every document of a multi-document YAML file', () => {
    const text = `${KS}metadata: {name: a}\n---\n${KS}metadata: {name: b}\n---\n`;
    const parsed = parseManifests(text);
    expect(names(parsed.objects)).toEqual(['Kustomization/a', 'Kustomization/b']);
    expect(parsed.skipped).toEqual([]);
  });

  it('ignores empty and comment-only documents', () => {
    const parsed = parseManifests(`---\n# nothing\n---\n${KS}metadata: {name: a}\n---\n\n`);
    expect(names(parsed.objects)).toEqual(['Kustomization/a']);
    expect(parsed.skipped).toEqual([]);
  });

  it('reads nothing, and complains about nothing, in an empty file', () => {
    expect(parseManifests('')).toEqual({ objects: [], skipped: [] });
    expect(parseManifests('\n\n')).toEqual({ objects: [], skipped: [] });
  });

  it('flattens a kind: List, keeping each item as it is', () => {
    const text = [
      'apiVersion: v1',
      'kind: List',
      'items:',
      '- apiVersion: source.toolkit.fluxcd.io/v1',
      '  kind: GitRepository',
      '  metadata: {name: repo, namespace: flux-system}',
      '- apiVersion: argoproj.io/v1alpha1',
      '  kind: Application',
      '  metadata: {name: app, namespace: argocd}',
    ].join('\n');
    const parsed = parseManifests(text);
    expect(names(parsed.objects)).toEqual(['GitRepository/repo', 'Application/app']);
  });

  it('gives the items of a typed list its apiVersion and kind when they lack them', () => {
    const text = [
      'apiVersion: kustomize.toolkit.fluxcd.io/v1',
      'kind: KustomizationList',
      'metadata: {resourceVersion: "1"}',
      'items:',
      '- metadata: {name: apps, namespace: flux-system}',
      '- apiVersion: kustomize.toolkit.fluxcd.io/v1beta2',
      '  kind: Kustomization',
      '  metadata: {name: old, namespace: flux-system}',
    ].join('\n');
    const [first, second] = parseManifests(text).objects as Array<Record<string, unknown>>;
    expect(first).toMatchObject({ apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization' });
    expect(second).toMatchObject({
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1beta2',
      kind: 'Kustomization',
    });
  });

  it('reads kubectl get -o json output', () => {
    const list = {
      apiVersion: 'helm.toolkit.fluxcd.io/v2',
      kind: 'HelmReleaseList',
      items: [{ metadata: { name: 'podinfo', namespace: 'apps' }, spec: { interval: '5m' } }],
    };
    const parsed = parseManifests(JSON.stringify(list, null, 2));
    expect(parsed.objects).toEqual([
      { apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', ...list.items[0] },
    ]);
  });

  it('reads a single JSON object, with a byte-order mark', () => {
    const parsed = parseManifests(
      `\uFEFF${JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'x' } })}`,
    );
    expect(names(parsed.objects)).toEqual(['Namespace/x']);
  });

  it('reads a JSON array of objects', () => {
    const parsed = parseManifests(
      JSON.stringify([
        { kind: 'Namespace', metadata: { name: 'a' } },
        { kind: 'Namespace', metadata: {} },
      ]),
    );
    expect(names(parsed.objects)).toEqual(['Namespace/a']);
    expect(parsed.skipped).toEqual([{ document: 1, item: 2, reason: 'no metadata.name' }]);
  });

  it('says where broken JSON breaks without quoting it', () => {
    const parsed = parseManifests('{\n  "kind": "Secret",\n  "data": {"token": "hunter2"\n');
    expect(parsed.objects).toEqual([]);
    expect(parsed.skipped).toHaveLength(1);
    expect(parsed.skipped[0]?.reason).toMatch(/^YAML syntax error at line \d+, column \d+: /);
    expect(parsed.skipped[0]?.reason).not.toContain('hunter2');
  });

  it('skips a document with broken YAML, with its line, and keeps the others', () => {
    const text = `${KS}metadata: {name: a}\n---\nkind: Kustomization\nmetadata:\n  name: b\n bad: indent\n---\n${KS}metadata: {name: c}\n`;
    const parsed = parseManifests(text);
    expect(names(parsed.objects)).toEqual(['Kustomization/a', 'Kustomization/c']);
    expect(parsed.skipped).toHaveLength(1);
    expect(parsed.skipped[0]?.document).toBe(2);
    expect(parsed.skipped[0]?.reason).toMatch(/^YAML syntax error at line 8, column \d+: \S/);
  });

  it('never quotes the broken source in a YAML error', () => {
    const text = 'kind: Secret\nmetadata: {name: s}\nstringData:\n  token: "s3cr3t\\q"\n';
    const [skipped] = parseManifests(text).skipped;
    expect(skipped?.reason).toMatch(/^YAML syntax error at line 4/);
    expect(skipped?.reason).not.toContain('s3cr3t');
    const header = parseManifests('kind: Secret\nmetadata: {name: s}\ndata:\n  token: |s3cr3t\n    x\n')
      .skipped[0];
    expect(header?.reason).not.toContain('s3cr3t');
  });

  it('skips documents that are not Kubernetes objects, with the reason', () => {
    const text = `just a string\n---\nmetadata: {name: x}\n---\nkind: Kustomization\n---\n${KS}metadata: {name: ok}\n`;
    const parsed = parseManifests(text);
    expect(names(parsed.objects)).toEqual(['Kustomization/ok']);
    expect(parsed.skipped).toEqual([
      { document: 1, reason: 'not an object' },
      { document: 2, reason: 'no kind' },
      { document: 3, reason: 'no metadata.name' },
    ]);
  });

  it('drops the values of a Secret as soon as it is read', () => {
    const text = [
      'apiVersion: v1',
      'kind: Secret',
      'metadata:',
      '  name: git-credentials',
      '  namespace: flux-system',
      '  annotations:',
      '    kubectl.kubernetes.io/last-applied-configuration: \'{"data":{"password":"aHVudGVyMg=="}}\'',
      '    keep: me',
      'type: Opaque',
      'data: {password: aHVudGVyMg==}',
      'stringData: {username: git}',
    ].join('\n');
    const [secret] = parseManifests(text).objects;
    expect(secret).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'git-credentials', namespace: 'flux-system', annotations: { keep: 'me' } },
      type: 'Opaque',
    });
    expect(JSON.stringify(secret)).not.toContain('aHVudGVyMg');
  });

  it('drops the values of Secrets inside a SecretList', () => {
    const list = {
      apiVersion: 'v1',
      kind: 'SecretList',
      items: [{ metadata: { name: 's' }, data: { k: 'dg==' } }],
    };
    expect(parseManifests(JSON.stringify(list)).objects).toEqual([
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' } },
    ]);
  });

  it('keeps a --- inside a block scalar as text, and counts documents across comments and ... markers', () => {
    const text = [
      '# exported by hand',
      '--- # the first',
      `${KS}metadata:`,
      '  name: a',
      '  annotations:',
      '    script: |',
      '      ---',
      '      ...',
      '      echo done',
      '...',
      '---',
      'kind: Kustomization',
      'metadata: {name: b}',
      ' bad: indent',
      '...',
      `${KS}metadata: {name: c}`,
    ].join('\n');
    const parsed = parseManifests(text);
    expect(names(parsed.objects)).toEqual(['Kustomization/a', 'Kustomization/c']);
    const [a] = parsed.objects as Array<{ metadata: { annotations: Record<string, string> } }>;
    expect(a?.metadata.annotations.script).toBe('---\n...\necho done\n');
    expect(parsed.skipped).toEqual([
      { document: 2, reason: expect.stringMatching(/^YAML syntax error at line 16, column 1: \S/) },
    ]);
  });

  it('reads CRLF files and a byte-order mark before YAML, with the same lines in errors', () => {
    const text = `\uFEFF${KS}metadata: {name: a}\n---\nkind: Kustomization\nmetadata:\n  name: b\n bad: indent\n`;
    const lf = parseManifests(text);
    const crlf = parseManifests(text.replaceAll('\n', '\r\n'));
    expect(names(crlf.objects)).toEqual(['Kustomization/a']);
    expect(crlf).toEqual(lf);
    expect(crlf.skipped[0]?.reason).toMatch(/^YAML syntax error at line 8, column 1: /);
  });

  it('reads anchors and aliases, and skips an alias bomb with one line', () => {
    const anchored = `${KS}metadata: &m {name: a, labels: {team: x}}\nspec: {copy: *m}\n`;
    const bomb = ['kind: ConfigMap', 'metadata: {name: bomb}', 'a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 8; i++) {
      const prev = String.fromCharCode(96 + i);
      bomb.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${prev}`).join(', ')}]`,
      );
    }
    const parsed = parseManifests(`${anchored}---\n${bomb.join('\n')}\n`);
    expect(parsed.objects).toEqual([
      {
        apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
        kind: 'Kustomization',
        metadata: { name: 'a', labels: { team: 'x' } },
        spec: { copy: { name: 'a', labels: { team: 'x' } } },
      },
    ]);
    expect(parsed.skipped).toEqual([
      { document: 2, reason: expect.stringMatching(/^YAML error: Excessive alias count/) },
    ]);
  });

  it('drops the values of a Secret in a YAML List, whichever parser reads it', () => {
    const secret = (name: string, extra = '') =>
      `- apiVersion: v1\n  kind: Secret\n  metadata: {name: ${name}${extra}}\n  data: {token: aHVudGVyMg==}\n  stringData: {user: git}\n`;
    for (const text of [
      `kind: List\nitems:\n${secret('s')}`,
      `kind: List\nitems:\n${secret('s', ', labels: &l {a: b}')}`,
    ]) {
      const parsed = parseManifests(text);
      expect(names(parsed.objects)).toEqual(['Secret/s']);
      expect(JSON.stringify(parsed.objects)).not.toMatch(/aHVudGVyMg|git/);
    }
  });

  it('reads YAML merge keys, as kubectl does', () => {
    const doc = 'x: &m {kind: ConfigMap}\n<<: *m\nmetadata: {name: c}\n';
    expect(names(parseManifests(doc).objects)).toEqual(['ConfigMap/c']);
  });
});

describe('withoutSecretValues', () => {
  it('leaves other kinds alone', () => {
    const map = { kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: '1' } };
    expect(withoutSecretValues(map)).toBe(map);
  });
});

import fc from 'fast-check';
import { dump, load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { NOT_READ, readKubectlYaml } from './kubectl-yaml.ts';
import { CORE_WITH_MERGE } from './yaml-document.ts';

/** js-yaml with strata's core schema: what the reader must agree with whenever it reads. */
function jsYaml(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: load(text, { schema: CORE_WITH_MERGE }) ?? null };
  } catch {
    return { ok: false };
  }
}

/** Either the reader gives up, or it reads exactly what js-yaml reads (and js-yaml reads it). */
function expectAgrees(text: string): boolean {
  const got = readKubectlYaml(text);
  if (got === NOT_READ) return false;
  expect({ text, read: { ok: true, value: got } }).toEqual({ text, read: jsYaml(text) });
  return true;
}

const read = (text: string) => readKubectlYaml(text);

/** Scalars whose meaning depends on the schema or on quoting, and text YAML treats specially. */
const TRICKY = [
  '1',
  '-1',
  '+1',
  '017',
  '0o17',
  '0x1F',
  '0b101',
  '1_000',
  '1.5',
  '.5',
  '1e3',
  '.inf',
  '-.Inf',
  '.nan',
  'true',
  'False',
  'yes',
  'on',
  'null',
  'NULL',
  '~',
  '',
  ' ',
  '2024-01-01',
  '2026-11-22T10:00:00Z',
  '1:20',
  '<<',
  'a: b',
  'a:b',
  'a #b',
  'a#b',
  '# x',
  '- a',
  '-a',
  '? a',
  ': a',
  '---',
  '...',
  'a\n---\nb',
  "it's",
  'say "hi"',
  '&anchor',
  '*alias',
  '!tag',
  '%x',
  '@x',
  '`x',
  '|',
  '>',
  '{}',
  '[]',
  '{a: 1}',
  'tab\there',
  ' leading',
  'trailing ',
  'two\nlines',
  'two\nlines\n',
  'two\n\nparagraphs\n\n\n',
  '\nleading break',
  '  indented\nfirst line',
  'back\\slash',
  'unicode é ✓ 🚀',
  'control \u0007 \u001b',
  '\u0085 \u2028',
  'kubectl.kubernetes.io/last-applied-configuration',
];

const scalar: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...TRICKY),
  fc.string({ maxLength: 20 }),
  fc.integer(),
  fc.double({ noDefaultInfinity: false }),
  fc.boolean(),
  fc.constant(null),
  // Long text with spaces: emitters fold it over several lines.
  fc
    .array(fc.oneof(fc.stringMatching(/^[a-zA-Z0-9:#'"./-]{1,14}$/), fc.constantFrom(...TRICKY)), {
      maxLength: 24,
    })
    .map((words) => words.join(' ')),
  fc.array(fc.constantFrom(...TRICKY), { maxLength: 6 }).map((lines) => lines.join('\n')),
);

const key: fc.Arbitrary<string> = fc.oneof(
  fc.stringMatching(/^[a-z][a-zA-Z0-9]{0,12}$/),
  fc.stringMatching(/^[a-z][a-z0-9.-]{0,12}\/[a-z][a-z0-9-]{0,12}$/),
  fc.constantFrom(
    '1',
    'true',
    'on',
    'null',
    '0x1F',
    '1.0',
    'a b',
    "it's",
    '"q"',
    '#x',
    ' lead',
    'a:b',
    '<<',
    '.',
    'f:metadata',
    'k:{"type":"Ready"}',
    'v:"a b"',
    '[a]',
    '{a}',
  ),
);

const { node } = fc.letrec<{ node: unknown }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('node'), { maxLength: 4 }),
    fc.dictionary(key, tie('node'), { maxKeys: 5 }),
  ),
}));

/** An object shaped like a Kubernetes one: the reader only reads a mapping or sequence root. */
const object = fc.record({
  apiVersion: fc.constantFrom('v1', 'apps/v1', 'kustomize.toolkit.fluxcd.io/v1'),
  kind: fc.constantFrom('ConfigMap', 'Deployment', 'Kustomization'),
  metadata: fc.record({
    name: fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/),
    labels: fc.dictionary(key, scalar, { maxKeys: 4 }),
    annotations: fc.dictionary(key, scalar, { maxKeys: 4 }),
  }),
  spec: node,
  status: fc.record({
    conditions: fc.array(
      fc.record({ type: fc.constant('Ready'), status: fc.constantFrom('True', 'False'), message: scalar }),
      { maxLength: 3 },
    ),
  }),
});

/** How tools print YAML: kubectl (sequences at their key's indentation), helm, js-yaml. */
const EMITTERS: ReadonlyArray<[string, (value: unknown) => string]> = [
  ['kubectl, long lines', (v) => stringify(v, { indentSeq: false, lineWidth: 0, sortMapEntries: true })],
  ['kubectl, folded at 80', (v) => stringify(v, { indentSeq: false })],
  ['indented sequences', (v) => stringify(v, { indentSeq: true, lineWidth: 40 })],
  ['double-quoted', (v) => stringify(v, { defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN' })],
  ['single-quoted', (v) => stringify(v, { defaultStringType: 'QUOTE_SINGLE', indentSeq: false })],
  ['js-yaml', (v) => dump(v, { lineWidth: 60 })],
];

describe('readKubectlYaml', () => {
  it('reads generated Kubernetes-shaped objects as js-yaml does, however they are printed', () => {
    const readBy = new Map<string, number>(EMITTERS.map(([name]) => [name, 0]));
    fc.assert(
      fc.property(object, (value) => {
        for (const [name, emit] of EMITTERS) {
          const text = emit(value);
          if (expectAgrees(text)) readBy.set(name, (readBy.get(name) ?? 0) + 1);
          expectAgrees(`# a comment\n---\n${text}`);
          expectAgrees(emit({ apiVersion: 'v1', items: [value, value], kind: 'List' }));
        }
      }),
      { numRuns: 100 },
    );
    // It reads most of what kubectl prints (it gives up only on what it does not know).
    expect(readBy.get('kubectl, long lines')).toBeGreaterThan(50);
    expect(readBy.get('kubectl, folded at 80')).toBeGreaterThan(50);
  });

  it('gives up, or agrees with js-yaml, on any mangled manifest', () => {
    const sample = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  annotations:',
      '    note: |-',
      '      line one',
      '',
      '        indented',
      '  labels: {}',
      '  name: "web-\\x41\\u00e9"',
      'spec:',
      '  containers:',
      '  - args:',
      '    - --flag=1',
      "    - 'quoted '' one'",
      '    image: nginx # a comment',
      '    ports: []',
      'status:',
      '  message: \'Back-off pulling image "nginx:x": rpc error: code',
      "    = NotFound desc'",
      '  reason: a plain text',
      '    over lines',
      '',
    ].join('\n');
    const insertion = fc.constantFrom(
      ' ',
      '  ',
      '\n',
      ':',
      ': ',
      '- ',
      '#',
      ' #',
      "'",
      '"',
      '|',
      '|-',
      '\t',
      '&a ',
      '*a',
      '\\',
      '{',
      '}',
      '[',
      ']',
      '---',
      '\r',
      'x',
      '0',
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(sample.length), fc.nat(3), insertion), { minLength: 1, maxLength: 3 }),
        (edits) => {
          let text = sample;
          for (const [at, remove, insert] of edits) {
            const i = at % (text.length + 1);
            text = text.slice(0, i) + insert + text.slice(i + remove);
          }
          const got = read(text);
          const expected = jsYaml(text);
          if (got === NOT_READ) return;
          expect({ text, ok: expected.ok }).toEqual({ text, ok: true });
          if (expected.ok) expect({ text, value: got }).toEqual({ text, value: expected.value });
        },
      ),
      { numRuns: 3000 },
    );
    expect(read(sample)).not.toBe(NOT_READ);
  });

  it('reads what kubectl get -o yaml prints', () => {
    const text = [
      'apiVersion: v1',
      'items:',
      '- apiVersion: v1',
      '  data:',
      '    config.yaml: |',
      '      key: value',
      '      ---',
      '      list:',
      '        - a',
      '',
      '      # a comment in the file',
      '    empty: ""',
      '    kept: |+',
      '      text',
      '',
      '    leading: |2-',
      '        two spaces',
      '      none',
      '    stripped: |-',
      '      no final break',
      '  kind: ConfigMap',
      '  metadata:',
      '    annotations:',
      '      kubectl.kubernetes.io/last-applied-configuration: |',
      '        {"apiVersion":"v1","kind":"ConfigMap"}',
      '    creationTimestamp: "2026-11-22T09:00:00Z"',
      '    labels:',
      "      app.kubernetes.io/version: '1.0'",
      '      enabled: "true"',
      '    name: settings',
      '    resourceVersion: "123"',
      '- apiVersion: v1',
      '  kind: Pod',
      '  metadata:',
      '    name: web',
      '    ownerReferences: []',
      '  spec:',
      '    containers:',
      '    - args:',
      '      - --port=80',
      '      - -v',
      '      name: web',
      '      resources: {}',
      '  status:',
      '    conditions:',
      '    - lastTransitionTime: 2026-11-22T09:00:00Z',
      '      message: \'Back-off pulling image "nginx:notexist": ErrImagePull: rpc error: code',
      '        = NotFound desc = failed to pull and unpack image',
      "        ''docker.io/library/nginx:notexist'''",
      '      reason: ErrImagePull',
      '      status: "False"',
      '    hostIP: 10.0.0.1',
      '    restartCount: 15',
      '    ratio: 0.5',
      '    message: "first line\\nsecond \\"quoted\\" \\',
      '      joined"',
      '    plain: a long plain message that kubectl folded',
      '      over two lines',
      'kind: List',
      'metadata:',
      '  resourceVersion: ""',
      '',
    ].join('\n');
    const value = read(text);
    expect(value).not.toBe(NOT_READ);
    expect(value).toEqual(
      jsYaml(text).ok ? (jsYaml(text) as { value: unknown }).value : 'js-yaml refused it',
    );
    const [configMap, pod] = (value as { items: Record<string, Record<string, unknown>>[] }).items as [
      Record<string, Record<string, unknown>>,
      Record<string, Record<string, unknown>>,
    ];
    expect(configMap.data).toEqual({
      'config.yaml': 'key: value\n---\nlist:\n  - a\n\n# a comment in the file\n',
      empty: '',
      kept: 'text\n\n',
      leading: '  two spaces\nnone',
      stripped: 'no final break',
    });
    expect(configMap.metadata?.creationTimestamp).toBe('2026-11-22T09:00:00Z');
    expect(configMap.metadata?.labels).toEqual({ 'app.kubernetes.io/version': '1.0', enabled: 'true' });
    const status = pod.status as Record<string, unknown>;
    expect(status.conditions).toEqual([
      {
        // A timestamp stays a string: the core schema has none.
        lastTransitionTime: '2026-11-22T09:00:00Z',
        message:
          'Back-off pulling image "nginx:notexist": ErrImagePull: rpc error: code = NotFound desc = failed to pull and unpack image \'docker.io/library/nginx:notexist\'',
        reason: 'ErrImagePull',
        status: 'False',
      },
    ]);
    expect(status.restartCount).toBe(15);
    expect(status.ratio).toBe(0.5);
    expect(status.message).toBe('first line\nsecond "quoted" joined');
    expect(status.plain).toBe('a long plain message that kubectl folded over two lines');
  });

  it('reads an empty document as null, and comments as nothing', () => {
    expect(read('')).toBeNull();
    expect(read('---\n')).toBeNull();
    expect(read('# only a comment\n---\n\n')).toBeNull();
    expect(read('a: 1 # one\n# between\nb:\n  # inside\n  c: 2\n')).toEqual({ a: 1, b: { c: 2 } });
  });

  it('gives up on what it does not know, leaving it to js-yaml and the reference', () => {
    for (const text of [
      'a: &x 1\nb: *x\n',
      'a: !!str 1\n',
      '<<: {a: 1}\n',
      'a: {b: 1}\n',
      'a: [1, 2]\n',
      'a: >\n  folded\n',
      '? a\n: 1\n',
      '~: 1\n',
      'a: 1\na: 2\n',
      'a:\n\tb: 1\n',
      'a: 1\r\nb: 2\r\n',
      '%YAML 1.2\n---\na: 1\n',
      '--- {a: 1}\n',
      'just a scalar\n',
      'a: 1\n b: 2\n',
      "a: 'unterminated\n",
      'a: "bad \\q escape"\n',
      '__proto__: 1\n',
      'a: b: c\n',
      'a: "\u0007"\n',
    ])
      expect({ text, value: read(text) }).toEqual({ text, value: NOT_READ });
  });
});

import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { readYamlDocument } from './yaml-document.ts';

// The reference parser, counted: what takes the slow path shows.
vi.mock('yaml', async (importOriginal) => {
  const actual = await importOriginal<typeof import('yaml')>();
  return { ...actual, parseAllDocuments: vi.fn(actual.parseAllDocuments) };
});

const read = (text: string, line = 0) => readYamlDocument({ text, line });

/** What the reference (`yaml`, as strata always read YAML) makes of one document. */
function reference(text: string): { ok: true; value: unknown } | { ok: false } {
  const [doc] = parseAllDocuments(text, { merge: true, logLevel: 'silent' });
  if (doc === undefined) return { ok: true, value: null };
  if (doc.errors.length > 0) return { ok: false };
  try {
    return { ok: true, value: doc.toJS({ maxAliasCount: 100 }) ?? null };
  } catch {
    return { ok: false };
  }
}

/** Plain scalars whose type depends on the schema, and the bits they are made of. */
const TRICKY = [
  '1',
  '-1',
  '+1',
  '0',
  '-0',
  '017',
  '0o17',
  '0o8',
  '0x1F',
  '0xg',
  '0b101',
  '1_000',
  '1.5',
  '1.',
  '.5',
  '+.5',
  '-.5',
  '1e3',
  '1E+3',
  '1e',
  '.inf',
  '-.Inf',
  '+.INF',
  '.nan',
  '.NaN',
  'NaN',
  'inf',
  'true',
  'True',
  'TRUE',
  'tRue',
  'false',
  'yes',
  'no',
  'on',
  'off',
  'y',
  'n',
  'null',
  'Null',
  'NULL',
  'nULL',
  '~',
  '',
  '2024-01-01',
  '2024-01-01T00:00:00Z',
  '1:20',
  '1:20:30',
  '0.1.2',
  '12345678901234567890',
  '0x_1',
  '=',
  '<<',
  "'1'",
  '"1"',
  '"a\\tb"',
  "'it''s'",
  '[1, a]',
  '{a: 1}',
  '|\n  x',
  '>-\n  folded\n  text',
  '*a',
  '!!str 1',
  '!!int "3"',
  '!!float 1',
  '!!binary aGk=',
  '!!timestamp 2024-01-01',
  '!!set {a}',
  '!custom x',
  '@x',
  '`x',
  '%x',
  'a # c',
  'a: b',
  '"unterminated',
  "'x",
  '[a',
  '{a: 1, a: 2}',
  '- a',
  '? a',
  '&a x',
  'a&b',
  'x\ty',
];

describe('readYamlDocument', () => {
  it('resolves plain scalars exactly as the core schema does (what the yaml package did)', () => {
    for (const scalar of TRICKY) {
      const text = `v: ${scalar}\n`;
      const expected = reference(text);
      const got = read(text);
      expect({ scalar, ok: got.ok }).toEqual({ scalar, ok: expected.ok });
      if (got.ok && expected.ok)
        expect({ scalar, value: got.value }).toEqual({ scalar, value: expected.value });
    }
  });

  it('names properties as the reference does, null and collection keys included', () => {
    const documents = [
      '~: 1\n',
      'null: 1\n',
      'a:\n  - NULL : 1\n',
      '{null: 1}\n',
      '[a, {~: 1}]\n',
      '[a, b]: 1\n',
      '{a: 1}: 2\n',
      '? - a\n: 1\n',
      '- ? a\n  : 1\n',
      '1.0: x\n',
      '0x10: y\n',
      '.inf: z\n',
      'true: 1\n',
      '"null": 1\n',
      'msg: "value is null: yes?"\n',
      'bad: x: y\n',
      'm: "map[string]: x"\n',
    ];
    for (const text of documents) {
      const got = read(text);
      expect({ text, read: got.ok ? got : { ok: false } }).toEqual({ text, read: reference(text) });
    }
  });

  it('reads any mapping of those scalars as the reference does', () => {
    const documents = fc.array(
      fc.tuple(
        fc.stringMatching(/^[a-z][a-z0-9-]{0,6}$/),
        fc.oneof(fc.constantFrom(...TRICKY), fc.stringMatching(/^[0-9a-fA-FxXoObeE.+_:-]{1,8}$/)),
        fc.constantFrom('', '  ', '- '),
      ),
      { maxLength: 6 },
    );
    fc.assert(
      fc.property(documents, (entries) => {
        const text = entries.map(([key, value, nest]) => `${key}:\n  ${nest}${value}\n`).join('');
        const expected = reference(text);
        const got = read(text);
        expect(got.ok).toBe(expected.ok);
        if (got.ok && expected.ok) expect(got.value).toEqual(expected.value);
      }),
      { numRuns: 300 },
    );
  });

  it('reads merge keys without anchors', () => {
    expect(read('<<: {kind: ConfigMap, a: 1}\na: 2\n')).toEqual({
      ok: true,
      value: { kind: 'ConfigMap', a: 2 },
    });
  });

  it('reads anchors and aliases, and refuses an alias bomb with a clear error', () => {
    expect(read('a: &x {k: 1}\nb: *x\n')).toEqual({ ok: true, value: { a: { k: 1 }, b: { k: 1 } } });
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      bomb.push(
        `${name}: &${name} [*${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}]`,
      );
    }
    const result = read(`${bomb.join('\n')}\n`);
    expect(result).toEqual({
      ok: false,
      reason: expect.stringMatching(/^YAML error: Excessive alias count/),
    });
  });

  it('gives an error the position in the file, not in the document', () => {
    const text = '---\na: 1\n b: 2\n';
    expect(read(text)).toEqual({
      ok: false,
      reason: expect.stringMatching(/^YAML syntax error at line 2, column 4: \S/),
    });
    expect(read(text, 10)).toEqual({
      ok: false,
      reason: expect.stringMatching(/^YAML syntax error at line 12, column 4: \S/),
    });
  });

  it('follows a %YAML 1.1 directive as the reference does', () => {
    const text = '%YAML 1.1\n---\nv: yes\nb: 0b11\n';
    expect(reference(text)).toEqual({ ok: true, value: { v: true, b: 3 } });
    expect(read(text)).toEqual({ ok: true, value: { v: true, b: 3 } });
    expect(read('v: yes\n')).toEqual({ ok: true, value: { v: 'yes' } });
  });

  it('reads managedFields without the reference parser (a `}` before `:` is no collection key there)', () => {
    const text = [
      'metadata:',
      '  managedFields:',
      '  - fieldsV1:',
      '      f:status:',
      '        f:conditions:',
      '          .: {}',
      '          k:{"type":"Ready"}:',
      '            .: {}',
      '            f:status: {}',
      '    manager: helm-controller',
      '',
    ].join('\n');
    vi.mocked(parseAllDocuments).mockClear();
    const got = read(text);
    expect(parseAllDocuments).not.toHaveBeenCalled();
    expect(got).toEqual(reference(text));
    expect(got).toEqual({
      ok: true,
      value: {
        metadata: {
          managedFields: [
            {
              fieldsV1: {
                'f:status': {
                  'f:conditions': { '.': {}, 'k:{"type":"Ready"}': { '.': {}, 'f:status': {} } },
                },
              },
              manager: 'helm-controller',
            },
          ],
        },
      },
    });
  });

  it('reads an empty document as null', () => {
    expect(read('---\n')).toEqual({ ok: true, value: null });
    expect(read('--- # nothing\n...\n')).toEqual({ ok: true, value: null });
  });
});

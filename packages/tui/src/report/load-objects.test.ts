import { describe, expect, it } from 'vitest';
import { type FileAccess, loadObjects } from './load-objects.ts';

const KS = 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\n';

function enoent(): Error {
  return Object.assign(new Error('ENOENT: no such file or directory'), { code: 'ENOENT' });
}

/** Files under /work, read through a map; anything else does not exist. */
function files(contents: Record<string, string>, stdin?: string): FileAccess & { reads: string[] } {
  const reads: string[] = [];
  return {
    cwd: '/work',
    reads,
    readFile: async (path) => {
      reads.push(path);
      const text = contents[path];
      if (text === undefined) throw enoent();
      return text;
    },
    ...(stdin === undefined ? {} : { readStdin: async () => stdin }),
  };
}

describe('loadObjects', () => {
  it('reads every file, relative to the working directory, in order', async () => {
    const io = files({
      '/work/a.yaml': `${KS}metadata: {name: a}\n`,
      '/abs/b.yaml': `${KS}metadata: {name: b}\n`,
    });
    const result = await loadObjects(['a.yaml', '/abs/b.yaml'], io);
    expect(result.ok && result.objects.length).toBe(2);
    expect(io.reads).toEqual(['/work/a.yaml', '/abs/b.yaml']);
  });

  it('reads a file named twice only once', async () => {
    const io = files({ '/work/a.yaml': `${KS}metadata: {name: a}\n` });
    const result = await loadObjects(['a.yaml', './a.yaml'], io);
    expect(result.ok && result.objects.length).toBe(1);
  });

  it('fails on a file that does not exist, naming it as given', async () => {
    const result = await loadObjects(['nope.yaml'], files({}));
    expect(result).toEqual({ ok: false, error: 'nope.yaml: no such file' });
  });

  it('names other read failures without the system message', async () => {
    const io: FileAccess = {
      cwd: '/',
      readFile: async () => {
        throw Object.assign(new Error('EISDIR: illegal operation on a directory, read'), { code: 'EISDIR' });
      },
    };
    expect(await loadObjects(['dir'], io)).toEqual({ ok: false, error: 'dir: is a directory' });
  });

  it('reads - from standard input', async () => {
    const result = await loadObjects(['-'], files({}, `${KS}metadata: {name: a}\n`));
    expect(result.ok && result.objects.length).toBe(1);
    expect(await loadObjects(['-'], files({}))).toEqual({
      ok: false,
      error: '<stdin>: standard input is not available',
    });
  });

  it('warns about each skipped document and keeps the rest', async () => {
    const text = `${KS}metadata: {name: a}\n---\nmetadata: {name: b}\n---\n${KS}metadata: {}\n`;
    const result = await loadObjects(['x.yaml'], files({ '/work/x.yaml': text }));
    expect(result).toMatchObject({
      ok: true,
      warnings: ['x.yaml: document 2: skipped: no kind', 'x.yaml: document 3: skipped: no metadata.name'],
    });
  });

  it('numbers List items in warnings', async () => {
    const text = JSON.stringify({
      kind: 'List',
      items: [{ kind: 'A', metadata: { name: 'a' } }, { kind: 'B' }],
    });
    const result = await loadObjects(['l.json'], files({ '/work/l.json': text }));
    expect(result).toMatchObject({
      ok: true,
      warnings: ['l.json: document 1: item 2: skipped: no metadata.name'],
    });
  });

  it('fails when no object at all could be read, naming the first problem', async () => {
    const io = files({ '/work/x.yaml': 'kind: A\n---\nkind: B\n---\nkind: C\n', '/work/y.yaml': '' });
    expect(await loadObjects(['x.yaml', 'y.yaml'], io)).toEqual({
      ok: false,
      error: 'no Kubernetes object could be read: x.yaml: document 1: no metadata.name (and 2 more)',
    });
  });

  it('fails on an empty file', async () => {
    expect(await loadObjects(['e.yaml'], files({ '/work/e.yaml': '' }))).toEqual({
      ok: false,
      error: 'e.yaml: no Kubernetes objects found',
    });
    const two = files({ '/work/e.yaml': '', '/work/f.yaml': '# nothing\n' });
    expect(await loadObjects(['e.yaml', 'f.yaml'], two)).toEqual({
      ok: false,
      error: 'no Kubernetes objects found in e.yaml, f.yaml',
    });
  });

  it('accepts an empty file next to one with objects', async () => {
    const io = files({ '/work/e.yaml': '', '/work/a.yaml': `${KS}metadata: {name: a}\n` });
    expect(await loadObjects(['e.yaml', 'a.yaml'], io)).toMatchObject({ ok: true, warnings: [] });
  });
});

import { resolve } from 'node:path';
import { describeFileReadError } from '@strata/kube/file-read-error';
import { parseManifests, type SkippedDocument } from './parse-manifests.ts';

/** How the loader reaches files; injected so it runs without a disk in tests. */
export interface FileAccess {
  /** Reads a whole file as UTF-8; rejects with a Node error (`code` ENOENT, EISDIR, ...) when it cannot. */
  readonly readFile: (path: string) => Promise<string>;
  /** Reads all of standard input; absent when there is none to read. */
  readonly readStdin?: () => Promise<string>;
  /** Directory relative paths are read from. */
  readonly cwd: string;
}

export type LoadResult =
  | { readonly ok: true; readonly objects: unknown[]; readonly warnings: string[] }
  | { readonly ok: false; readonly error: string };

/** The name of an input as messages show it: the path as given, `<stdin>` for `-`. */
function displayName(path: string): string {
  return path === '-' ? '<stdin>' : path;
}

/** `x.yaml: document 2: item 3: no kind` */
export function describeSkipped(name: string, skipped: SkippedDocument): string {
  const item = skipped.item === undefined ? '' : `item ${skipped.item}: `;
  return `${name}: document ${skipped.document}: ${item}${skipped.reason}`;
}

/**
 * Reads every file (`-` is standard input) and the Kubernetes objects in them.
 * - A file that cannot be read fails the whole load: the user named it, so the picture would be
 *   incomplete.
 * - A document that is broken YAML or not a Kubernetes object is skipped with a warning line
 *   (`x.yaml: document 2: skipped: no kind`); the other documents are still read.
 * - When no object at all could be read, the load fails, naming the first problem.
 * Messages name files and documents, never their contents.
 */
export async function loadObjects(paths: readonly string[], files: FileAccess): Promise<LoadResult> {
  const objects: unknown[] = [];
  const warnings: string[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  const names: string[] = [];
  for (const path of paths) {
    const name = displayName(path);
    const location = path === '-' ? '-' : resolve(files.cwd, path);
    if (seen.has(location)) continue; // the same file twice would count each object twice
    seen.add(location);
    names.push(name);
    let text: string;
    try {
      if (path === '-') {
        if (files.readStdin === undefined)
          return { ok: false, error: `${name}: standard input is not available` };
        text = await files.readStdin();
      } else {
        text = await files.readFile(location);
      }
    } catch (error) {
      return { ok: false, error: `${name}: ${describeFileReadError(error)}` };
    }
    const parsed = parseManifests(text);
    objects.push(...parsed.objects);
    for (const skipped of parsed.skipped) {
      problems.push(describeSkipped(name, skipped));
      warnings.push(describeSkipped(name, { ...skipped, reason: `skipped: ${skipped.reason}` }));
    }
  }
  if (objects.length > 0) return { ok: true, objects, warnings };
  const [first, ...others] = problems;
  if (first === undefined) {
    const error =
      names.length === 1
        ? `${names[0]}: no Kubernetes objects found`
        : `no Kubernetes objects found in ${names.join(', ')}`;
    return { ok: false, error };
  }
  const more = others.length === 0 ? '' : ` (and ${others.length} more)`;
  return { ok: false, error: `no Kubernetes object could be read: ${first}${more}` };
}

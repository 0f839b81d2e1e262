/**
 * Runs a TypeScript file of the repository in a fresh Node process, from the repository root, as
 * the bin runs from source: the tests of what a start loads need one (vitest's own module graph
 * is shared), and Node's module hooks to watch it.
 */
import { execFile } from 'node:child_process';
import * as nodeModule from 'node:module';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../../', import.meta.url));

/** Node's registerHooks (22.15+), which the children use to log what they load. */
export const HAS_MODULE_HOOKS = 'registerHooks' in nodeModule;

export interface FreshRun {
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number;
}

export async function runFresh(file: URL, args: readonly string[], timeoutMs = 60_000): Promise<FreshRun> {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--conditions=@strata/source', '--import', 'tsx', fileURLToPath(file), ...args],
      { cwd: root, timeout: timeoutMs, env: { ...process.env, NODE_OPTIONS: '' } },
    );
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; code?: unknown };
    if (typeof failed.code !== 'number') throw error;
    return { stdout: failed.stdout ?? '', stderr: failed.stderr ?? '', code: failed.code };
  }
}

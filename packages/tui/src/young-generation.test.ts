import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../../', import.meta.url));
const module = fileURLToPath(new URL('./young-generation.ts', import.meta.url));

/**
 * A fresh process (vitest's own has grown its young generation already) keeps 600k small objects,
 * as listing a cluster does, and says how big its young generation got.
 */
const CHILD = `
import { getHeapSpaceStatistics } from 'node:v8';
if (process.argv[1] === 'small') (await import(${JSON.stringify(module)})).keepYoungGenerationSmall();
const kept = [];
for (let i = 0; i < 600_000; i++) kept.push({ name: 'object-' + i, labels: { n: String(i) }, items: [i] });
const space = getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
process.stdout.write(JSON.stringify({ kept: kept.length, newSpaceMiB: space.space_size / 2 ** 20 }));
`;

async function youngGenerationMiB(mode: 'small' | 'default'): Promise<number> {
  const { stdout } = await run(
    process.execPath,
    ['--conditions=@strata/source', '--import', 'tsx', '--input-type=module', '-e', CHILD, mode],
    { cwd: root, timeout: 60_000, env: { ...process.env, NODE_OPTIONS: '' } },
  );
  return (JSON.parse(stdout) as { newSpaceMiB: number }).newSpaceMiB;
}

describe('keepYoungGenerationSmall', () => {
  it('keeps V8 from growing the young generation while much of what is allocated survives', async () => {
    const [grown, small] = await Promise.all([youngGenerationMiB('default'), youngGenerationMiB('small')]);
    expect(grown).toBeGreaterThanOrEqual(16);
    expect(small).toBeLessThan(grown / 4);
    expect(small).toBeLessThanOrEqual(4);
  }, 60_000);
});

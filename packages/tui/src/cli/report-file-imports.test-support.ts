/**
 * Run in a fresh process by report-file-imports.test.ts: runs the bin with the arguments given
 * (`report --file …`) and prints, as the last line on stderr, the modules of the cluster adapter
 * (packages/kube) that were loaded.
 * Usage: node --conditions=@strata/source --import tsx <this file> report --file FILE
 */
import { registerHooks } from 'node:module';

// Registered before the bin is imported (dynamically, for that reason).
const resolved = new Set<string>();
registerHooks({
  resolve(specifier, context, nextResolve) {
    const result = nextResolve(specifier, context);
    resolved.add(result.url);
    return result;
  },
});
process.on('exit', () => {
  const adapter = [...resolved].filter((url) => url.includes('/packages/kube/'));
  process.stderr.write(`\n${JSON.stringify(adapter)}\n`);
});

// The bin reads process.argv.slice(2): this file's own arguments.
await import('../bin/strata.ts');

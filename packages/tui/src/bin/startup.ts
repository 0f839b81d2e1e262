/**
 * Imported first by the bin, before anything that loads React or the Kubernetes client:
 * - React picks its development or production build from NODE_ENV when first imported, and the
 *   development build costs the live UI a fifth of its CPU (bench watch). An explicit NODE_ENV
 *   (tests set `test`) is kept.
 * - Node's compile cache keeps compiled code between runs (in the OS temp folder): it saves most
 *   on big dependencies: React, Ink, and @kubernetes/client-node where it is loaded (exec plugins,
 *   auth providers, proxies: packages/kube/src/credentials.ts).
 */
import * as nodeModule from 'node:module';

// Through a variable: the release bundle has `process.env.NODE_ENV` replaced by "production"
// when built (scripts/release/bundle.ts), and a replaced expression cannot be assigned.
const env = process.env;
env.NODE_ENV ??= 'production';
try {
  // Absent before Node 22.1: looked up rather than imported by name.
  (nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();
} catch {
  // A read-only or full temp folder only costs the speed-up.
}

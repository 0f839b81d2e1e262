import { ClusterModel } from './cluster-model.ts';
import type { Report } from './report-types.ts';

/** One-shot diagnosis of a set of objects (§6). Objects that are not Kubernetes objects are skipped. */
export function diagnose(objects: Iterable<unknown>, options: { readonly at: string }): Report {
  const model = new ClusterModel({ at: options.at });
  for (const object of objects) model.upsert(object);
  return model.report();
}

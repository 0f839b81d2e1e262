/** The demo platform (fixtures) as a ClusterView, for the views' tests. */
import { ClusterModel } from '../cluster-model.ts';
import type { ClusterView } from '../cluster-view.ts';
import { TWO_LAYER_PLATFORM_AT, twoLayerPlatform } from '../fixtures/index.ts';

export function platformModel(extra: readonly unknown[] = []): ClusterModel {
  const model = new ClusterModel({ at: TWO_LAYER_PLATFORM_AT });
  for (const object of [...twoLayerPlatform().objects, ...extra]) model.upsert(object);
  return model;
}

export function platformView(extra: readonly unknown[] = []): ClusterView {
  return platformModel(extra).view();
}

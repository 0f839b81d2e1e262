import { readKubeObject } from '@strata/core';
/** The built-in demo as a DataSource: the evolving two-layer platform of demo-cluster.ts. */
import type { Clock } from '../app/clock.ts';
import { systemClock } from '../app/clock.ts';
import type { DataSource, Snapshot, SourceDescription } from '../app/data-source.ts';
import { podsOfScope } from '../app/view-models/pods.ts';
import { DEFAULT_TIMINGS, DemoCluster, type DemoTimings } from './demo-cluster.ts';

export interface DemoSourceOptions {
  readonly clock?: Clock;
  readonly readOnly?: boolean;
  /** The namespace scope to start in; all namespaces when unset. */
  readonly namespace?: string;
  readonly timings?: Partial<DemoTimings>;
}

export interface DemoSource extends DataSource {
  readonly kind: 'demo';
  /** The demo itself, for tests: its phase and clock-driven story. */
  readonly cluster: DemoCluster;
}

export function createDemoSource(options: DemoSourceOptions = {}): DemoSource {
  const clock = options.clock ?? systemClock;
  const cluster = new DemoCluster(clock, { ...DEFAULT_TIMINGS, ...options.timings });
  const readOnly = options.readOnly === true;
  const description: SourceDescription = {
    context: 'strata-demo',
    cluster: 'built-in demo',
    user: 'demo',
    namespace: options.namespace ?? 'all',
    readOnly,
  };
  let cached: Snapshot | undefined;
  let cachedFor: unknown;
  // The demo's namespaces are those of its objects; it creates none after the start.
  let namespaces: string[] | undefined;
  return {
    kind: 'demo',
    cluster,
    describe: () => description,
    subscribe: (listener) => cluster.subscribe(listener),
    snapshot: () => {
      const view = cluster.view();
      if (cached === undefined || cachedFor !== view) {
        if (namespaces === undefined) {
          const seen = new Set<string>();
          for (const raw of view.allObjects()) {
            const namespace = readKubeObject(raw)?.namespace;
            if (namespace !== undefined) seen.add(namespace);
          }
          namespaces = [...seen].sort();
        }
        cached = {
          report: view.report,
          view,
          connection: 'demo',
          hidden: [],
          versions: cluster.versions,
          namespaces,
        };
        cachedFor = view;
      }
      return cached;
    },
    pods: (scope) => ({ state: 'done', pods: podsOfScope(scope, cluster.view()) }),
    object: (ref) => cluster.object(ref),
    events: (ref) => cluster.eventsAbout(ref),
    apply: (action, ref, applyOptions) => cluster.apply(action, ref, readOnly, applyOptions),
    logs: async (ref, logOptions) => cluster.logs(ref, logOptions),
    close: () => cluster.close(),
  };
}

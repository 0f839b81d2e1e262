/**
 * `strata report` against a cluster: connect, discover, list everything once (no watch), fetch
 * evidence objects for the roots that are not ready, diagnose. The Report is the core's own;
 * what is not covered (a tool not installed, hidden kinds or namespaces) comes back as notes.
 */
import type { Report } from '@strata/core';
import { ClusterSource, ConnectionError, namespaceMissing } from './cluster-source.ts';
import { coverageNotes } from './coverage.ts';
import { EvidenceFetcher } from './evidence.ts';
import { loadKubeconfig } from './kubeconfig.ts';
import type { KubeTransport } from './transport.ts';

export interface ClusterReportOptions {
  readonly kubeconfig?: string;
  readonly context?: string;
  /** Only this namespace (`-n`); all namespaces otherwise. */
  readonly namespace?: string;
  /** Per-request timeout in ms; 0 or undefined: none. */
  readonly requestTimeoutMs?: number;
  /** The snapshot time. */
  readonly at: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** Tests may wrap the real transport. */
  readonly transport?: KubeTransport;
}

export type ClusterReportResult =
  | { readonly ok: true; readonly report: Report; readonly notes: readonly string[] }
  | { readonly ok: false; readonly error: string };

/**
 * Requests at a time for a report: its lists (about 16 collections) and evidence reads (up to 80
 * small ones), each its own connection; the live view's defaults (6 and 4) spread them out.
 */
const REPORT_CONCURRENCY = 16;

export async function clusterReport(options: ClusterReportOptions): Promise<ClusterReportResult> {
  const loaded = loadKubeconfig(options);
  if (!loaded.ok) return { ok: false, error: loaded.error };
  let source: ClusterSource | undefined;
  try {
    source = await ClusterSource.connect({
      kubeconfig: loaded.config,
      at: options.at,
      ...(options.namespace === undefined ? {} : { namespace: options.namespace }),
      ...(options.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: options.requestTimeoutMs }),
      ...(options.transport === undefined ? {} : { transport: options.transport }),
      // Every list at once, as `kubectl get --raw` of each would: a report waits for the last.
      watch: { concurrency: REPORT_CONCURRENCY },
    });
    if (options.namespace !== undefined && (await source.namespaceExists(options.namespace)) === false) {
      return { ok: false, error: namespaceMissing(options.namespace, loaded.config.context) };
    }
    await source.loadOnce();
    const roots = EvidenceFetcher.rootsOf(source.model.report());
    if (roots.length > 0) await source.fetchEvidence(roots, { concurrency: REPORT_CONCURRENCY });
    return { ok: true, report: source.model.report(), notes: coverageNotes(source.coverage()) };
  } catch (error) {
    if (error instanceof ConnectionError) return { ok: false, error: error.message };
    throw error;
  } finally {
    await source?.stop();
  }
}

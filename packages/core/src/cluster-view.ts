/**
 * What a surface reads: one settled picture of the cluster at one moment. Views, rows and
 * pages take a ClusterView, never the ClusterModel that produced it, so a screen can never mix
 * an older report with newer nodes.
 */
import type { GraphNode } from './graph-types.ts';
import type { Ownership } from './ownership-types.ts';
import type { Ref } from './ref.ts';
import type { Report } from './report-types.ts';

export interface ClusterView {
  /** The snapshot time (ISO 8601). */
  readonly at: string;
  readonly report: Report;
  /** A node of the graph by ref. */
  node(ref: Ref): Readonly<GraphNode> | undefined;
  /** Every object held (Secrets without their data). */
  allObjects(): Iterable<unknown>;
  /** §4 ownership of any object, whether or not the snapshot holds it. */
  ownership(raw: unknown): Ownership | undefined;
  /** The namespaces that hold nodes, sorted. */
  namespaces(): readonly string[];
}

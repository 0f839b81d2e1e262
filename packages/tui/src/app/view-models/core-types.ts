/**
 * Types of the model's graph, derived from ClusterView's API (core's index does not export
 * graph-types.ts).
 */
import type { ClusterView } from '@strata/core';

export type GraphNode = NonNullable<ReturnType<ClusterView['node']>>;
export type Edge = GraphNode['edges'][number];
export type EdgeType = Edge['type'];
export type Manager = GraphNode['managers'][number];

/** What every surface shows, derived once here from a ClusterView: surfaces only present it. */
export { type BlockedNode, blockedNodes, blockedTree, directlyBlocked } from './blocked-tree.ts';
export {
  type BoundaryLink,
  layerBoundary,
  type NamespaceInfo,
  type NamespaceLayer,
  namespacesByLayer,
  TOOL_NAMES,
} from './boundary.ts';
export {
  indexObjects,
  type ObjectIndex,
  objectIndex,
  podsUnder,
  reportObjectOf,
  rootCauseOf,
} from './lookups.ts';
export { type ManagerChain, type ManagerStep, managedBy, managerChain } from './managers.ts';
export {
  downstreamOf,
  LINK_WORDS,
  type LinkType,
  linkBetween,
  type Neighbour,
  upstreamOf,
} from './neighbours.ts';
export { countObjects, isNotReady, objectsOfTool, refNotReady, toolOf } from './not-ready.ts';
export { STATES, stateWord } from './state-words.ts';

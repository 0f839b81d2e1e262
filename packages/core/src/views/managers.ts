/**
 * Who manages what, over one ClusterView (§4): the chain of managers above an object (Pod's
 * workload → HelmRelease → Kustomization → …, each with how it was found), and the objects a
 * manager manages. Surfaces present these; they do not walk managers themselves.
 */
import type { ClusterView } from '../cluster-view.ts';
import { readKubeObject } from '../kube-object.ts';
import type { Manager, Ownership } from '../ownership-types.ts';
import { compareRefs, makeRef, type Ref, refKey, refKeyOf } from '../ref.ts';

/** One manager in a chain, with the managers above it. */
export interface ManagerStep extends Manager {
  /**
   * `self`: it manages the object below it (a self-managing Kustomization); `above`: it stands
   * earlier in the chain already (its managers are listed there). Either way it has no managers here.
   */
  readonly seen?: 'self' | 'above';
  readonly managers: readonly ManagerStep[];
}

export interface ManagerChain {
  readonly ownership: Ownership;
  /** The object's own managers, each with the managers above it. */
  readonly managers: readonly ManagerStep[];
  /** The chain level by level: each manager once, at the first level it stands at. */
  readonly levels: readonly (readonly Manager[])[];
}

/** How many levels a chain climbs at the most (a real chain has two or three). */
const MAX_LEVELS = 12;

interface OpenStep {
  readonly type: Manager['type'];
  readonly ref: Ref;
  readonly via: Manager['via'];
  seen?: 'self' | 'above';
  readonly managers: OpenStep[];
}

/**
 * The managers of an object and, breadth first, each manager's own managers, up to one that
 * manages itself or has none. Undefined when core cannot read the object.
 */
export function managerChain(view: ClusterView, raw: unknown): ManagerChain | undefined {
  const ownership = view.ownership(raw);
  const object = readKubeObject(raw);
  if (ownership === undefined || object === undefined) return undefined;
  const subject = refKeyOf(object.kind, object.namespace, object.name);
  const seen = new Set<string>([subject]);
  const levels: Manager[][] = [];
  const stepsOf = (managers: readonly Manager[], below: string, depth: number): OpenStep[] => {
    const steps: OpenStep[] = [];
    for (const m of managers) {
      const key = refKey(m.ref);
      const step: OpenStep = { type: m.type, ref: m.ref, via: m.via, managers: [] };
      if (key === below) step.seen = 'self';
      else if (seen.has(key)) step.seen = 'above';
      else {
        seen.add(key);
        const level = levels[depth] ?? [];
        level.push({ type: m.type, ref: m.ref, via: m.via });
        levels[depth] = level;
      }
      steps.push(step);
    }
    return steps;
  };
  const top = stepsOf(ownership.managers, subject, 0);
  let frontier = top.filter((s) => s.seen === undefined);
  for (let depth = 1; depth < MAX_LEVELS && frontier.length > 0; depth++) {
    const next: OpenStep[] = [];
    for (const step of frontier) {
      if (step.type === 'helm') continue;
      step.managers.push(...stepsOf(view.node(step.ref)?.managers ?? [], refKey(step.ref), depth));
      next.push(...step.managers.filter((s) => s.seen === undefined));
    }
    frontier = next;
  }
  return { ownership, managers: top, levels };
}

const NO_REFS: readonly Ref[] = [];
const managedIndexes = new WeakMap<ClusterView, ReadonlyMap<string, readonly Ref[]>>();

/**
 * The objects a manager (a Flux or Argo CD object, or a Helm release) manages directly, sorted:
 * built on first use by one pass over the view's objects, then kept with the view.
 */
export function managedBy(view: ClusterView, manager: Ref): readonly Ref[] {
  let index = managedIndexes.get(view);
  if (index === undefined) {
    const byManager = new Map<string, Ref[]>();
    for (const raw of view.allObjects()) {
      const object = readKubeObject(raw);
      if (object === undefined || object.kind === 'Event') continue;
      const ref = makeRef(object.kind, object.namespace, object.name);
      // One object is listed once per manager, however many ways the manager was found.
      const keys = new Set((view.ownership(raw)?.managers ?? []).map((m) => refKey(m.ref)));
      for (const key of keys) {
        const list = byManager.get(key) ?? [];
        list.push(ref);
        byManager.set(key, list);
      }
    }
    for (const list of byManager.values()) list.sort(compareRefs);
    managedIndexes.set(view, byManager);
    index = byManager;
  }
  return index.get(refKey(manager)) ?? NO_REFS;
}

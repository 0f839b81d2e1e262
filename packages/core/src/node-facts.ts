import { readArgoAppFacts } from './argo-facts.ts';
import { readConditions } from './conditions.ts';
import { detectController } from './controllers.ts';
import { readFluxFacts } from './flux-facts.ts';
import { gitOpsKindOf } from './gitops-kinds.ts';
import type { NodeFacts } from './graph-types.ts';
import type { KubeObject } from './kube-object.ts';
import { objectKey } from './kube-object.ts';
import type { Manager } from './ownership-types.ts';
import { field } from './plain-json.ts';
import { makeRef, refKey } from './ref.ts';

/** The node an object is, if it is a GitOps object or a visible controller workload (§1). */
export function readNodeFacts(object: KubeObject): NodeFacts | undefined {
  const kind = gitOpsKindOf(object.group, object.kind);
  const controller = kind === undefined ? detectController(object) : undefined;
  if (kind === undefined && controller === undefined) return undefined;
  const ref = makeRef(object.kind, object.namespace, object.name);
  const key = refKey(ref);
  if (kind !== undefined) {
    const base = { key, ref, object, tool: kind.tool, gitOpsKind: kind };
    if (kind.tool === 'flux') return { ...base, flux: readFluxFacts(object, kind) };
    if (kind.kind === 'Application') {
      const owner = object.ownerReferences.find(
        (o) => o.kind === 'ApplicationSet' && o.group === 'argoproj.io',
      );
      const generatedBy =
        owner === undefined ? undefined : refKey(makeRef('ApplicationSet', object.namespace, owner.name));
      return {
        ...base,
        argo: readArgoAppFacts(object.raw),
        ...(generatedBy === undefined ? {} : { generatedBy }),
      };
    }
    if (kind.kind === 'ApplicationSet')
      return { ...base, conditions: readConditions(field(object.raw, 'status')) };
    return base;
  }
  return controller === undefined ? undefined : { key, ref, object, tool: controller.tool, controller };
}

/** Objects a node claims as their manager: Flux inventories and Argo CD `status.resources` (§4). */
export function claimsOf(facts: NodeFacts): { objectKey: string; manager: Manager }[] {
  const out: { objectKey: string; manager: Manager }[] = [];
  const kind = facts.gitOpsKind?.kind;
  if (
    facts.flux !== undefined &&
    (kind === 'Kustomization' || kind === 'HelmRelease' || kind === 'FluxInstance' || kind === 'ResourceSet')
  ) {
    const manager: Manager = { type: kind, ref: facts.ref, via: 'inventory' };
    for (const id of facts.flux.inventory) {
      out.push({ objectKey: objectKey(id.group, id.kind, id.namespace, id.name), manager });
    }
  }
  if (facts.argo !== undefined) {
    const manager: Manager = { type: 'Application', ref: facts.ref, via: 'status-resources' };
    for (const r of facts.argo.resources) {
      out.push({ objectKey: objectKey(r.group, r.kind, r.namespace, r.name), manager });
    }
  }
  return out;
}

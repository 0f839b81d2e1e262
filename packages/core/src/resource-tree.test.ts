import { describe, expect, it } from 'vitest';
import { readArgoResources } from './argo-facts.ts';
import { ClusterModel } from './cluster-model.ts';
import { twoLayerPlatform } from './fixtures/index.ts';
import { parseInventoryId } from './inventory-id.ts';
import { field } from './plain-json.ts';
import { formatRef } from './ref.ts';
import { type ResourceTreeNode, resourceTreeOf } from './resource-tree.ts';

const fixture = twoLayerPlatform();
const model = new ClusterModel({ at: fixture.at });
for (const object of fixture.objects) model.upsert(object);

function find(kind: string, name: string) {
  const object = fixture.objects.find((o) => o.kind === kind && o.metadata?.name === name);
  if (object === undefined) throw new Error(`no ${kind} ${name}`);
  return object;
}

/** `Kind/ns/name state` lines, children indented. */
function lines(nodes: readonly ResourceTreeNode[], depth = 0): string[] {
  return nodes.flatMap((n) => [
    `${'  '.repeat(depth)}${formatRef(n.ref)} ${n.held ? (n.state ?? 'no rule') : 'not held'}`,
    ...lines(n.children, depth + 1),
  ]);
}

describe('resourceTreeOf', () => {
  it("gives an Application's resources with strata's §7 health, down to the Pod that crashes", () => {
    const app = find('Application', 'team-a-payments');
    const entries = readArgoResources(field(app, 'status'));
    // Argo CD 3 keeps resource health in its app tree: the Application carries none.
    expect(entries.every((e) => e.health === undefined)).toBe(true);
    const tree = resourceTreeOf(model.view()).tree(entries);
    const text = lines(tree);
    expect(text[0]).toBe('Service/team-a/payments-api no rule');
    expect(text[1]).toBe('Deployment/team-a/payments-api failing');
    expect(text[2]).toMatch(/^ {2}ReplicaSet\/team-a\/payments-api-\S+ progressing$/);
    expect(text[3]).toMatch(/^ {4}Pod\/team-a\/payments-api-\S+ failing$/);
    const pod = tree[1]!.children[0]!.children[0]!;
    expect(pod.reason).toBe('CrashLoopBackOff');
    expect(tree[1]!.reason).toBe('ProgressDeadlineExceeded');
  });

  it('gives a GitOps object in a Flux inventory its state from the report, and says what it did not read', () => {
    const ks = find('Kustomization', 'argo-apps');
    const ids = (field(ks, 'status', 'inventory', 'entries') as { id: string }[]).map((e) =>
      parseInventoryId(e.id),
    );
    const entries = ids.filter((id) => id !== undefined);
    const tree = resourceTreeOf(model.view()).tree([
      ...entries,
      { group: 'apps', kind: 'Deployment', namespace: 'nowhere', name: 'absent' },
    ]);
    const report = model.report();
    const root = tree.find((n) => n.ref.kind === 'Application' && n.ref.name === 'apps-root');
    expect(root).toMatchObject({
      held: true,
      state: report.objects.find((o) => o.ref.kind === 'Application' && o.ref.name === 'apps-root')?.state,
    });
    expect(tree.at(-1)).toEqual({
      ref: { kind: 'Deployment', namespace: 'nowhere', name: 'absent' },
      group: 'apps',
      held: false,
      children: [],
    });
  });

  it('matches a resource by API group as well as kind and name', () => {
    const tree = resourceTreeOf(model.view()).tree([
      { group: 'extensions', kind: 'Deployment', namespace: 'team-a', name: 'payments-api' },
    ]);
    expect(tree[0]?.held).toBe(false);
  });
});

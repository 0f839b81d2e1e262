import { CommonComponents } from '@kinvolk/headlamp-plugin/lib';
import { Box, Typography } from '@mui/material';
import {
  type ClusterView,
  field,
  type ResourceEntry,
  type ResourceTree,
  type ResourceTreeNode,
  readArgoResources,
  resourceTreeOf,
} from '@strata/core';
import { Fragment, type ReactNode, useMemo } from 'react';
import { useClusterData } from '../cluster-data.ts';
import {
  type AppHistoryRow,
  type AppSourceRow,
  appHistoryOf,
  appSourcesOf,
  argoTone,
  type Cell,
  type ConditionRow,
  conditionsOf,
  essentialsOf,
  type HelmHistoryRow,
  helmHistoryOf,
  type InfoRow,
  inventoryOf,
  lastSyncOf,
  type SyncResourceRow,
} from '../essentials.ts';
import type { Picture } from '../picture.ts';
import { ObjectLink, RelativeTime, StateLabel } from './ObjectLink.tsx';

const Time = ({ at }: { at: string }) => <RelativeTime at={at} />;

function CellView({ cell, cluster }: { cell: Cell; cluster: string | undefined }) {
  if (typeof cell === 'string') return <>{cell}</>;
  if ('ref' in cell) return <ObjectLink refTo={cell.ref} {...(cluster === undefined ? {} : { cluster })} />;
  if ('time' in cell) return <Time at={cell.time} />;
  return <CommonComponents.StatusLabel status={cell.tone}>{cell.status}</CommonComponents.StatusLabel>;
}

function RowValue({ row, cluster }: { row: InfoRow; cluster: string | undefined }) {
  const cells: readonly Cell[] = Array.isArray(row.value) ? row.value : [row.value as Cell];
  return (
    <Box
      component="span"
      sx={{ display: 'inline-flex', gap: 1, flexWrap: 'wrap', alignItems: 'center' }}
      data-testid={`essential-${row.name}`}
    >
      {cells.map((cell, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a row's cells never reorder
        <Fragment key={i}>
          <CellView cell={cell} cluster={cluster} />
        </Fragment>
      ))}
    </Box>
  );
}

/** The kind's essentials, as rows of Headlamp's main info section (`extraInfo`). */
export function essentialInfo(
  jsonData: unknown,
  cluster: string | undefined,
): { name: string; value: ReactNode }[] {
  return essentialsOf(jsonData).map((row) => ({
    name: row.name,
    value: <RowValue row={row} cluster={cluster} />,
  }));
}

// ---- sections ----------------------------------------------------------------------------------

function Section({ title, id, children }: { title: string; id: string; children: ReactNode }) {
  return (
    <CommonComponents.SectionBox title={title}>
      <Box data-testid={id}>{children}</Box>
    </CommonComponents.SectionBox>
  );
}

export function ConditionsSection({ jsonData }: { jsonData: unknown }) {
  const conditions = conditionsOf(jsonData);
  return (
    <Section title="Conditions" id="conditions">
      <CommonComponents.SimpleTable
        data={conditions}
        emptyMessage="No conditions reported."
        columns={[
          { label: 'Type', getter: (c: ConditionRow) => c.type },
          { label: 'Status', getter: (c: ConditionRow) => c.status },
          { label: 'Reason', getter: (c: ConditionRow) => c.reason ?? '' },
          { label: 'Message', getter: (c: ConditionRow) => c.message ?? '' },
          {
            label: 'Since',
            getter: (c: ConditionRow) => (c.since === undefined ? '' : <Time at={c.since} />),
          },
        ]}
      />
    </Section>
  );
}

export function HelmHistorySection({ jsonData }: { jsonData: unknown }) {
  return (
    <Section title="Release history" id="helm-history">
      <CommonComponents.SimpleTable
        data={helmHistoryOf(jsonData)}
        emptyMessage="No Helm release recorded yet."
        columns={[
          { label: 'Revision', getter: (h: HelmHistoryRow) => h.version },
          { label: 'Chart', getter: (h: HelmHistoryRow) => h.chart },
          { label: 'App version', getter: (h: HelmHistoryRow) => h.appVersion ?? '' },
          { label: 'Status', getter: (h: HelmHistoryRow) => h.status },
          {
            label: 'Deployed',
            getter: (h: HelmHistoryRow) => (h.deployed === undefined ? '' : <Time at={h.deployed} />),
          },
        ]}
      />
    </Section>
  );
}

/** One snapshot's trees, kept with the picture they were read from. */
const trees = new WeakMap<Picture, ResourceTree>();

function treeOf(picture: Picture): ResourceTree {
  let tree = trees.get(picture);
  if (tree === undefined) {
    // A picture holds one immutable ClusterView.
    const view: ClusterView = picture.view;
    tree = resourceTreeOf(view);
    trees.set(picture, tree);
  }
  return tree;
}

interface TreeRow {
  readonly node: ResourceTreeNode;
  readonly depth: number;
  /** Argo CD's own sync status and health of a top-level resource, when it reports them. */
  readonly sync?: string;
  readonly argoHealth?: string;
}

function flatten(nodes: readonly ResourceTreeNode[], depth: number, out: TreeRow[]): TreeRow[] {
  for (const node of nodes) {
    out.push({ node, depth });
    flatten(node.children, depth + 1, out);
  }
  return out;
}

/**
 * The objects a GitOps object applies, each with strata's health (core's resourceTreeOf) and
 * what it controls indented below it.
 */
function ResourceTreeTable({
  entries,
  argo,
  cluster,
  emptyMessage,
}: {
  entries: readonly (ResourceEntry & { syncStatus?: string; health?: string })[];
  argo: boolean;
  cluster: string | undefined;
  emptyMessage: string;
}) {
  const data = useClusterData(cluster);
  const rows = useMemo(() => {
    if (data.picture === undefined) return undefined;
    const tree = treeOf(data.picture).tree(entries);
    const out: TreeRow[] = [];
    tree.forEach((node, i) => {
      const entry = entries[i]!;
      out.push({
        node,
        depth: 0,
        ...(entry.syncStatus === undefined ? {} : { sync: entry.syncStatus }),
        ...(entry.health === undefined ? {} : { argoHealth: entry.health }),
      });
      flatten(node.children, 1, out);
    });
    return out;
  }, [data.picture, entries]);
  if (rows === undefined && entries.length > 0)
    return <CommonComponents.Loader title="Reading the cluster" />;
  const c = cluster === undefined ? {} : { cluster };
  return (
    <CommonComponents.SimpleTable
      data={rows ?? []}
      emptyMessage={emptyMessage}
      columns={[
        {
          label: 'Object',
          getter: (r: TreeRow) => (
            <Box sx={{ pl: r.depth * 3 }} data-testid="tree-object" data-depth={r.depth}>
              {r.depth > 0 ? '└ ' : ''}
              <ObjectLink refTo={r.node.ref} {...c} />
            </Box>
          ),
        },
        ...(argo ? [{ label: 'Sync', getter: (r: TreeRow) => r.sync ?? '' }] : []),
        // Argo CD 3 keeps resource health in its app tree, not in the Application.
        ...(argo && entries.some((e) => e.health !== undefined)
          ? [
              {
                label: 'Argo CD health',
                getter: (r: TreeRow) =>
                  r.argoHealth === undefined ? (
                    ''
                  ) : (
                    <CommonComponents.StatusLabel status={argoTone(r.argoHealth)}>
                      {r.argoHealth}
                    </CommonComponents.StatusLabel>
                  ),
              },
            ]
          : []),
        {
          label: 'Health (strata)',
          getter: (r: TreeRow) => (
            <span data-testid="tree-health">
              {r.node.state !== undefined ? (
                <StateLabel state={r.node.state} />
              ) : r.node.held ? (
                '—'
              ) : (
                'not read'
              )}
            </span>
          ),
        },
        {
          label: 'Reason',
          getter: (r: TreeRow) => [r.node.reason, r.node.message].filter((t) => t !== undefined).join(': '),
        },
      ]}
    />
  );
}

export function InventorySection({ jsonData, cluster }: { jsonData: unknown; cluster: string | undefined }) {
  const entries = useMemo(() => inventoryOf(jsonData), [jsonData]);
  return (
    <Section title={`Inventory (${entries.length})`} id="inventory">
      <Typography color="text.secondary" sx={{ mb: 1 }}>
        What it applied (status.inventory); health as strata reads it; "not read" for kinds strata does not
        list.
      </Typography>
      <ResourceTreeTable
        entries={entries}
        argo={false}
        cluster={cluster}
        emptyMessage="No inventory reported."
      />
    </Section>
  );
}

export function AppSourcesSection({ jsonData }: { jsonData: unknown }) {
  return (
    <Section title="Sources" id="app-sources">
      <CommonComponents.SimpleTable
        data={appSourcesOf(jsonData)}
        emptyMessage="No source."
        columns={[
          { label: 'Repository', getter: (s: AppSourceRow) => s.repo },
          { label: 'Path / chart', getter: (s: AppSourceRow) => s.path },
          { label: 'Target revision', getter: (s: AppSourceRow) => s.targetRevision },
          { label: 'Synced revision', getter: (s: AppSourceRow) => s.syncedRevision ?? '' },
        ]}
      />
    </Section>
  );
}

export function AppResourcesSection({
  jsonData,
  cluster,
}: {
  jsonData: unknown;
  cluster: string | undefined;
}) {
  const entries = useMemo(() => readArgoResources(field(jsonData, 'status')), [jsonData]);
  return (
    <Section title={`Resources (${entries.length})`} id="app-resources">
      <ResourceTreeTable
        entries={entries}
        argo
        cluster={cluster}
        emptyMessage="Argo CD reports no resources."
      />
    </Section>
  );
}

export function AppLastSyncSection({
  jsonData,
  cluster,
}: {
  jsonData: unknown;
  cluster: string | undefined;
}) {
  const sync = lastSyncOf(jsonData);
  const c = cluster === undefined ? {} : { cluster };
  return (
    <Section title="Last sync" id="app-last-sync">
      {sync === undefined ? (
        <Typography>No sync has run.</Typography>
      ) : (
        <>
          <Box sx={{ display: 'flex', gap: 1, alignItems: 'center', flexWrap: 'wrap', mb: 1 }}>
            <CommonComponents.StatusLabel status={argoTone(sync.phase)}>
              {sync.phase}
            </CommonComponents.StatusLabel>
            {sync.revision === undefined ? null : <code>{sync.revision}</code>}
            <Typography component="span" color="text.secondary">
              by {sync.initiatedBy}
              {sync.retries === undefined ? '' : `, retried ${sync.retries} times`}
            </Typography>
            {sync.finishedAt !== undefined ? (
              <Typography component="span" color="text.secondary">
                finished <Time at={sync.finishedAt} />
              </Typography>
            ) : sync.startedAt !== undefined ? (
              <Typography component="span" color="text.secondary">
                started <Time at={sync.startedAt} />
              </Typography>
            ) : null}
          </Box>
          {sync.message === undefined ? null : (
            <Typography sx={{ fontFamily: 'monospace', whiteSpace: 'pre-wrap', mb: 1 }}>
              {sync.message}
            </Typography>
          )}
          {sync.resources.length === 0 ? null : (
            <CommonComponents.SimpleTable
              data={[...sync.resources]}
              columns={[
                { label: 'Object', getter: (r: SyncResourceRow) => <ObjectLink refTo={r.ref} {...c} /> },
                { label: 'Result', getter: (r: SyncResourceRow) => r.status },
                { label: 'Message', getter: (r: SyncResourceRow) => r.message ?? '' },
              ]}
            />
          )}
        </>
      )}
    </Section>
  );
}

export function AppHistorySection({ jsonData }: { jsonData: unknown }) {
  return (
    <Section title="Sync history" id="app-history">
      <CommonComponents.SimpleTable
        data={appHistoryOf(jsonData)}
        emptyMessage="Nothing deployed yet."
        columns={[
          { label: 'ID', getter: (h: AppHistoryRow) => h.id },
          { label: 'Revision', getter: (h: AppHistoryRow) => h.revision },
          { label: 'Initiated by', getter: (h: AppHistoryRow) => h.initiatedBy },
          {
            label: 'Deployed',
            getter: (h: AppHistoryRow) => (h.deployedAt === undefined ? '' : <Time at={h.deployedAt} />),
          },
        ]}
      />
    </Section>
  );
}

/** Kinds that may keep a `status.inventory` (a HelmRelease since helm-controller 1.5). */
const INVENTORY_KINDS: ReadonlySet<string> = new Set([
  'Kustomization',
  'HelmRelease',
  'FluxInstance',
  'ResourceSet',
]);

/** The kind's sections on strata's page for the object (DetailsGrid `extraSections`). */
export function KindSections({ jsonData, cluster }: { jsonData: unknown; cluster: string | undefined }) {
  const kind = (jsonData as { kind?: unknown } | null)?.kind;
  const c = { jsonData, cluster };
  if (kind === 'Application') {
    return (
      <>
        <AppSourcesSection jsonData={jsonData} />
        <AppResourcesSection {...c} />
        <AppLastSyncSection {...c} />
        <AppHistorySection jsonData={jsonData} />
        <ConditionsSection jsonData={jsonData} />
      </>
    );
  }
  return (
    <>
      <ConditionsSection jsonData={jsonData} />
      {kind === 'HelmRelease' ? <HelmHistorySection jsonData={jsonData} /> : null}
      {kind === 'Kustomization' ||
      (typeof kind === 'string' &&
        INVENTORY_KINDS.has(kind) &&
        field(jsonData, 'status', 'inventory') !== undefined) ? (
        <InventorySection {...c} />
      ) : null}
    </>
  );
}

import { CommonComponents } from '@kinvolk/headlamp-plugin/lib';
import { Box, TextField } from '@mui/material';
import { field, formatRef, type ReportObject, stateWord, type Tool } from '@strata/core';
import { Fragment, useMemo, useState } from 'react';
import { revisionOf } from '../essentials.ts';
import { nearestManagers, objectsOf, type Picture, refKey, TOOL_LABEL } from '../picture.ts';
import { NotReadySince, ObjectLink, RelativeTime, StateLabel } from './ObjectLink.tsx';

interface ListRow {
  readonly object: ReportObject;
  readonly created?: string;
  readonly revision: string;
  readonly suspended: boolean;
  readonly managers: ReturnType<typeof nearestManagers>;
}

/**
 * Whether a row matches the filter box: a state word (`failing`, `ready`, …) matches the state
 * only, so `ready` does not keep a failing row whose message says "not ready"; any other text
 * matches kind, namespace, name, reason, revision, root causes or managers (case-insensitive).
 */
export function rowMatches(row: ListRow, filter: string): boolean {
  const text = filter.trim().toLowerCase();
  if (text === '') return true;
  const state = stateWord(text);
  if (state !== undefined) return row.object.state === state;
  const { ref, reason, rootCauses } = row.object;
  return [
    ref.kind,
    ref.namespace ?? '',
    ref.name,
    reason ?? '',
    row.revision,
    ...rootCauses.map(formatRef),
    ...row.managers.managers.map((m) => m.text),
  ].some((cell) => cell.toLowerCase().includes(text));
}

function rowsOf(picture: Picture, tool: Tool): ListRow[] {
  return objectsOf(picture, tool).map((object) => {
    const node = picture.view.node(object.ref);
    const raw = node?.object.raw;
    const created = field(raw, 'metadata', 'creationTimestamp');
    return {
      object,
      ...(typeof created === 'string' ? { created } : {}),
      revision: raw === undefined ? '' : revisionOf(raw),
      // Core's reading: Flux's spec.suspend (and flux-operator's), an Argo CD state of suspended.
      suspended: node?.flux?.suspended === true || object.state === 'suspended',
      managers: raw === undefined ? { managers: [], conflict: '' } : nearestManagers(picture, raw),
    };
  });
}

/**
 * Flux objects or Argo CD applications with state, how long not ready, reason, root cause,
 * revision, age, suspension and manager; a filter box above. Each object links to strata's page
 * for it.
 */
export function ObjectList({ picture, tool, cluster }: { picture: Picture; tool: Tool; cluster?: string }) {
  const c = cluster === undefined ? {} : { cluster };
  const [filter, setFilter] = useState('');
  const all = useMemo(() => rowsOf(picture, tool), [picture, tool]);
  const rows = useMemo(() => all.filter((r) => rowMatches(r, filter)), [all, filter]);
  const rootStates = new Map(picture.report.rootCauses.map((r) => [refKey(r.ref), r.state]));
  return (
    <CommonComponents.SectionBox title={tool === 'flux' ? 'Flux objects' : 'Argo CD applications'}>
      {picture.served[tool] ? null : <p>{TOOL_LABEL[tool]} is not installed on this cluster.</p>}
      <Box sx={{ display: 'flex', gap: 2, alignItems: 'center', mb: 1 }}>
        <TextField
          size="small"
          label="Filter"
          placeholder="name, kind, namespace, reason, or a state (failing, ready, …)"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          sx={{ minWidth: 360 }}
          inputProps={{ 'data-testid': 'list-filter', 'aria-label': 'Filter' }}
        />
        <span data-testid="list-count">
          {rows.length === all.length ? `${all.length} objects` : `${rows.length} of ${all.length}`}
        </span>
      </Box>
      <CommonComponents.SimpleTable
        data={rows}
        emptyMessage={filter === '' ? 'No objects.' : 'Nothing matches the filter.'}
        columns={[
          { label: 'Kind', getter: (r: ListRow) => r.object.ref.kind },
          { label: 'Namespace', getter: (r: ListRow) => r.object.ref.namespace ?? '' },
          {
            label: 'Name',
            getter: (r: ListRow) => <ObjectLink refTo={r.object.ref} text={r.object.ref.name} {...c} />,
          },
          { label: 'State', getter: (r: ListRow) => <StateLabel state={r.object.state} /> },
          {
            label: 'Not ready for',
            getter: (r: ListRow) =>
              r.object.since === undefined ? '' : <NotReadySince since={r.object.since} />,
          },
          { label: 'Reason', getter: (r: ListRow) => r.object.reason ?? '' },
          {
            label: 'Root cause',
            getter: (r: ListRow) =>
              r.object.rootCauses.map((root) => (
                <div key={refKey(root)}>
                  <ObjectLink refTo={root} state={rootStates.get(refKey(root))} {...c} />
                </div>
              )),
          },
          {
            label: 'Revision',
            getter: (r: ListRow) => (
              <Box
                component="span"
                title={r.revision}
                sx={{ display: 'inline-block', maxWidth: 220, overflow: 'hidden', textOverflow: 'ellipsis' }}
                data-testid="revision"
              >
                {r.revision}
              </Box>
            ),
          },
          { label: 'Suspended', getter: (r: ListRow) => (r.suspended ? 'yes' : '') },
          {
            label: 'Managed by',
            getter: (r: ListRow) => (
              <span data-testid="list-managed-by">
                {r.managers.managers.map((m, i) => (
                  <Fragment key={m.text}>
                    {i > 0 ? ', ' : ''}
                    {m.type === 'helm' ? m.text : <ObjectLink refTo={m.ref} {...c} />}
                  </Fragment>
                ))}
                {r.managers.conflict}
              </span>
            ),
          },
          {
            label: 'Age',
            getter: (r: ListRow) =>
              r.created === undefined ? '' : <RelativeTime at={r.created} testId="age" />,
          },
        ]}
      />
    </CommonComponents.SectionBox>
  );
}

/** @jsxRuntime automatic @jsxImportSource react */
/** `:rootcauses`: the roots ranked by blast radius; Enter opens a root's chain. */
import type { Sort } from '../app-state.ts';
import { type Column, Table } from '../table.tsx';
import { STATE_COLOUR } from '../theme.ts';
import type { RootRow } from '../view-models/root-causes.ts';
import { layerColumn, stateColumn } from './columns.ts';

const COLUMNS: readonly Column<RootRow>[] = [
  { id: 'rank', title: '#', text: (r) => String(r.rank), align: 'right', max: 4 },
  {
    id: 'root',
    title: 'ROOT CAUSE',
    text: (r) => r.label,
    colour: (r) => STATE_COLOUR[r.state],
    max: 56,
    min: 20,
    keep: true,
    sort: 'name',
  },
  layerColumn(),
  stateColumn(),
  { id: 'reason', title: 'REASON', text: (r) => r.reason, max: 26, min: 10, sort: 'reason' },
  { id: 'since', title: 'SINCE', text: (r) => r.since, align: 'right', max: 7, sort: 'age' },
  {
    id: 'blocks',
    title: 'BLOCKS',
    text: (r) => (r.blocks === 0 ? '-' : `blocks ${r.blocks}`),
    colour: (r) => (r.blocks > 0 ? 'red' : 'gray'),
    max: 11,
    min: 8,
    sort: 'blocks',
  },
  { id: 'message', title: 'MESSAGE', text: (r) => r.message, flex: true, min: 20, sort: 'message' },
];

export interface RootCausesViewProps {
  readonly rows: readonly RootRow[];
  readonly cursor: number;
  readonly top: number;
  readonly height: number;
  readonly width: number;
  readonly sort: Sort | undefined;
  readonly filtered: boolean;
  /** The namespace scope (`all` for none). */
  readonly namespace: string;
}

export function RootCausesView(props: RootCausesViewProps) {
  return (
    <Table
      columns={COLUMNS}
      rows={props.rows}
      cursor={props.cursor}
      top={props.top}
      height={props.height}
      width={props.width}
      sort={props.sort}
      empty={
        props.filtered
          ? 'No root cause matches the filter (esc clears it).'
          : props.namespace === 'all'
            ? 'No root causes: every object is ready. :layers shows the overview.'
            : `No root cause reaches namespace ${props.namespace} (by the root, what it blocks or its evidence). 0 shows all namespaces.`
      }
    />
  );
}

/** @jsxRuntime automatic @jsxImportSource react */
/** `:rootcauses`: the roots ranked by blast radius; Enter opens a root's chain. */
import { type Column, Table, type TableProps } from '../table.tsx';
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

/** The table's window and sort, as the app places it; the view picks the columns and the empty text. */
export interface RootCausesViewProps extends Omit<TableProps<RootRow>, 'columns' | 'empty'> {
  readonly filtered: boolean;
  /** The namespace scope (`all` for none). */
  readonly namespace: string;
}

export function RootCausesView(props: RootCausesViewProps) {
  const { filtered, namespace, ...table } = props;
  return (
    <Table
      {...table}
      columns={COLUMNS}
      empty={
        filtered
          ? 'No root cause matches the filter (esc clears it).'
          : namespace === 'all'
            ? 'No root causes: every object is ready. :layers shows the overview.'
            : `No root cause reaches namespace ${namespace} (by the root, what it blocks or its evidence). 0 shows all namespaces.`
      }
    />
  );
}

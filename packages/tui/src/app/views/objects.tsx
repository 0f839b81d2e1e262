/** @jsxRuntime automatic @jsxImportSource react */
/** The kind tables (`:ks`, `:hr`, `:sources`, `:apps`, … `:all`): NAMESPACE NAME LAYER STATE REASON ROOT CAUSE AGE MESSAGE. */
import type { Sort } from '../app-state.ts';
import { type Column, Table, type TableProps } from '../table.tsx';
import { STATE_COLOUR } from '../theme.ts';
import type { ObjectRow } from '../view-models/objects-table.ts';
import { layerColumn, stateColumn } from './columns.ts';

const KIND: Column<ObjectRow> = { id: 'kind', title: 'KIND', text: (r) => r.kind, max: 16, sort: 'kind' };

const COLUMNS: readonly Column<ObjectRow>[] = [
  { id: 'namespace', title: 'NAMESPACE', text: (r) => r.namespace, max: 20, keep: true, sort: 'namespace' },
  {
    id: 'name',
    title: 'NAME',
    text: (r) => r.name,
    colour: (r) => STATE_COLOUR[r.state],
    max: 36,
    keep: true,
    sort: 'name',
  },
  layerColumn(),
  stateColumn(),
  { id: 'reason', title: 'REASON', text: (r) => r.reason, max: 22, min: 10, sort: 'reason' },
  {
    id: 'root',
    title: 'ROOT CAUSE',
    text: (r) => r.rootCause,
    colour: (r) => (r.rootCause === '' ? undefined : r.rootCause.startsWith('itself') ? 'red' : 'magenta'),
    max: 40,
    min: 12,
    sort: 'rootCause',
  },
  { id: 'age', title: 'AGE', text: (r) => r.age, align: 'right', max: 6, sort: 'age' },
  { id: 'message', title: 'MESSAGE', text: (r) => r.message, flex: true, min: 16, sort: 'message' },
];

const MIXED_COLUMNS: readonly Column<ObjectRow>[] = [COLUMNS[0]!, KIND, ...COLUMNS.slice(1)];

/** `:pods`: no layer or root cause of their own; the message says ready containers and restarts. */
const POD_COLUMNS: readonly Column<ObjectRow>[] = COLUMNS.filter((c) => c.id !== 'layer' && c.id !== 'root');

/** The table's window and sort, as the app places it; the view picks the columns and the empty text. */
export interface ObjectsViewProps extends Omit<TableProps<ObjectRow>, 'columns' | 'empty'> {
  readonly mixed: boolean;
  /** The Pods of `:pods`, whose columns differ. */
  readonly pods?: boolean;
  readonly sort: Sort;
  readonly filtered: boolean;
}

export function ObjectsView(props: ObjectsViewProps) {
  const { mixed, pods, filtered, ...table } = props;
  return (
    <Table
      {...table}
      columns={pods === true ? POD_COLUMNS : mixed ? MIXED_COLUMNS : COLUMNS}
      empty={filtered ? 'No object matches the filter (esc clears it).' : 'No objects of this kind in scope.'}
    />
  );
}

/** @jsxRuntime automatic @jsxImportSource react */
/**
 * A windowed table: only the rows in view are rendered, so ten thousand rows scroll as fast as
 * ten. Column widths are measured once per set of rows; the flexible column (MESSAGE) takes
 * what is left of the terminal's width.
 */
import { Box, Text } from 'ink';
import { useMemo } from 'react';
import type { Sort } from './app-state.ts';
import type { SortColumn } from './keymap.ts';
import type { Colour } from './theme.ts';
import { fit, width as textWidth } from './view-models/format.ts';

export interface Column<T> {
  readonly id: string;
  readonly title: string;
  readonly text: (row: T) => string;
  readonly colour?: (row: T) => Colour | undefined;
  readonly align?: 'left' | 'right';
  /** Widest the column grows to; the flexible column ignores it. */
  readonly max?: number;
  /** Narrowest it gives way to when the row does not fit (the flexible column's width at least). */
  readonly min?: number;
  /** Takes the width left over. */
  readonly flex?: boolean;
  /** Narrowed last when the row does not fit (the object's name). */
  readonly keep?: boolean;
  /** The sort key of this column, shown with an arrow when it is the sort. */
  readonly sort?: SortColumn;
}

/**
 * The width of each column for these rows in `total` columns (one space between columns). When
 * the row does not fit, columns give way in this order: the plain columns down to their `min`,
 * the flexible one down to 8, the kept ones (names) down to their `min`, then everything.
 */
export function layoutColumns<T>(columns: readonly Column<T>[], rows: readonly T[], total: number): number[] {
  const natural = columns.map((column) => {
    if (column.flex === true) return column.min ?? 8;
    let widest = textWidth(column.title) + 1;
    for (const row of rows) {
      const size = textWidth(column.text(row));
      if (size > widest) widest = size;
    }
    return Math.min(widest, column.max ?? widest);
  });
  const gaps = columns.length - 1;
  const flexIndex = columns.findIndex((c) => c.flex === true);
  const fixed = natural.reduce((sum, w, i) => (i === flexIndex ? sum : sum + w), 0);
  const widths = [...natural];
  if (flexIndex >= 0) widths[flexIndex] = Math.max(natural[flexIndex]!, total - fixed - gaps);
  let over = widths.reduce((a, b) => a + b, 0) + gaps - total;
  const shrink = (eligible: (i: number) => boolean, floor: (i: number) => number) => {
    while (over > 0) {
      let widest = -1;
      widths.forEach((w, i) => {
        if (!eligible(i) || w <= floor(i)) return;
        if (widest < 0 || w > widths[widest]!) widest = i;
      });
      if (widest < 0) return;
      widths[widest] = widths[widest]! - 1;
      over--;
    }
  };
  const isPlain = (i: number) => i !== flexIndex && columns[i]!.keep !== true;
  shrink(isPlain, (i) => Math.min(natural[i]!, columns[i]!.min ?? 4));
  shrink(
    (i) => i === flexIndex,
    () => 8,
  );
  shrink(
    (i) => columns[i]!.keep === true,
    (i) => Math.min(natural[i]!, columns[i]!.min ?? 12),
  );
  shrink(
    () => true,
    () => 1,
  );
  return widths;
}

export interface TableProps<T> {
  readonly columns: readonly Column<T>[];
  readonly rows: readonly T[];
  readonly cursor: number;
  readonly top: number;
  readonly height: number;
  readonly width: number;
  readonly sort?: Sort | undefined;
  readonly empty?: string;
}

export function Table<T>(props: TableProps<T>) {
  const { columns, rows, cursor, top, height, width, sort } = props;
  const widths = useMemo(() => layoutColumns(columns, rows, width), [columns, rows, width]);
  const bodyHeight = Math.max(0, height - 1);
  const visible = rows.slice(top, top + bodyHeight);
  const header = columns
    .map((column, i) => {
      const arrow = sort !== undefined && column.sort === sort.column ? (sort.descending ? '↓' : '↑') : '';
      return fit(`${column.title}${arrow}`, widths[i]!, column.align);
    })
    .join(' ');
  return (
    <Box flexDirection="column" height={height} width={width}>
      <Text bold color="cyan" wrap="truncate-end">
        {fit(header, width)}
      </Text>
      {visible.length === 0 ? (
        <Text color="gray" wrap="truncate-end">
          {fit(props.empty ?? 'Nothing to show.', width)}
        </Text>
      ) : (
        visible.map((row, i) => {
          const index = top + i;
          const selected = index === cursor;
          return (
            <Text key={index} inverse={selected} wrap="truncate-end">
              {columns.map((column, c) => {
                const cell = fit(column.text(row), widths[c]!, column.align);
                const colour = column.colour?.(row);
                const gap = c === columns.length - 1 ? '' : ' ';
                return (
                  <Text key={column.id} {...(colour === undefined ? {} : { color: colour })}>
                    {cell}
                    {gap}
                  </Text>
                );
              })}
            </Text>
          );
        })
      )}
    </Box>
  );
}

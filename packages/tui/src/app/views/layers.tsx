/** @jsxRuntime automatic @jsxImportSource react */
/**
 * `:layers`: Flux's platform objects and Argo CD's applications side by side, the boundary
 * between the layers below them, and the namespaces grouped by the tool that owns them. Tab (or
 * h / l) moves the cursor between the Flux column, the Argo CD column and the boundary.
 */
import { Box, Text } from 'ink';
import { Tree } from '../tree.tsx';
import { clip, fit, oneLine } from '../view-models/format.ts';
import type { LayersView as Layers } from '../view-models/layers.ts';
import type { TreeLine } from '../view-models/tree-lines.ts';

export interface LayersViewProps {
  readonly layers: Layers;
  readonly columns: readonly (readonly TreeLine[])[];
  readonly column: number;
  readonly cursor: number;
  readonly top: number;
  readonly height: number;
  readonly width: number;
}

/** Rows the lower part (boundary, namespaces) takes, so the app can size the columns' window. */
export function layersBottomHeight(layers: Layers, height: number): number {
  const boundary = Math.min(Math.max(1, layers.boundary.length), 4) + 1;
  const namespaces = layers.namespaces.length + 1;
  return Math.min(boundary + namespaces, Math.max(0, Math.floor(height / 2)));
}

export function columnsHeight(layers: Layers, height: number): number {
  return Math.max(1, height - layersBottomHeight(layers, height) - 1);
}

function Title(props: { readonly text: string; readonly active: boolean; readonly width: number }) {
  return (
    <Text bold {...(props.active ? { inverse: true, color: 'cyan' } : { color: 'cyan' })} wrap="truncate-end">
      {fit(props.text, props.width)}
    </Text>
  );
}

/** The three cursor columns, by index: Flux, Argo CD, the boundary. */
const COLUMNS = [
  { title: 'FLUX — platform', empty: 'No Flux objects in scope.' },
  { title: 'ARGO CD — applications', empty: 'No Argo CD objects in scope.' },
  {
    title: 'BOUNDARY — where one layer manages the other',
    empty: 'No object of one layer manages the other.',
  },
] as const;

/** A cursor column: its title, then its lines (the cursor shows in the selected column). */
function Column(props: {
  readonly index: 0 | 1 | 2;
  readonly lines: readonly TreeLine[];
  readonly selected: Pick<LayersViewProps, 'column' | 'cursor' | 'top'>;
  readonly height: number;
  readonly width: number;
}) {
  const { column, cursor, top } = props.selected;
  const { title, empty } = COLUMNS[props.index];
  const active = column === props.index;
  return (
    <>
      <Title text={title} active={active} width={props.width} />
      <Tree
        lines={props.lines}
        cursor={cursor}
        top={active ? top : 0}
        height={props.height}
        width={props.width}
        showCursor={active}
        empty={empty}
      />
    </>
  );
}

export function LayersView(props: LayersViewProps) {
  const { layers, columns, column, cursor, top, height, width } = props;
  const bottom = layersBottomHeight(layers, height);
  const listHeight = columnsHeight(layers, height);
  const half = Math.floor((width - 3) / 2);
  const [flux = [], argo = [], boundary = []] = columns;
  const boundaryHeight = Math.min(Math.max(1, layers.boundary.length), 4);
  const namespaceLines = Math.max(0, bottom - boundaryHeight - 2);
  const selected = { column, cursor, top };
  return (
    <Box flexDirection="column" height={height} width={width}>
      <Box flexDirection="row" height={listHeight + 1}>
        <Box flexDirection="column" width={half}>
          <Column index={0} lines={flux} selected={selected} height={listHeight} width={half} />
        </Box>
        <Box flexDirection="column" width={3}>
          <Text color="gray">{' │ '}</Text>
        </Box>
        <Box flexDirection="column" width={width - half - 3}>
          <Column index={1} lines={argo} selected={selected} height={listHeight} width={width - half - 3} />
        </Box>
      </Box>
      {bottom > 0 ? (
        <Box flexDirection="column" height={bottom}>
          <Column index={2} lines={boundary} selected={selected} height={boundaryHeight} width={width} />
          {namespaceLines > 0 ? (
            <Text bold color="cyan" wrap="truncate-end">
              {fit('NAMESPACES — by the tool that owns what is in them', width)}
            </Text>
          ) : null}
          {layers.namespaces.slice(0, namespaceLines).map((group) => (
            <Text key={group.layer} wrap="truncate-end">
              <Text bold>{fit(`${group.title}:`, 18)}</Text>
              <Text>{clip(group.names.map(oneLine).join('  '), Math.max(1, width - 18))}</Text>
            </Text>
          ))}
        </Box>
      ) : null}
    </Box>
  );
}

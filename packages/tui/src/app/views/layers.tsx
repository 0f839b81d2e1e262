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

export function LayersView(props: LayersViewProps) {
  const { layers, columns, column, cursor, top, height, width } = props;
  const bottom = layersBottomHeight(layers, height);
  const listHeight = columnsHeight(layers, height);
  const half = Math.floor((width - 3) / 2);
  const [flux = [], argo = [], boundary = []] = columns;
  const boundaryHeight = Math.min(Math.max(1, layers.boundary.length), 4);
  const namespaceLines = Math.max(0, bottom - boundaryHeight - 2);
  return (
    <Box flexDirection="column" height={height} width={width}>
      <Box flexDirection="row" height={listHeight + 1}>
        <Box flexDirection="column" width={half}>
          <Title text="FLUX — platform" active={column === 0} width={half} />
          <Tree
            lines={flux}
            cursor={cursor}
            top={column === 0 ? top : 0}
            height={listHeight}
            width={half}
            showCursor={column === 0}
            empty="No Flux objects in scope."
          />
        </Box>
        <Box flexDirection="column" width={3}>
          <Text color="gray">{' │ '}</Text>
        </Box>
        <Box flexDirection="column" width={width - half - 3}>
          <Title text="ARGO CD — applications" active={column === 1} width={width - half - 3} />
          <Tree
            lines={argo}
            cursor={cursor}
            top={column === 1 ? top : 0}
            height={listHeight}
            width={width - half - 3}
            showCursor={column === 1}
            empty="No Argo CD objects in scope."
          />
        </Box>
      </Box>
      {bottom > 0 ? (
        <Box flexDirection="column" height={bottom}>
          <Title text="BOUNDARY — where one layer manages the other" active={column === 2} width={width} />
          <Tree
            lines={boundary}
            cursor={cursor}
            top={column === 2 ? top : 0}
            height={boundaryHeight}
            width={width}
            showCursor={column === 2}
            empty="No object of one layer manages the other."
          />
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

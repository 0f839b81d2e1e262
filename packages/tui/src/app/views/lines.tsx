/** @jsxRuntime automatic @jsxImportSource react */
/** The line views: chain, dependency tree, owner, describe, YAML, events and help. */
import { Tree } from '../tree.tsx';
import type { TreeLine } from '../view-models/tree-lines.ts';

export interface LinesViewProps {
  readonly lines: readonly TreeLine[];
  readonly cursor: number;
  readonly top: number;
  readonly height: number;
  readonly width: number;
  readonly scrollOnly: boolean;
  readonly filtered: boolean;
}

export function LinesView(props: LinesViewProps) {
  return (
    <Tree
      lines={props.lines}
      cursor={props.cursor}
      top={props.top}
      height={props.height}
      width={props.width}
      showCursor={!props.scrollOnly}
      empty={props.filtered ? 'No line matches the filter (esc clears it).' : 'Nothing to show.'}
    />
  );
}

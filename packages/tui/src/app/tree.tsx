/** @jsxRuntime automatic @jsxImportSource react */
/**
 * A windowed list of tree lines (chain, dependency tree, owner, overview columns, text views):
 * tree glyphs (red on a path to something not ready), the object coloured by its state, its
 * state and reason, and dim detail. Only the lines in view are rendered.
 */
import { Box, Text } from 'ink';
import { STATE_COLOUR, TONE_COLOUR } from './theme.ts';
import { clip, width as textWidth } from './view-models/format.ts';
import type { TreeLine } from './view-models/tree-lines.ts';

export interface TreeProps {
  readonly lines: readonly TreeLine[];
  readonly cursor: number;
  readonly top: number;
  readonly height: number;
  readonly width: number;
  /** Draw the cursor (text views scroll without one). */
  readonly showCursor: boolean;
  readonly empty?: string;
}

interface Segment {
  readonly text: string;
  readonly colour?: string;
  readonly bold?: boolean;
  readonly dim?: boolean;
}

/** The segments of one line, cut to `width` columns. */
export function lineSegments(line: TreeLine, width: number): Segment[] {
  const stateColour = line.state === undefined ? undefined : STATE_COLOUR[line.state];
  const toneColour = line.tone === undefined ? undefined : TONE_COLOUR[line.tone];
  const raw: Segment[] = [];
  if (line.prefix !== '') raw.push({ text: line.prefix, colour: line.hot === true ? 'red' : 'gray' });
  if (line.lead !== undefined && line.lead !== '') raw.push({ text: `${line.lead} `, colour: 'gray' });
  raw.push({
    text: line.label,
    ...((stateColour ?? toneColour) === undefined ? {} : { colour: (stateColour ?? toneColour)! }),
    ...(line.tone === 'heading' ? { bold: true } : {}),
  });
  if (line.badge !== undefined && line.badge !== '') {
    raw.push({ text: `  ${line.badge}`, ...(stateColour === undefined ? {} : { colour: stateColour }) });
  }
  if (line.note !== undefined && line.note !== '') raw.push({ text: `  ${line.note}`, colour: 'gray' });
  if (line.detail !== undefined && line.detail !== '') {
    raw.push({ text: `  ${line.detail}`, ...(line.tone === 'key' ? {} : { colour: 'gray' }) });
  }
  const segments: Segment[] = [];
  let left = width;
  for (const segment of raw) {
    if (left <= 0) break;
    const size = textWidth(segment.text);
    if (size <= left) {
      segments.push(segment);
      left -= size;
    } else {
      segments.push({ ...segment, text: clip(segment.text, left) });
      left = 0;
    }
  }
  if (left > 0) segments.push({ text: ' '.repeat(left) });
  return segments;
}

export function Tree(props: TreeProps) {
  const { lines, cursor, top, height, width, showCursor } = props;
  const visible = lines.slice(top, top + height);
  if (visible.length === 0) {
    return (
      <Box height={height} width={width}>
        <Text color="gray">{clip(props.empty ?? 'Nothing to show.', width)}</Text>
      </Box>
    );
  }
  return (
    <Box flexDirection="column" height={height} width={width}>
      {visible.map((line, i) => {
        const index = top + i;
        return (
          <Text key={line.key} inverse={showCursor && index === cursor} wrap="truncate-end">
            {lineSegments(line, width).map((segment, s) => (
              <Text
                // biome-ignore lint/suspicious/noArrayIndexKey: segments of one line never reorder
                key={s}
                {...(segment.colour === undefined ? {} : { color: segment.colour })}
                {...(segment.bold === true ? { bold: true } : {})}
              >
                {segment.text}
              </Text>
            ))}
          </Text>
        );
      })}
    </Box>
  );
}

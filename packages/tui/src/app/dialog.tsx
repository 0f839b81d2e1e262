/** @jsxRuntime automatic @jsxImportSource react */
/** The confirmation asked before any action: what will be patched, y / Enter to go, n / Esc not to. */
import { Box, Text } from 'ink';
import type { PendingAction } from './app-state.ts';
import { clip } from './view-models/format.ts';

export const DIALOG_HEIGHT = 5;

export function ConfirmDialog(props: {
  readonly pending: PendingAction;
  readonly width: number;
  readonly demo: boolean;
}) {
  const { pending, width } = props;
  const inner = Math.max(10, width - 4);
  return (
    <Box
      flexDirection="column"
      borderStyle="round"
      borderColor="yellow"
      width={width}
      height={DIALOG_HEIGHT}
      paddingX={1}
    >
      <Text bold color="yellow" wrap="truncate-end">
        {clip(`${pending.action}? ${pending.summary}`, inner)}
      </Text>
      <Text wrap="truncate-end" color="gray">
        {clip(
          props.demo
            ? 'The built-in demo cluster will take the patch (nothing real is touched).'
            : 'strata will send this patch to the cluster now.',
          inner,
        )}
      </Text>
      <Text wrap="truncate-end">
        <Text bold color="green">
          [y/enter] yes
        </Text>
        <Text> </Text>
        <Text bold color="red">
          [n/esc] no
        </Text>
      </Text>
    </Box>
  );
}

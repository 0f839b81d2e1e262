/** @jsxRuntime automatic @jsxImportSource react */
/**
 * The confirmation asked before any action: what will be patched, and its choices, each picked by
 * its own key (`y` for the plain one); n / Esc cancels. Enter alone picks nothing: a mutating
 * dialog wants an explicit key, as k9s's does.
 */
import { Box, Text } from 'ink';
import type { PendingAction } from './app-state.ts';
import { clip } from './view-models/format.ts';

export const DIALOG_HEIGHT = 6;

/** The line of choices and toggles: `[y] reconcile  [x] reset and retry  [p] prune: off  [n/esc] cancel`. */
export function choicesLine(pending: PendingAction): string {
  const choices = pending.choices.map((c) => `[${c.key}] ${c.label}`);
  const toggles = pending.toggles.map(
    (t) => `[${t.key}] ${t.label}: ${pending.switched[t.option] === true ? 'on' : 'off'}`,
  );
  return [...choices, ...toggles, '[n/esc] cancel'].join('  ');
}

export function ConfirmDialog(props: {
  readonly pending: PendingAction;
  readonly width: number;
  readonly demo: boolean;
}) {
  const { pending, width } = props;
  const inner = Math.max(10, width - 4);
  const hint = pending.choices.find((c) => c.hint !== undefined)?.hint;
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
      <Text wrap="truncate-end" color="cyan">
        {clip(hint === undefined ? ' ' : `⚠ ${hint}`, inner)}
      </Text>
      <Text wrap="truncate-end" bold>
        {clip(choicesLine(pending), inner)}
      </Text>
    </Box>
  );
}

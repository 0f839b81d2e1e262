/** @jsxRuntime automatic @jsxImportSource react */
/**
 * The bottom line: the `:` / `/` prompt (with the completion Tab would give), or the last
 * message, or the keys that apply here.
 */
import { Box, Text } from 'ink';
import type { AppState } from './app-state.ts';
import { completions } from './commands.ts';
import { parseFilter } from './filter.ts';
import { clip } from './view-models/format.ts';

export const FOOTER_HEIGHT = 1;

export interface CommandLineProps {
  readonly state: AppState;
  readonly now: number;
  readonly width: number;
  readonly hints: string;
}

function Prompt(props: { readonly state: AppState; readonly width: number }) {
  const { state, width } = props;
  const sigil = state.mode === 'command' ? ':' : '/';
  let hint = '';
  if (state.mode === 'command') {
    const options = completions(state.input);
    if (options.length > 0) hint = `  tab: ${options.slice(0, 6).join(' ')}${options.length > 6 ? ' …' : ''}`;
    else if (state.input === '') hint = '  a command (rootcauses, layers, hr, ks, apps, …); esc cancels';
  } else {
    const filter = parseFilter(state.input);
    hint =
      filter.kind === 'invalid'
        ? `  ${filter.error}`
        : state.input === ''
          ? '  text, /regex/, -l key=value, !text; enter keeps it, esc clears'
          : '';
  }
  return (
    <Text wrap="truncate-end">
      <Text color="cyan" bold>
        {sigil}
      </Text>
      <Text>{clip(state.input, Math.max(1, width - 4))}</Text>
      <Text inverse> </Text>
      <Text color="gray">{clip(hint, Math.max(0, width - state.input.length - 3))}</Text>
    </Text>
  );
}

/** Always shown, however narrow the terminal: the way to every other key, and the way out. */
const HINTS_TAIL = '? help  q quit';

/** The hints cut to the width, the cut made before `? help  q quit` rather than through it. */
export function fitHints(hints: string, width: number): string {
  if (!hints.endsWith(HINTS_TAIL) || hints.length <= width) return clip(hints, width);
  const body = hints.slice(0, -HINTS_TAIL.length).trimEnd();
  const room = width - HINTS_TAIL.length - 2;
  return room < 8 ? clip(HINTS_TAIL, width) : `${clip(body, room)}  ${HINTS_TAIL}`;
}

export function CommandLine(props: CommandLineProps) {
  const { state, now, width } = props;
  const prompting = state.mode === 'command' || state.mode === 'filter';
  const flash = state.flash !== undefined && state.flash.until > now ? state.flash : undefined;
  return (
    <Box flexDirection="column" width={width} height={FOOTER_HEIGHT}>
      {prompting ? (
        <Prompt state={state} width={width} />
      ) : flash !== undefined ? (
        <Text
          wrap="truncate-end"
          color={flash.level === 'error' ? 'red' : flash.level === 'warning' ? 'yellow' : 'green'}
        >
          {clip(flash.text, width)}
        </Text>
      ) : (
        <Text wrap="truncate-end" color="gray">
          {fitHints(props.hints, width)}
        </Text>
      )}
    </Box>
  );
}

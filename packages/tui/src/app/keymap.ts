/**
 * Every key of the UI, as pure functions from a key press to a command, and the help text that
 * lists them. The app component only runs what these return.
 */
import type { ActionName } from '@strata/core';

/** The parts of Ink's `Key` the keymap reads. */
export interface KeyPress {
  readonly upArrow?: boolean;
  readonly downArrow?: boolean;
  readonly leftArrow?: boolean;
  readonly rightArrow?: boolean;
  readonly pageUp?: boolean;
  readonly pageDown?: boolean;
  readonly home?: boolean;
  readonly end?: boolean;
  readonly return?: boolean;
  readonly escape?: boolean;
  readonly ctrl?: boolean;
  readonly shift?: boolean;
  readonly tab?: boolean;
  readonly backspace?: boolean;
  readonly delete?: boolean;
  readonly meta?: boolean;
}

export type SortColumn =
  | 'namespace'
  | 'name'
  | 'kind'
  | 'layer'
  | 'state'
  | 'reason'
  | 'rootCause'
  | 'age'
  | 'message'
  | 'blocks';

/**
 * Which action a key asks for: `reconcile` (`r`) is refresh on an Argo CD Application;
 * `toggle-suspend` (`s`) is suspend or resume on a Flux object and sync on an Application.
 */
export type ActionKey = Exclude<ActionName, 'suspend' | 'resume'> | 'toggle-suspend';

export type KeyCommand =
  | { readonly type: 'move'; readonly delta: number }
  | { readonly type: 'page'; readonly delta: number }
  | { readonly type: 'home' }
  | { readonly type: 'end' }
  | { readonly type: 'enter' }
  | { readonly type: 'back' }
  | { readonly type: 'quit' }
  | { readonly type: 'command' }
  | { readonly type: 'filter' }
  | { readonly type: 'help' }
  | { readonly type: 'detail'; readonly view: 'tree' | 'owner' | 'describe' | 'yaml' | 'events' }
  | { readonly type: 'action'; readonly action: ActionKey }
  | { readonly type: 'sort'; readonly column: SortColumn }
  | { readonly type: 'namespace'; readonly index: number }
  | { readonly type: 'focus'; readonly delta: number }
  | { readonly type: 'logs' }
  | { readonly type: 'logs-option'; readonly option: LogsOption };

/** What the logs view's own keys change: `p` previous/current, `c` container, `w` wrap, `f` follow/pause. */
export type LogsOption = 'previous' | 'container' | 'wrap' | 'follow';

/** A key with what `?` says it does: one table gives both the keymap and the help. */
interface KeyWithHelp {
  readonly key: string;
  readonly what: string;
}

/** The logs view's own keys, by option, in the help's order. */
const LOGS_OPTIONS: Readonly<Record<LogsOption, KeyWithHelp>> = {
  follow: { key: 'f', what: 'follow new lines (on by default for a current instance) / pause' },
  previous: { key: 'p', what: 'previous (crashed) / current instance of the container' },
  container: { key: 'c', what: 'next container of the Pod' },
  wrap: { key: 'w', what: 'wrap long lines / cut them' },
};

const LOGS_OPTION_KEYS: ReadonlyMap<string, LogsOption> = new Map(
  (Object.keys(LOGS_OPTIONS) as LogsOption[]).map((option) => [LOGS_OPTIONS[option].key, option]),
);

/** The key of a logs option (`p` for previous), to name it. */
export function logsOptionKey(option: LogsOption): string {
  return LOGS_OPTIONS[option].key;
}

/**
 * k9s-like sort keys: Shift + the column's letter; the same key again reverses the order. Every
 * Shift-letter is a sort key or nothing: `S` sorts by state as k9s's Shift-S sorts by status.
 */
export const SORT_KEYS: Readonly<Record<string, SortColumn>> = {
  N: 'name',
  P: 'namespace',
  K: 'kind',
  L: 'layer',
  T: 'state',
  S: 'state',
  E: 'reason',
  C: 'rootCause',
  A: 'age',
  M: 'message',
  B: 'blocks',
};

type DetailView = Extract<KeyCommand, { readonly type: 'detail' }>['view'];

/** The views of the selected object, in the help's order. */
const DETAIL_VIEWS: readonly (KeyWithHelp & { readonly view: DetailView })[] = [
  { key: 't', view: 'tree', what: 'dependency tree: what it needs, what needs it' },
  { key: 'o', view: 'owner', what: 'owner chain up to the Git source, and conflicts' },
  { key: 'd', view: 'describe', what: 'describe' },
  { key: 'y', view: 'yaml', what: 'YAML (Secret data never shown)' },
  { key: 'e', view: 'events', what: 'events' },
];

const DETAIL_KEYS: Readonly<Record<string, DetailView>> = Object.fromEntries(
  DETAIL_VIEWS.map((d) => [d.key, d.view]),
);

const ACTION_KEYS: Readonly<Record<string, ActionKey>> = {
  r: 'reconcile',
  s: 'toggle-suspend',
};

/** A key in the normal (browsing) mode. */
export function browseKey(input: string, key: KeyPress): KeyCommand | undefined {
  if (key.ctrl === true) {
    switch (input) {
      case 'c':
        return { type: 'quit' };
      case 'f':
      case 'd':
        return { type: 'page', delta: 1 };
      case 'b':
      case 'u':
        return { type: 'page', delta: -1 };
      case 'n':
        return { type: 'move', delta: 1 };
      case 'p':
        return { type: 'move', delta: -1 };
      default:
        return undefined;
    }
  }
  if (key.upArrow === true) return { type: 'move', delta: -1 };
  if (key.downArrow === true) return { type: 'move', delta: 1 };
  if (key.pageUp === true) return { type: 'page', delta: -1 };
  if (key.pageDown === true) return { type: 'page', delta: 1 };
  if (key.home === true) return { type: 'home' };
  if (key.end === true) return { type: 'end' };
  if (key.return === true) return { type: 'enter' };
  if (key.escape === true) return { type: 'back' };
  if (key.tab === true) return { type: 'focus', delta: key.shift === true ? -1 : 1 };
  if (key.leftArrow === true) return { type: 'focus', delta: -1 };
  if (key.rightArrow === true) return { type: 'focus', delta: 1 };
  if (key.backspace === true || key.delete === true) return { type: 'back' };
  switch (input) {
    case 'j':
      return { type: 'move', delta: 1 };
    case 'k':
      return { type: 'move', delta: -1 };
    case 'g':
      return { type: 'home' };
    case 'G':
      return { type: 'end' };
    case 'l':
      return { type: 'logs' };
    case 'q':
      return { type: 'quit' };
    case ':':
      return { type: 'command' };
    case '/':
      return { type: 'filter' };
    case '?':
      return { type: 'help' };
    case ' ':
      return { type: 'page', delta: 1 };
  }
  const logsOption = LOGS_OPTION_KEYS.get(input);
  if (logsOption !== undefined) return { type: 'logs-option', option: logsOption };
  const detail = DETAIL_KEYS[input];
  if (detail !== undefined) return { type: 'detail', view: detail };
  const action = ACTION_KEYS[input];
  if (action !== undefined) return { type: 'action', action };
  const sort = SORT_KEYS[input];
  if (sort !== undefined) return { type: 'sort', column: sort };
  if (/^[0-9]$/.test(input)) return { type: 'namespace', index: Number(input) };
  return undefined;
}

export type PromptCommand =
  | { readonly type: 'insert'; readonly text: string }
  | { readonly type: 'erase' }
  | { readonly type: 'erase-word' }
  | { readonly type: 'clear' }
  | { readonly type: 'complete' }
  | { readonly type: 'submit' }
  | { readonly type: 'cancel' }
  | { readonly type: 'history'; readonly delta: number }
  | { readonly type: 'quit' };

/** A key while typing a `:` command or a `/` filter. */
export function promptKey(input: string, key: KeyPress): PromptCommand | undefined {
  if (key.ctrl === true) {
    if (input === 'c') return { type: 'quit' };
    if (input === 'u') return { type: 'clear' };
    if (input === 'w') return { type: 'erase-word' };
    return undefined;
  }
  if (key.return === true) return { type: 'submit' };
  if (key.escape === true) return { type: 'cancel' };
  if (key.tab === true || key.rightArrow === true) return { type: 'complete' };
  if (key.backspace === true || key.delete === true) return { type: 'erase' };
  if (key.upArrow === true) return { type: 'history', delta: -1 };
  if (key.downArrow === true) return { type: 'history', delta: 1 };
  if (key.meta === true || input === '') return undefined;
  // Pasted or typed text; control characters never reach the prompt.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: dropping control characters is the point
  const text = input.replace(/[\u0000-\u001f\u007f-\u009f]/g, '');
  return text === '' ? undefined : { type: 'insert', text };
}

export type ConfirmCommand =
  /** A choice of the dialog, by its index. */
  | { readonly type: 'choose'; readonly index: number }
  /** An option switched on or off (sync's prune, dry run). */
  | { readonly type: 'toggle'; readonly option: 'prune' | 'dryRun' }
  /** Enter alone: a mutating dialog wants an explicit choice, as k9s's does. */
  | { readonly type: 'explicit' }
  | { readonly type: 'cancel' }
  | { readonly type: 'quit' };

/** The keys an open dialog offers. */
export interface DialogKeys {
  readonly choices: readonly { readonly key: string }[];
  readonly toggles: readonly { readonly key: string; readonly option: 'prune' | 'dryRun' }[];
}

/** A key while a confirmation dialog is open: a choice's key, a toggle's key, n / Esc to cancel. */
export function confirmKey(input: string, key: KeyPress, dialog: DialogKeys): ConfirmCommand | undefined {
  if (key.ctrl === true && input === 'c') return { type: 'quit' };
  if (key.escape === true || input === 'n' || input === 'N' || input === 'q') return { type: 'cancel' };
  if (key.return === true) return { type: 'explicit' };
  const index = dialog.choices.findIndex((c) => c.key === input);
  if (index >= 0) return { type: 'choose', index };
  const toggle = dialog.toggles.find((t) => t.key === input);
  if (toggle !== undefined) return { type: 'toggle', option: toggle.option };
  return undefined;
}

export interface HelpEntry {
  readonly keys: string;
  readonly what: string;
}

export interface HelpSection {
  readonly title: string;
  readonly entries: readonly HelpEntry[];
}

function helpEntry({ key, what }: KeyWithHelp): HelpEntry {
  return { keys: key, what };
}

/** Everything `?` lists. */
export const KEY_HELP: readonly HelpSection[] = [
  {
    title: 'Navigate',
    entries: [
      { keys: 'j k ↓ ↑', what: 'move down / up' },
      { keys: 'PgDn PgUp ctrl-f ctrl-b space', what: 'page down / up' },
      { keys: 'g G Home End', what: 'first / last row' },
      {
        keys: 'enter',
        what: "open: a root cause's chain; a row's root-cause chain (or its tree when ready)",
      },
      { keys: 'esc backspace', what: 'back (breadcrumbs)' },
      { keys: 'tab ← →', what: 'switch column (overview)' },
      { keys: '0-9', what: 'namespace favourites (0 = all namespaces)' },
      { keys: 'q ctrl-c', what: 'quit' },
    ],
  },
  {
    title: 'Find',
    entries: [
      { keys: ':', what: 'command (tab completes; see Commands)' },
      { keys: '/', what: 'filter: text, /regex/, -l key=value, !text inverts; esc clears' },
      { keys: '?', what: 'this help' },
    ],
  },
  {
    title: 'Look at the selected object',
    entries: [
      ...DETAIL_VIEWS.map(helpEntry),
      {
        keys: 'l',
        what: "logs: the selected Pod's last 100 lines (a workload's failing Pod)",
      },
    ],
  },
  {
    title: "Act on the selected object (asks first: press the choice's key, n or esc to cancel)",
    entries: [
      { keys: 'r', what: 'Flux: reconcile; a HelmRelease also reset+retry (x) or force (f)' },
      { keys: 'r', what: 'Argo CD Application: refresh, or hard refresh (h)' },
      { keys: 's', what: 'Flux: suspend / resume' },
      { keys: 's', what: 'Argo CD Application: sync, with prune (p) and dry run (d) toggles' },
    ],
  },
  {
    title: 'Sort (the same key again reverses)',
    entries: [
      { keys: 'T S', what: 'state (worst first)' },
      { keys: 'P N K', what: 'namespace, name, kind' },
      { keys: 'L E C', what: 'layer, reason, root cause' },
      { keys: 'A M B', what: 'age, message, blocks' },
    ],
  },
  {
    title: 'Logs view',
    entries: [
      ...Object.values(LOGS_OPTIONS).map(helpEntry),
      { keys: 'l', what: 'read again' },
      { keys: 'j k g G PgUp PgDn', what: 'scroll (opens at the end); / filters lines; esc back' },
    ],
  },
];

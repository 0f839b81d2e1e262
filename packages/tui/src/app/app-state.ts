/**
 * The UI's state and every change to it, as a pure reducer: the breadcrumb stack of views (each
 * with its cursor, scroll, filter and sort), the prompt (`:` and `/`), the confirmation dialog,
 * the flash line, the namespace scope.
 */
import type { ActionName, Ref } from '@strata/core';
import type { ActionChoice, ActionToggle, ChoiceOptions } from './actions.ts';
import { completions, runCommand } from './commands.ts';
import { parseFilter } from './filter.ts';
import type { PromptCommand, SortColumn } from './keymap.ts';
import { isListView, type ViewSpec } from './view-spec.ts';

export interface Sort {
  readonly column: SortColumn;
  readonly descending: boolean;
}

export interface Frame {
  readonly view: ViewSpec;
  /** Index of the selected row among the rows shown (after filtering). */
  readonly cursor: number;
  /** Key of the selected row: the cursor follows the row when rows move. */
  readonly selectedKey?: string | undefined;
  /** First row drawn. */
  readonly top: number;
  /** The `/` filter text of this view. */
  readonly filter: string;
  readonly sort?: Sort;
  /** Overview only: which column has the cursor (0 Flux, 1 Argo CD, 2 boundary). */
  readonly column: number;
}

export type Mode = 'browse' | 'command' | 'filter' | 'confirm';

/** An action waiting for the user's choice: bound to the object shown (ref and uid), never to a row. */
export interface PendingAction {
  readonly action: ActionName;
  readonly ref: Ref;
  /** The uid of the object the dialog was opened on: nothing is sent if the object is another one by then. */
  readonly uid: string | undefined;
  readonly summary: string;
  readonly choices: readonly ActionChoice[];
  readonly toggles: readonly ActionToggle[];
  /** The toggles switched on (sync's prune, dry run). */
  readonly switched: ChoiceOptions;
}

export interface Flash {
  readonly text: string;
  readonly level: 'info' | 'warning' | 'error';
  /** Clock time (ms) after which it is no longer shown. */
  readonly until: number;
}

export interface AppState {
  /** Never empty: the last frame is the view on screen. */
  readonly stack: readonly Frame[];
  readonly mode: Mode;
  /** What is typed after `:` or `/`. */
  readonly input: string;
  /** The filter to restore when a `/` prompt is cancelled. */
  readonly filterBefore: string;
  /** Tab pressed this many times on the same prefix. */
  readonly completion: number;
  readonly completionBase?: string | undefined;
  readonly history: readonly string[];
  readonly historyIndex?: number | undefined;
  readonly confirm?: PendingAction;
  readonly flash?: Flash;
  readonly namespace: string;
  readonly quitting: boolean;
  /** A context asked for (`:ctx NAME`, enter in `:ctx`): the UI switches to it and clears this. */
  readonly contextRequest?: string | undefined;
}

export const FLASH_MS = 6000;
const MAX_STACK = 30;

/** Scrolled to the end: logs open on their newest lines, as `tail` does. */
export const AT_END = Number.MAX_SAFE_INTEGER;

export function frameFor(view: ViewSpec): Frame {
  return { view, cursor: 0, top: view.type === 'logs' ? AT_END : 0, filter: '', column: 0 };
}

export function initialState(view: ViewSpec, namespace: string): AppState {
  return {
    stack: [frameFor(view)],
    mode: 'browse',
    input: '',
    filterBefore: '',
    completion: 0,
    history: [],
    namespace,
    quitting: false,
  };
}

/** The rows on screen, as the reducer needs them to move the cursor. */
export interface RowsInfo {
  readonly keys: readonly string[];
  /** Rows the viewport shows. */
  readonly height: number;
  /** Text views scroll instead of moving a cursor. */
  readonly scrollOnly: boolean;
}

export type AppEvent =
  | { readonly type: 'push'; readonly view: ViewSpec }
  /** The view on top becomes `view` (other logs of the same Pod), its filter kept, at the end. */
  | { readonly type: 'replace'; readonly view: ViewSpec }
  | { readonly type: 'back' }
  | { readonly type: 'move'; readonly delta: number; readonly rows: RowsInfo }
  | { readonly type: 'page'; readonly delta: number; readonly rows: RowsInfo }
  | { readonly type: 'home'; readonly rows: RowsInfo }
  | { readonly type: 'end'; readonly rows: RowsInfo }
  | { readonly type: 'open-prompt'; readonly mode: 'command' | 'filter' }
  | {
      readonly type: 'prompt';
      readonly command: PromptCommand;
      readonly now: number;
      /** The cluster's namespaces, when known: `:ns` completes and checks them. */
      readonly namespaces?: readonly string[];
      /** The object selected when the prompt is submitted: `:pods` lists its Pods. */
      readonly selected?: Ref;
      /** The kubeconfig's contexts: `:ctx` completes them. */
      readonly contexts?: readonly string[];
    }
  | { readonly type: 'context'; readonly context: string }
  | { readonly type: 'context-done' }
  | { readonly type: 'confirm-open'; readonly pending: PendingAction }
  | { readonly type: 'confirm-close' }
  | { readonly type: 'confirm-toggle'; readonly option: 'prune' | 'dryRun' }
  /** The row the cursor is drawn on: the cursor follows that object from now on. */
  | { readonly type: 'pin'; readonly key: string; readonly cursor: number }
  | { readonly type: 'flash'; readonly text: string; readonly level: Flash['level']; readonly now: number }
  | { readonly type: 'namespace'; readonly namespace: string; readonly now: number }
  | { readonly type: 'sort'; readonly column: SortColumn }
  | { readonly type: 'focus'; readonly delta: number; readonly columns: number }
  | { readonly type: 'quit' };

export function currentFrame(state: AppState): Frame {
  return state.stack[state.stack.length - 1]!;
}

function withFrame(state: AppState, change: (frame: Frame) => Frame): AppState {
  const frame = currentFrame(state);
  const next = change(frame);
  if (next === frame) return state;
  return { ...state, stack: [...state.stack.slice(0, -1), next] };
}

function sameView(a: ViewSpec, b: ViewSpec): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Where the cursor is now: on its row if that row is still shown, else at its old index. */
export function resolveCursor(frame: Frame, keys: readonly string[]): number {
  if (frame.selectedKey !== undefined) {
    const index = keys.indexOf(frame.selectedKey);
    if (index >= 0) return index;
  }
  return Math.max(0, Math.min(frame.cursor, keys.length - 1));
}

/** The first row to draw so the cursor is visible, scrolling as little as possible. */
export function visibleTop(top: number, cursor: number, height: number, count: number): number {
  let next = top;
  if (cursor < next) next = cursor;
  if (cursor >= next + height) next = cursor - height + 1;
  return Math.max(0, Math.min(next, Math.max(0, count - height)));
}

function moveTo(frame: Frame, target: number, rows: RowsInfo): Frame {
  const count = rows.keys.length;
  if (count === 0) return { ...frame, cursor: 0, top: 0 };
  const height = Math.max(1, rows.height);
  if (rows.scrollOnly) {
    const top = Math.max(0, Math.min(target, Math.max(0, count - height)));
    return { ...frame, cursor: top, top, selectedKey: rows.keys[top]! };
  }
  const cursor = Math.max(0, Math.min(target, count - 1));
  return {
    ...frame,
    cursor,
    selectedKey: rows.keys[cursor]!,
    top: visibleTop(frame.top, cursor, height, count),
  };
}

function position(frame: Frame, rows: RowsInfo): number {
  // A text view's position is the first line shown (a scroll past the end shows the last page).
  return rows.scrollOnly
    ? Math.max(0, Math.min(frame.top, rows.keys.length - Math.max(1, rows.height)))
    : resolveCursor(frame, rows.keys);
}

function flash(state: AppState, text: string, level: Flash['level'], now: number): AppState {
  return { ...state, flash: { text, level, until: now + FLASH_MS } };
}

function push(state: AppState, view: ViewSpec): AppState {
  if (sameView(currentFrame(state).view, view)) return state;
  // A view already in the breadcrumbs: go back to it rather than stack it twice.
  const existing = state.stack.findIndex((f) => sameView(f.view, view));
  if (existing >= 0) return { ...state, stack: state.stack.slice(0, existing + 1) };
  const stack = [...state.stack, frameFor(view)];
  return { ...state, stack: stack.length > MAX_STACK ? stack.slice(stack.length - MAX_STACK) : stack };
}

function promptEvent(
  state: AppState,
  command: PromptCommand,
  now: number,
  namespaces: readonly string[] | undefined,
  selected?: Ref,
  contexts?: readonly string[],
): AppState {
  const filtering = state.mode === 'filter';
  const setInput = (input: string): AppState => {
    const next = { ...state, input, completion: 0, completionBase: undefined };
    // The filter applies as it is typed, k9s-style; the cursor goes back to the first row.
    return filtering
      ? withFrame(next, (f) => ({ ...f, filter: input, cursor: 0, top: 0, selectedKey: undefined }))
      : next;
  };
  switch (command.type) {
    case 'insert':
      return setInput(state.input + command.text);
    case 'erase':
      return setInput([...state.input].slice(0, -1).join(''));
    case 'erase-word':
      return setInput(state.input.replace(/\S*\s*$/, ''));
    case 'clear':
      return setInput('');
    case 'complete': {
      if (filtering) return state;
      const base = state.completionBase ?? state.input;
      const options = completions(base, namespaces, contexts);
      if (options.length === 0) return state;
      const choice = options[state.completion % options.length]!;
      return { ...state, input: choice, completionBase: base, completion: state.completion + 1 };
    }
    case 'history': {
      if (filtering || state.history.length === 0) return state;
      const from = state.historyIndex ?? state.history.length;
      const index = Math.max(0, Math.min(state.history.length, from + command.delta));
      return { ...state, historyIndex: index, input: state.history[index] ?? '' };
    }
    case 'cancel':
      if (filtering) {
        return withFrame({ ...state, mode: 'browse', input: '' }, (f) => ({
          ...f,
          filter: state.filterBefore,
        }));
      }
      return { ...state, mode: 'browse', input: '', historyIndex: undefined };
    case 'submit': {
      if (filtering) {
        const closed = { ...state, mode: 'browse' as const, input: '' };
        // A filter that cannot be read filters nothing: say so rather than show every row as a match.
        const parsed = parseFilter(state.input);
        return parsed.kind === 'invalid'
          ? flash(closed, `filter ${state.input} filters nothing: ${parsed.error}`, 'error', now)
          : closed;
      }
      const text = state.input.trim();
      const closed: AppState = {
        ...state,
        mode: 'browse',
        input: '',
        history: text === '' ? state.history : [...state.history.filter((h) => h !== text), text].slice(-50),
        historyIndex: undefined,
      };
      if (text === '') return closed;
      const result = runCommand(text);
      switch (result.type) {
        case 'view': {
          // `:pods` alone: the Pods of the object selected when it was typed.
          const view =
            result.view.type === 'pods' &&
            result.view.namespace === undefined &&
            selected !== undefined &&
            selected.kind !== 'Namespace'
              ? { type: 'pods' as const, of: selected }
              : result.view;
          // A `:` command starts a fresh trail, as in k9s.
          return { ...closed, stack: [frameFor(view)] };
        }
        case 'namespace':
          if (
            result.namespace !== 'all' &&
            namespaces !== undefined &&
            !namespaces.includes(result.namespace)
          ) {
            return flash(
              closed,
              `namespace ${result.namespace} does not exist on this cluster (:ns + Tab completes names)`,
              'error',
              now,
            );
          }
          return reduce(closed, { type: 'namespace', namespace: result.namespace, now });
        case 'context':
          return { ...closed, contextRequest: result.context };
        case 'quit':
          return { ...closed, quitting: true };
        case 'error':
          return flash(closed, result.message, 'error', now);
      }
      return closed;
    }
    case 'quit':
      return { ...state, quitting: true };
  }
}

export function reduce(state: AppState, event: AppEvent): AppState {
  switch (event.type) {
    case 'push':
      return push(state, event.view);
    case 'replace':
      return withFrame(state, (f) => ({ ...frameFor(event.view), filter: f.filter }));
    case 'back': {
      const frame = currentFrame(state);
      // Esc clears the filter first, then goes back.
      if (frame.filter !== '') return withFrame(state, (f) => ({ ...f, filter: '', cursor: 0, top: 0 }));
      if (state.stack.length <= 1) return state;
      return { ...state, stack: state.stack.slice(0, -1) };
    }
    case 'move':
      return withFrame(state, (f) => moveTo(f, position(f, event.rows) + event.delta, event.rows));
    case 'page': {
      const step = Math.max(1, event.rows.height - 1);
      return withFrame(state, (f) => {
        const moved = moveTo(f, position(f, event.rows) + event.delta * step, event.rows);
        if (event.rows.scrollOnly) return moved;
        // A page moves the view as well as the cursor, like less and k9s.
        const count = event.rows.keys.length;
        const top = Math.max(0, Math.min(f.top + event.delta * step, Math.max(0, count - event.rows.height)));
        return { ...moved, top: visibleTop(top, moved.cursor, event.rows.height, count) };
      });
    }
    case 'home':
      return withFrame(state, (f) => moveTo(f, 0, event.rows));
    case 'end':
      return withFrame(state, (f) => moveTo(f, event.rows.keys.length - 1, event.rows));
    case 'open-prompt': {
      const frame = currentFrame(state);
      if (event.mode === 'filter') {
        return { ...state, mode: 'filter', input: frame.filter, filterBefore: frame.filter, completion: 0 };
      }
      return { ...state, mode: 'command', input: '', completion: 0, completionBase: undefined };
    }
    case 'prompt':
      return promptEvent(state, event.command, event.now, event.namespaces, event.selected, event.contexts);
    case 'context':
      return { ...state, contextRequest: event.context };
    case 'context-done':
      return state.contextRequest === undefined ? state : { ...state, contextRequest: undefined };
    case 'confirm-open':
      return { ...state, mode: 'confirm', confirm: event.pending };
    case 'confirm-close': {
      const { confirm: _confirm, ...rest } = state;
      return { ...rest, mode: 'browse' };
    }
    case 'confirm-toggle': {
      const pending = state.confirm;
      if (pending === undefined) return state;
      const on = pending.switched[event.option] === true;
      return { ...state, confirm: { ...pending, switched: { ...pending.switched, [event.option]: !on } } };
    }
    case 'pin':
      return withFrame(state, (f) =>
        f.selectedKey === event.key && f.cursor === event.cursor
          ? f
          : { ...f, selectedKey: event.key, cursor: event.cursor },
      );
    case 'flash':
      return flash(state, event.text, event.level, event.now);
    case 'namespace': {
      if (event.namespace === state.namespace) return state;
      const next = { ...state, namespace: event.namespace };
      // Lists start again at the top in the new scope.
      const reset = {
        ...next,
        stack: next.stack.map((f) =>
          isListView(f.view) ? { ...f, cursor: 0, top: 0, selectedKey: undefined } : f,
        ),
      };
      return flash(
        reset,
        `namespace: ${event.namespace === 'all' ? 'all namespaces' : event.namespace}`,
        'info',
        event.now,
      );
    }
    case 'sort':
      return withFrame(state, (f) => {
        if (f.view.type !== 'table' && f.view.type !== 'rootcauses') return f;
        const descending = f.sort?.column === event.column ? !f.sort.descending : false;
        return { ...f, sort: { column: event.column, descending } };
      });
    case 'focus':
      return withFrame(state, (f) => {
        if (f.view.type !== 'layers' || event.columns <= 1) return f;
        const column = (((f.column + event.delta) % event.columns) + event.columns) % event.columns;
        return { ...f, column, cursor: 0, top: 0, selectedKey: undefined };
      });
    case 'quit':
      return { ...state, quitting: true };
  }
}

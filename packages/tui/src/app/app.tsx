/** @jsxRuntime automatic @jsxImportSource react */
/**
 * The strata terminal UI: header, the view on top of the breadcrumb stack, the prompt and
 * breadcrumbs. It reads everything from a DataSource, redraws at most ten times a second when
 * the source changes, and turns keys into state changes (app-state.ts) or source actions.
 */
import { field, type Ref } from '@strata/core';
import { Box, Text, useApp, useInput, useWindowSize } from 'ink';
import { useCallback, useEffect, useRef, useState } from 'react';
import { decideAction } from './actions.ts';
import {
  type AppEvent,
  type AppState,
  currentFrame,
  initialState,
  type RowsInfo,
  reduce,
  resolveCursor,
  visibleTop,
} from './app-state.ts';
import { type Clock, systemClock } from './clock.ts';
import { CommandLine, FOOTER_HEIGHT } from './command-line.tsx';
import { ConnectFailure } from './connect-failure.ts';
import type { ApplyResult, DataSource, Snapshot } from './data-source.ts';
import { ConfirmDialog, DIALOG_HEIGHT } from './dialog.tsx';
import { HEADER_HEIGHT, Header } from './header.tsx';
import { browseKey, confirmKey, type KeyCommand, type KeyPress, logsOptionKey, promptKey } from './keymap.ts';
import { LogsStore } from './logs-store.ts';
import { enterTarget, logsEntry, selectedRef, type ViewData, viewData, viewTitle } from './view-data.ts';
import { fit, refLabel } from './view-models/format.ts';
import { logsTarget, nextContainer } from './view-models/logs.ts';
import { TABLES } from './view-models/objects-table.ts';
import { crumb, isListView, type ViewSpec } from './view-spec.ts';
import { columnsHeight, LayersView } from './views/layers.tsx';
import { LinesView } from './views/lines.tsx';
import { ObjectsView } from './views/objects.tsx';
import { RootCausesView } from './views/root-causes.tsx';

/**
 * Redraws for source changes are at least this far apart (four a second): a picture of 18k
 * objects under 50 changes a second costs a quarter of a core at this rate (bench watch), and
 * k9s itself redraws every 2 s.
 */
export const REDRAW_MS = 250;
const TITLE_HEIGHT = 1;

export interface AppProps {
  readonly source: DataSource;
  readonly clock?: Clock;
  /** Shown as the connection state, e.g. `DEMO: no kubeconfig found` on a first run. */
  readonly notice?: string | undefined;
  /** Fixed terminal size (tests); the terminal's own, following resizes, otherwise. */
  readonly size?: { readonly columns: number; readonly rows: number };
  /** The kubeconfig's contexts, for `:ctx` (none for the demo). */
  readonly contexts?: readonly string[];
  /** Switches the session to another context in place (`:ctx`); resolves with why not when it cannot. */
  readonly switchContext?: (
    context: string,
  ) => Promise<{ readonly ok: true } | { readonly ok: false; readonly error: string }>;
}

/**
 * Namespaces offered on 0–9: `all`, the starting scope, then those holding GitOps objects, in the
 * order they were first offered (`previous`): a number, once given, keeps its namespace for the
 * session, whatever `:ns` or the cluster does since.
 */
export function favouriteNamespaces(
  snapshot: Snapshot,
  start: string,
  previous: readonly string[] = [],
): readonly string[] {
  const picked = previous.length > 0 ? [...previous] : ['all'];
  if (start !== 'all' && !picked.includes(start)) picked.push(start);
  for (const name of snapshot.view.namespaces()) {
    if (picked.length >= 10) break;
    if (!picked.includes(name)) picked.push(name);
  }
  return picked.length === previous.length ? previous : picked.slice(0, 10);
}

function hintsFor(view: ViewSpec, data: ViewData): string {
  if (view.type === 'help') return 'j/k scroll  esc back  q quit';
  if (view.type === 'logs') {
    return 'f follow/pause  p previous/current  c container  w wrap  l reload  j/k PgUp/PgDn g/G scroll  / filter  d describe  e events  esc back  ? help  q quit';
  }
  if (data.type === 'lines' && data.scrollOnly) {
    return 'j/k PgUp/PgDn scroll  / filter  t tree  o owner  d describe  y yaml  e events  l logs  r s act  esc back  ? help  q quit';
  }
  const enter =
    view.type === 'rootcauses' ? 'enter chain' : data.type === 'lines' ? 'enter tree' : 'enter open';
  const focus = view.type === 'layers' ? '  tab column' : '';
  const sort = isListView(view) && view.type !== 'layers' ? '  T/N/A… sort' : '';
  return `${enter}  l logs  r reconcile/refresh  s suspend/sync  / filter  : command  t tree  o owner  d describe  y yaml  e events${sort}${focus}  ? help  q quit`;
}

function Body(props: {
  readonly view: ViewSpec;
  readonly data: ViewData;
  readonly cursor: number;
  readonly top: number;
  readonly height: number;
  readonly width: number;
  readonly column: number;
  readonly filtered: boolean;
  readonly namespace: string;
}) {
  const { view, data, cursor, top, height, width, filtered } = props;
  // Where the view stands on screen: the same for every view.
  const place = { cursor, top, height, width };
  switch (data.type) {
    case 'roots':
      return (
        <RootCausesView
          rows={data.rows}
          {...place}
          sort={data.sort}
          filtered={filtered}
          namespace={props.namespace}
        />
      );
    case 'objects':
      return (
        <ObjectsView
          rows={data.rows}
          mixed={view.type === 'table' && TABLES[view.table].mixed}
          pods={view.type === 'pods'}
          {...place}
          sort={data.sort}
          filtered={filtered}
        />
      );
    case 'layers':
      return <LayersView layers={data.layers} columns={data.columns} column={props.column} {...place} />;
    case 'lines':
      return <LinesView lines={data.lines} {...place} scrollOnly={data.scrollOnly} filtered={filtered} />;
  }
}

const SPECIAL: readonly (keyof KeyPress)[] = [
  'upArrow',
  'downArrow',
  'leftArrow',
  'rightArrow',
  'pageUp',
  'pageDown',
  'home',
  'end',
  'escape',
  'ctrl',
  'meta',
  'tab',
  'backspace',
  'delete',
];

/**
 * One key per entry. Ink hands a chunk of plain text over as one input (a paste, or keys that
 * arrived together); strata reads it key by key, Enter and Tab included.
 */
export function splitKeys(input: string, key: KeyPress): [string, KeyPress][] {
  // A lone line feed is Enter too: ctrl-j, and a key typed before the terminal was raw.
  if ((input === '\n' || input === '\r') && key.return !== true) return [['', { ...key, return: true }]];
  const chars = [...input];
  if (chars.length <= 1 || SPECIAL.some((k) => key[k] === true)) return [[input, key]];
  return chars.map((ch): [string, KeyPress] => {
    if (ch === '\r' || ch === '\n') return ['', { return: true }];
    if (ch === '\t') return ['', { tab: true }];
    return [ch, ch !== ch.toLowerCase() ? { shift: true } : {}];
  });
}

/** Rows of the body the cursor moves through (the table's header row and the overview's titles excluded). */
function viewportHeight(data: ViewData, bodyHeight: number): number {
  switch (data.type) {
    case 'roots':
    case 'objects':
      return Math.max(1, bodyHeight - 1);
    case 'layers':
      return currentColumnIsBoundary(data)
        ? Math.min(Math.max(1, data.layers.boundary.length), 4)
        : columnsHeight(data.layers, bodyHeight);
    case 'lines':
      return Math.max(1, bodyHeight);
  }
}

function currentColumnIsBoundary(data: Extract<ViewData, { type: 'layers' }>): boolean {
  return data.active === data.columns[2];
}

export function App(props: AppProps) {
  const { source } = props;
  const clock = props.clock ?? systemClock;
  const { exit } = useApp();
  const terminal = useWindowSize();
  const size = props.size ?? terminal;
  const description = source.describe();

  const [snapshot, setSnapshot] = useState(() => source.snapshot());
  const [, setTick] = useState(0);
  const lastRedraw = useRef(0);
  // Logs read for the logs view; a read that lands redraws.
  const logsRef = useRef<LogsStore | undefined>(undefined);
  logsRef.current ??= new LogsStore(source, () => setTick((t) => t + 1));
  const logs = logsRef.current;
  useEffect(() => () => logs.close(), [logs]);

  // Source changes: take a new snapshot at most every REDRAW_MS.
  useEffect(() => {
    let cancel: (() => void) | undefined;
    const unsubscribe = source.subscribe(() => {
      if (cancel !== undefined) return;
      const wait = Math.max(0, lastRedraw.current + REDRAW_MS - clock.now());
      cancel = clock.setTimeout(() => {
        cancel = undefined;
        lastRedraw.current = clock.now();
        setSnapshot(source.snapshot());
      }, wait);
    });
    return () => {
      unsubscribe();
      cancel?.();
    };
  }, [source, clock]);

  // State lives in a ref as well as in React: one chunk of input (a paste, or keys typed faster
  // than a frame) runs key by key, each on the state the previous one left.
  const stateRef = useRef<AppState | undefined>(undefined);
  stateRef.current ??= initialState(
    snapshot.report.rootCauses.length > 0 ? { type: 'rootcauses' } : { type: 'layers' },
    description.namespace,
  );
  const [state, setState] = useState<AppState>(stateRef.current);
  // Until the first key, the opening view follows the picture: a live cluster's first snapshot
  // is empty while it lists, and root causes are the default as soon as anything fails.
  const untouched = useRef(true);
  const dispatch = useCallback((event: AppEvent) => {
    untouched.current = false;
    const next = reduce(stateRef.current!, event);
    stateRef.current = next;
    setState(next);
  }, []);
  useEffect(() => {
    if (!untouched.current || snapshot.report.rootCauses.length === 0) return;
    if (currentFrame(stateRef.current!).view.type === 'rootcauses') return;
    const next = initialState({ type: 'rootcauses' }, stateRef.current!.namespace);
    stateRef.current = next;
    setState(next);
  }, [snapshot]);
  const snapshotRef = useRef(snapshot);
  snapshotRef.current = snapshot;
  const favouritesRef = useRef<readonly string[]>([]);
  favouritesRef.current = favouriteNamespaces(snapshot, description.namespace, favouritesRef.current);
  const favourites = favouritesRef.current;

  // The flash line clears itself.
  useEffect(() => {
    if (state.flash === undefined) return;
    const cancel = clock.setTimeout(
      () => setTick((t) => t + 1),
      Math.max(0, state.flash.until - clock.now()) + 1,
    );
    return cancel;
  }, [state.flash, clock]);

  useEffect(() => {
    if (state.quitting) exit();
  }, [state.quitting, exit]);

  // A cluster that could not be opened ends the UI with its reason (runApp prints it, exit 2).
  useEffect(() => {
    if (snapshot.connection === 'failed')
      exit(new ConnectFailure(snapshot.failure ?? 'cannot open the cluster'));
  }, [snapshot, exit]);

  const mounted = useRef(true);
  useEffect(
    () => () => {
      mounted.current = false;
    },
    [],
  );

  const dataCache = useRef<{ readonly key: readonly unknown[]; readonly data: ViewData } | undefined>(
    undefined,
  );
  const width = Math.max(20, size.columns);
  /** The view's data for a state, computed again only when what it depends on changed. */
  const dataFor = (current: AppState): ViewData => {
    const frame = currentFrame(current);
    const logsKey = frame.view.type === 'logs' ? `${logs.version}:${width}` : '';
    const key = [
      frame.view,
      frame.filter,
      frame.sort,
      frame.column,
      snapshotRef.current,
      current.namespace,
      logsKey,
    ];
    const cached = dataCache.current;
    if (cached?.key.every((k, i) => k === key[i])) return cached.data;
    const data = viewData(frame, snapshotRef.current, source, current.namespace, {
      logs,
      width,
      contexts: { names: props.contexts ?? [], current: description.context },
    });
    dataCache.current = { key, data };
    return data;
  };

  const rows = Math.max(8, size.rows);
  /** Where the cursor and the window are for a state: everything a key needs to act. */
  const layoutFor = (current: AppState) => {
    const frame = currentFrame(current);
    const data = dataFor(current);
    const dialogHeight = current.mode === 'confirm' && current.confirm !== undefined ? DIALOG_HEIGHT : 0;
    const bodyHeight = Math.max(1, rows - HEADER_HEIGHT - TITLE_HEIGHT - FOOTER_HEIGHT - dialogHeight);
    const viewport = viewportHeight(data, bodyHeight);
    const scrollOnly = data.type === 'lines' && data.scrollOnly;
    const count = data.keys.length;
    const cursor = scrollOnly ? Math.min(frame.top, Math.max(0, count - 1)) : resolveCursor(frame, data.keys);
    const top = scrollOnly
      ? Math.max(0, Math.min(frame.top, Math.max(0, count - viewport)))
      : visibleTop(frame.top, cursor, viewport, count);
    const rowsInfo: RowsInfo = { keys: data.keys, height: viewport, scrollOnly };
    return { frame, data, dialogHeight, bodyHeight, cursor, top, rowsInfo };
  };

  const { frame, data, dialogHeight, bodyHeight, cursor, top } = layoutFor(state);

  // The cursor follows the object it is drawn on (its row key), not a row index: after a filter,
  // a sort or a live update moves rows, the same object stays selected (and actions name it).
  const drawnKey = data.type === 'lines' && data.scrollOnly ? undefined : data.keys[cursor];
  useEffect(() => {
    if (drawnKey === undefined) return;
    const current = currentFrame(stateRef.current!);
    if (current.selectedKey === drawnKey && current.cursor === cursor) return;
    const next = reduce(stateRef.current!, { type: 'pin', key: drawnKey, cursor });
    stateRef.current = next;
    setState(next);
  }, [drawnKey, cursor]);

  // The root whose chain is on screen: a live source keeps its evidence fresher meanwhile.
  const focusKey = frame.view.type === 'chain' ? JSON.stringify(frame.view.ref) : '';
  useEffect(() => {
    source.focus?.(focusKey === '' ? [] : [JSON.parse(focusKey) as Ref]);
  }, [source, focusKey]);

  const flash = useCallback(
    (text: string, level: 'info' | 'warning' | 'error') =>
      dispatch({ type: 'flash', text, level, now: clock.now() }),
    [clock, dispatch],
  );

  // `:ctx NAME`: the session moves to that context in place; this UI is replaced when it opens.
  const { switchContext } = props;
  useEffect(() => {
    const name = state.contextRequest;
    if (name === undefined) return;
    dispatch({ type: 'context-done' });
    if (switchContext === undefined) {
      flash('the demo has no contexts to switch to: strata --context NAME opens one', 'warning');
      return;
    }
    if (name === description.context) {
      flash(`context ${name} is the one shown`, 'info');
      return;
    }
    flash(`connecting to context ${name}…`, 'info');
    switchContext(name).then(
      (result) => {
        if (!result.ok && mounted.current) flash(`:ctx ${name}: ${result.error}`, 'error');
      },
      (error: unknown) => {
        if (mounted.current)
          flash(`:ctx ${name}: ${error instanceof Error ? error.message : String(error)}`, 'error');
      },
    );
  }, [state.contextRequest, switchContext, description.context, dispatch, flash]);

  const runKey = (command: KeyCommand): void => {
    const current = stateRef.current!;
    const { frame, data, cursor, rowsInfo } = layoutFor(current);
    const ref = selectedRef(frame.view, data, cursor);
    const event = (e: AppEvent) => dispatch(e);
    switch (command.type) {
      case 'move':
        event({ type: 'move', delta: command.delta, rows: rowsInfo });
        return;
      case 'page':
        event({ type: 'page', delta: command.delta, rows: rowsInfo });
        return;
      case 'home':
        event({ type: 'home', rows: rowsInfo });
        return;
      case 'end':
        event({ type: 'end', rows: rowsInfo });
        return;
      case 'back':
        event({ type: 'back' });
        return;
      case 'quit':
        event({ type: 'quit' });
        return;
      case 'command':
        event({ type: 'open-prompt', mode: 'command' });
        return;
      case 'filter':
        event({ type: 'open-prompt', mode: 'filter' });
        return;
      case 'help':
        event({ type: 'push', view: { type: 'help' } });
        return;
      case 'enter': {
        const line = data.type === 'lines' ? data.lines[cursor] : undefined;
        if (frame.view.type === 'contexts' && line?.key.startsWith('ctx:') === true) {
          event({ type: 'context', context: line.key.slice('ctx:'.length) });
          return;
        }
        const target = enterTarget(frame.view, data, cursor, snapshotRef.current);
        if (target !== undefined) event({ type: 'push', view: target });
        return;
      }
      case 'detail':
        if (ref === undefined) {
          flash('select an object first', 'warning');
          return;
        }
        event({ type: 'push', view: { type: command.view, ref } });
        return;
      case 'logs': {
        const target = logsTarget(ref, snapshotRef.current.view);
        if (!target.ok) {
          flash(target.message, 'warning');
          return;
        }
        // Pressed again on the same Pod (in its logs view too): read them again.
        logs.forget(target.pod);
        if (frame.view.type === 'logs' && JSON.stringify(frame.view.ref) === JSON.stringify(target.pod)) {
          event({ type: 'replace', view: frame.view });
          return;
        }
        event({ type: 'push', view: { type: 'logs', ref: target.pod } });
        return;
      }
      case 'logs-option': {
        const view = frame.view;
        if (view.type !== 'logs') {
          flash(
            `${logsOptionKey(command.option)} applies in the logs view: select a Pod and press l`,
            'warning',
          );
          return;
        }
        const entry = logsEntry(view, { logs });
        const result = entry?.state === 'done' ? entry.result : undefined;
        const container =
          view.container ?? (result?.ok === true ? result.container || undefined : result?.container);
        const previous = view.previous ?? result?.previous ?? false;
        const base = {
          type: 'logs' as const,
          ref: view.ref,
          ...(view.wrap === true ? { wrap: true } : {}),
        };
        if (command.option === 'wrap') {
          event({ type: 'replace', view: { ...view, wrap: view.wrap !== true } });
          return;
        }
        if (command.option === 'follow') {
          if (entry?.state !== 'done' || entry.follow === undefined) {
            flash('f follows the current instance of a container on a live cluster', 'warning');
            return;
          }
          const pausing = !logs.paused;
          logs.setPaused(pausing);
          if (!pausing) {
            // Resumed: read a fresh tail and follow on from it.
            logs.forget(view.ref);
            event({ type: 'replace', view });
          } else setTick((t) => t + 1);
          return;
        }
        if (command.option === 'previous') {
          event({
            type: 'replace',
            view: { ...base, ...(container === undefined ? {} : { container }), previous: !previous },
          });
          return;
        }
        const pod = source.object(view.ref) ?? snapshotRef.current.view.node(view.ref)?.object.raw;
        const next = nextContainer(pod, view.ref, container);
        if (!next.ok) {
          flash(next.message, 'warning');
          return;
        }
        // Another container: its own default instance (previous when it has restarted).
        event({ type: 'replace', view: { ...base, container: next.container } });
        return;
      }
      case 'sort':
        if (frame.view.type !== 'table' && frame.view.type !== 'rootcauses') {
          flash('sorting applies to the root causes and the kind tables', 'warning');
          return;
        }
        event({ type: 'sort', column: command.column });
        return;
      case 'focus':
        event({ type: 'focus', delta: command.delta, columns: 3 });
        return;
      case 'namespace': {
        const favourites = favouritesRef.current;
        const namespace = favourites[command.index];
        if (namespace === undefined) {
          flash(`no namespace favourite ${command.index}`, 'warning');
          return;
        }
        event({ type: 'namespace', namespace, now: clock.now() });
        return;
      }
      case 'action': {
        const raw =
          ref === undefined
            ? undefined
            : (source.object(ref) ?? snapshotRef.current.view.node(ref)?.object.raw);
        const decision = decideAction(command.action, ref, raw, {
          readOnly: description.readOnly,
          at: new Date(clock.now()).toISOString(),
          source:
            ref === undefined
              ? undefined
              : snapshotRef.current.view.node(ref)?.edges.find((e) => e.type === 'source')?.ref,
        });
        if (!decision.ok || ref === undefined) {
          flash(decision.ok ? 'select an object first' : decision.message, 'warning');
          return;
        }
        event({
          type: 'confirm-open',
          pending: {
            action: decision.action,
            ref,
            uid: decision.uid,
            summary: decision.summary,
            choices: decision.choices,
            toggles: decision.toggles,
            switched: {},
          },
        });
        return;
      }
    }
  };

  /** Runs the choice picked in the dialog, on the object the dialog named (ref and uid), if it is still that one. */
  const confirmAction = (index: number): void => {
    const pending = stateRef.current!.confirm;
    dispatch({ type: 'confirm-close' });
    if (pending === undefined) return;
    const choice = pending.choices[index];
    if (choice === undefined) return;
    const label = refLabel(pending.ref);
    const now = source.object(pending.ref) ?? snapshotRef.current.view.node(pending.ref)?.object.raw;
    if (now === undefined) {
      flash(`${pending.action}: ${label} is gone: nothing sent`, 'error');
      return;
    }
    const uid = field(field(now, 'metadata'), 'uid');
    if (pending.uid !== undefined && uid !== pending.uid) {
      flash(
        `${pending.action}: ${label} was deleted and created again since the dialog opened: nothing sent`,
        'error',
      );
      return;
    }
    flash(`${choice.label}: sending…`, 'info');
    // --with-source: the source first, so the object reconciles against what it fetches now.
    const first: Promise<ApplyResult> =
      choice.source === undefined
        ? Promise.resolve({ ok: true, summary: '' })
        : source.apply('reconcile', choice.source);
    first
      .then((sourced) =>
        sourced.ok
          ? source.apply(pending.action, pending.ref, {
              ...(pending.uid === undefined ? {} : { uid: pending.uid }),
              ...pending.switched,
              ...choice.options,
            })
          : { ok: false as const, error: `its source first: ${sourced.error}` },
      )
      .then(
        (result) => {
          if (!mounted.current) return;
          if (result.ok) flash(`✓ ${result.summary}`, 'info');
          else flash(`${pending.action} failed: ${result.error}`, 'error');
        },
        (error: unknown) => {
          if (mounted.current)
            flash(
              `${pending.action} failed: ${error instanceof Error ? error.message : String(error)}`,
              'error',
            );
        },
      );
  };

  const handleKey = (input: string, key: KeyPress): void => {
    const mode = stateRef.current!.mode;
    const pending = stateRef.current!.confirm;
    if (mode === 'confirm' && pending !== undefined) {
      const command = confirmKey(input, key, pending);
      if (command?.type === 'choose') confirmAction(command.index);
      else if (command?.type === 'toggle') dispatch({ type: 'confirm-toggle', option: command.option });
      else if (command?.type === 'cancel') dispatch({ type: 'confirm-close' });
      else if (command?.type === 'quit') dispatch({ type: 'quit' });
      else if (command?.type === 'explicit') {
        const keys = pending.choices.map((c) => `${c.key} ${c.label}`).join(', ');
        flash(`choose: ${keys}; n or esc cancels (enter alone does not confirm)`, 'warning');
      }
      return;
    }
    if (mode === 'command' || mode === 'filter') {
      const command = promptKey(input, key);
      if (command !== undefined) {
        const known = snapshotRef.current.namespaces;
        let selected: Ref | undefined;
        if (command.type === 'submit' && mode === 'command') {
          const layout = layoutFor(stateRef.current!);
          selected = selectedRef(layout.frame.view, layout.data, layout.cursor);
        }
        dispatch({
          type: 'prompt',
          command,
          now: clock.now(),
          ...(known === undefined ? {} : { namespaces: known }),
          ...(selected === undefined ? {} : { selected }),
          ...(props.contexts === undefined ? {} : { contexts: props.contexts }),
        });
      }
      return;
    }
    const command = browseKey(input, key);
    if (command !== undefined) runKey(command);
  };

  useInput((input: string, key: KeyPress) => {
    for (const [one, press] of splitKeys(input, key)) handleKey(one, press);
  });

  const title = viewTitle(frame.view, data, state.namespace);
  const sortText =
    data.type === 'objects' || (data.type === 'roots' && data.sort !== undefined)
      ? `sort: ${data.sort?.column ?? ''}${data.sort?.descending === true ? '↓' : '↑'}`
      : '';
  const filterText = frame.filter === '' ? '' : `filter: ${frame.filter}`;
  const right = [filterText, sortText].filter((t) => t !== '').join('  ');
  const titleWidth = Math.max(1, width - right.length - 1);

  return (
    <Box flexDirection="column" width={width} height={rows}>
      <Header
        description={description}
        snapshot={snapshot}
        namespace={state.namespace}
        favourites={favourites}
        notice={props.notice}
        crumbs={state.stack.map((f) => crumb(f.view))}
        width={width}
      />
      <Text wrap="truncate-end">
        <Text bold color="white" backgroundColor="blue">
          {fit(` ${title}`, titleWidth)}
        </Text>
        <Text color="yellow">{right === '' ? ' ' : ` ${right}`}</Text>
      </Text>
      <Body
        view={frame.view}
        data={data}
        cursor={cursor}
        top={top}
        height={bodyHeight}
        width={width}
        column={frame.column}
        filtered={frame.filter !== ''}
        namespace={state.namespace}
      />
      {dialogHeight > 0 && state.confirm !== undefined ? (
        <ConfirmDialog pending={state.confirm} width={width} demo={source.kind === 'demo'} />
      ) : null}
      <CommandLine state={state} now={clock.now()} width={width} hints={hintsFor(frame.view, data)} />
    </Box>
  );
}

import { describe, expect, it } from 'vitest';
import {
  type AppState,
  AT_END,
  currentFrame,
  initialState,
  type RowsInfo,
  reduce,
  visibleTop,
} from './app-state.ts';
import type { PromptCommand } from './keymap.ts';

const keys = Array.from({ length: 100 }, (_, i) => `row-${i}`);
const rows: RowsInfo = { keys, height: 10, scrollOnly: false };

function run(state: AppState, ...events: Parameters<typeof reduce>[1][]): AppState {
  return events.reduce(reduce, state);
}

describe('app state', () => {
  const start = initialState({ type: 'rootcauses' }, 'all');

  it('moves the cursor, scrolling only as far as it must', () => {
    const state = run(start, { type: 'move', delta: 12, rows });
    expect(currentFrame(state)).toMatchObject({ cursor: 12, top: 3, selectedKey: 'row-12' });
    const back = run(state, { type: 'move', delta: -5, rows });
    expect(currentFrame(back)).toMatchObject({ cursor: 7, top: 3 });
    expect(currentFrame(run(state, { type: 'end', rows }))).toMatchObject({ cursor: 99, top: 90 });
    expect(currentFrame(run(state, { type: 'home', rows }))).toMatchObject({ cursor: 0, top: 0 });
    expect(currentFrame(run(start, { type: 'move', delta: -3, rows }))).toMatchObject({ cursor: 0 });
  });

  it('pages by a screen', () => {
    const paged = run(start, { type: 'page', delta: 1, rows });
    expect(currentFrame(paged)).toMatchObject({ cursor: 9, top: 9 });
    expect(currentFrame(run(paged, { type: 'page', delta: -1, rows }))).toMatchObject({ cursor: 0, top: 0 });
  });

  it('scrolls text views instead of moving a cursor', () => {
    const text: RowsInfo = { keys, height: 10, scrollOnly: true };
    expect(currentFrame(run(start, { type: 'move', delta: 3, rows: text }))).toMatchObject({
      top: 3,
      cursor: 3,
    });
    expect(currentFrame(run(start, { type: 'end', rows: text }))).toMatchObject({ top: 90 });
  });

  it('opens logs at their end; scrolling back from there moves at once; replace keeps the filter', () => {
    const text: RowsInfo = { keys, height: 10, scrollOnly: true };
    const pod = { kind: 'Pod', namespace: 'n', name: 'p' };
    const logs = run(start, { type: 'push', view: { type: 'logs', ref: pod } });
    expect(currentFrame(logs).top).toBe(AT_END);
    expect(currentFrame(run(logs, { type: 'move', delta: -1, rows: text }))).toMatchObject({ top: 89 });
    expect(currentFrame(run(logs, { type: 'page', delta: -1, rows: text }))).toMatchObject({ top: 81 });
    const filtered = run(
      logs,
      { type: 'open-prompt', mode: 'filter' },
      {
        type: 'prompt',
        command: { type: 'insert', text: 'error' },
        now: 0,
      },
      { type: 'prompt', command: { type: 'submit' }, now: 0 },
      { type: 'move', delta: -5, rows: text },
    );
    const replaced = run(filtered, { type: 'replace', view: { type: 'logs', ref: pod, previous: false } });
    expect(replaced.stack).toHaveLength(2);
    expect(currentFrame(replaced)).toMatchObject({
      view: { type: 'logs', ref: pod, previous: false },
      filter: 'error',
      top: AT_END,
    });
  });

  it('keeps breadcrumbs: push, back, and no view twice', () => {
    const chain = {
      type: 'chain',
      ref: { kind: 'HelmRelease', namespace: 'flux-system', name: 'cert-manager' },
    } as const;
    const state = run(
      start,
      { type: 'move', delta: 2, rows },
      { type: 'push', view: chain },
      { type: 'push', view: { type: 'help' } },
    );
    expect(state.stack.map((f) => f.view.type)).toEqual(['rootcauses', 'chain', 'help']);
    const again = run(state, { type: 'push', view: chain });
    expect(again.stack.map((f) => f.view.type)).toEqual(['rootcauses', 'chain']);
    const back = run(again, { type: 'back' });
    expect(back.stack).toHaveLength(1);
    expect(currentFrame(back).cursor).toBe(2);
    expect(run(back, { type: 'back' })).toBe(back);
  });

  it('filters as the text is typed; enter keeps it, esc restores, esc in browse clears it', () => {
    const typing = run(
      start,
      { type: 'open-prompt', mode: 'filter' },
      { type: 'prompt', command: { type: 'insert', text: 'cert' }, now: 0 },
    );
    expect(typing.mode).toBe('filter');
    expect(currentFrame(typing).filter).toBe('cert');
    const kept = run(typing, { type: 'prompt', command: { type: 'submit' }, now: 0 });
    expect(kept.mode).toBe('browse');
    expect(currentFrame(kept).filter).toBe('cert');
    const cancelled = run(typing, { type: 'prompt', command: { type: 'cancel' }, now: 0 });
    expect(currentFrame(cancelled).filter).toBe('');
    const cleared = run(kept, { type: 'back' });
    expect(currentFrame(cleared).filter).toBe('');
    expect(cleared.stack).toHaveLength(1);
  });

  it('runs : commands, with completion and history', () => {
    const typed = run(
      start,
      { type: 'open-prompt', mode: 'command' },
      { type: 'prompt', command: { type: 'insert', text: 'helmrel' }, now: 0 },
      { type: 'prompt', command: { type: 'complete' }, now: 0 },
    );
    expect(typed.input).toBe('helmreleases');
    const done = run(typed, { type: 'prompt', command: { type: 'submit' }, now: 0 });
    expect(currentFrame(done).view).toEqual({ type: 'table', table: 'hr' });
    expect(done.history).toEqual(['helmreleases']);
    const recalled = run(
      done,
      { type: 'open-prompt', mode: 'command' },
      { type: 'prompt', command: { type: 'history', delta: -1 }, now: 0 },
    );
    expect(recalled.input).toBe('helmreleases');
    const unknown = run(
      start,
      { type: 'open-prompt', mode: 'command' },
      { type: 'prompt', command: { type: 'insert', text: 'nosuch' }, now: 5 },
      { type: 'prompt', command: { type: 'submit' }, now: 5 },
    );
    expect(unknown.flash).toEqual({ text: 'unknown command :nosuch (see ?)', level: 'error', until: 6005 });
    const quit = run(
      start,
      { type: 'open-prompt', mode: 'command' },
      { type: 'prompt', command: { type: 'insert', text: 'q' }, now: 0 },
      { type: 'prompt', command: { type: 'submit' }, now: 0 },
    );
    expect(quit.quitting).toBe(true);
  });

  it('starts a fresh trail at each : command, as k9s does', () => {
    const command = (text: string) =>
      [
        { type: 'open-prompt', mode: 'command' },
        { type: 'prompt', command: { type: 'insert', text }, now: 0 },
        { type: 'prompt', command: { type: 'submit' }, now: 0 },
      ] as const;
    const deep = run(
      start,
      { type: 'push', view: { type: 'chain', ref: { kind: 'HelmRelease', namespace: 'a', name: 'b' } } },
      ...command('hr'),
      ...command('ks'),
      ...command('apps'),
    );
    expect(deep.stack.map((f) => f.view)).toEqual([{ type: 'table', table: 'apps' }]);
  });

  it(':ns refuses a namespace the cluster does not have, and Tab completes the names it has', () => {
    const namespaces = ['argocd', 'team-a', 'team-b'];
    const prompt = (command: PromptCommand) => ({ type: 'prompt' as const, command, now: 0, namespaces });
    const typed = (text: string) =>
      run(start, { type: 'open-prompt', mode: 'command' }, prompt({ type: 'insert', text }));
    const missing = run(typed('ns nosuchns'), prompt({ type: 'submit' }));
    expect(missing.namespace).toBe('all');
    expect(missing.flash?.text).toBe(
      'namespace nosuchns does not exist on this cluster (:ns + Tab completes names)',
    );
    const completed = run(typed('ns team'), prompt({ type: 'complete' }));
    expect(completed.input).toBe('ns team-a');
    const next = run(completed, prompt({ type: 'complete' }));
    expect(next.input).toBe('ns team-b');
    const scoped = run(next, prompt({ type: 'submit' }));
    expect(scoped.namespace).toBe('team-b');
  });

  it('says when a filter cannot be read, instead of filtering nothing in silence', () => {
    const bad = run(
      start,
      { type: 'open-prompt', mode: 'filter' },
      { type: 'prompt', command: { type: 'insert', text: '/[/' }, now: 0 },
      { type: 'prompt', command: { type: 'submit' }, now: 0 },
    );
    expect(bad.flash?.level).toBe('error');
    expect(bad.flash?.text).toMatch(/^filter \/\[\/ filters nothing: bad regular expression/);
  });

  it('pins the cursor to the row it is drawn on', () => {
    const pinned = run(start, { type: 'pin', key: 'row-7', cursor: 7 });
    expect(currentFrame(pinned)).toMatchObject({ selectedKey: 'row-7', cursor: 7 });
    expect(run(pinned, { type: 'pin', key: 'row-7', cursor: 7 })).toBe(pinned);
  });

  it('sorts the kind tables, reversing on the same key', () => {
    const table = run(
      start,
      { type: 'push', view: { type: 'table', table: 'hr' } },
      { type: 'sort', column: 'name' },
    );
    expect(currentFrame(table).sort).toEqual({ column: 'name', descending: false });
    expect(currentFrame(run(table, { type: 'sort', column: 'name' })).sort).toEqual({
      column: 'name',
      descending: true,
    });
    const chain = run(start, { type: 'push', view: { type: 'help' } }, { type: 'sort', column: 'name' });
    expect(currentFrame(chain).sort).toBeUndefined();
  });

  it('changes the namespace scope and says so', () => {
    const scoped = run(
      start,
      { type: 'move', delta: 5, rows },
      { type: 'namespace', namespace: 'team-a', now: 0 },
    );
    expect(scoped.namespace).toBe('team-a');
    expect(currentFrame(scoped).cursor).toBe(0);
    expect(scoped.flash?.text).toBe('namespace: team-a');
  });

  it('opens and closes the confirmation', () => {
    const pending = {
      action: 'reconcile' as const,
      ref: { kind: 'HelmRelease', name: 'x', namespace: 'y' },
      uid: 'u-1',
      summary: 's',
      choices: [{ key: 'y', label: 'reconcile', options: {} }],
      toggles: [],
      switched: {},
    };
    const open = run(start, { type: 'confirm-open', pending });
    expect(open.mode).toBe('confirm');
    const closed = run(open, { type: 'confirm-close' });
    expect(closed.mode).toBe('browse');
    expect(closed.confirm).toBeUndefined();
  });

  it('visibleTop keeps the cursor on screen', () => {
    expect(visibleTop(0, 15, 10, 100)).toBe(6);
    expect(visibleTop(20, 15, 10, 100)).toBe(15);
    expect(visibleTop(95, 99, 10, 100)).toBe(90);
    expect(visibleTop(0, 0, 10, 3)).toBe(0);
  });
});

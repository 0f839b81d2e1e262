import { describe, expect, it } from 'vitest';
import { COMMANDS, completions, runCommand } from './commands.ts';
import { browseKey, confirmKey, KEY_HELP, promptKey, SORT_KEYS } from './keymap.ts';

describe(': commands', () => {
  it('open views by name or alias', () => {
    expect(runCommand('rootcauses')).toEqual({ type: 'view', view: { type: 'rootcauses' } });
    expect(runCommand(':rc')).toEqual({ type: 'view', view: { type: 'rootcauses' } });
    expect(runCommand('layers')).toEqual({ type: 'view', view: { type: 'layers' } });
    expect(runCommand('hr')).toEqual({ type: 'view', view: { type: 'table', table: 'hr' } });
    expect(runCommand('HelmReleases')).toEqual({ type: 'view', view: { type: 'table', table: 'hr' } });
    expect(runCommand('kustomization')).toEqual({ type: 'view', view: { type: 'table', table: 'ks' } });
    for (const name of [
      'gitrepo',
      'ocirepo',
      'helmrepo',
      'helmchart',
      'sources',
      'apps',
      'appsets',
      'projects',
      'all',
    ]) {
      expect(runCommand(name).type).toBe('view');
    }
  });

  it('scope the namespace, quit, and name what they do not know', () => {
    expect(runCommand('ns team-a')).toEqual({ type: 'namespace', namespace: 'team-a' });
    expect(runCommand('ns')).toEqual({ type: 'namespace', namespace: 'all' });
    expect(runCommand('q')).toEqual({ type: 'quit' });
    expect(runCommand('nosuch')).toEqual({ type: 'error', message: 'unknown command :nosuch (see ?)' });
    expect(runCommand('pods')).toEqual({ type: 'view', view: { type: 'pods' } });
    expect(runCommand('po team-a')).toEqual({ type: 'view', view: { type: 'pods', namespace: 'team-a' } });
  });

  it('complete what was typed, names before aliases', () => {
    expect(completions('h')).toEqual([
      'hr',
      'helmrepo',
      'helmchart',
      'hidden',
      'help',
      'helmreleases',
      'helmrelease',
      'helmrepositories',
      'helmrepository',
      'helmcharts',
      'hc',
    ]);
    expect(completions('roo')).toEqual(['rootcauses', 'roots', 'root']);
    expect(completions('hr')).toEqual([]);
    expect(completions('ns x')).toEqual([]);
    expect(COMMANDS.every((c) => c.description !== '')).toBe(true);
  });
});

describe('keys', () => {
  it('browse: k9s and vi movement, views, actions, sort, namespaces', () => {
    expect(browseKey('j', {})).toEqual({ type: 'move', delta: 1 });
    expect(browseKey('', { upArrow: true })).toEqual({ type: 'move', delta: -1 });
    expect(browseKey('', { pageDown: true })).toEqual({ type: 'page', delta: 1 });
    expect(browseKey('b', { ctrl: true })).toEqual({ type: 'page', delta: -1 });
    expect(browseKey('G', { shift: true })).toEqual({ type: 'end' });
    expect(browseKey('', { return: true })).toEqual({ type: 'enter' });
    expect(browseKey('', { escape: true })).toEqual({ type: 'back' });
    expect(browseKey('t', {})).toEqual({ type: 'detail', view: 'tree' });
    expect(browseKey('o', {})).toEqual({ type: 'detail', view: 'owner' });
    expect(browseKey('r', {})).toEqual({ type: 'action', action: 'reconcile' });
    expect(browseKey('s', {})).toEqual({ type: 'action', action: 'toggle-suspend' });
    // Shift-letters sort, as in k9s: refresh and sync are r and s on an Application.
    expect(browseKey('R', { shift: true })).toBeUndefined();
    expect(browseKey('S', { shift: true })).toEqual({ type: 'sort', column: 'state' });
    expect(browseKey('T', { shift: true })).toEqual({ type: 'sort', column: 'state' });
    expect(browseKey('0', {})).toEqual({ type: 'namespace', index: 0 });
    expect(browseKey('q', {})).toEqual({ type: 'quit' });
    expect(browseKey('c', { ctrl: true })).toEqual({ type: 'quit' });
    expect(browseKey('x', {})).toBeUndefined();
  });

  it('logs, k9s-style: l opens them; p, c and w change them', () => {
    expect(browseKey('l', {})).toEqual({ type: 'logs' });
    expect(browseKey('p', {})).toEqual({ type: 'logs-option', option: 'previous' });
    expect(browseKey('c', {})).toEqual({ type: 'logs-option', option: 'container' });
    expect(browseKey('w', {})).toEqual({ type: 'logs-option', option: 'wrap' });
    // Shift+P still sorts by namespace; ctrl-p still moves up.
    expect(browseKey('P', { shift: true })).toEqual({ type: 'sort', column: 'namespace' });
    expect(browseKey('p', { ctrl: true })).toEqual({ type: 'move', delta: -1 });
    // Columns switch with tab and the arrows: h and l are not column keys any more.
    expect(browseKey('h', {})).toBeUndefined();
    expect(browseKey('', { rightArrow: true })).toEqual({ type: 'focus', delta: 1 });
  });

  it('prompt and confirmation keys', () => {
    expect(promptKey('a', {})).toEqual({ type: 'insert', text: 'a' });
    expect(promptKey('\u001b[31mx', {})).toEqual({ type: 'insert', text: '[31mx' });
    expect(promptKey('', { tab: true })).toEqual({ type: 'complete' });
    expect(promptKey('', { backspace: true })).toEqual({ type: 'erase' });
    expect(promptKey('', { return: true })).toEqual({ type: 'submit' });
    expect(promptKey('', { escape: true })).toEqual({ type: 'cancel' });
    const dialog = {
      choices: [{ key: 'y' }, { key: 'x' }],
      toggles: [{ key: 'p', option: 'prune' as const }],
    };
    expect(confirmKey('y', {}, dialog)).toEqual({ type: 'choose', index: 0 });
    expect(confirmKey('x', {}, dialog)).toEqual({ type: 'choose', index: 1 });
    expect(confirmKey('p', {}, dialog)).toEqual({ type: 'toggle', option: 'prune' });
    // Enter alone is no yes in a mutating dialog: it asks for an explicit key.
    expect(confirmKey('', { return: true }, dialog)).toEqual({ type: 'explicit' });
    expect(confirmKey('n', {}, dialog)).toEqual({ type: 'cancel' });
    expect(confirmKey('', { escape: true }, dialog)).toEqual({ type: 'cancel' });
    expect(confirmKey('r', {}, dialog)).toBeUndefined();
  });

  it('the help lists every key the keymap knows', () => {
    const help = KEY_HELP.flatMap((s) => s.entries.map((e) => e.keys)).join(' ');
    for (const key of [
      'j',
      'k',
      'g',
      'G',
      ':',
      '/',
      '?',
      't',
      'o',
      'd',
      'y',
      'e',
      'r',
      's',
      'S',
      'q',
      '0-9',
      'esc',
      'enter',
      'l',
      'p',
      'c',
      'w',
    ]) {
      expect(help.split(/\s+/)).toContain(key);
    }
    for (const key of Object.keys(SORT_KEYS)) expect(help).toContain(key);
  });
});

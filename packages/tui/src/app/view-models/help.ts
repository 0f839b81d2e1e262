/** The `?` screen: every key and every command, from the keymap and command tables. */
import { COMMANDS } from '../commands.ts';
import type { HiddenNote } from '../data-source.ts';
import { KEY_HELP } from '../keymap.ts';
import { oneLine } from './format.ts';
import { blank, heading, type TreeLine, textLine } from './tree-lines.ts';

export function helpLines(): readonly TreeLine[] {
  const lines: TreeLine[] = [];
  const keyWidth = Math.max(...KEY_HELP.flatMap((s) => s.entries.map((e) => e.keys.length)));
  for (const section of KEY_HELP) {
    lines.push(heading(`keys:${section.title}`, section.title));
    for (const entry of section.entries) {
      lines.push({
        key: `key:${section.title}:${entry.keys}`,
        prefix: '  ',
        label: entry.keys.padEnd(keyWidth),
        tone: 'key',
        detail: entry.what,
      });
    }
    lines.push(blank(`gap:${section.title}`));
  }
  lines.push(heading('commands', 'Commands', 'type : then the name; tab completes'));
  const nameWidth = Math.max(...COMMANDS.map((c) => c.name.length)) + 1;
  for (const command of COMMANDS) {
    lines.push({
      key: `command:${command.name}`,
      prefix: '  ',
      label: `:${command.name}`.padEnd(nameWidth + 1),
      tone: 'key',
      detail: `${command.description}${command.aliases.length === 0 ? '' : `  (also ${command.aliases.map((a) => `:${a}`).join(' ')})`}`,
    });
  }
  lines.push(blank('gap:colours'));
  lines.push(heading('colours', 'Colours'));
  const colours: [string, TreeLine['state']][] = [
    ['failing', 'failing'],
    ['progressing', 'progressing'],
    ['unknown', 'unknown'],
    ['suspended', 'suspended'],
    ['missing / cycle', 'missing'],
    ['ready', 'ready'],
  ];
  for (const [label, state] of colours) {
    lines.push({ key: `colour:${label}`, prefix: '  ', label, ...(state === undefined ? {} : { state }) });
  }
  return lines;
}

/** `:hidden`: what the source could not see (RBAC, kinds not served), so conclusions can be weighed. */
export function hiddenLines(hidden: readonly HiddenNote[]): readonly TreeLine[] {
  if (hidden.length === 0)
    return [textLine('none', 'Nothing hidden: strata sees every kind it reads.', 'dim')];
  return [
    heading('hidden', `${hidden.length} hidden`, 'root causes may sit in what strata cannot see'),
    ...hidden.map((note, i) => ({
      key: `hidden:${i}`,
      prefix: '  ',
      label: oneLine(note.what),
      tone: 'warning' as const,
      detail: oneLine(note.why),
    })),
  ];
}

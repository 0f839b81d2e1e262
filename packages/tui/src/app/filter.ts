import { type StringEntries, stateWord } from '@strata/core';
/**
 * The `/` filter, k9s-style, as a pure function of its text:
 * - `text`        rows whose cells contain the text (case-insensitive)
 * - `/re/`        rows whose cells match the regular expression (case-insensitive)
 * - `-l k=v,k2`   rows whose object carries the labels (`k=v`, `k!=v`, `k`, `!k`)
 * - `!text`, `!/re/`  the rows that do not match
 * - a state word (core's `STATES`: `ready`, `failing`, `progressing`, …), alone or after `!`,
 *   matches the STATE column exactly, not free text: `!ready` keeps a failing row whose message
 *   says "not ready"
 */
export interface LabelSelector {
  readonly key: string;
  readonly op: '=' | '!=' | 'exists' | '!exists';
  readonly value?: string;
}

export type Filter =
  | { readonly kind: 'none' }
  | { readonly kind: 'text'; readonly text: string; readonly negate: boolean }
  | { readonly kind: 'regex'; readonly re: RegExp; readonly negate: boolean }
  | { readonly kind: 'label'; readonly selectors: readonly LabelSelector[] }
  | { readonly kind: 'state'; readonly state: string; readonly negate: boolean }
  | { readonly kind: 'invalid'; readonly error: string };

const NONE: Filter = { kind: 'none' };

function parseSelectors(text: string): Filter {
  const selectors: LabelSelector[] = [];
  for (const part of text.split(',')) {
    const item = part.trim();
    if (item === '') continue;
    const notEquals = item.indexOf('!=');
    const equals = item.indexOf('=');
    if (notEquals > 0) {
      selectors.push({
        key: item.slice(0, notEquals).trim(),
        op: '!=',
        value: item.slice(notEquals + 2).trim(),
      });
    } else if (equals > 0) {
      const value = item.slice(item[equals + 1] === '=' ? equals + 2 : equals + 1).trim();
      selectors.push({ key: item.slice(0, equals).trim(), op: '=', value });
    } else if (item.startsWith('!')) {
      selectors.push({ key: item.slice(1).trim(), op: '!exists' });
    } else {
      selectors.push({ key: item, op: 'exists' });
    }
  }
  if (selectors.length === 0) return { kind: 'invalid', error: '-l needs a label selector, such as app=web' };
  return { kind: 'label', selectors };
}

export function parseFilter(input: string): Filter {
  let text = input.trim();
  if (text === '') return NONE;
  if (text === '-l' || text.startsWith('-l ') || text.startsWith('-l=')) return parseSelectors(text.slice(3));
  let negate = false;
  if (text.startsWith('!') && text.length > 1) {
    negate = true;
    text = text.slice(1);
  }
  if (text.length >= 2 && text.startsWith('/') && text.endsWith('/')) {
    try {
      return { kind: 'regex', re: new RegExp(text.slice(1, -1), 'i'), negate };
    } catch (error) {
      return { kind: 'invalid', error: `bad regular expression: ${(error as Error).message}` };
    }
  }
  const lower = text.toLowerCase();
  const state = stateWord(lower);
  if (state !== undefined) return { kind: 'state', state, negate };
  return { kind: 'text', text: lower, negate };
}

export function isActive(filter: Filter): boolean {
  return filter.kind !== 'none';
}

function selects(selector: LabelSelector, value: string | undefined): boolean {
  switch (selector.op) {
    case 'exists':
      return value !== undefined;
    case '!exists':
      return value === undefined;
    case '=':
      return value === selector.value;
    case '!=':
      return value !== selector.value;
  }
}

/**
 * Whether a row passes: `cells` are its visible texts, `labels` its object's labels (if any),
 * `state` its state column (rows without one never match a state word).
 */
export function matches(
  filter: Filter,
  cells: readonly string[],
  labels: StringEntries | undefined,
  state?: string,
): boolean {
  switch (filter.kind) {
    case 'none':
    case 'invalid':
      return true;
    case 'text': {
      const found = cells.some((c) => c.toLowerCase().includes(filter.text));
      return found !== filter.negate;
    }
    case 'regex': {
      const found = cells.some((c) => filter.re.test(c));
      return found !== filter.negate;
    }
    case 'label':
      return filter.selectors.every((s) => selects(s, labels?.get(s.key)));
    case 'state':
      return (state === filter.state) !== filter.negate;
  }
}

/** The rows that pass the filter, in their order. */
export function applyFilter<T>(
  rows: readonly T[],
  filter: Filter,
  cells: (row: T) => readonly string[],
  labels: (row: T) => StringEntries | undefined,
  state: (row: T) => string | undefined = () => undefined,
): readonly T[] {
  if (filter.kind === 'none' || filter.kind === 'invalid') return rows;
  return rows.filter((row) => matches(filter, cells(row), labels(row), state(row)));
}

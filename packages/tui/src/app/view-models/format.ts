/** Small pure helpers every view model uses: safe one-line text, ages, cell fitting. */
import { formatRef, type Ref, type State } from '@strata/core';
import { printable } from '../../report/ansi.ts';

/** Text from the cluster as one safe line: no control characters, whitespace runs collapsed. */
export function oneLine(text: string | undefined): string {
  return text === undefined ? '' : printable(text).replace(/\s+/g, ' ').trim();
}

/** A ref as the report writes it, made safe to print. */
export function refLabel(ref: Ref): string {
  return oneLine(formatRef(ref));
}

/** k9s-style compact age: `42s`, `37m`, `3h5m`, `2d4h`; `-` when unknown. */
export function compactAge(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '-';
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  const days = Math.floor(hours / 24);
  return hours % 24 === 0 ? `${days}d` : `${days}d${hours % 24}h`;
}

/** Milliseconds from `time` to `at`, or undefined when either does not parse. */
export function elapsed(time: string | undefined, at: string): number | undefined {
  if (time === undefined) return undefined;
  const ms = Date.parse(at) - Date.parse(time);
  return Number.isFinite(ms) ? ms : undefined;
}

/** Display width of a string: one column per code point (strata draws only such characters). */
export function width(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/** Cuts or pads text to exactly `size` columns; a cut ends in `…`. */
export function fit(text: string, size: number, align: 'left' | 'right' = 'left'): string {
  if (size <= 0) return '';
  const chars = [...text];
  if (chars.length > size) return size === 1 ? '…' : `${chars.slice(0, size - 1).join('')}…`;
  const pad = ' '.repeat(size - chars.length);
  return align === 'right' ? pad + text : text + pad;
}

/** Cuts text to at most `size` columns, without padding. */
export function clip(text: string, size: number): string {
  const chars = [...text];
  if (chars.length <= size) return text;
  return size <= 0 ? '' : `${chars.slice(0, size - 1).join('')}…`;
}

/** Worst first: the order rows sort in by STATE. */
export const STATE_ORDER: Readonly<Record<State, number>> = {
  failing: 0,
  missing: 1,
  cycle: 2,
  progressing: 3,
  unknown: 4,
  suspended: 5,
  ready: 6,
};

export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The columns every row of a table view has. */
export interface CommonRowFields {
  readonly namespace: string;
  readonly name: string;
  readonly kind: string;
  readonly layer: string;
  readonly state: State;
  readonly reason: string;
  readonly message: string;
}

/** Orders two rows by a column they share; undefined for a column the caller sorts itself. */
export function compareCommonColumn(
  column: string,
  a: CommonRowFields,
  b: CommonRowFields,
): number | undefined {
  switch (column) {
    case 'namespace':
    case 'name':
    case 'kind':
    case 'layer':
    case 'reason':
    case 'message':
      return compareText(a[column], b[column]);
    case 'state':
      return STATE_ORDER[a.state] - STATE_ORDER[b.state];
    default:
      return undefined;
  }
}

/**
 * The words that name a reported state. A surface's filter treats one of them as the state, not
 * free text: `ready` keeps only ready rows, not a failing one whose message says "not ready".
 */
import type { State } from '../report-types.ts';

/** Every State, in the order a legend lists them. */
export const STATES: readonly State[] = [
  'ready',
  'failing',
  'progressing',
  'suspended',
  'unknown',
  'missing',
  'cycle',
];

const WORDS: ReadonlySet<string> = new Set(STATES);

/** Whether a filter's text (trimmed, any case) names a state; the state it names. */
export function stateWord(text: string): State | undefined {
  const word = text.trim().toLowerCase();
  return WORDS.has(word) ? (word as State) : undefined;
}

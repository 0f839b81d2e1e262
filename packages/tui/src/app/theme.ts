/** Colours: red failing, yellow progressing, grey unknown, blue suspended, magenta missing or cycle, green ready. */
import type { Layer, State } from '@strata/core';
import type { Tone } from './view-models/tree-lines.ts';

export type Colour = 'red' | 'yellow' | 'gray' | 'blue' | 'magenta' | 'green' | 'cyan' | 'white';

export const STATE_COLOUR: Readonly<Record<State, Colour>> = {
  failing: 'red',
  progressing: 'yellow',
  unknown: 'gray',
  suspended: 'blue',
  missing: 'magenta',
  cycle: 'magenta',
  ready: 'green',
};

export const LAYER_COLOUR: Readonly<Record<Layer, Colour>> = {
  flux: 'cyan',
  argo: 'yellow',
  both: 'magenta',
  helm: 'blue',
  unmanaged: 'gray',
};

export const TONE_COLOUR: Readonly<Record<Tone, Colour | undefined>> = {
  heading: 'cyan',
  text: undefined,
  dim: 'gray',
  warning: 'yellow',
  error: 'red',
  key: 'white',
};

export const CONNECTION_COLOUR = {
  connecting: 'yellow',
  live: 'green',
  reconnecting: 'yellow',
  stale: 'red',
  demo: 'magenta',
  failed: 'red',
} as const;

/** A glyph per state, for the overview columns (colour alone is not enough on every terminal). */
export const STATE_GLYPH: Readonly<Record<State, string>> = {
  failing: '✗',
  progressing: '◐',
  unknown: '?',
  suspended: '‖',
  missing: '∅',
  cycle: '↻',
  ready: '✓',
};

export const ACCENT: Colour = 'cyan';

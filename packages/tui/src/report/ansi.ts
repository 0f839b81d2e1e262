/**
 * The little ANSI styling strata needs, and the rule for when to use it. No colour library: a
 * style is a function that wraps text in SGR codes, or returns it unchanged when colour is off.
 */

export type Paint = (text: string) => string;

export interface Palette {
  readonly bold: Paint;
  readonly dim: Paint;
  readonly red: Paint;
  readonly green: Paint;
  readonly yellow: Paint;
  readonly blue: Paint;
  readonly magenta: Paint;
  readonly cyan: Paint;
}

function sgr(open: number, close: number): Paint {
  return (text) => (text === '' ? text : `\u001b[${open}m${text}\u001b[${close}m`);
}

const plain: Paint = (text) => text;

const COLOURED: Palette = {
  bold: sgr(1, 22),
  dim: sgr(2, 22),
  red: sgr(31, 39),
  green: sgr(32, 39),
  yellow: sgr(33, 39),
  blue: sgr(34, 39),
  magenta: sgr(35, 39),
  cyan: sgr(36, 39),
};

const PLAIN: Palette = {
  bold: plain,
  dim: plain,
  red: plain,
  green: plain,
  yellow: plain,
  blue: plain,
  magenta: plain,
  cyan: plain,
};

export function palette(color: boolean): Palette {
  return color ? COLOURED : PLAIN;
}

/**
 * Colour when stdout is a terminal, unless NO_COLOR is set (https://no-color.org) or TERM is
 * `dumb`. FORCE_COLOR overrides all of that: `0` or `false` turns colour off, any other value on.
 */
export function wantsColor(isTTY: boolean, env: Readonly<Record<string, string | undefined>>): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.TERM === 'dumb') return false;
  return isTTY;
}

// C0 controls (tab and newline included: output lines are built by strata, never taken from
// input), DEL and C1 controls. ESC is among them, so input can never move the cursor or recolour
// the terminal.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

/** Text taken from the cluster, made safe to print: control characters become spaces. */
export function printable(text: string): string {
  return text.replace(CONTROL, ' ');
}

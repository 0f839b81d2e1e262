import { parseArgs } from 'node:util';

export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
}

export interface CommandLine {
  /** Every value given, in order, per option name; `true` for a boolean flag. */
  readonly values: ReadonlyMap<string, ReadonlyArray<string | true>>;
  readonly positionals: readonly string[];
}

export type CommandLineResult =
  | ({ readonly ok: true } & CommandLine)
  | { readonly ok: false; readonly error: string };

/**
 * node:util parseArgs, with the mistakes a person makes turned into one short line each: an
 * unknown option, a value missing (`--file` at the end, or followed by another option), a value
 * given to a flag. `-` alone is a value (standard input), not an option.
 */
export function parseCommandLine(
  args: readonly string[],
  options: Readonly<Record<string, OptionSpec>>,
  help: string,
): CommandLineResult {
  const { tokens } = parseArgs({
    args: [...args],
    options: { ...options },
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const values = new Map<string, Array<string | true>>();
  const positionals: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'positional') {
      positionals.push(token.value);
      continue;
    }
    if (token.kind !== 'option') continue;
    const spec = Object.hasOwn(options, token.name) ? options[token.name] : undefined;
    if (spec === undefined) return { ok: false, error: `unknown option ${token.rawName} (see ${help})` };
    let value: string | true;
    if (spec.type === 'boolean') {
      if (token.value !== undefined) return { ok: false, error: `${token.rawName} takes no value` };
      value = true;
    } else {
      const given = token.value;
      if (given === undefined || (!token.inlineValue && given.startsWith('-') && given !== '-')) {
        return { ok: false, error: `${token.rawName} needs a value` };
      }
      value = given;
    }
    const list = values.get(token.name) ?? [];
    list.push(value);
    values.set(token.name, list);
  }
  return { ok: true, values, positionals };
}

/** The last value given for an option (`-o json -o text` means text, as with kubectl). */
export function lastValue(values: ReadonlyArray<string | true> | undefined): string | undefined {
  const value = values?.at(-1);
  return typeof value === 'string' ? value : undefined;
}

import { describe, expect, it } from 'vitest';
import { parseCommandLine } from './command-line.ts';

const OPTIONS = { file: { type: 'string', short: 'f' }, help: { type: 'boolean', short: 'h' } } as const;

function parse(...args: string[]) {
  return parseCommandLine(args, OPTIONS, 'x --help');
}

describe('parseCommandLine', () => {
  it('collects repeated values in order, and positionals', () => {
    const result = parse('-f', 'a', '--file', 'b', '--file=c', '-fd', 'e', '-h');
    expect(result).toEqual({
      ok: true,
      values: new Map<string, unknown>([
        ['file', ['a', 'b', 'c', 'd']],
        ['help', [true]],
      ]),
      positionals: ['e'],
    });
  });

  it('takes - as a value and everything after -- as positionals', () => {
    expect(parse('-f', '-', '--', '--help')).toMatchObject({ ok: true, positionals: ['--help'] });
  });

  it('names an unknown option in one line', () => {
    expect(parse('--nope')).toEqual({ ok: false, error: 'unknown option --nope (see x --help)' });
    expect(parse('-x')).toEqual({ ok: false, error: 'unknown option -x (see x --help)' });
    expect(parse('--constructor')).toEqual({
      ok: false,
      error: 'unknown option --constructor (see x --help)',
    });
  });

  it('says when a value is missing', () => {
    expect(parse('--file')).toEqual({ ok: false, error: '--file needs a value' });
    expect(parse('-f', '--help')).toEqual({ ok: false, error: '-f needs a value' });
  });

  it('says when a flag is given a value', () => {
    expect(parse('--help=yes')).toEqual({ ok: false, error: '--help takes no value' });
  });
});

import { describe, expect, it } from 'vitest';
import { palette, printable, wantsColor } from './ansi.ts';

describe('wantsColor', () => {
  it('colours a terminal and nothing else', () => {
    expect(wantsColor(true, {})).toBe(true);
    expect(wantsColor(false, {})).toBe(false);
  });

  it('obeys NO_COLOR unless it is empty', () => {
    expect(wantsColor(true, { NO_COLOR: '1' })).toBe(false);
    expect(wantsColor(true, { NO_COLOR: '' })).toBe(true);
  });

  it('is off on a dumb terminal', () => {
    expect(wantsColor(true, { TERM: 'dumb' })).toBe(false);
  });

  it('lets FORCE_COLOR decide over everything else', () => {
    expect(wantsColor(false, { FORCE_COLOR: '1' })).toBe(true);
    expect(wantsColor(false, { FORCE_COLOR: '' })).toBe(true);
    expect(wantsColor(true, { FORCE_COLOR: '0' })).toBe(false);
    expect(wantsColor(true, { FORCE_COLOR: 'false' })).toBe(false);
    expect(wantsColor(false, { FORCE_COLOR: '1', NO_COLOR: '1' })).toBe(true);
  });
});

describe('palette', () => {
  it('wraps text in SGR codes when on', () => {
    expect(palette(true).red('x')).toBe('\u001b[31mx\u001b[39m');
    expect(palette(true).bold('')).toBe('');
  });

  it('leaves text alone when off', () => {
    expect(palette(false).red('x')).toBe('x');
  });
});

describe('printable', () => {
  it('turns control characters, escape included, into spaces', () => {
    expect(printable('a\u001b[2Jb\u0007c\u009bd\te')).toBe('a [2Jb c d e');
  });
});

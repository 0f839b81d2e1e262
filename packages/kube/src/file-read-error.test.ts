import { describe, expect, it } from 'vitest';
import { describeFileReadError } from './file-read-error.ts';

describe('describeFileReadError', () => {
  it('names the usual causes and falls back to the code', () => {
    expect(describeFileReadError({ code: 'ENOENT' })).toBe('no such file');
    expect(describeFileReadError({ code: 'EISDIR' })).toBe('is a directory');
    expect(describeFileReadError({ code: 'EACCES' })).toBe('permission denied');
    expect(describeFileReadError({ code: 'EIO' })).toBe('cannot be read (EIO)');
    expect(describeFileReadError(new Error('x'))).toBe('cannot be read');
  });
});

import { describe, expect, it } from 'vitest';
import { splitYamlDocuments } from './yaml-stream.ts';

const texts = (input: string) => splitYamlDocuments(input).map((d) => d.text);
const lines = (input: string) => splitYamlDocuments(input).map((d) => d.line);

describe('splitYamlDocuments', () => {
  it('cuts at every --- line, a document starting at its marker', () => {
    expect(texts('a: 1\n---\nb: 2\n---\nc: 3\n')).toEqual(['a: 1\n', '---\nb: 2\n', '---\nc: 3\n']);
    expect(lines('a: 1\n---\nb: 2\n---\nc: 3\n')).toEqual([0, 1, 3]);
  });

  it('keeps what follows --- on its line (a comment, a tag, a block scalar header)', () => {
    expect(texts('--- # first\na: 1\n--- |\n  text\n---\t{b: 2}\n')).toEqual([
      '--- # first\na: 1\n',
      '--- |\n  text\n',
      '---\t{b: 2}\n',
    ]);
  });

  it('does not cut at an indented --- inside a block scalar, nor at ---x or ----', () => {
    const text = 'data:\n  script: |\n    ---\n    ...\n  ---x: 1\n----: 2\n---x: 3\n';
    expect(texts(text)).toEqual([text]);
  });

  it('ends a top-level block scalar at a --- in column 0, as YAML does', () => {
    expect(texts('--- |\nline\n---\nb: 2\n')).toEqual(['--- |\nline\n', '---\nb: 2\n']);
  });

  it('gives comments and directives before --- to the document they precede', () => {
    expect(texts('# a stream\n\n%YAML 1.2\n---\na: 1\n')).toEqual(['# a stream\n\n%YAML 1.2\n---\na: 1\n']);
    expect(lines('# a stream\n---\na: 1\n# between\n---\nb: 2\n')).toEqual([0, 4]);
    expect(texts('a: 1\n# between\n---\nb: 2\n')).toEqual(['a: 1\n# between\n', '---\nb: 2\n']);
  });

  it('ends a document at ..., and reads a bare document after it', () => {
    expect(texts('a: 1\n...\nb: 2\n...\n---\nc: 3\n... # end\n# tail\n')).toEqual([
      'a: 1\n...\n',
      'b: 2\n...\n',
      '---\nc: 3\n... # end\n',
    ]);
  });

  it('counts empty documents between markers, and no document in blank or comment-only text', () => {
    expect(texts('---\n---\na: 1\n---\n')).toEqual(['---\n', '---\na: 1\n', '---\n']);
    expect(texts('')).toEqual([]);
    expect(texts('\n# only a comment\n\n')).toEqual([]);
  });

  it('reads CRLF line ends', () => {
    expect(texts('a: 1\r\n---\r\nb: 2\r\n...\r\n')).toEqual(['a: 1\r\n', '---\r\nb: 2\r\n...\r\n']);
    expect(lines('a: 1\r\n---\r\nb: 2\r\n')).toEqual([0, 1]);
  });

  it('cuts at a marker on the last line without a line end', () => {
    expect(texts('a: 1\n---')).toEqual(['a: 1\n', '---']);
    expect(texts('a: 1\n...')).toEqual(['a: 1\n...']);
  });
});

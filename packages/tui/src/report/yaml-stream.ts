/** One document of a YAML stream, as a slice of its text. */
export interface YamlDocumentText {
  readonly text: string;
  /** 0-based line of the file the slice starts on (a slice always starts at a line's start). */
  readonly line: number;
}

/**
 * A line that starts with `---` or `...` followed by a space, a tab or the line's end. YAML 1.2
 * (§9.1.4, `c-forbidden`) makes such a line a document marker wherever it is: it ends any block
 * scalar and may not occur inside a quoted, plain or flow node. So the stream can be cut there
 * without parsing, and every other line belongs to the document around it.
 */
const MARKER = /^(?:---|\.\.\.)(?=[ \t\r\n]|$)/gm;

/** Whether `text[from, to)` holds only blank lines, comments and directives (`%YAML 1.2`). */
function noContent(text: string, from: number, to: number): boolean {
  for (let start = from; start < to; ) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 || newline > to ? to : newline;
    let i = start;
    while (i < end && (text[i] === ' ' || text[i] === '\t' || text[i] === '\r')) i++;
    if (i < end && text[i] !== '#' && !(i === start && text[i] === '%')) return false;
    start = end + 1;
  }
  return true;
}

/**
 * Cuts a multi-document YAML stream into its documents, in order, the way a YAML parser counts
 * them: a document starts at `---` (with whatever precedes it since the last document: comments,
 * directives) or, with no `---`, at the stream's start or after a `...`; `...` ends one. Text
 * with no content outside a document (a stream's leading comments, a blank tail) is not one.
 */
export function splitYamlDocuments(text: string): YamlDocumentText[] {
  const starts: number[] = [0];
  MARKER.lastIndex = 0;
  for (let match = MARKER.exec(text); match !== null; match = MARKER.exec(text)) {
    if (match[0] === '---') {
      starts.push(match.index);
    } else {
      const newline = text.indexOf('\n', match.index);
      starts.push(newline === -1 ? text.length : newline + 1);
    }
  }
  const documents: YamlDocumentText[] = [];
  let prologue: number | undefined; // where the comments and directives before a document start
  let counted = 0; // line breaks counted up to `countedTo`
  let countedTo = 0;
  const lineAt = (position: number): number => {
    for (let i = text.indexOf('\n', countedTo); i !== -1 && i < position; i = text.indexOf('\n', i + 1))
      counted++;
    countedTo = position;
    return counted;
  };
  for (let k = 0; k < starts.length; k++) {
    const from = starts[k] as number;
    const to = k + 1 < starts.length ? (starts[k + 1] as number) : text.length;
    if (to <= from) continue; // `...` right before `---`, or `---` at the very start
    if (!text.startsWith('---', from) && noContent(text, from, to)) {
      prologue ??= from;
      continue;
    }
    const start = prologue ?? from;
    prologue = undefined;
    documents.push({ text: text.slice(start, to), line: lineAt(start) });
  }
  return documents;
}

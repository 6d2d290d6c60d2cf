/** MAESTRO's tokenizer, shared by the hardware and mapping readers. */

export interface Token {
  text: string;
  /** 1-based line number. */
  line: number;
}

/**
 * The tokens of a text as columns: token `i` is `text.slice(starts[i], ends[i])` on line `lines[i]`
 * (1-based). A reader compares and converts tokens in place, so a file of 10^5 tokens costs no
 * token objects and no substrings but the names it keeps.
 */
export class TokenColumns {
  text = '';
  count = 0;
  /** Where scanning stopped: a text offset, and its 1-based line. */
  scannedTo = 0;
  scannedLine = 1;
  starts: Int32Array;
  ends: Int32Array;
  lines: Int32Array;

  constructor(capacity = 1024) {
    this.starts = new Int32Array(capacity);
    this.ends = new Int32Array(capacity);
    this.lines = new Int32Array(capacity);
  }

  /** The text of token `index`. */
  tokenText(index: number): string {
    return this.text.slice(this.starts[index]!, this.ends[index]!);
  }

  /** Whether token `index` is exactly `word`. */
  is(index: number, word: string): boolean {
    const start = this.starts[index]!;
    return this.ends[index]! - start === word.length && this.text.startsWith(word, start);
  }

  /** The token's value if it is all decimal digits (`^[0-9]+$`), else -1. */
  digitsValue(index: number): number {
    const text = this.text;
    const end = this.ends[index]!;
    let value = 0;
    for (let k = this.starts[index]!; k < end; k++) {
      const digit = text.charCodeAt(k) - 48;
      if (digit < 0 || digit > 9) return -1;
      value = value * 10 + digit;
    }
    return value;
  }

  /** Empties the columns to scan `text` from its start. */
  restart(text: string): void {
    this.text = text;
    this.count = 0;
    this.scannedTo = 0;
    this.scannedLine = 1;
  }

  /**
   * Skips the text up to the one-character token at `offset` (on 1-based `line`): appends that
   * token, and scanning goes on after it. The reader must know the skipped text's tokens.
   */
  skipTo(offset: number, line: number): void {
    if (this.count === this.starts.length) this.grow();
    this.starts[this.count] = offset;
    this.ends[this.count] = offset + 1;
    this.lines[this.count] = line;
    this.count++;
    this.scannedTo = offset + 1;
    this.scannedLine = line;
  }

  grow(): void {
    const capacity = this.starts.length * 2;
    const starts = new Int32Array(capacity);
    const ends = new Int32Array(capacity);
    const lines = new Int32Array(capacity);
    starts.set(this.starts);
    ends.set(this.ends);
    lines.set(this.lines);
    this.starts = starts;
    this.ends = ends;
    this.lines = lines;
  }
}

const SLASH = 47;
const NEWLINE = 10;
/** The kinds of `ASCII_KIND`; every character from 128 up is a TOKEN_CHAR. */
export const TOKEN_CHAR = 0;
export const SEPARATOR = 1;
export const LINE_BREAK = 2;

/**
 * What each ASCII character is. MAESTRO splits on any of ` ,->():\t;`; a carriage return is one
 * more separator, so that files with Windows line endings read the same.
 */
export const ASCII_KIND = new Uint8Array(128);
for (const separator of ' ,->():\t;\r') ASCII_KIND[separator.charCodeAt(0)] = SEPARATOR;
ASCII_KIND[NEWLINE] = LINE_BREAK;

const OPEN_BRACE = 123;

/** Whether a token that reaches `offset` ends there (at a separator, a line break or the end). */
export function endsTokenAt(text: string, offset: number): boolean {
  if (offset >= text.length) return true;
  const code = text.charCodeAt(offset);
  return code < 128 && ASCII_KIND[code] !== TOKEN_CHAR;
}

/**
 * Splits text into token columns (reusing `into`'s storage). A token is a longest run of characters
 * that are no separator; a token that starts with `//` ends its line (there are no block comments).
 * Braces are only tokens of their own when separated from neighbours.
 */
export function scanTokens(text: string, into: TokenColumns = new TokenColumns()): TokenColumns {
  into.restart(text);
  scanOn(into, false);
  return into;
}

/**
 * Scans on from where `columns` stopped, through the next `{` token or to the end of the text, so
 * that a reader can skip a block it already knows (see `TokenColumns.skipTo`). Whether it added tokens.
 */
export function scanThroughOpenBrace(columns: TokenColumns): boolean {
  const before = columns.count;
  scanOn(columns, true);
  return columns.count > before;
}

function scanOn(into: TokenColumns, stopAfterOpenBrace: boolean): void {
  const text = into.text;
  const length = text.length;
  let count = into.count;
  let line = into.scannedLine;
  let i = into.scannedTo;
  // One loop over character codes: it runs hot at once, so V8 optimizes it early in a cold process.
  while (i < length) {
    const code = text.charCodeAt(i);
    if (code < 128) {
      const kind = ASCII_KIND[code];
      if (kind === SEPARATOR) {
        i++;
        continue;
      }
      if (kind === LINE_BREAK) {
        line++;
        i++;
        continue;
      }
      if (code === SLASH && text.charCodeAt(i + 1) === SLASH) {
        const lineEnd = text.indexOf('\n', i + 2);
        if (lineEnd < 0) {
          i = length;
          break;
        }
        i = lineEnd;
        continue;
      }
    }
    const start = i++;
    while (i < length) {
      const next = text.charCodeAt(i);
      if (next < 128 && ASCII_KIND[next] !== TOKEN_CHAR) break;
      i++;
    }
    if (count === into.starts.length) into.grow();
    into.starts[count] = start;
    into.ends[count] = i;
    into.lines[count] = line;
    count++;
    if (stopAfterOpenBrace && code === OPEN_BRACE && i - start === 1) break;
  }
  into.count = count;
  into.scannedTo = i;
  into.scannedLine = line;
}

/**
 * Splits text into tokens line by line. A token that starts with `//` ends its line; there are no
 * block comments. Braces are only tokens of their own when separated from neighbours.
 */
export function tokenize(text: string): Token[] {
  // Small first columns (they grow): a hardware file has a dozen tokens, and a batch reads one per case.
  const columns = scanTokens(text, new TokenColumns(32));
  const tokens: Token[] = [];
  for (let i = 0; i < columns.count; i++) tokens.push({ text: columns.tokenText(i), line: columns.lines[i]! });
  return tokens;
}

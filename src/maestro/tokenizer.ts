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
const TOKEN_CHAR = 0;
const SEPARATOR = 1;
const LINE_BREAK = 2;

/**
 * What each ASCII character is. MAESTRO splits on any of ` ,->():\t;`; a carriage return is one
 * more separator, so that files with Windows line endings read the same.
 */
const ASCII_KIND = new Uint8Array(128);
for (const separator of ' ,->():\t;\r') ASCII_KIND[separator.charCodeAt(0)] = SEPARATOR;
ASCII_KIND[NEWLINE] = LINE_BREAK;

/**
 * Splits text into token columns (reusing `into`'s storage). A token is a longest run of characters
 * that are no separator; a token that starts with `//` ends its line (there are no block comments).
 * Braces are only tokens of their own when separated from neighbours.
 */
export function scanTokens(text: string, into: TokenColumns = new TokenColumns()): TokenColumns {
  const length = text.length;
  let count = 0;
  let line = 1;
  let i = 0;
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
        if (lineEnd < 0) break;
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
  }
  into.text = text;
  into.count = count;
  return into;
}

/**
 * Splits text into tokens line by line. A token that starts with `//` ends its line; there are no
 * block comments. Braces are only tokens of their own when separated from neighbours.
 */
export function tokenize(text: string): Token[] {
  const columns = scanTokens(text);
  const tokens: Token[] = [];
  for (let i = 0; i < columns.count; i++) tokens.push({ text: columns.tokenText(i), line: columns.lines[i]! });
  return tokens;
}

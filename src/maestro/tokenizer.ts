/** MAESTRO's tokenizer, shared by the hardware and mapping readers. */

export interface Token {
  text: string;
  /** 1-based line number. */
  line: number;
}

// MAESTRO splits on any of ` ,->():\t;`; a carriage return is treated as one more separator so
// that files with Windows line endings read the same.
const SEPARATORS = /[ ,\->():\t;\r]+/;
const SLASH = 47;

/**
 * Splits text into tokens line by line. A token that starts with `//` ends its line; there are no
 * block comments. Braces are only tokens of their own when separated from neighbours.
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const lines = text.split('\n');
  // Indexed loops and character codes: a cold command line runs this before V8 optimizes it, and an
  // iterator or a method call per part costs more there than the split itself.
  for (let index = 0; index < lines.length; index++) {
    const parts = (lines[index] as string).split(SEPARATORS);
    const line = index + 1;
    for (let k = 0; k < parts.length; k++) {
      const part = parts[k]!;
      if (part.length === 0) continue;
      if (part.charCodeAt(0) === SLASH && part.charCodeAt(1) === SLASH) break;
      tokens.push({ text: part, line });
    }
  }
  return tokens;
}

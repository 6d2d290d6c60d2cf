/** MAESTRO's tokenizer, shared by the hardware and mapping readers. */

export interface Token {
  text: string;
  /** 1-based line number. */
  line: number;
}

// MAESTRO splits on any of ` ,->():\t;`; a carriage return is treated as one more separator so
// that files with Windows line endings read the same.
const SEPARATORS = /[ ,\->():\t;\r]+/;

/**
 * Splits text into tokens line by line. A token that starts with `//` ends its line; there are no
 * block comments. Braces are only tokens of their own when separated from neighbours.
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const parts = (lines[index] as string).split(SEPARATORS);
    for (const part of parts) {
      if (part.length === 0) continue;
      if (part.startsWith('//')) break;
      tokens.push({ text: part, line: index + 1 });
    }
  }
  return tokens;
}

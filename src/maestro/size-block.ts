/**
 * Reading a plain block of sizes (`Dimensions { K: 64, C: 3, Y': 7 }`, `Stride { X: 2 }`) straight
 * from the text. A reader on tokens pays for every token; these blocks are most of the tokens of a
 * layer that is not a copy (see block-cache.ts), and almost always plain.
 */
import { ASCII_KIND, endsTokenAt, TOKEN_CHAR } from './tokenizer.js';
import { DIMENSION_NAMES, type DimensionName, type Dimensions } from './types.js';

const CLOSE_BRACE = 125;
const APOSTROPHE = 39;
const LARGEST_SIZE = 2147483647;

/** The one-letter dimension names by character code. */
const ONE_LETTER_DIMENSIONS: (DimensionName | undefined)[] = [];
for (const dim of DIMENSION_NAMES) if (dim.length === 1) ONE_LETTER_DIMENSIONS[dim.charCodeAt(0)] = dim;

/** The dimension named by `text` from `start` to `end`, or undefined. */
export function dimensionNameAt(text: string, start: number, end: number): DimensionName | undefined {
  const length = end - start;
  const first = text.charCodeAt(start);
  if (length === 1) return ONE_LETTER_DIMENSIONS[first];
  if (length === 2 && text.charCodeAt(start + 1) === APOSTROPHE) {
    if (first === 89) return "Y'";
    if (first === 88) return "X'";
  }
  return undefined;
}

/**
 * Reads the entries of a size block from the text after its `{`, as the token reader would, when
 * the block is plain: dimension names, each followed by a decimal integer from 1 to 2^31-1, between
 * separators and line breaks, up to a `}` that is a token of its own. Anything else (a comment, a
 * Constant name, a size out of range, an unknown name, the end of the text) makes it give up, and
 * the block is read token by token, which reports any error.
 */
export class SizeBlockReader {
  /** Where the block's `}` is after a read that did not give up: its offset and 1-based line. */
  closeOffset = -1;
  closeLine = 0;

  /**
   * Reads the block whose `{` ends just before `from`, on `line`, setting its entries in `sizes`;
   * whether the block was plain. Before giving up it may have set entries, as reading the block
   * token by token sets them again, in the same order.
   */
  read(text: string, from: number, line: number, sizes: Dimensions): boolean {
    let offset = separatorsEnd(text, from);
    while (offset < text.length) {
      if (text.charCodeAt(offset) === CLOSE_BRACE && endsTokenAt(text, offset + 1)) {
        this.closeOffset = offset;
        this.closeLine = line + lineBreaksBetween(text, from, offset);
        return true;
      }
      const nameEnd = tokenEnd(text, offset);
      const dim = dimensionNameAt(text, offset, nameEnd);
      if (dim === undefined) return false;
      const valueStart = separatorsEnd(text, nameEnd);
      const valueEnd = tokenEnd(text, valueStart);
      const value = decimalValue(text, valueStart, valueEnd);
      if (value < 1 || value > LARGEST_SIZE) return false;
      sizes[dim] = value;
      offset = separatorsEnd(text, valueEnd);
    }
    return false;
  }
}

/** Where the separators and line breaks from `offset` end. */
function separatorsEnd(text: string, offset: number): number {
  const length = text.length;
  while (offset < length) {
    const code = text.charCodeAt(offset);
    if (code >= 128 || ASCII_KIND[code] === TOKEN_CHAR) break;
    offset++;
  }
  return offset;
}

/** Where the token from `offset` ends. */
function tokenEnd(text: string, offset: number): number {
  const length = text.length;
  while (offset < length) {
    const code = text.charCodeAt(offset);
    if (code < 128 && ASCII_KIND[code] !== TOKEN_CHAR) break;
    offset++;
  }
  return offset;
}

/** The value of the text from `start` to `end` if it is one or more decimal digits, else -1. */
function decimalValue(text: string, start: number, end: number): number {
  if (start === end) return -1;
  let value = 0;
  for (let k = start; k < end; k++) {
    const digit = text.charCodeAt(k) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

function lineBreaksBetween(text: string, from: number, to: number): number {
  let count = 0;
  for (let at = text.indexOf('\n', from); at >= 0 && at < to; at = text.indexOf('\n', at + 1)) count++;
  return count;
}

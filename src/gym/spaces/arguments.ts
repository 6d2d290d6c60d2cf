/** Checks of space constructor arguments, each throwing an error that names what was expected. */
import { describeValue } from '../describe-value.js';

/** Throws unless `value` is an integer >= 1. */
export function expectPositiveInteger(value: unknown, name: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new TypeError(`Expects \`${name}\` to be a positive integer, actual: ${describeValue(value)}`);
  }
}

/** Throws unless `value` is a safe integer. */
export function expectInteger(value: unknown, name: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new TypeError(`Expects \`${name}\` to be an integer, actual: ${describeValue(value)}`);
  }
}

/** Throws unless `value` is an array (or typed array) of numbers; returns a plain copy. */
export function expectNumberArray(value: unknown, name: string): number[] {
  const isArrayLike = Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView));
  if (!isArrayLike) {
    throw new TypeError(`Expects \`${name}\` to be an array of numbers, actual: ${describeValue(value)}`);
  }
  const items = Array.from(value as ArrayLike<unknown>);
  const badIndex = items.findIndex((item) => typeof item !== 'number');
  if (badIndex >= 0) {
    throw new TypeError(
      `Expects \`${name}\` to be an array of numbers, actual: ${describeValue(items[badIndex])} at index ${badIndex}`,
    );
  }
  return items as number[];
}

/**
 * Validates a sample mask for `n` choices (0/1 or booleans) and returns how many choices it allows.
 * `where` names the mask in the message, e.g. "the sample mask" or "the sample mask of dimension 2".
 */
export function countMaskedChoices(mask: unknown, n: number, where: string): number {
  const isArrayLike = Array.isArray(mask) || (ArrayBuffer.isView(mask) && !(mask instanceof DataView));
  if (!isArrayLike) {
    throw new TypeError(`Expects ${where} to be an array of 0/1 of length ${n}, actual: ${describeValue(mask)}`);
  }
  const entries = mask as ArrayLike<unknown>;
  if (entries.length !== n) {
    throw new RangeError(`The expected length of ${where} is ${n}, actual length: ${entries.length}`);
  }
  let allowed = 0;
  for (let i = 0; i < n; i++) {
    const entry = entries[i];
    if (entry === 1 || entry === true) allowed++;
    else if (entry !== 0 && entry !== false) {
      throw new TypeError(`Expects ${where} to hold only 0/1 (or booleans), actual: ${describeValue(entry)} at index ${i}`);
    }
  }
  return allowed;
}

/** The `rank`-th (0-based) allowed choice of a validated mask. */
export function nthAllowedChoice(mask: ArrayLike<number | boolean>, rank: number): number {
  let seen = 0;
  for (let i = 0; i < mask.length; i++) {
    if (mask[i] === 1 || mask[i] === true) {
      if (seen === rank) return i;
      seen++;
    }
  }
  throw new RangeError(`The mask allows only ${seen} choices, asked for choice ${rank}`);
}

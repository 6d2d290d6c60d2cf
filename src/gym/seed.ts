/** Seed validation and derivation shared by spaces, environments and vector environments. */

/** Seeds are integers in [0, 2^32), like Gymnasium's non-negative seeds folded to 32 bits. */
export const MAX_SEED = 0xffffffff;

/** Throws a TypeError naming `what` unless `seed` is an integer in [0, 2^32). */
export function validateSeed(seed: unknown, what = '`seed`'): asserts seed is number {
  if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed > MAX_SEED) {
    const shown = typeof seed === 'number' ? String(seed) : `${typeof seed} ${String(seed)}`;
    throw new TypeError(`Expects ${what} to be an integer in [0, 2^32), actual: ${shown}`);
  }
}

/** The seed of the `index`-th sub-environment when a vector environment is reset with `seed`. */
export function deriveSeed(seed: number, index: number): number {
  return (seed + index) % (MAX_SEED + 1);
}

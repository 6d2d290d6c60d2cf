/** Per-sub-environment seeds from a vector reset's `seed` argument. */
import { describeValue } from '../describe-value.js';
import { deriveSeed, validateSeed } from '../seed.js';

/** `seed + i` for one seed, the entries for an array (validated), all undefined without a seed. */
export function seedsFor(seed: unknown, numEnvs: number): (number | undefined)[] {
  if (seed === undefined) return new Array<number | undefined>(numEnvs).fill(undefined);
  if (typeof seed === 'number') {
    validateSeed(seed);
    return Array.from({ length: numEnvs }, (_, i) => deriveSeed(seed, i));
  }
  if (!Array.isArray(seed) || seed.length !== numEnvs) {
    throw new TypeError(`Expects \`seed\` to be an integer or an array of ${numEnvs} seeds, actual: ${describeValue(seed)}`);
  }
  return seed.map((entry: unknown, i) => {
    if (entry !== undefined) validateSeed(entry, `\`seed[${i}]\``);
    return entry as number | undefined;
  });
}

/** A fresh 32-bit seed from the operating system, for generators nobody seeded (as Gymnasium does). */
import { randomInt } from 'node:crypto';

/** A seed in [0, 2^32) drawn from the OS entropy pool. */
export function entropySeed(): number {
  return randomInt(0, 0xffffffff);
}

/** Capability: an environment random generator that `reset({ seed })` reseeds (Gymnasium's `np_random`). */
import { createRng, type Rng } from '../../random/rng.js';
import { entropySeed } from '../entropy.js';
import { RNG_SLOT, SEED_HOOK } from './hooks.js';

interface SeededState {
  rng: Rng;
  seed: number | undefined;
}

/**
 * Mix into an `Env` to get `this.rng`: reseeded by `reset({ seed })`, kept across resets without a
 * seed, and seeded from OS entropy when nobody seeded it (as Gymnasium does). No constructor logic.
 *
 * @example
 * class Dice extends Mixin(Env, Seeded) {
 *   observationSpace = new Discrete(6, 1);
 *   actionSpace = new Discrete(1);
 *   onReset() { return { observation: this.rng.int(1, 6), info: {} }; }
 *   onStep() { return { observation: this.rng.int(1, 6), reward: 0, terminated: false, truncated: false, info: {} }; }
 * }
 * const dice = new Dice();
 * const first = dice.reset({ seed: 7 }).observation;
 * dice.reset({ seed: 7 }).observation === first;   // true
 * dice.rngSeed;                                    // 7
 */
export class Seeded {
  declare private [RNG_SLOT]: SeededState | undefined;

  /** The environment generator; use it for every random choice of the environment. */
  get rng(): Rng {
    return this.seededState().rng;
  }

  /** The seed of the last `reset({ seed })`, or undefined while the generator runs on OS entropy. */
  get rngSeed(): number | undefined {
    return this[RNG_SLOT]?.seed;
  }

  /** Called by `Env.reset({ seed })`. */
  [SEED_HOOK](seed: number): void {
    this[RNG_SLOT] = { rng: createRng(seed), seed };
  }

  private seededState(): SeededState {
    let state = this[RNG_SLOT];
    if (state === undefined) {
      state = { rng: createRng(entropySeed()), seed: undefined };
      this[RNG_SLOT] = state;
    }
    return state;
  }
}

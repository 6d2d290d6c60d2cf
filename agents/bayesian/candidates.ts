/** The candidates the acquisition function is maximised over: random actions plus single-dimension neighbours of the best ones. */
import type { Rng } from '../../src/random/rng.js';
import type { ActionCodec, Choices } from '../action-codec.js';

export interface CandidateSettings {
  /** Uniformly random actions to score. */
  readonly randomCandidates: number;
  /** At most this many single-dimension neighbours of each incumbent. */
  readonly localCandidates: number;
}

/** Every choice vector of a space, in lexicographic order (last dimension fastest). */
export function enumerateChoices(choiceCounts: readonly number[]): Choices[] {
  const out: Choices[] = [];
  const current = choiceCounts.map(() => 0);
  for (;;) {
    out.push(current.slice());
    let dimension = current.length - 1;
    while (dimension >= 0) {
      current[dimension] = (current[dimension] as number) + 1;
      if ((current[dimension] as number) < (choiceCounts[dimension] as number)) break;
      current[dimension] = 0;
      dimension--;
    }
    if (dimension < 0) return out;
  }
}

/** Every action that differs from `choices` in exactly one dimension. */
export function singleDimensionNeighbours(choices: Choices, choiceCounts: readonly number[]): Choices[] {
  const out: Choices[] = [];
  choiceCounts.forEach((count, i) => {
    for (let value = 0; value < count; value++) {
      if (value === choices[i]) continue;
      const neighbour = choices.slice();
      neighbour[i] = value;
      out.push(neighbour);
    }
  });
  return out;
}

/**
 * Distinct candidates not in `observed`: the single-dimension neighbours of each incumbent (a random
 * `localCandidates` of them when there are more), then `randomCandidates` random actions. When the
 * whole space has at most as many actions as that, every unobserved action instead. Empty only when
 * every action was observed.
 *
 * @example
 * const codec = new ActionCodec(new MultiDiscrete([3, 3]));
 * const pool = acquisitionCandidates(codec, new Set(['0,0']), [[0, 0]], createRng(0), { randomCandidates: 100, localCandidates: 8 });
 * pool.length;   // 8: every action but the observed one
 */
export function acquisitionCandidates(
  codec: ActionCodec,
  observed: ReadonlySet<string>,
  incumbents: readonly Choices[],
  rng: Rng,
  settings: CandidateSettings,
): Choices[] {
  const { randomCandidates, localCandidates } = settings;
  if (codec.designCount <= randomCandidates + localCandidates * incumbents.length) {
    return enumerateChoices(codec.choiceCounts).filter((choices) => !observed.has(codec.key(choices)));
  }
  const seen = new Set(observed);
  const pool: Choices[] = [];
  const add = (choices: Choices): void => {
    const key = codec.key(choices);
    if (seen.has(key)) return;
    seen.add(key);
    pool.push(choices);
  };
  for (const incumbent of incumbents) {
    const neighbours = singleDimensionNeighbours(incumbent, codec.choiceCounts);
    const picked = neighbours.length <= localCandidates ? neighbours : rng.shuffle(neighbours).slice(0, localCandidates);
    picked.forEach(add);
  }
  for (let i = 0; i < randomCandidates; i++) add(codec.sample(rng));
  return pool;
}

/** The candidate architectures of an experiment: published, all, a seeded sample, or given keys. */
import * as z from 'zod';
import { defaultPublishedAccuracy, publishedAccuracy } from '../src/accuracy/published.js';
import { createRng } from '../src/random/rng.js';
import type { ArchitectureSpace } from '../src/workloads/index.js';

/**
 * Which candidates an experiment evaluates: the architectures with a published accuracy (nasbench201:
 * all 15,625; darts: the study's 1,018; alphanet: the study's 1,046 selected samples), all
 * (nasbench201: every cell; darts: the same 1,018; alphanet: all 9,999 published samples), a seeded
 * sample of the space, or keys.
 */
export const candidateSpecSchema = z.union([
  z.strictObject({ published: z.literal(true) }),
  z.strictObject({ sample: z.number().int().positive(), seed: z.number().int().nonnegative() }),
  z.strictObject({ all: z.literal(true) }),
  z.strictObject({ keys: z.array(z.string()).nonempty() }),
]);
export type CandidateSpec = z.infer<typeof candidateSpecSchema>;

/** The candidates' keys, in task order. */
export function candidateKeys(space: ArchitectureSpace<unknown>, candidates: CandidateSpec): string[] {
  if ('keys' in candidates) return candidates.keys.map((key) => space.key(space.fromKey(key)));
  if ('published' in candidates) return [...defaultPublishedAccuracy(space).keys];
  if ('all' in candidates) {
    if (space.enumerate !== undefined) return [...space.enumerate()].map((arch) => space.key(arch));
    if (space.name === 'darts' || space.name === 'alphanet') return [...publishedAccuracy(space.name, space.name === 'alphanet' ? { set: 'all' } : {}).keys];
    throw new TypeError(`the ${space.name} space cannot be enumerated; sample candidates instead`);
  }
  const rng = createRng(candidates.seed);
  const keys = new Set<string>();
  for (let attempts = 0; keys.size < candidates.sample && attempts < candidates.sample * 20; attempts++) keys.add(space.key(space.sample(rng)));
  return [...keys];
}


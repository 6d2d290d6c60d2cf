/** Option pieces shared by the design environments. */
import * as z from 'zod';
import { describeValue } from '../src/common/describe-value.js';
import { Network, ZOO_NAMES, zooNetwork } from '../src/workloads/index.js';
import { EPISODE_MODES, type EpisodeOptions } from './design-env.js';

export const episodeOptionsShape = {
  episodeMode: z.enum(EPISODE_MODES),
  episodeLength: z.number().int().positive().max(1_000_000),
};

export const EPISODE_DEFAULTS: EpisodeOptions = { episodeMode: 'complete', episodeLength: 1 };

const budget = z.number().int().nonnegative();

/** Memory budgets of an environment's caches, bytes; 0 keeps nothing. The README's "Memory" section lists them. */
export const cacheBytesSchema = z.strictObject({
  /** Evaluated designs, by their choices (default 64 MiB, `DEFAULT_EVALUATION_CACHE_BYTES`). */
  evaluations: budget.optional(),
  /** Networks and accuracies of architectures (default 128 MiB, `DEFAULT_ARCHITECTURE_CACHE_BYTES`; architecture environments). */
  architectures: budget.optional(),
  /** The cost model's plans and timings, when the environment makes its own model (default 128 MiB, `DEFAULT_COST_MODEL_CACHE_BYTES`). */
  costModel: budget.optional(),
});
export type CacheBytes = z.infer<typeof cacheBytesSchema>;

export const cacheOptionsShape = {
  cacheBytes: cacheBytesSchema.optional(),
};

/** A workload entry: a zoo name or a Network. */
export const networkSchema = z.union([z.enum(ZOO_NAMES), z.custom<Network>((value) => value instanceof Network)], {
  error: (issue) => `expected a zoo network (${ZOO_NAMES.join(', ')}) or a Network, actual: ${describeValue(issue.input)}`,
});

export function resolveNetworks(entries: readonly (string | Network)[]): Network[] {
  return entries.map((entry) => (typeof entry === 'string' ? zooNetwork(entry) : entry));
}

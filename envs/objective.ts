/** Objectives, constraints and rewards of the design environments. */
import * as z from 'zod';
import { InvalidOptionsError } from '../src/gym/errors.js';
import type { DesignMetrics, Evaluation } from './metrics.js';

export const OBJECTIVES = ['latency', 'energy', 'edp', 'accuracy', 'weighted'] as const;
export type ObjectiveName = (typeof OBJECTIVES)[number];

const weightsSchema = z.strictObject({
  latency: z.number().finite().optional(),
  energy: z.number().finite().optional(),
  edp: z.number().finite().optional(),
  area: z.number().finite().optional(),
  power: z.number().finite().optional(),
  accuracy: z.number().finite().optional(),
});
export type ObjectiveWeights = z.infer<typeof weightsSchema>;

/** The objective and constraint options every design environment shares. */
export const objectiveOptionsShape = {
  /**
   * `latency`, `energy`, `edp`: minimise; `accuracy`: maximise (under the budgets); `weighted`: the
   * weighted sum of the reward terms in `weights`.
   */
  objective: z.enum(OBJECTIVES),
  weights: weightsSchema.optional(),
  latencyBudgetCycles: z.number().positive().optional(),
  energyBudgetNJ: z.number().positive().optional(),
  maxAreaUm2: z.number().positive().optional(),
  maxPowerMW: z.number().positive().optional(),
  /** Treat L1/L2 sizes as hard limits (MAESTRO itself only warns). */
  enforceBufferSizes: z.boolean(),
  /** The reward of an infeasible design; must lie below every feasible reward. */
  infeasibleReward: z.number().finite(),
};

export interface ObjectiveOptions {
  objective: ObjectiveName;
  weights?: ObjectiveWeights | undefined;
  latencyBudgetCycles?: number | undefined;
  energyBudgetNJ?: number | undefined;
  maxAreaUm2?: number | undefined;
  maxPowerMW?: number | undefined;
  enforceBufferSizes: boolean;
  infeasibleReward: number;
}

export const OBJECTIVE_DEFAULTS: ObjectiveOptions = {
  objective: 'latency',
  enforceBufferSizes: false,
  infeasibleReward: -20,
};

/** Checks that go beyond the schema (which weights the objective needs). */
export function checkObjective(options: ObjectiveOptions, hasAccuracy: boolean): string | undefined {
  if (options.objective === 'weighted') {
    const weights = options.weights ?? {};
    if (Object.values(weights).every((w) => w === undefined || w === 0)) {
      return 'objective "weighted" needs `weights` with at least one non-zero term (latency, energy, edp, area, power, accuracy)';
    }
    if (!hasAccuracy && (weights.accuracy ?? 0) !== 0) return 'an accuracy weight needs an environment with an accuracy oracle';
  }
  if (options.objective === 'accuracy' && !hasAccuracy) return 'objective "accuracy" needs an environment with an accuracy oracle';
  return undefined;
}

/** Throws InvalidOptionsError (naming `owner`) where `checkObjective` finds a problem. */
export function requireValidObjective(owner: string, options: ObjectiveOptions, hasAccuracy: boolean): void {
  const problem = checkObjective(options, hasAccuracy);
  if (problem !== undefined) throw new InvalidOptionsError(`Invalid options for ${owner}: ${problem}`);
}

/** The constraints a design breaks (budgets, area, power, buffer sizes). */
export function violations(metrics: DesignMetrics, options: ObjectiveOptions, buffers: { l1SizeElements: number; l2SizeElements: number }): string[] {
  const broken: string[] = [];
  if (options.latencyBudgetCycles !== undefined && metrics.latencyCycles > options.latencyBudgetCycles) {
    broken.push(`latency ${metrics.latencyCycles} cycles over the budget ${options.latencyBudgetCycles}`);
  }
  if (options.energyBudgetNJ !== undefined && metrics.energyNJ > options.energyBudgetNJ) {
    broken.push(`energy ${metrics.energyNJ.toFixed(1)} nJ over the budget ${options.energyBudgetNJ}`);
  }
  if (options.maxAreaUm2 !== undefined && metrics.areaUm2 > options.maxAreaUm2) {
    broken.push(`area ${metrics.areaUm2.toExponential(3)} um^2 over the limit ${options.maxAreaUm2}`);
  }
  if (options.maxPowerMW !== undefined && metrics.powerMW > options.maxPowerMW) {
    broken.push(`power ${metrics.powerMW.toFixed(1)} mW over the limit ${options.maxPowerMW}`);
  }
  if (options.enforceBufferSizes) {
    if (metrics.l1SizeReqElements > buffers.l1SizeElements) broken.push(`L1 requirement ${metrics.l1SizeReqElements} over the L1 size ${buffers.l1SizeElements}`);
    if (metrics.l2SizeReqElements > buffers.l2SizeElements) broken.push(`L2 requirement ${metrics.l2SizeReqElements} over the L2 size ${buffers.l2SizeElements}`);
  }
  return broken;
}

/**
 * The reward terms: -ln(metric / reference) for costs (0 at the reference, +0.69 at half); accuracy:
 * top-1 / 100, or for a proxy score s (kind 'score', e.g. synflow, whose values span many orders of
 * magnitude) log10(1 + s) / 100.
 */
export function rewardTerms(metrics: DesignMetrics, reference: DesignMetrics): Required<ObjectiveWeights> {
  const term = (value: number, ref: number): number => -Math.log(value / ref);
  return {
    latency: term(metrics.latencyCycles, reference.latencyCycles),
    energy: term(metrics.energyNJ, reference.energyNJ),
    edp: term(metrics.edp, reference.edp),
    area: term(metrics.areaUm2, reference.areaUm2),
    power: term(metrics.powerMW, reference.powerMW),
    accuracy: accuracyTerm(metrics),
  };
}

function accuracyTerm(metrics: DesignMetrics): number {
  const value = metrics.accuracy ?? 0;
  return metrics.accuracyKind === 'score' ? Math.log10(1 + Math.max(0, value)) / 100 : value / 100;
}

/**
 * The reward of an evaluated design (documented in the environments' README section):
 * - infeasible: `infeasibleReward`;
 * - `latency` / `energy` / `edp`: -ln(metric / reference metric);
 * - `accuracy`: top-1 / 100, or log10(1 + score) / 100 for a proxy score (feasible means within the budgets);
 * - `weighted`: the sum of weight * term over `weights`.
 * Rewards are clipped to [-1e6, 1e6] so that they are always finite.
 */
export function reward(evaluation: Evaluation<unknown>, reference: DesignMetrics, options: ObjectiveOptions): number {
  if (!evaluation.feasible || evaluation.metrics === undefined) return options.infeasibleReward;
  const terms = rewardTerms(evaluation.metrics, reference);
  let value: number;
  if (options.objective === 'weighted') {
    value = 0;
    for (const [name, weight] of Object.entries(options.weights ?? {})) {
      if (weight !== undefined) value += weight * terms[name as keyof ObjectiveWeights];
    }
  } else {
    value = terms[options.objective];
  }
  if (Number.isNaN(value)) return options.infeasibleReward;
  return Math.max(-1e6, Math.min(1e6, value)) + 0;
}

/**
 * The semi-decoupled method (Lu et al., tinyML 2022) as a wrapper: architectures are first reduced
 * to the accuracy-latency/energy Pareto set on ONE reference accelerator, and co-design then searches
 * hardware together with that small set only.
 */
import * as z from 'zod';
import { correlationMatrix, spearman, type CorrelationMatrix } from '../src/analysis/rank-correlation.js';
import { NASBENCH201_DEVICES, nasbench201Accuracies, nasbench201DeviceLatencyMs } from '../src/data/nasbench201.js';
import { paretoFront } from '../src/analysis/pareto.js';
import {
  evaluateOn,
  objectivePoints,
  REDUCED_SET_OBJECTIVES,
  reducedArchitectureSet,
  type AcceleratorInstance,
  type ArchitectureCandidate,
  type CandidateMetrics,
} from '../src/analysis/reduced-set.js';
import { InvalidOptionsError } from '../src/gym/errors.js';
import { parseOptions } from '../src/gym/options.js';
import type { StepResult, ResetArgs, ResetResult } from '../src/gym/env.js';
import { Wrapper } from '../src/gym/wrappers/wrapper.js';
import { createRng } from '../src/random/rng.js';
import { oracleValue } from './architecture-choice.js';
import { CoDesign, type CoDesignDesign } from './co-design.js';
import type { DesignInfo, DesignResetInfo, DesignStepInfo } from './design-env.js';
import { gridCorners, hardwareDesignSchema, hardwareSpec, REFERENCE_ACCELERATOR, type HardwareDesign } from './hardware-grid.js';

export const semiDecoupledOptionsSchema = z.strictObject({
  /** The accelerator the reduced set is built on (default: the study's acc-A with kcp_ws). */
  referenceAccelerator: hardwareDesignSchema.optional(),
  /** Accuracy against latency, energy, or both. */
  objective: z.enum(REDUCED_SET_OBJECTIVES),
  /** Use this reduced set (architecture keys) instead of building one. */
  reducedSet: z.array(z.string()).nonempty().optional(),
  /** Architectures the set is chosen from (keys); default: the whole space if it has at most `maxCandidates`, else a seeded sample. */
  candidates: z.array(z.string()).nonempty().optional(),
  maxCandidates: z.number().int().positive(),
  /** Seed of the candidate sample. */
  seed: z.number().int().nonnegative(),
  /** Keep the epsilon-front instead of the front (see paretoFront). */
  epsilon: z.number().nonnegative(),
  /** Beyond the study: probe other accelerators and enlarge the set when rankings disagree. */
  check: z
    .strictObject({
      /** The accelerators to probe (default: four corners of the environment's grid). */
      probes: z.array(hardwareDesignSchema).nonempty().optional(),
      /** nasbench201: devices whose published latency is probed too (their latency ranking against the reference's). */
      devices: z.array(z.enum(NASBENCH201_DEVICES)).nonempty().optional(),
      /** Enlarge when the smallest Spearman correlation to the reference falls below this (default 0.9). */
      threshold: z.number().min(-1).max(1).optional(),
      /** `epsilon`: keep the epsilon-front; `union` (default): add the fronts of every probe. */
      enlarge: z.enum(['epsilon', 'union']).optional(),
      /** The epsilon of the `epsilon` enlargement (default 0.05). */
      enlargeEpsilon: z.number().positive().optional(),
    })
    .optional(),
});
export type SemiDecoupledOptions = z.infer<typeof semiDecoupledOptionsSchema>;

export const SEMI_DECOUPLED_DEFAULTS: SemiDecoupledOptions = { objective: 'latency', maxCandidates: 20_000, seed: 0, epsilon: 0 };
export const CHECK_DEFAULTS = { threshold: 0.9, enlarge: 'union' as const, enlargeEpsilon: 0.05 };

/** What the rank-correlation check found. */
export interface RankCheck {
  probes: HardwareDesign[];
  /** Spearman correlation of the candidates' objective on each probe with the reference. */
  correlations: number[];
  /** Devices probed (nasbench201), and the Spearman correlation of their published latency with the reference latency. */
  devices: string[];
  deviceCorrelations: number[];
  minimumCorrelation: number;
  enlarged: boolean;
  sizeBefore: number;
  sizeAfter: number;
}

/** The size of a design space, exactly (decimal) and approximately. */
export interface DesignSpaceSize {
  architectures: string;
  designs: string;
  /** `designs` as a number (may round for huge spaces). */
  approx: number;
}

export interface SemiDecoupledReport {
  full: DesignSpaceSize;
  reduced: DesignSpaceSize;
  /** full.designs / reduced.designs. */
  reduction: number;
  reducedSet: string[];
  candidates: number;
  reference: HardwareDesign;
  check: RankCheck | undefined;
}

/** What every step's and reset's info carries besides the CoDesign environment's. */
export type DesignSpaceInfo = { designSpace: { full: DesignSpaceSize; reduced: DesignSpaceSize; reduction: number } };

function sizeOf(architectures: bigint, designs: bigint): DesignSpaceSize {
  return { architectures: architectures.toString(), designs: designs.toString(), approx: Number(designs) };
}

/**
 * Wraps a CoDesign environment: builds (or takes) the reduced architecture set on the reference
 * accelerator and exposes a CoDesign over that set only, the architecture becoming one decision of
 * k choices (k = the set's size), ordered along the front (fastest on the reference accelerator first,
 * or lowest energy for the `energy` objective) so that it is an ordinal decision. Every step's `info.designSpace` reports the full and the reduced
 * space sizes. `unwrapped` is the restricted CoDesign environment; the original stays `fullEnv`.
 *
 * @example
 * const space = new Nasbench201Space();
 * const oracle = {   // a made-up accuracy for the example: 80% plus 2% per 3x3 convolution
 *   kind: 'top1', source: 'table', description: 'example',
 *   accuracy: (arch) => ({ kind: 'top1', top1: 80 + 2 * (space.key(arch).split('nor_conv_3x3').length - 1), source: 'table', oracle: 'example' }),
 * } as AccuracyOracle<Nasbench201Arch>;
 * const candidates = [[3, 3, 3, 3, 3, 3], [1, 1, 1, 1, 1, 1], [2, 2, 2, 2, 2, 2], [0, 2, 4, 1, 3, 0], [3, 2, 3, 2, 3, 2]].map((vector) => space.key(space.decode(vector)));
 * const full = new CoDesign({ space: 'nasbench201', oracle, objective: 'accuracy', latencyBudgetCycles: 3e6 });
 * const env = new SemiDecoupled(full, { objective: 'latency', candidates });
 * env.report.reducedSet.length;   // 4 of the 5 candidates
 * [env.report.full.designs, env.report.reduced.designs];   // ['27000000', '6912']
 * env.actionSpace.toJSON();   // { type: 'MultiDiscrete', nvec: [4, 6, 8, 9, 4], start: [0, 0, 0, 0, 0] }
 * env.reset({ seed: 0 });
 * const step = env.step([3, 4, 7, 6, 0]);   // the 3x3 network on acc-A: last, the set is ordered by latency on acc-A
 * [step.reward, step.info.metrics.accuracy];   // [0.92, 92]: within the budget, the reward is top-1 / 100
 */
export class SemiDecoupled extends Wrapper<
  number[],
  number[] | number,
  number[],
  number[] | number,
  DesignStepInfo<CoDesignDesign> & DesignSpaceInfo,
  DesignResetInfo & DesignSpaceInfo
> {
  readonly fullEnv: CoDesign;
  readonly options: SemiDecoupledOptions;
  readonly report: SemiDecoupledReport;

  constructor(env: CoDesign, options: Partial<SemiDecoupledOptions> = {}) {
    if (!(env instanceof CoDesign)) throw new TypeError('SemiDecoupled wraps a CoDesign environment (make("CoDesign-v0", ...).unwrapped)');
    const parsed = parseOptions('SemiDecoupled', semiDecoupledOptionsSchema, { ...SEMI_DECOUPLED_DEFAULTS, ...options });
    const reference = parsed.referenceAccelerator ?? REFERENCE_ACCELERATOR;
    const built = buildReducedSet(env, parsed, reference);
    const { candidates, check } = built;
    const keys = orderAlongFront(env, built.keys, reference, parsed.objective);
    const restricted = new CoDesign({ ...env.options, architectures: keys as [string, ...string[]], architecturesOrdered: true }, env.costModel);
    super(restricted);
    this.fullEnv = env;
    this.options = parsed;
    this.report = {
      full: sizeOf(env.architectureCount, env.problem.spaceSize),
      reduced: sizeOf(restricted.architectureCount, restricted.problem.spaceSize),
      reduction: Number(env.problem.spaceSize) / Number(restricted.problem.spaceSize),
      reducedSet: keys,
      candidates,
      reference,
      check,
    };
  }

  protected override onReset(args: ResetArgs): ResetResult<number[], DesignResetInfo & DesignSpaceInfo> {
    const result = super.onReset(args);
    return { observation: result.observation, info: this.withReport(result.info) };
  }

  protected override onStep(action: number[] | number): StepResult<number[], DesignStepInfo<CoDesignDesign> & DesignSpaceInfo> {
    const result = super.onStep(action);
    return { ...result, info: this.withReport(result.info) };
  }

  private withReport<I extends object>(info: I): I & DesignSpaceInfo {
    return { ...info, designSpace: { full: this.report.full, reduced: this.report.reduced, reduction: this.report.reduction } };
  }
}

/** As for `DesignEnv`: an array action (`complete` mode) always evaluates a design. */
export interface SemiDecoupled {
  step(action: number[]): StepResult<number[], DesignInfo<CoDesignDesign> & DesignSpaceInfo>;
  step(action: number): StepResult<number[], DesignStepInfo<CoDesignDesign> & DesignSpaceInfo>;
  step(action: number[] | number): StepResult<number[], DesignStepInfo<CoDesignDesign> & DesignSpaceInfo>;
}

/**
 * The reduced set sorted along its front: by the reference accelerator's latency (energy for the
 * `energy` objective), fastest first, so that the architecture index is an ordinal decision
 * (neighbouring indices are neighbours on the front). Ties keep the given order.
 */
function orderAlongFront(env: CoDesign, keys: readonly string[], reference: HardwareDesign, objective: SemiDecoupledOptions['objective']): string[] {
  const space = env.architectureSpace;
  const instance: AcceleratorInstance = { hardware: hardwareSpec(reference), dataflow: reference.dataflow };
  const metric = keys.map((key) => {
    const { latencyCycles, energyNJ } = evaluateOn(space.toNetwork(space.fromKey(key)), instance, env.costModel);
    return objective === 'energy' ? energyNJ : latencyCycles;
  });
  return keys.map((key, i) => ({ key, i })).sort((a, b) => metric[a.i]! - metric[b.i]! || a.i - b.i).map((entry) => entry.key);
}

function candidateKeys(env: CoDesign, options: SemiDecoupledOptions): string[] {
  const space = env.architectureSpace;
  if (options.candidates !== undefined) return [...new Set(options.candidates)];
  if (space.enumerate !== undefined && space.size <= BigInt(options.maxCandidates)) {
    return [...space.enumerate()].map((arch) => space.key(arch));
  }
  const rng = createRng(options.seed);
  const keys = new Set<string>();
  let attempts = 0;
  while (keys.size < options.maxCandidates && attempts < options.maxCandidates * 4) {
    keys.add(space.key(space.sample(rng)));
    attempts++;
  }
  return [...keys];
}

function buildReducedSet(env: CoDesign, options: SemiDecoupledOptions, reference: HardwareDesign): { keys: string[]; candidates: number; check: RankCheck | undefined } {
  if (options.reducedSet !== undefined) return { keys: [...new Set(options.reducedSet)], candidates: options.reducedSet.length, check: undefined };
  const oracle = env.oracle;
  if (oracle === undefined) {
    throw new InvalidOptionsError('SemiDecoupled needs accuracies to build the reduced set: give the CoDesign environment an `oracle`, or pass `reducedSet`');
  }
  const space = env.architectureSpace;
  const keys = candidateKeys(env, options);
  const candidates: ArchitectureCandidate[] = keys.map((key) => {
    const arch = space.fromKey(key);
    return { key, accuracy: oracleValue(oracle, arch).value, network: space.toNetwork(arch) };
  });
  const instance = (design: HardwareDesign): AcceleratorInstance => ({ hardware: hardwareSpec(design), dataflow: design.dataflow });
  const model = env.costModel;
  const reduced = reducedArchitectureSet(candidates, instance(reference), options.objective, { epsilon: options.epsilon, model });
  if (options.check === undefined) return { keys: reduced.keys, candidates: candidates.length, check: undefined };

  const check = { ...CHECK_DEFAULTS, ...options.check };
  const probes = check.probes ?? gridCorners(env.grid);
  const referenceMetrics = reduced.evaluated;
  const probeMetrics = probes.map((probe) =>
    candidates.map((c): CandidateMetrics => ({ key: c.key, accuracy: c.accuracy, ...evaluateOn(c.network, instance(probe), model) })),
  );
  const usable = referenceMetrics.map((m, i) => m.feasible && probeMetrics.every((p) => p[i]!.feasible));
  const objectiveValue = (m: CandidateMetrics): number => (options.objective === 'energy' ? m.energyNJ : options.objective === 'latency' ? m.latencyCycles : m.latencyCycles * m.energyNJ);
  const series: Record<string, number[]> = { reference: referenceMetrics.filter((_, i) => usable[i]).map(objectiveValue) };
  probeMetrics.forEach((metrics, p) => {
    series[`probe${p}`] = metrics.filter((_, i) => usable[i]).map(objectiveValue);
  });
  const matrix: CorrelationMatrix = correlationMatrix(series);
  const correlations = probes.map((_, p) => matrix.values[0]![p + 1]!);
  const devices = check.devices ?? [];
  if (devices.length > 0 && space.name !== 'nasbench201') throw new InvalidOptionsError(`Invalid options for SemiDecoupled: \`check.devices\`: device latencies are published for nasbench201 cells only, not ${space.name}`);
  const deviceLatencies = devices.map((device) => {
    const latencyMs = nasbench201DeviceLatencyMs(device);
    const index = nasbench201Accuracies().indexOf;
    return candidates.map((c) => latencyMs[index.get(c.key)!]!);
  });
  const referenceLatency = referenceMetrics.filter((_, i) => usable[i]).map((m) => m.latencyCycles);
  const deviceCorrelations = deviceLatencies.map((latency) => spearman(referenceLatency, latency.filter((_, i) => usable[i])));
  const minimumCorrelation = Math.min(...correlations, ...deviceCorrelations);
  let keysAfter = reduced.keys;
  const enlarged = minimumCorrelation < check.threshold;
  if (enlarged) {
    const kept = new Set(reduced.indices);
    if (check.enlarge === 'epsilon') {
      const feasible = referenceMetrics.map((m, i) => (m.feasible ? i : -1)).filter((i) => i >= 0);
      const { points, senses } = objectivePoints(feasible.map((i) => referenceMetrics[i]!), options.objective);
      for (const k of paretoFront(points, senses, check.enlargeEpsilon)) kept.add(feasible[k]!);
    } else {
      for (const metrics of probeMetrics) {
        const feasible = metrics.map((m, i) => (m.feasible ? i : -1)).filter((i) => i >= 0);
        const { points, senses } = objectivePoints(feasible.map((i) => metrics[i]!), options.objective);
        for (const k of paretoFront(points, senses)) kept.add(feasible[k]!);
      }
      for (const latency of deviceLatencies) {
        const { points, senses } = objectivePoints(candidates.map((c, i) => ({ key: c.key, accuracy: c.accuracy, latencyCycles: latency[i]!, energyNJ: 0, feasible: true })), 'latency');
        for (const k of paretoFront(points, senses)) kept.add(k);
      }
    }
    keysAfter = [...kept].sort((a, b) => a - b).map((i) => candidates[i]!.key);
  }
  return {
    keys: keysAfter,
    candidates: candidates.length,
    check: { probes, correlations, devices: [...devices], deviceCorrelations, minimumCorrelation, enlarged, sizeBefore: reduced.keys.length, sizeAfter: keysAfter.length },
  };
}

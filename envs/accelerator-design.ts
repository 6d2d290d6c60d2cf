/** AcceleratorDesign: choose an accelerator (PEs, buffers, bandwidths, dataflow) for a fixed workload. */
import * as z from 'zod';
import { CostModel } from '../src/costmodel/evaluate.js';
import { parseOptions } from '../src/gym/options.js';
import type { Network } from '../src/workloads/index.js';
import { DesignEnv, type DesignProblem } from './design-env.js';
import {
  completeGrid,
  decodeHardware,
  gridSize,
  hardwareDecisions,
  hardwareDesignSchema,
  partialGridSchema,
  REFERENCE_ACCELERATOR,
  type HardwareDesign,
  type HardwareGrid,
} from './hardware-grid.js';
import type { DesignMetrics, Evaluation } from './metrics.js';
import { OBJECTIVE_DEFAULTS, objectiveOptionsShape, requireValidObjective, type ObjectiveOptions } from './objective.js';
import { evaluateDesign } from './evaluate-design.js';
import { cacheOptionsShape, EPISODE_DEFAULTS, episodeOptionsShape, networkSchema, resolveNetworks } from './options.js';

export const acceleratorDesignOptionsSchema = z.strictObject({
  /** The workload: zoo names and/or Networks, run one after another. */
  networks: z.array(networkSchema).nonempty(),
  /** Any subset of the grid (numPes, l1SizeElements, l2SizeElements, nocBandwidthElemsPerCycle, offchipBandwidthElemsPerCycle, dataflows); the rest from the study's grid. */
  grid: partialGridSchema.optional(),
  /** The design rewards are relative to (reward 0); default the study's acc-A with kcp_ws. */
  reference: hardwareDesignSchema.optional(),
  ...episodeOptionsShape,
  ...objectiveOptionsShape,
  ...cacheOptionsShape,
});

export type AcceleratorDesignOptions = z.infer<typeof acceleratorDesignOptionsSchema>;

export const ACCELERATOR_DESIGN_DEFAULTS: AcceleratorDesignOptions = {
  networks: ['resnet50'],
  ...EPISODE_DEFAULTS,
  ...OBJECTIVE_DEFAULTS,
};

class AcceleratorProblem implements DesignProblem<HardwareDesign> {
  readonly decisions;
  readonly hasAccuracy = false;
  readonly spaceSize: bigint;

  constructor(
    readonly grid: HardwareGrid,
    readonly networks: readonly Network[],
    readonly objective: ObjectiveOptions,
    readonly model: CostModel,
  ) {
    this.decisions = hardwareDecisions(grid);
    this.spaceSize = gridSize(grid);
  }

  decode(choices: readonly number[]): HardwareDesign {
    return decodeHardware(this.grid, choices);
  }

  evaluate(design: HardwareDesign): Evaluation<HardwareDesign> {
    return evaluateDesign(design, this.networks, design, this.model, this.objective);
  }
}

/**
 * Choose hardware and dataflow for a fixed workload. Registered as `AcceleratorDesign-v0`; the default
 * grid is the co-design study's (6 PE counts x 8 NoC x 9 off-chip bandwidths x 4 dataflows, L1 100,
 * L2 3000). `info.design` is the decoded accelerator and `info.metrics` its latency (cycles),
 * energy (nJ), EDP, area (um^2) and power (mW) over the workload.
 *
 * @example
 * const env = make('AcceleratorDesign-v0', { networks: ['resnet50'], objective: 'edp' });
 * env.reset({ seed: 0 });
 * const reference = env.step([4, 7, 6, 0]);   // 256 PEs, NoC 1000, off-chip 300, kcp_ws: acc-A
 * reference.reward;   // 0: rewards are -ln(EDP / acc-A's EDP)
 * reference.info.metrics.latencyCycles;   // 35440342
 * env.reset({ seed: 0 });
 * const larger = env.step([5, 7, 8, 0]);   // 512 PEs, NoC 1000, off-chip 350, kcp_ws
 * larger.info.metrics.latencyCycles;   // 18924439
 * larger.reward.toFixed(4);   // '0.8126'
 */
export class AcceleratorDesign extends DesignEnv<HardwareDesign> {
  readonly options: AcceleratorDesignOptions;

  constructor(options: Partial<AcceleratorDesignOptions> = {}, model?: CostModel) {
    const parsed = parseOptions('AcceleratorDesign', acceleratorDesignOptionsSchema, { ...ACCELERATOR_DESIGN_DEFAULTS, ...options });
    const costModel = model ?? new CostModel({ cacheBytes: parsed.cacheBytes?.costModel });
    const problem = new AcceleratorProblem(completeGrid(parsed.grid), resolveNetworks(parsed.networks), parsed, costModel);
    requireValidObjective('AcceleratorDesign', parsed, false);
    super(problem, parsed, parsed, referenceMetrics(problem, parsed.reference ?? REFERENCE_ACCELERATOR), parsed.cacheBytes?.evaluations);
    this.options = parsed;
  }

  get grid(): HardwareGrid {
    return (this.problem as AcceleratorProblem).grid;
  }
}

/** The reference design's metrics; if it cannot be evaluated, the first grid design that can. */
function referenceMetrics(problem: AcceleratorProblem, reference: HardwareDesign): DesignMetrics {
  const direct = problem.evaluate(reference);
  if (direct.metrics !== undefined && direct.metrics.latencyCycles > 0) return direct.metrics;
  const sizes = problem.decisions.map((d) => d.choices.length);
  const choices = sizes.map(() => 0);
  for (;;) {
    const evaluation = problem.evaluate(problem.decode(choices));
    if (evaluation.metrics !== undefined && evaluation.metrics.latencyCycles > 0) return evaluation.metrics;
    let i = sizes.length - 1;
    while (i >= 0 && ++choices[i]! === sizes[i]!) choices[i--] = 0;
    if (i < 0) throw new TypeError('AcceleratorDesign: no design of the grid can be evaluated for this workload');
  }
}

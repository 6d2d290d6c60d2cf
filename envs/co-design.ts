/**
 * ArchitectureSelection (an architecture for a fixed accelerator) and CoDesign (an architecture and
 * an accelerator together).
 */
import * as z from 'zod';
import { CostModel } from '../src/costmodel/evaluate.js';
import { InvalidOptionsError } from '../src/gym/errors.js';
import { parseOptions } from '../src/gym/options.js';
import { createSpace, SPACE_NAMES, SPACE_PRESETS, type ArchitectureSpace } from '../src/workloads/index.js';
import type { AccuracyOracle } from '../src/accuracy/oracle.js';
import { defaultPublishedAccuracy } from '../src/accuracy/published.js';
import { ArchitectureCache, fullSpaceChooser, listChooser, type ArchitectureChooser } from './architecture-choice.js';
import { DesignEnv, type Decision, type DesignProblem } from './design-env.js';
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
import { cacheOptionsShape, EPISODE_DEFAULTS, episodeOptionsShape, type CacheBytes } from './options.js';

function isOracle(value: unknown): value is AccuracyOracle<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { accuracy?: unknown }).accuracy === 'function' &&
    ((value as { kind?: unknown }).kind === 'top1' || (value as { kind?: unknown }).kind === 'score')
  );
}

const oracleSchema = z.custom<'published' | 'none' | AccuracyOracle<unknown>>(
  (value) => value === 'published' || value === 'none' || isOracle(value),
  "expected 'published', 'none' or an accuracy oracle (see src/accuracy: publishedAccuracy, TableOracle, FittedOracle, SynflowOracle)",
);

const architectureOptionsShape = {
  /** The architecture space: darts, nasbench201 or alphanet. */
  space: z.enum(SPACE_NAMES),
  /** The space's preset (default: its first, see SPACE_PRESETS). */
  preset: z.string().optional(),
  /**
   * Where accuracies come from: `published` (the default: the space's published accuracy shipped
   * with the package, see publishedAccuracy), an oracle, or `none` (accuracy objectives are then
   * unavailable). An oracle that covers only some architectures (a table) restricts the
   * architecture choice to those, unless `architectures` is given.
   */
  oracle: oracleSchema.optional(),
  /** Restrict the architectures to these keys (one decision over the list). */
  architectures: z.array(z.string()).nonempty().optional(),
  /** The `architectures` list is ordered by something that matters (a reduced set along its front): its index is then an ordinal decision, else a categorical one. */
  architecturesOrdered: z.boolean().optional(),
  ...episodeOptionsShape,
  ...objectiveOptionsShape,
  ...cacheOptionsShape,
};

export const architectureSelectionOptionsSchema = z.strictObject({
  ...architectureOptionsShape,
  /** The fixed accelerator (default: the study's acc-A with kcp_ws). */
  accelerator: hardwareDesignSchema.optional(),
});
export type ArchitectureSelectionOptions = z.infer<typeof architectureSelectionOptionsSchema>;

export const coDesignOptionsSchema = z.strictObject({
  ...architectureOptionsShape,
  grid: partialGridSchema.optional(),
  /** The accelerator rewards are relative to, with the reference architecture (the space's first). */
  referenceAccelerator: hardwareDesignSchema.optional(),
});
export type CoDesignOptions = z.infer<typeof coDesignOptionsSchema>;

export const ARCHITECTURE_SELECTION_DEFAULTS: ArchitectureSelectionOptions = { space: 'nasbench201', oracle: 'published', ...EPISODE_DEFAULTS, ...OBJECTIVE_DEFAULTS };
export const CO_DESIGN_DEFAULTS: CoDesignOptions = { space: 'nasbench201', oracle: 'published', ...EPISODE_DEFAULTS, ...OBJECTIVE_DEFAULTS };

/** An architecture (with its key) on an accelerator. */
export interface CoDesignDesign<A = unknown> {
  architectureKey: string;
  architecture: A;
  hardware: HardwareDesign;
}

class CoDesignProblem<A> implements DesignProblem<CoDesignDesign<A>> {
  readonly decisions: readonly Decision[];
  readonly hasAccuracy: boolean;
  readonly spaceSize: bigint;
  private readonly architectureDecisions: number;

  constructor(
    readonly chooser: ArchitectureChooser<A>,
    /** Undefined for a fixed accelerator. */
    readonly grid: HardwareGrid | undefined,
    readonly fixedAccelerator: HardwareDesign,
    readonly cache: ArchitectureCache<A>,
    readonly objective: ObjectiveOptions,
    readonly model: CostModel,
  ) {
    this.architectureDecisions = chooser.decisions.length;
    this.decisions = [...chooser.decisions, ...(grid === undefined ? [] : hardwareDecisions(grid))];
    this.hasAccuracy = cache.oracle !== undefined;
    this.spaceSize = chooser.size * (grid === undefined ? 1n : gridSize(grid));
  }

  decode(choices: readonly number[]): CoDesignDesign<A> {
    const architecture = this.chooser.decode(choices.slice(0, this.architectureDecisions));
    const hardware = this.grid === undefined ? this.fixedAccelerator : decodeHardware(this.grid, choices.slice(this.architectureDecisions));
    return { architectureKey: this.chooser.space.key(architecture), architecture, hardware };
  }

  evaluate(design: CoDesignDesign<A>): Evaluation<CoDesignDesign<A>> {
    const network = this.cache.network(design.architecture, design.architectureKey);
    return evaluateDesign(design, [network], design.hardware, this.model, this.objective, (metrics) => {
      const accuracy = this.cache.accuracy(design.architecture, design.architectureKey);
      return accuracy === undefined ? metrics : { ...metrics, accuracy: accuracy.value, accuracyKind: accuracy.kind, accuracySource: accuracy.source };
    });
  }

  /** The first architecture of the space (all-zero encoding, or the list's first) on an accelerator. */
  referenceMetrics(accelerator: HardwareDesign): DesignMetrics {
    const architecture = this.chooser.decode(this.chooser.decisions.map(() => 0));
    const evaluation = this.evaluate({ architectureKey: this.chooser.space.key(architecture), architecture, hardware: accelerator });
    if (evaluation.metrics === undefined || evaluation.metrics.latencyCycles <= 0) {
      throw new InvalidOptionsError(`the reference design cannot be evaluated: ${evaluation.violations.join('; ')}`);
    }
    return { ...evaluation.metrics, accuracy: evaluation.metrics.accuracy ?? 0 };
  }
}

interface ArchitectureParts<A> {
  space: ArchitectureSpace<A>;
  chooser: ArchitectureChooser<A>;
  cache: ArchitectureCache<A>;
}

type OracleOption = 'published' | 'none' | AccuracyOracle<unknown> | undefined;

/** The oracle an `oracle` option names. */
function resolveOracle(option: OracleOption, space: ArchitectureSpace<unknown>): AccuracyOracle<unknown> | undefined {
  if (option === 'none') return undefined;
  if (option === undefined || option === 'published') return defaultPublishedAccuracy(space);
  return option;
}

function architectureParts(
  owner: string,
  options: {
    space: string;
    preset?: string | undefined;
    oracle?: OracleOption;
    architectures?: readonly string[] | undefined;
    architecturesOrdered?: boolean | undefined;
    cacheBytes?: CacheBytes | undefined;
  },
): ArchitectureParts<unknown> {
  const presets = SPACE_PRESETS[options.space as keyof typeof SPACE_PRESETS];
  if (options.preset !== undefined && !presets.includes(options.preset)) {
    throw new InvalidOptionsError(`Invalid options for ${owner}: \`preset\` of ${options.space} must be one of ${presets.join(', ')}, got "${options.preset}"`);
  }
  const space = createSpace(options.space, options.preset) as ArchitectureSpace<unknown>;
  const oracle = resolveOracle(options.oracle, space);
  const covered = oracle?.architectureKeys;
  const keys = options.architectures ?? (covered !== undefined && BigInt(covered.length) < space.size ? covered : undefined);
  let chooser: ArchitectureChooser<unknown>;
  if (keys === undefined) {
    chooser = fullSpaceChooser(space);
  } else {
    try {
      chooser = listChooser(space, keys, options.architecturesOrdered === true ? 'ordinal' : 'categorical');
    } catch (error) {
      const what = options.architectures === undefined ? `the architectures of the oracle (${oracle!.description})` : '`architectures`';
      throw new InvalidOptionsError(`Invalid options for ${owner}: ${what}: ${(error as Error).message}`);
    }
  }
  return { space, chooser, cache: new ArchitectureCache(space, oracle, options.cacheBytes?.architectures) };
}

/**
 * Choose an architecture of a space for a fixed accelerator. Registered as `ArchitectureSelection-v0`.
 * `info.design` has `architectureKey`, `architecture` and `hardware`; `info.metrics` adds `accuracy`
 * and `accuracySource` when an oracle is given.
 *
 * @example
 * const env = make('ArchitectureSelection-v0', { space: 'nasbench201', objective: 'latency' });
 * env.reset({ seed: 0 });
 * const { info } = env.step([3, 3, 3, 3, 3, 3]);   // every edge a 3x3 convolution
 * info.design.architectureKey;   // '|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|nor_conv_3x3~0|nor_conv_3x3~1|nor_conv_3x3~2|'
 * info.metrics.latencyCycles;   // 2290886 (on acc-A with kcp_ws)
 */
export class ArchitectureSelection extends DesignEnv<CoDesignDesign> {
  readonly options: ArchitectureSelectionOptions;
  readonly architectureSpace: ArchitectureSpace<unknown>;

  constructor(options: Partial<ArchitectureSelectionOptions> = {}, model?: CostModel) {
    const parsed = parseOptions('ArchitectureSelection', architectureSelectionOptionsSchema, { ...ARCHITECTURE_SELECTION_DEFAULTS, ...options });
    const parts = architectureParts('ArchitectureSelection', parsed);
    requireValidObjective('ArchitectureSelection', parsed, parts.cache.oracle !== undefined);
    const accelerator = parsed.accelerator ?? REFERENCE_ACCELERATOR;
    const costModel = model ?? new CostModel({ cacheBytes: parsed.cacheBytes?.costModel });
    const problem = new CoDesignProblem(parts.chooser, undefined, accelerator, parts.cache, parsed, costModel);
    super(problem, parsed, parsed, problem.referenceMetrics(accelerator), parsed.cacheBytes?.evaluations);
    this.options = parsed;
    this.architectureSpace = parts.space;
  }
}

/**
 * Choose an architecture and an accelerator together. Registered as `CoDesign-v0`. The action is the
 * architecture encoding followed by the hardware decisions (those with more than one choice);
 * `SemiDecoupled` restricts the architecture part to a reduced set.
 *
 * @example
 * const env = make('CoDesign-v0', { space: 'nasbench201', objective: 'edp' });
 * env.reset({ seed: 0 });
 * env.step([3, 3, 3, 3, 3, 3, 4, 7, 6, 0]).info.design.hardware.numPes;   // 256
 */
export class CoDesign extends DesignEnv<CoDesignDesign> {
  readonly options: CoDesignOptions;
  readonly architectureSpace: ArchitectureSpace<unknown>;
  readonly grid: HardwareGrid;
  /** How many architectures the architecture decisions reach. */
  readonly architectureCount: bigint;

  constructor(options: Partial<CoDesignOptions> = {}, model?: CostModel) {
    const parsed = parseOptions('CoDesign', coDesignOptionsSchema, { ...CO_DESIGN_DEFAULTS, ...options });
    const parts = architectureParts('CoDesign', parsed);
    requireValidObjective('CoDesign', parsed, parts.cache.oracle !== undefined);
    const grid = completeGrid(parsed.grid);
    const costModel = model ?? new CostModel({ cacheBytes: parsed.cacheBytes?.costModel });
    const problem = new CoDesignProblem(parts.chooser, grid, REFERENCE_ACCELERATOR, parts.cache, parsed, costModel);
    super(problem, parsed, parsed, problem.referenceMetrics(parsed.referenceAccelerator ?? REFERENCE_ACCELERATOR), parsed.cacheBytes?.evaluations);
    this.options = parsed;
    this.architectureSpace = parts.space;
    this.grid = grid;
    this.architectureCount = parts.chooser.size;
  }

  /** Architecture decisions come first in the action; this many of them. */
  get architectureDecisionCount(): number {
    return (this.problem as CoDesignProblem<unknown>).chooser.decisions.filter((d) => d.choices.length > 1).length;
  }

  /** The evaluator (shared cost model and architecture cache) behind this environment. */
  get costModel(): CostModel {
    return (this.problem as CoDesignProblem<unknown>).model;
  }

  /** The accuracy oracle, if any. */
  get oracle(): AccuracyOracle<unknown> | undefined {
    return (this.problem as CoDesignProblem<unknown>).cache.oracle;
  }
}

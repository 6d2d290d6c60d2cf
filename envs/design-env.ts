/**
 * The environment core shared by AcceleratorDesign, ArchitectureSelection and CoDesign: a design is
 * one choice per decision; an episode either proposes complete designs (one per step) or builds one
 * design decision by decision (reward at the end, as in ConfuciuX).
 */
import { Mixin } from 'ts-mixer';
import { EventSource } from '../src/gym/capabilities/event-source.js';
import { Memoized } from '../src/gym/capabilities/memoized.js';
import { Env, type ResetArgs, type ResetResult, type StepResult } from '../src/gym/env.js';
import { InvalidActionError } from '../src/gym/errors.js';
import { Box } from '../src/gym/spaces/box.js';
import { Discrete } from '../src/gym/spaces/discrete.js';
import { MultiDiscrete } from '../src/gym/spaces/multi-discrete.js';
import type { EncodingKind } from '../src/workloads/spaces/space.js';
import { UNEVALUATED_METRICS, type DesignMetrics, type Evaluation } from './metrics.js';
import { reward, rewardTerms, type ObjectiveOptions } from './objective.js';

/**
 * How the choices of a decision relate: `ordinal` choices are ordered (PE counts, bandwidths, a
 * reduced set sorted along its front), so neighbouring choices tend to behave alike; `categorical`
 * choices are unordered labels (dataflows, operations, an arbitrary architecture list).
 */
export type DecisionKind = EncodingKind;

/** One design decision and its choices (labels for display and for the decoded design). */
export interface Decision {
  name: string;
  choices: readonly (string | number)[];
  kind: DecisionKind;
}

/** What an environment designs: its decisions, how a choice vector decodes, how a design evaluates. */
export interface DesignProblem<Design> {
  readonly decisions: readonly Decision[];
  /** Whether designs have an accuracy (an architecture with an oracle). */
  readonly hasAccuracy: boolean;
  decode(choices: readonly number[]): Design;
  evaluate(design: Design, choices: readonly number[]): Evaluation<Design>;
  /** The size of the design space, as a bigint (products of choice counts, or more for architecture spaces). */
  readonly spaceSize: bigint;
}

export const EPISODE_MODES = ['complete', 'sequential'] as const;
export type EpisodeMode = (typeof EPISODE_MODES)[number];

export interface EpisodeOptions {
  /** `complete`: one design per step; `sequential`: one decision per step, reward at the end. */
  episodeMode: EpisodeMode;
  /** Designs per episode in `complete` mode. */
  episodeLength: number;
}

/** The default memory budget of the evaluated designs an environment remembers, bytes. */
export const DEFAULT_EVALUATION_CACHE_BYTES = 64 * 2 ** 20;

/** The info of a step that evaluated a design (every step in `complete` mode, the last decision in `sequential` mode). */
export type DesignInfo<Design> = {
  /** The decoded design. */
  design: Design;
  /** Its metrics; every figure is NaN when the cost model cannot evaluate the design (`violations` says why). */
  metrics: DesignMetrics;
  /** Whether the design meets the constraints and could be evaluated. */
  feasible: boolean;
  /** Why the design is infeasible (empty when feasible). */
  violations: string[];
};

/**
 * The info of a step of a `sequential` episode before its last decision: the choices made so far, by
 * decision name, and the actions allowed next (1: a choice of the next decision, 0: beyond its choices).
 */
export type DecisionInfo = { decided: Record<string, string | number>; actionMask: number[] };

/** The info of any step of a design environment. */
export type DesignStepInfo<Design> = DesignInfo<Design> | DecisionInfo;

/** The info of `reset`: the names of the decisions, in action order; in `sequential` mode, the actions allowed for the first decision. */
export type DesignResetInfo = { decisions: string[]; actionMask?: number[] };

/** Bounds of the normalised observation entries (log ratios are clipped to them). */
export const OBSERVATION_LIMIT = 50;

/** The names of the complete-mode observation entries. */
export const COMPLETE_OBSERVATION = ['latency', 'energy', 'area', 'power', 'accuracy', 'feasible'] as const;

function clip(value: number): number {
  if (Number.isNaN(value)) return 0;
  return Math.max(-OBSERVATION_LIMIT, Math.min(OBSERVATION_LIMIT, value)) + 0;
}

/**
 * A design environment. In `complete` mode the action is a `MultiDiscrete` vector with one entry per
 * decision that has more than one choice, and the observation is the last design's normalised
 * metrics: `[latency, energy, area, power, accuracy, feasible]`, the first four as -ln(metric /
 * reference) (0 before the first design). In `sequential` mode the action is `Discrete(m)`, m the
 * largest choice count; action a picks choice a of the current decision, whose n choices are the
 * actions 0 .. n - 1: `info.actionMask` (at reset and after every step but the last) marks them with
 * 1 and the other m - n actions with 0, and stepping a masked action throws `InvalidActionError`.
 * So every choice is one action, and an agent that samples the allowed actions uniformly samples
 * designs uniformly. The observation is `[t / T, c_1, ..., c_T]` with c_i = choice / (n_i - 1) for
 * decided decisions and -1 for the rest.
 *
 * @example
 * const env = make('AcceleratorDesign-v0', { networks: ['resnet50'], objective: 'latency', episodeMode: 'sequential' });
 * env.unwrapped instanceof DesignEnv;   // true
 * env.actionSpace.toJSON();   // { type: 'Discrete', n: 9, start: 0 }: the largest decision has 9 choices
 * const reset = env.reset({ seed: 0 });
 * reset.observation;   // [0, -1, -1, -1, -1]
 * reset.info.actionMask;   // [1, 1, 1, 1, 1, 1, 0, 0, 0]: PEs has 6 choices
 * let step = env.step(5);   // PEs: choice 5 of 6, 512 PEs
 * step.info.actionMask;   // [1, 1, 1, 1, 1, 1, 1, 1, 0]: NoC bandwidth has 8
 * for (const action of [7, 8, 0]) step = env.step(action);   // NoC 1000, off-chip 350, kcp_ws
 * step.observation;   // [1, 1, 1, 1, 0]
 * [step.terminated, step.reward.toFixed(4)];   // [true, '0.6274']: -ln(18924439 / 35440342) cycles
 */
export abstract class DesignEnv<Design> extends Mixin(
  Env<number[], number[] | number, DesignStepInfo<unknown>, DesignResetInfo>,
  EventSource<number[], number[] | number>,
  Memoized,
) {
  readonly observationSpace: Box;
  readonly actionSpace: MultiDiscrete | Discrete;
  /** The decisions an action chooses (those with more than one choice), as indices into `problem.decisions`. */
  readonly freeDecisions: readonly number[];
  /**
   * The kind of each action dimension (complete mode: one per free decision; sequential mode: the one
   * `Discrete` dimension, `categorical` when any decision is). Agents that model the design space
   * (Bayesian optimisation) read it; `ordinal` is what they assume without it.
   */
  readonly actionKinds: readonly DecisionKind[];
  private readonly maxChoices: number;
  private steps = 0;
  private partial: number[] = [];
  private evaluations = 0;
  private lastObservation: number[];
  /** Place values of the decisions in a design's numeric memo key (mixed radix), or undefined where keys need strings. */
  private readonly keyWeights: readonly number[] | undefined;
  private readonly evaluationCacheBytes: number;

  protected constructor(
    readonly problem: DesignProblem<Design>,
    readonly objective: ObjectiveOptions,
    readonly episode: EpisodeOptions,
    /** The metrics rewards are relative to (its reward is 0). */
    readonly reference: DesignMetrics,
    /** The memory budget of the evaluated designs this environment remembers, bytes. */
    evaluationCacheBytes: number = DEFAULT_EVALUATION_CACHE_BYTES,
  ) {
    super();
    this.evaluationCacheBytes = evaluationCacheBytes;
    let weight = 1;
    const weights: number[] = [];
    for (const decision of problem.decisions) {
      weights.push(weight);
      weight *= decision.choices.length;
    }
    this.keyWeights = weight <= Number.MAX_SAFE_INTEGER ? weights : undefined;
    this.freeDecisions = problem.decisions.flatMap((d, i) => (d.choices.length > 1 ? [i] : []));
    const sizes = this.freeDecisions.map((i) => problem.decisions[i]!.choices.length);
    this.maxChoices = Math.max(2, ...sizes);
    if (episode.episodeMode === 'complete') {
      this.actionSpace = new MultiDiscrete(sizes.length > 0 ? sizes : [1]);
      this.observationSpace = new Box(-OBSERVATION_LIMIT, OBSERVATION_LIMIT, [COMPLETE_OBSERVATION.length]);
      this.lastObservation = COMPLETE_OBSERVATION.map(() => 0);
      this.actionKinds = sizes.length > 0 ? this.freeDecisions.map((i) => problem.decisions[i]!.kind) : ['ordinal'];
    } else {
      this.actionSpace = new Discrete(this.maxChoices);
      this.actionKinds = [this.freeDecisions.some((i) => problem.decisions[i]!.kind === 'categorical') ? 'categorical' : 'ordinal'];
      this.observationSpace = new Box(-1, 1, [sizes.length + 1]);
      this.lastObservation = [0, ...sizes.map(() => -1)];
    }
  }

  /**
   * A design's evaluation is a pure function of the design, so agents may count each distinct design
   * once (repeats cost nothing; see the agents' `evaluationUnit`).
   */
  get deterministic(): true {
    return true;
  }

  /** Designs evaluated so far (cached repeats included), across episodes. */
  get evaluationCount(): number {
    return this.evaluations;
  }

  /** The full choice vector (one index per decision) of a complete-mode action. */
  choicesOf(action: readonly number[]): number[] {
    const choices = this.problem.decisions.map(() => 0);
    this.freeDecisions.forEach((decision, k) => {
      choices[decision] = action[k]!;
    });
    return choices;
  }

  /** Evaluates a full choice vector (memoised by the vector, within `evaluationCacheBytes`). */
  evaluateChoices(choices: readonly number[]): Evaluation<Design> {
    this.evaluations++;
    return this.memoize(this.memoKey(choices), () => this.problem.evaluate(this.problem.decode(choices), choices));
  }

  /** A choice vector as one number (its mixed-radix value), or as text where the space is too large for that. */
  private memoKey(choices: readonly number[]): number | string {
    const weights = this.keyWeights;
    if (weights === undefined || choices.length !== weights.length) return choices.join(',');
    const decisions = this.problem.decisions;
    let key = 0;
    for (let i = 0; i < weights.length; i++) {
      const choice = choices[i]!;
      // Out-of-range choices keep a key of their own (their evaluation explains what is wrong).
      if (!Number.isInteger(choice) || choice < 0 || choice >= decisions[i]!.choices.length) return choices.join(',');
      key += choice * weights[i]!;
    }
    return key;
  }

  override get cacheBytes(): number {
    return this.evaluationCacheBytes;
  }

  /** The reward of an evaluation under this environment's objective. */
  rewardOf(evaluation: Evaluation<Design>): number {
    return reward(evaluation, this.reference, this.objective);
  }

  protected onReset(): ResetResult<number[], DesignResetInfo> {
    this.steps = 0;
    this.partial = [];
    if (this.episode.episodeMode === 'complete') {
      this.lastObservation = COMPLETE_OBSERVATION.map(() => 0);
    } else {
      this.lastObservation = [0, ...this.freeDecisions.map(() => -1)];
    }
    const info: DesignResetInfo = { decisions: this.freeDecisions.map((i) => this.problem.decisions[i]!.name) };
    if (this.episode.episodeMode === 'sequential') info.actionMask = this.maskOf(0);
    return { observation: this.lastObservation.slice(), info };
  }

  /** The sequential-mode action mask of decision `t`: 1 for its choices, 0 for the actions beyond them. */
  private maskOf(t: number): number[] {
    const free = this.freeDecisions[t];
    const count = free === undefined ? this.maxChoices : this.problem.decisions[free]!.choices.length;
    return Array.from({ length: this.maxChoices }, (_, a) => (a < count ? 1 : 0));
  }

  protected onStep(action: number[] | number): StepResult<number[], DesignStepInfo<Design>> {
    return this.episode.episodeMode === 'complete' ? this.stepComplete(action as number[]) : this.stepSequential(action as number);
  }

  private stepComplete(action: number[]): StepResult<number[], DesignInfo<Design>> {
    const evaluation = this.evaluateChoices(this.choicesOf(action));
    this.steps++;
    this.lastObservation = this.observe(evaluation);
    return {
      observation: this.lastObservation.slice(),
      reward: this.rewardOf(evaluation),
      terminated: this.steps >= this.episode.episodeLength,
      truncated: false,
      info: this.infoOf(evaluation),
    };
  }

  private stepSequential(action: number): StepResult<number[], DesignStepInfo<Design>> {
    const decision = this.problem.decisions[this.freeDecisions[this.steps]!]!;
    if (action >= decision.choices.length) {
      throw new InvalidActionError(
        `Expects an action in 0 .. ${decision.choices.length - 1} for decision \`${decision.name}\` (${decision.choices.length} choices; see info.actionMask), actual: ${action}`,
      );
    }
    const choice = action;
    this.partial.push(choice);
    this.steps++;
    const total = this.freeDecisions.length;
    const observation = [this.steps / total, ...this.freeDecisions.map((i, k) => {
      const n = this.problem.decisions[i]!.choices.length;
      return k < this.partial.length ? this.partial[k]! / (n - 1) : -1;
    })];
    this.lastObservation = observation;
    if (this.steps < total) {
      const decided: DecisionInfo['decided'] = {};
      this.partial.forEach((c, k) => {
        const d = this.problem.decisions[this.freeDecisions[k]!]!;
        decided[d.name] = d.choices[c];
      });
      return { observation: observation.slice(), reward: 0, terminated: false, truncated: false, info: { decided, actionMask: this.maskOf(this.steps) } };
    }
    const evaluation = this.evaluateChoices(this.choicesOf(this.partial));
    return { observation: observation.slice(), reward: this.rewardOf(evaluation), terminated: true, truncated: false, info: this.infoOf(evaluation) };
  }

  private observe(evaluation: Evaluation<Design>): number[] {
    if (evaluation.metrics === undefined) return [0, 0, 0, 0, 0, 0];
    const terms = rewardTerms(evaluation.metrics, this.reference);
    return [clip(terms.latency), clip(terms.energy), clip(terms.area), clip(terms.power), clip(terms.accuracy), evaluation.feasible ? 1 : 0];
  }

  private infoOf(evaluation: Evaluation<Design>): DesignInfo<Design> {
    return {
      design: evaluation.design,
      metrics: evaluation.metrics ?? { ...UNEVALUATED_METRICS },
      feasible: evaluation.feasible,
      violations: evaluation.violations,
    };
  }

  override render(): string {
    return `${this.toString()}: ${this.steps} step(s) this episode, ${this.evaluations} evaluation(s); observation [${this.lastObservation.map((v) => v.toFixed(3)).join(', ')}]`;
  }
}

/**
 * The types of `step` and `reset` for the environment's design: an array action (`complete` mode)
 * always evaluates a design, so its info is `DesignInfo`; a number (one decision, `sequential` mode)
 * may be a decision before the last.
 */
export interface DesignEnv<Design> {
  step(action: number[]): StepResult<number[], DesignInfo<Design>>;
  step(action: number): StepResult<number[], DesignStepInfo<Design>>;
  step(action: number[] | number): StepResult<number[], DesignStepInfo<Design>>;
  reset(args?: ResetArgs): ResetResult<number[], DesignResetInfo>;
}

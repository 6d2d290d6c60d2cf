/** The events of a search: one per evaluation, one per finished episode, one per new best, and one at the end. */
import type { Info } from '../src/gym/index.js';
import type { EvaluationUnit } from './hyperparameters.js';

/**
 * What step events and best records say about an evaluation, for an environment whose steps return
 * `StepInfo` (see `describeEvaluation`): `design` is `info.design` (null without one) and `metrics`
 * is `info.metrics` together with the rest of the info. For the design environments, a step that
 * evaluated a design has its `HardwareDesign` (or `CoDesignDesign`) and `DesignMetrics` with
 * `feasible` and `violations`; the decisions before the last of a sequential episode have
 * `design: null` and `metrics: { decided }`. Untyped infos give `unknown` and a record.
 */
export type EvaluationFields<StepInfo> = string extends keyof StepInfo
  ? { readonly design: unknown; readonly metrics: Readonly<Record<string, unknown>> }
  : StepInfo extends unknown
    ? {
        readonly design: StepInfo extends { design: infer Design } ? Design : null;
        readonly metrics: Readonly<(StepInfo extends { metrics: infer Metrics extends object } ? Metrics : unknown) & Omit<StepInfo, 'design' | 'metrics'>>;
      }
    : never;

/**
 * An environment step. `evaluation` is the number of evaluations spent so far, this step included
 * (in the run's evaluation unit: a step that evaluates no new design spends nothing in the `design`
 * unit); `envStep` counts every step from 1; `episode` counts episodes from 0 and `step` the steps of
 * the episode from 1. `design` and `metrics` come from the step's `info` (see `EvaluationFields`);
 * `repeat` is true when the design had been evaluated before in this run.
 */
export type SearchStepEvent<StepInfo = Info> = {
  readonly type: 'step';
  readonly evaluation: number;
  readonly envStep: number;
  readonly episode: number;
  readonly step: number;
  readonly action: unknown;
  readonly repeat: boolean;
  readonly reward: number;
  readonly terminated: boolean;
  readonly truncated: boolean;
  /** Milliseconds since the run started; differs between runs with the same seed. */
  readonly wallTimeMs: number;
} & EvaluationFields<StepInfo>;

/** The environment ended an episode (terminated or truncated) at evaluation `evaluation`. */
export interface SearchEpisodeEvent {
  readonly type: 'episode';
  readonly evaluation: number;
  readonly episode: number;
  readonly length: number;
  readonly return: number;
  readonly terminated: boolean;
  readonly truncated: boolean;
  /** Milliseconds since the run started; differs between runs with the same seed. */
  readonly wallTimeMs: number;
}

/** The best evaluation so far: what a search is for. */
export type BestRecord<StepInfo = Info> = {
  readonly evaluation: number;
  readonly episode: number;
  readonly action: unknown;
  readonly reward: number;
} & EvaluationFields<StepInfo>;

/**
 * The step just published is the best so far: it has a strictly higher reward than the previous best,
 * or it is the first step that evaluated a design (`info.design`). Steps without a design, such as the
 * intermediate decisions of sequential episodes, only count while no step has evaluated one.
 */
export type SearchBestEvent<StepInfo = Info> = BestRecord<StepInfo> & {
  readonly type: 'best';
  /** Milliseconds since the run started; differs between runs with the same seed. */
  readonly wallTimeMs: number;
};

/**
 * Why a search ended: the budget was spent; the agent had nothing left to try (e.g. random sampling
 * without replacement); or, in the `design` unit, too many consecutive steps evaluated nothing new.
 */
export type DoneReason = 'budget' | 'exhausted' | 'stalled';

/** The TF.js backends, in order of preference. */
export type TfjsBackendName = 'tensorflow' | 'wasm' | 'cpu';

/** The last event: the summary `lastValueFrom(agent.run(...))` returns. */
export interface SearchDoneEvent<StepInfo = Info> {
  readonly type: 'done';
  readonly agent: string;
  readonly seed: number;
  readonly budget: number;
  /** What one evaluation is in this run: a new `design`, or an environment `step`. */
  readonly evaluationUnit: EvaluationUnit;
  /** Evaluations spent (in `evaluationUnit`s). */
  readonly evaluations: number;
  /** Environment steps taken (evaluations, repeats and the decisions of sequential episodes alike). */
  readonly steps: number;
  /** Steps that evaluated a design already evaluated in this run. */
  readonly repeats: number;
  readonly episodes: number;
  readonly reason: DoneReason;
  /** The best evaluation of the run (a run of budget >= 1 evaluates at least once). */
  readonly best: BestRecord<StepInfo>;
  /** Every hyperparameter the run used, defaults included. */
  readonly hyperparameters: Readonly<Record<string, unknown>>;
  /** The TF.js backend that ran the agent's networks; null for agents without networks. */
  readonly tfjsBackend: TfjsBackendName | null;
  /** Agent-specific facts about the run (fitted GP hyperparameters, policy updates, ...); deterministic. */
  readonly details: Readonly<Record<string, unknown>>;
  /** Milliseconds since the run started; differs between runs with the same seed. */
  readonly wallTimeMs: number;
}

/**
 * What `agent.run(env, settings)` emits, narrowed by `type`; `StepInfo` is the environment's step info
 * (`agent.run(env)` fills it in), which types the designs and metrics. For a run of budget 3 whose episodes last 2 steps, where the
 * second evaluation improves on the first:
 *
 * ```text
 * evaluation:  1       2           3
 * -------------S-B-----S-B-E-------S-D|
 * S: step   B: best   E: episode   D: done   |: complete
 * ```
 *
 * Runs with the same seed (and the same environment) emit the same events except for `wallTimeMs`,
 * the only field that measures time; compare them with `withoutWallTime`.
 */
export type SearchEvent<StepInfo = Info> = SearchStepEvent<StepInfo> | SearchEpisodeEvent | SearchBestEvent<StepInfo> | SearchDoneEvent<StepInfo>;

/** The field names that hold wall-clock measurements, and so differ between runs with the same seed. */
export const WALL_TIME_FIELDS: readonly string[] = Object.freeze(['wallTimeMs']);

/**
 * `event` without its wall-clock fields (`WALL_TIME_FIELDS`): what must be identical between two runs
 * with the same seed.
 *
 * @example
 * withoutWallTime({ type: 'episode', evaluation: 2, episode: 0, length: 2, return: 1, terminated: true, truncated: false, wallTimeMs: 3.2 });
 * // { type: 'episode', evaluation: 2, episode: 0, length: 2, return: 1, terminated: true, truncated: false }
 */
export function withoutWallTime(event: SearchEvent): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...event };
  for (const field of WALL_TIME_FIELDS) delete copy[field];
  return copy;
}

/**
 * How a step event describes an evaluation: `design` is `info.design` (null when absent); `metrics` is
 * `info.metrics` (when it is an object) together with the other entries of `info`, such as `feasible`.
 *
 * @example
 * describeEvaluation({ design: { pes: 64 }, metrics: { latencyCycles: 10 }, feasible: true });
 * // { design: { pes: 64 }, metrics: { latencyCycles: 10, feasible: true } }
 */
export function describeEvaluation(info: Info): { design: unknown; metrics: Record<string, unknown> } {
  const { design, metrics, ...rest } = info;
  const isRecord = typeof metrics === 'object' && metrics !== null && !Array.isArray(metrics);
  return {
    design: design === undefined ? null : design,
    metrics: isRecord ? { ...(metrics as Record<string, unknown>), ...rest } : metrics === undefined ? rest : { metrics, ...rest },
  };
}

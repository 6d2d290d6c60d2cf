/** One run of an agent on an environment: it spends the budget, resets episodes, publishes events and notices cancellation. */
import type { Subscriber } from 'rxjs';
import type { Env, Info } from '../src/gym/index.js';
import type { ActionCodec, ActionMask, Choices } from './action-codec.js';
import { actionKindsOf, type DimensionKind } from './bayesian/design-encoding.js';
import { DEFAULT_MAX_FREE_STEPS, type EvaluationUnit } from './hyperparameters.js';
import { describeEvaluation, type BestRecord, type DoneReason, type SearchEvent } from './search-event.js';

/**
 * Thrown inside a search when the subscriber has unsubscribed; the agent's loop unwinds and nothing
 * more is emitted (the base agent swallows it).
 *
 * @example
 * new SearchCancelled().message;   // 'The search was cancelled: its subscriber unsubscribed'
 */
export class SearchCancelled extends Error {
  constructor() {
    super('The search was cancelled: its subscriber unsubscribed');
    this.name = 'SearchCancelled';
  }
}

/** What one evaluation returned. `observation` is the observation after the step. */
export interface Transition {
  readonly choices: Choices;
  readonly observation: unknown;
  readonly reward: number;
  readonly terminated: boolean;
  readonly truncated: boolean;
  readonly info: Info;
  /** Evaluations so far, this one included. */
  readonly evaluation: number;
  /** The step evaluated a design that had been evaluated before. */
  readonly repeat: boolean;
  /** The step spent budget (always, in the `step` unit; only for a new design, in the `design` unit). */
  readonly counted: boolean;
}

export interface SearchSessionSettings {
  readonly budget: number;
  readonly seed: number;
  /** What an evaluation is (see `EVALUATION_UNITS`); default `step`. */
  readonly evaluationUnit?: EvaluationUnit | undefined;
  /** `design` unit: after this many consecutive steps that spent nothing, `remaining` becomes 0 (reason `stalled`). */
  readonly maxFreeSteps?: number | undefined;
}

/**
 * The evaluation unit a run uses by default: `design` when the environment (innermost, through
 * wrappers) says its evaluations are deterministic (`deterministic: true`, as the design
 * environments do), else `step`.
 *
 * @example
 * defaultEvaluationUnit(make('AcceleratorDesign-v0'));   // 'design'
 * defaultEvaluationUnit(make('Bandit-v0'));   // 'step': its rewards are noisy
 */
export function defaultEvaluationUnit(env: Env<unknown, unknown>): EvaluationUnit {
  return (env.unwrapped as { deterministic?: unknown }).deterministic === true ? 'design' : 'step';
}

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Drives `env` for an agent: `observe()` starts an episode when none is running (the first one with
 * `reset({ seed })`, later ones with `reset()`), `await step(choices)` evaluates one action, publishes
 * its step, best and episode events, and then yields to the event loop, throwing `SearchCancelled`
 * when the subscriber has gone. Agents loop `while (session.remaining > 0)`.
 *
 * The budget counts evaluations in `evaluationUnit`s. In the `design` unit a step costs one evaluation
 * only when it evaluates a design (`info.design`) not seen before in this run; its step event says
 * `repeat: true` when the design was seen. `actionMask` is the environment's latest
 * `info.actionMask` (the actions allowed next), which agents pass to `codec.sample`.
 *
 * @example
 * const env = make('Bandit-v0', { arms: 3, pulls: 2 });
 * const run = new Observable((subscriber) => {
 *   const session = new SearchSession(env, new ActionCodec(env.actionSpace), subscriber, { budget: 3, seed: 0 });
 *   const loop = async () => {
 *     while (session.remaining > 0) await session.step([session.evaluations % 3]);
 *     subscriber.complete();
 *   };
 *   void loop();
 * });
 * const types = (await lastValueFrom(run.pipe(toArray()))).map((event) => event.type);
 * types.filter((type) => type === 'step').length;   // 3
 * types.filter((type) => type === 'episode').length;   // 1: the second pull ends the first episode
 */
export class SearchSession {
  readonly codec: ActionCodec;
  readonly budget: number;
  readonly seed: number;
  private readonly env: Env<unknown, unknown>;
  private readonly subscriber: Subscriber<SearchEvent>;
  private readonly startMs: number;
  /** What one evaluation is in this run. */
  readonly evaluationUnit: EvaluationUnit;
  private readonly maxFreeSteps: number;
  private readonly seenDesigns = new Set<string>();
  private evaluationCount = 0;
  private stepCount = 0;
  private repeatCount = 0;
  private freeSteps = 0;
  private allStepsDesigns = true;
  private stopped: DoneReason | null = null;
  private mask: ActionMask | undefined = undefined;
  private episodeCount = 0;
  private episodeSteps = 0;
  private episodeReturn = 0;
  private running = false;
  private observation: unknown = undefined;
  private bestRecord: BestRecord | null = null;

  constructor(env: Env<unknown, unknown>, codec: ActionCodec, subscriber: Subscriber<SearchEvent>, settings: SearchSessionSettings) {
    this.env = env;
    this.codec = codec;
    this.subscriber = subscriber;
    this.budget = settings.budget;
    this.seed = settings.seed;
    this.evaluationUnit = settings.evaluationUnit ?? 'step';
    this.maxFreeSteps = settings.maxFreeSteps ?? DEFAULT_MAX_FREE_STEPS;
    this.startMs = performance.now();
  }

  /** Whether each action dimension is ordinal or categorical, as the environment declares (see `actionKindsOf`). */
  get actionKinds(): DimensionKind[] {
    return actionKindsOf(this.env, this.codec.dimensions);
  }

  /** The environment's observation space (for agents whose decisions depend on observations). */
  get observationSpace(): Env<unknown, unknown>['observationSpace'] {
    return this.env.observationSpace;
  }

  /** Evaluations spent so far. */
  get evaluations(): number {
    return this.evaluationCount;
  }

  /** Evaluations left (0 once the search stalled: too many consecutive steps spent nothing). */
  get remaining(): number {
    return this.stopped === null ? this.budget - this.evaluationCount : 0;
  }

  /** Environment steps taken so far (every step, whatever the unit). */
  get steps(): number {
    return this.stepCount;
  }

  /**
   * Whether every step so far evaluated a design (`info.design`): true for complete-design episodes,
   * false from the first decision of a sequential episode on. Agents that track evaluated designs by
   * their choices do so only while this holds.
   */
  get everyStepEvaluated(): boolean {
    return this.allStepsDesigns;
  }

  /**
   * Whether each step is an evaluation of its action: always in the `step` unit; in the `design` unit
   * while every step has evaluated a design (not in sequential episodes, whose decisions are no designs).
   */
  get stepsAreEvaluations(): boolean {
    return this.evaluationUnit === 'step' || this.allStepsDesigns;
  }

  /** Steps that evaluated a design already evaluated in this run. */
  get repeats(): number {
    return this.repeatCount;
  }

  /** Why the session stopped the search before the budget was spent (`stalled`), or null. */
  get stopReason(): DoneReason | null {
    return this.stopped;
  }

  /** The actions the environment allows next (its latest `info.actionMask`), or undefined when it gives none. */
  get actionMask(): ActionMask | undefined {
    return this.mask;
  }

  /** Whether `choices` are allowed by `actionMask` (always, without a mask). */
  allows(choices: readonly number[]): boolean {
    return this.codec.allows(choices, this.mask);
  }

  /** Episodes started so far. */
  get episodes(): number {
    return this.episodeCount;
  }

  /** Steps taken in the current episode (0 right after a reset). */
  get stepsInEpisode(): number {
    return this.episodeSteps;
  }

  /** Whether the next `observe()` or `step()` starts a new episode. */
  get needsReset(): boolean {
    return !this.running;
  }

  /** The best evaluation so far (null before the first). */
  get best(): BestRecord | null {
    return this.bestRecord;
  }

  /** Milliseconds since the session started. */
  get elapsedMs(): number {
    return performance.now() - this.startMs;
  }

  /** The observation the next action responds to; resets the environment first when no episode is running. */
  observe(): unknown {
    if (!this.running) {
      const { observation, info } = this.env.reset(this.episodeCount === 0 ? { seed: this.seed } : {});
      this.observation = observation;
      this.mask = this.codec.maskOf(info['actionMask']);
      this.running = true;
      this.episodeCount++;
      this.episodeSteps = 0;
      this.episodeReturn = 0;
    }
    return this.observation;
  }

  /** Evaluates `choices`, publishes its events and yields; throws `SearchCancelled` once unsubscribed. */
  async step(choices: Choices): Promise<Transition> {
    if (this.subscriber.closed) throw new SearchCancelled();
    if (this.remaining <= 0) {
      throw new RangeError(
        this.stopped === null
          ? `The search spent its budget of ${this.budget} evaluations; check session.remaining before stepping`
          : `The search stopped (${this.stopped}: ${this.maxFreeSteps} consecutive steps spent nothing); check session.remaining before stepping`,
      );
    }
    this.observe();
    const action = this.codec.toAction(choices);
    const result = this.env.step(action);
    const { repeat, counted } = this.account(result.info);
    this.episodeSteps++;
    this.episodeReturn += result.reward;
    this.observation = result.observation;
    this.mask = this.codec.maskOf(result.info['actionMask']);
    const ended = result.terminated || result.truncated;
    if (ended) this.running = false;
    this.publish(action, result.reward, result.info, result.terminated, result.truncated, repeat);
    await yieldToEventLoop();
    if (this.subscriber.closed) throw new SearchCancelled();
    return {
      choices,
      observation: result.observation,
      reward: result.reward,
      terminated: result.terminated,
      truncated: result.truncated,
      info: result.info,
      evaluation: this.evaluationCount,
      repeat,
      counted,
    };
  }

  /** Counts a step: whether its design was seen before, and whether it spent budget. */
  private account(info: Info): { repeat: boolean; counted: boolean } {
    this.stepCount++;
    const design = info['design'];
    if (design === undefined || design === null) this.allStepsDesigns = false;
    let repeat = false;
    if (design !== undefined && design !== null) {
      const key = JSON.stringify(design);
      repeat = this.seenDesigns.has(key);
      if (repeat) this.repeatCount++;
      else this.seenDesigns.add(key);
    }
    const counted = this.evaluationUnit === 'step' || (design !== undefined && design !== null && !repeat);
    if (counted) {
      this.evaluationCount++;
      this.freeSteps = 0;
    } else if (++this.freeSteps >= this.maxFreeSteps) {
      this.stopped = 'stalled';
    }
    return { repeat, counted };
  }

  /**
   * Steps that evaluated a design (`info.design` present) outrank steps that did not (such as the
   * intermediate decisions of sequential episodes, whose reward 0 says nothing about a design);
   * among equals, a strictly higher reward wins.
   */
  private isNewBest(design: unknown, reward: number): boolean {
    const current = this.bestRecord;
    if (current === null) return true;
    const hasDesign = design !== null;
    const currentHasDesign = current.design !== null;
    if (hasDesign !== currentHasDesign) return hasDesign;
    return reward > current.reward;
  }

  private publish(action: unknown, reward: number, info: Info, terminated: boolean, truncated: boolean, repeat: boolean): void {
    const { design, metrics } = describeEvaluation(info);
    const episode = this.episodeCount - 1;
    const evaluation = this.evaluationCount;
    const subscriber = this.subscriber;
    subscriber.next({
      type: 'step',
      evaluation,
      envStep: this.stepCount,
      episode,
      step: this.episodeSteps,
      action,
      design,
      repeat,
      reward,
      metrics,
      terminated,
      truncated,
      wallTimeMs: this.elapsedMs,
    });
    if (this.isNewBest(design, reward)) {
      this.bestRecord = { evaluation, episode, action, design, reward, metrics };
      subscriber.next({ type: 'best', ...this.bestRecord, wallTimeMs: this.elapsedMs });
    }
    if (terminated || truncated) {
      subscriber.next({
        type: 'episode',
        evaluation,
        episode,
        length: this.episodeSteps,
        return: this.episodeReturn,
        terminated,
        truncated,
        wallTimeMs: this.elapsedMs,
      });
    }
  }
}

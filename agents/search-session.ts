/** One run of an agent on an environment: it spends the budget, resets episodes, publishes events and notices cancellation. */
import type { Subscriber } from 'rxjs';
import type { Env, Info } from '../src/gym/index.js';
import type { ActionCodec, Choices } from './action-codec.js';
import { describeEvaluation, type BestRecord, type SearchEvent } from './search-event.js';

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
}

export interface SearchSessionSettings {
  readonly budget: number;
  readonly seed: number;
}

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Drives `env` for an agent: `observe()` starts an episode when none is running (the first one with
 * `reset({ seed })`, later ones with `reset()`), `await step(choices)` evaluates one action, publishes
 * its step, best and episode events, and then yields to the event loop, throwing `SearchCancelled`
 * when the subscriber has gone. Agents loop `while (session.remaining > 0)`.
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
  private evaluationCount = 0;
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
    this.startMs = performance.now();
  }

  /** The environment's observation space (for agents whose decisions depend on observations). */
  get observationSpace(): Env<unknown, unknown>['observationSpace'] {
    return this.env.observationSpace;
  }

  /** Evaluations spent so far. */
  get evaluations(): number {
    return this.evaluationCount;
  }

  /** Evaluations left. */
  get remaining(): number {
    return this.budget - this.evaluationCount;
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
      const { observation } = this.env.reset(this.episodeCount === 0 ? { seed: this.seed } : {});
      this.observation = observation;
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
    if (this.evaluationCount >= this.budget) {
      throw new RangeError(`The search spent its budget of ${this.budget} evaluations; check session.remaining before stepping`);
    }
    this.observe();
    const action = this.codec.toAction(choices);
    const result = this.env.step(action);
    this.evaluationCount++;
    this.episodeSteps++;
    this.episodeReturn += result.reward;
    this.observation = result.observation;
    const ended = result.terminated || result.truncated;
    if (ended) this.running = false;
    this.publish(action, result.reward, result.info, result.terminated, result.truncated);
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
    };
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

  private publish(action: unknown, reward: number, info: Info, terminated: boolean, truncated: boolean): void {
    const { design, metrics } = describeEvaluation(info);
    const episode = this.episodeCount - 1;
    const evaluation = this.evaluationCount;
    const subscriber = this.subscriber;
    subscriber.next({
      type: 'step',
      evaluation,
      episode,
      step: this.episodeSteps,
      action,
      design,
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

/** The one agent interface: `agent.run(env, { budget, seed, ...hyperparameters })` returns a stream of search events. */
import { Observable } from 'rxjs';
import * as z from 'zod';
import { describeValue, isEnv, type Env, type StepInfoOf } from '../src/gym/index.js';
import { createRng, type Rng } from '../src/random/rng.js';
import { ActionCodec } from './action-codec.js';
import { InvalidHyperparametersError, UnsupportedEnvError } from './errors.js';
import { parseHyperparameters, runSettingsShape, type EvaluationUnit, type RunSettings } from './hyperparameters.js';
import type { DoneReason, SearchEvent, TfjsBackendName } from './search-event.js';
import { defaultEvaluationUnit, SearchCancelled, SearchSession } from './search-session.js';

/** What an agent's search reports when it returns (the done event adds the rest). */
export interface SearchOutcome {
  readonly reason?: DoneReason;
  readonly tfjsBackend?: TfjsBackendName;
  readonly details?: Readonly<Record<string, unknown>>;
}

/** The settings of one run: the budget, the seed and any hyperparameter to override. */
export type AgentRunSettings<Hyperparameters> = RunSettings & Partial<Hyperparameters>;

/**
 * A search algorithm for environments whose action space is `Discrete` or `MultiDiscrete`.
 * `run` validates everything at once (throwing `InvalidHyperparametersError` or `UnsupportedEnvError`)
 * and returns a cold Observable: each subscription runs one search, and unsubscribing stops it at the
 * next step. Run one search per environment at a time. The events' designs and metrics have the
 * types of the environment's step info.
 */
export interface Agent<Hyperparameters extends object = object> {
  /** The agent's short name, as in the agent table (`random`, `evolution`, `bo`, `reinforce`, `ppo`). */
  readonly name: string;
  /** The hyperparameters a run uses unless it overrides them (defaults merged with the constructor's). */
  readonly hyperparameters: Readonly<Hyperparameters>;
  run<E extends Env<unknown, unknown>>(env: E, settings: AgentRunSettings<Hyperparameters>): Observable<SearchEvent<StepInfoOf<E>>>;
}

/**
 * The base of the package's agents: subclasses give their name, their hyperparameters' zod shape and
 * defaults, and implement `search`, a loop over `session.step`.
 *
 * @example
 * class FirstChoiceAgent extends SearchAgent {
 *   constructor() { super('first', {}, {}, {}); }
 *   async search(session) {
 *     while (session.remaining > 0) await session.step(session.codec.choiceCounts.map(() => 0));
 *   }
 * }
 * const done = await lastValueFrom(new FirstChoiceAgent().run(make('Bandit-v0'), { budget: 3, seed: 1 }));
 * done.evaluations;   // 3
 */
export abstract class SearchAgent<Hyperparameters extends object> implements Agent<Hyperparameters> {
  readonly name: string;
  readonly hyperparameters: Readonly<Hyperparameters>;
  private readonly runSchema: z.ZodType;

  protected constructor(name: string, shape: z.ZodRawShape, defaults: Hyperparameters, overrides: Partial<Hyperparameters>) {
    this.name = name;
    const ownSchema = z.strictObject(shape);
    const checked = parseHyperparameters(name, ownSchema.partial(), overrides ?? {}) as Partial<Hyperparameters>;
    this.hyperparameters = Object.freeze(
      parseHyperparameters(name, ownSchema, { ...defaults, ...checked }) as Hyperparameters,
    );
    this.runSchema = z.strictObject({ ...runSettingsShape, ...shape });
  }

  run<E extends Env<unknown, unknown>>(env: E, settings: AgentRunSettings<Hyperparameters>): Observable<SearchEvent<StepInfoOf<E>>> {
    if (!isEnv(env)) throw new UnsupportedEnvError(`Expects an environment (Env), actual: ${describeValue(env)}`);
    const parsed = parseHyperparameters(this.name, this.runSchema, { seed: 0, ...this.hyperparameters, ...settings }) as {
      budget: number;
      seed: number;
      evaluationUnit?: EvaluationUnit;
      maxFreeSteps?: number;
    } & Hyperparameters;
    const { budget, seed, evaluationUnit = defaultEvaluationUnit(env), maxFreeSteps, ...rest } = parsed;
    const hyperparameters = rest as unknown as Hyperparameters;
    const problems = this.crossCheck(hyperparameters);
    if (problems.length > 0) throw new InvalidHyperparametersError(`Invalid hyperparameters for ${this.name}: ${problems.join('; ')}`);
    const codec = new ActionCodec(env.actionSpace);
    this.checkEnv(env, codec, hyperparameters);
    // The session publishes what the environment's infos hold: events of the environment's types.
    return new Observable<SearchEvent>((subscriber) => {
      const session = new SearchSession(env, codec, subscriber, { budget, seed, evaluationUnit, maxFreeSteps });
      const drive = async (): Promise<void> => {
        try {
          const outcome = (await this.search(session, hyperparameters, createRng(seed))) ?? {};
          if (subscriber.closed) return;
          const best = session.best;
          if (best === null) throw new Error(`the ${this.name} agent ended its search without a single evaluation (budget ${budget})`);
          subscriber.next({
            type: 'done',
            agent: this.name,
            seed,
            budget,
            evaluationUnit,
            evaluations: session.evaluations,
            steps: session.steps,
            repeats: session.repeats,
            episodes: session.episodes,
            reason: outcome.reason ?? session.stopReason ?? 'budget',
            best,
            hyperparameters: { ...(hyperparameters as Record<string, unknown>) },
            tfjsBackend: outcome.tfjsBackend ?? null,
            details: outcome.details ?? {},
            wallTimeMs: session.elapsedMs,
          });
          subscriber.complete();
        } catch (error) {
          if (error instanceof SearchCancelled || subscriber.closed) return;
          subscriber.error(error);
        }
      };
      void drive();
    }) as Observable<SearchEvent<StepInfoOf<E>>>;
  }

  /** Problems that involve more than one hyperparameter, each as "`a` (actual: 1) must ... `b` (actual: 2)". */
  protected crossCheck(_hyperparameters: Hyperparameters): string[] {
    return [];
  }

  /** Throws `UnsupportedEnvError` when this agent cannot search `env` with these hyperparameters. */
  protected checkEnv(_env: Env<unknown, unknown>, _codec: ActionCodec, _hyperparameters: Hyperparameters): void {}

  /** The search: step through `session` until `session.remaining` is 0 (or nothing is left to try). */
  protected abstract search(
    session: SearchSession,
    hyperparameters: Hyperparameters,
    rng: Rng,
  ): Promise<SearchOutcome | void>;
}

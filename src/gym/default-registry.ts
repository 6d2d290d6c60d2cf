/** The package's default registry, with the toy environments registered, and the types of what `make` builds. */
import type { Env, EnvSpec, Info } from './env.js';
import { Registry, type EnvFactory, type MakeSettings, type RegisterSettings } from './registry.js';
import { Bandit, BANDIT_DEFAULTS, banditOptionsSchema, type BanditOptions } from './toy/bandit.js';
import { GridWalk, GRID_WALK_DEFAULTS, gridWalkOptionsSchema, type GridWalkInfo, type GridWalkOptions } from './toy/grid-walk.js';
import type { TimeLimit } from './wrappers/time-limit.js';

/**
 * The registered environments by id: what `make(id, options)` returns (`env`) and the options it
 * takes (`options`). The package's environments are listed; an environment you register is added by
 * declaration merging, after which `make` types it like the package's own:
 *
 * ```ts
 * declare module 'codesign-gym' {
 *   interface EnvRegistry {
 *     'MyEnv-v0': { env: MyEnv; options: { size?: number } };
 *   }
 * }
 * ```
 *
 * A `string` that is not a literal (an id read from a file or a command line) also works with `make`,
 * which then returns an untyped `Env<unknown, unknown>`.
 */
export interface EnvRegistry {
  'Bandit-v0': { env: Bandit; options: Partial<BanditOptions> };
  'GridWalk-v0': { env: TimeLimit<number[], number, GridWalkInfo, GridWalkInfo>; options: Partial<GridWalkOptions> };
}

/** The ids of `EnvRegistry`: the environments `make` knows the types of. */
export type RegisteredEnvId = keyof EnvRegistry & string;

/** The options `make(id, options)` takes. */
export type EnvOptions<Id extends RegisteredEnvId> = EnvRegistry[Id]['options'];

/** What `make(id)` returns (without a `maxEpisodeSteps` setting). */
export type EnvOf<Id extends RegisteredEnvId> = EnvRegistry[Id]['env'];

/** An environment's observation type. */
export type ObservationOf<E> = E extends { reset(): { observation: infer Obs } } ? Obs : never;
/** An environment's action type (of its most general `step` signature). */
export type ActionOf<E> = E extends { step(action: infer Act): unknown } ? Act : never;
/** The info type of an environment's `step` (of its most general signature). */
export type StepInfoOf<E> = E extends { step(action: never): { info: infer StepInfo } } ? Extract<StepInfo, Info> : never;
/** The info type of an environment's `reset`. */
export type ResetInfoOf<E> = E extends { reset(): { info: infer ResetInfo } } ? Extract<ResetInfo, Info> : never;

/** `E` under a time limit (what `make` returns with a `maxEpisodeSteps` setting). */
export type TimeLimited<E> = TimeLimit<ObservationOf<E>, ActionOf<E>, StepInfoOf<E>, ResetInfoOf<E>>;

/** The registry behind `register`, `make`, `listEnvs` and `envSpec`. */
export const registry = new Registry();

registry.register('Bandit-v0', (options) => new Bandit(options), BANDIT_DEFAULTS, {
  schema: banditOptionsSchema,
  description: 'k-armed Gaussian bandit (toy)',
});

registry.register('GridWalk-v0', (options) => new GridWalk(options), GRID_WALK_DEFAULTS, {
  schema: gridWalkOptionsSchema,
  maxEpisodeSteps: 100,
  description: 'walk from corner to corner of a small grid, optionally slippery (toy)',
});

/** Registers `id` in the default registry (see `Registry.register`). */
export function register<Opts extends object>(
  id: string,
  factory: EnvFactory<Opts>,
  defaults: Opts,
  settings?: RegisterSettings<Opts>,
): EnvSpec {
  return registry.register(id, factory, defaults, settings);
}

/**
 * A new environment from the default registry (see `Registry.make`). With an id of `EnvRegistry`, the
 * options, the environment's class, its actions, observations and infos are typed; an unknown
 * literal id does not compile. A `string` id gives an untyped `Env<unknown, unknown>`.
 *
 * @example
 * const env = make('GridWalk-v0', { width: 4, slip: 0.1 });
 * env.reset({ seed: 0 });
 * String(env);   // 'TimeLimit<GridWalk<GridWalk-v0>>'
 */
export function make<Id extends RegisteredEnvId>(id: Id, options?: EnvOptions<Id>, settings?: MakeSettings & { readonly maxEpisodeSteps?: undefined }): EnvOf<Id>;
export function make<Id extends RegisteredEnvId>(id: Id, options: EnvOptions<Id> | undefined, settings: MakeSettings & { readonly maxEpisodeSteps: number }): TimeLimited<EnvOf<Id>>;
export function make<Id extends RegisteredEnvId>(id: Id, options: EnvOptions<Id> | undefined, settings: MakeSettings): EnvOf<Id> | TimeLimited<EnvOf<Id>>;
export function make<Id extends string>(
  id: string extends Id ? Id : never,
  options?: Readonly<Record<string, unknown>>,
  settings?: MakeSettings,
): Env<unknown, unknown>;
export function make(id: string, options?: Readonly<Record<string, unknown>>, settings?: MakeSettings): Env<unknown, unknown> {
  return registry.make(id, options, settings);
}

/** The ids of the default registry, sorted. */
export function listEnvs(): string[] {
  return registry.listEnvs();
}

/** The registration of `id` in the default registry. */
export function envSpec(id: string): EnvSpec {
  return registry.spec(id);
}

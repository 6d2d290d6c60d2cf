/** The package's default registry, with the toy environments registered. */
import type { Env, EnvSpec } from './env.js';
import { Registry, type EnvFactory, type MakeSettings, type RegisterSettings } from './registry.js';
import { Bandit, BANDIT_DEFAULTS, banditOptionsSchema } from './toy/bandit.js';
import { GridWalk, GRID_WALK_DEFAULTS, gridWalkOptionsSchema } from './toy/grid-walk.js';

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
 * A new environment from the default registry (see `Registry.make`).
 *
 * @example
 * const env = make('GridWalk-v0', { width: 4, slip: 0.1 });
 * env.reset({ seed: 0 });
 * String(env);   // 'TimeLimit<GridWalk<GridWalk-v0>>'
 */
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

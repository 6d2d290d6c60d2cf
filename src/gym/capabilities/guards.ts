/** Type guards for environments and their capabilities (`instanceof` does not see ts-mixer mixins). */
import { hasMixin } from 'ts-mixer';
import { Env } from '../env.js';
import { EventSource } from './event-source.js';
import { Memoized } from './memoized.js';
import { Seeded } from './seeded.js';

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}

/** Whether `value` is an environment or wrapper (built on `Env`, directly or through `Mixin`). */
export function isEnv(value: unknown): value is Env<unknown, unknown> {
  return isObject(value) && hasMixin(value, Env);
}

/** Whether `value` has the `Seeded` capability (`rng`, `rngSeed`). Wrappers: test `env.unwrapped`. */
export function isSeeded(value: unknown): value is Seeded {
  return isObject(value) && hasMixin(value, Seeded);
}

/** Whether `value` has the `EventSource` capability (`events$`). Wrappers: test `env.unwrapped`. */
export function isEventSource(value: unknown): value is EventSource<unknown, unknown> {
  return isObject(value) && hasMixin(value, EventSource);
}

/** Whether `value` has the `Memoized` capability (`memoize`, `cacheStats`). Wrappers: test `env.unwrapped`. */
export function isMemoized(value: unknown): value is Memoized {
  return isObject(value) && hasMixin(value, Memoized);
}

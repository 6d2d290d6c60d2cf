/**
 * The internal protocol between the `Env` base and the capability mixins: symbol-keyed slots, so
 * that mixins need no constructor logic and never collide with an environment's own members.
 */

/** A method `(seed: number) => void` that `Env.reset({ seed })` calls when the environment has it. */
export const SEED_HOOK: unique symbol = Symbol('codesign-gym.seedHook');

/** The slot of the rxjs Subject that `Env` publishes step and episode events to (created on first use). */
export const EVENT_SINK: unique symbol = Symbol('codesign-gym.eventSink');

/** The slot of the environment generator that `Seeded` keeps. */
export const RNG_SLOT: unique symbol = Symbol('codesign-gym.rng');

/** The slot of the cache that `Memoized` keeps. */
export const MEMO_SLOT: unique symbol = Symbol('codesign-gym.memo');

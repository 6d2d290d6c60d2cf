/** Capability: an rxjs stream of the environment's reset, step and episode events. */
import { Subject, type Observable } from 'rxjs';
import type { EnvEvent } from '../env-event.js';
import { EVENT_SINK } from './hooks.js';

/**
 * Mix into an `Env` to get `events$`. The base `Env` publishes, in order:
 *
 * ```text
 * reset({seed}) step(a) step(a) step(a -> terminated) reset() ...   close()
 * --R-----------S-------S-------S-E-------------------R--------------|
 * R: { type: 'reset' }  S: { type: 'step' }  E: { type: 'episode', length, return }  |: complete
 * ```
 *
 * Events are built only while someone subscribes, so an unobserved stream costs nothing per step.
 * No constructor logic: the Subject is created on first access.
 *
 * @example
 * class Counter extends Mixin(Env, EventSource) {
 *   observationSpace = new Discrete(3);
 *   actionSpace = new Discrete(1);
 *   count = 0;
 *   onReset() { this.count = 0; return { observation: 0, info: {} }; }
 *   onStep() {
 *     this.count++;
 *     return { observation: this.count, reward: 1, terminated: this.count === 2, truncated: false, info: {} };
 *   }
 * }
 * const env = new Counter();
 * const types = [];
 * env.events$.subscribe((event) => types.push(event.type));
 * env.reset();
 * env.step(0);
 * env.step(0);
 * types;   // ['reset', 'step', 'step', 'episode']
 */
export class EventSource<Obs, Act> {
  declare private [EVENT_SINK]: Subject<EnvEvent<Obs, Act>> | undefined;

  /** Reset, step and episode events; completes when the environment is closed. */
  get events$(): Observable<EnvEvent<Obs, Act>> {
    let sink = this[EVENT_SINK];
    if (sink === undefined) {
      sink = new Subject<EnvEvent<Obs, Act>>();
      this[EVENT_SINK] = sink;
    }
    return sink.asObservable();
  }
}

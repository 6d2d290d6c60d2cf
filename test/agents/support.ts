/** Helpers of the agent tests: collecting a run's events, and comparing runs without their wall-clock fields. */
import { lastValueFrom, toArray } from 'rxjs';
import type { Agent, SearchDoneEvent, SearchEvent, SearchStepEvent } from '../../agents/index.js';
import { withoutWallTime } from '../../agents/index.js';
import type { Env } from '../../src/gym/index.js';

export async function collect(agent: Agent<object>, env: Env<unknown, unknown>, settings: { budget: number; seed: number } & Record<string, unknown>): Promise<SearchEvent[]> {
  return lastValueFrom(agent.run(env, settings).pipe(toArray()));
}

export function comparable(events: readonly SearchEvent[]): Record<string, unknown>[] {
  return JSON.parse(JSON.stringify(events.map(withoutWallTime))) as Record<string, unknown>[];
}

export function stepsOf(events: readonly SearchEvent[]): SearchStepEvent[] {
  return events.filter((event): event is SearchStepEvent => event.type === 'step');
}

export function doneOf(events: readonly SearchEvent[]): SearchDoneEvent {
  const last = events.at(-1);
  if (last?.type !== 'done') throw new Error(`Expects the last event to be done, actual: ${String(last?.type)}`);
  return last;
}

/** Waits for pending immediates (the agents yield with setImmediate between steps). */
export function settle(rounds = 20): Promise<void> {
  return new Promise((resolve) => {
    let left = rounds;
    const tick = (): void => {
      if (--left <= 0) resolve();
      else setImmediate(tick);
    };
    setImmediate(tick);
  });
}

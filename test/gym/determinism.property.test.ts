import { expect } from 'chai';
import fc from 'fast-check';
import { RecordEpisodeStatistics, deepEqual, make, type Env } from '../../src/gym/index.js';

interface Setup {
  readonly id: string;
  readonly options: Record<string, unknown>;
  readonly actions: number;
}

const setups: readonly Setup[] = [
  { id: 'GridWalk-v0', options: { width: 3, height: 3, slip: 0.3 }, actions: 4 },
  { id: 'Bandit-v0', options: { arms: 4, pulls: 7 }, actions: 4 },
];

/** Every reset and step result of `actions` applied from `reset({ seed })`, resetting (unseeded) at episode ends. */
function trajectory(env: Env<unknown, unknown>, seed: number, actions: readonly number[]): unknown[] {
  const records: unknown[] = [env.reset({ seed })];
  for (const action of actions) {
    const result = env.step(action);
    records.push(result);
    if (result.terminated || result.truncated) records.push(env.reset());
  }
  return records;
}

describe('gym determinism (property)', () => {
  for (const setup of setups) {
    it(`${setup.id}: two fresh environments give identical trajectories for any seed and actions`, () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 0, max: 2 ** 32 - 1 }),
          fc.array(fc.integer({ min: 0, max: setup.actions - 1 }), { maxLength: 120 }),
          (seed, actions) => {
            const clock = () => 0;
            const first = trajectory(new RecordEpisodeStatistics(make(setup.id, setup.options), { clock }), seed, actions);
            const second = trajectory(new RecordEpisodeStatistics(make(setup.id, setup.options), { clock }), seed, actions);
            return deepEqual(first, second);
          },
        ),
        { numRuns: 200 },
      );
    });
  }

  it('different seeds give different stochastic trajectories', () => {
    const actions = Array.from({ length: 30 }, (_, i) => i % 4);
    const a = trajectory(make('GridWalk-v0', { slip: 0.5 }), 1, actions);
    const b = trajectory(make('GridWalk-v0', { slip: 0.5 }), 2, actions);
    expect(deepEqual(a, b)).to.equal(false);
  });
});

import { expect } from 'chai';
import {
  AsyncVectorEnv,
  InvalidActionError,
  RegistryError,
  ResetNeededError,
  SyncVectorEnv,
  VectorEnvError,
  deepEqual,
  make,
  makeVec,
  type VectorEnv,
} from '../../../src/gym/index.js';
import { createRng } from '../../../src/random/rng.js';

const workerEnvs = new URL('../worker-envs.js', import.meta.url).href;

function rollout(envs: VectorEnv<unknown, unknown>, steps: number): unknown[] {
  const rng = createRng(1);
  const records: unknown[] = [envs.reset({ seed: 7 })];
  for (let i = 0; i < steps; i++) {
    const result = envs.step(Array.from({ length: envs.numEnvs }, () => envs.singleActionSpace.sample(rng)));
    records.push({ ...result, rewards: [...result.rewards] });
  }
  return records;
}

describe('gym/vector/AsyncVectorEnv', function () {
  this.timeout(30_000);

  for (const autoresetMode of ['next-step', 'same-step'] as const) {
    it(`gives the trajectories of SyncVectorEnv (${autoresetMode})`, () => {
      const asyncEnvs = new AsyncVectorEnv({ id: 'GridWalk-v0', numEnvs: 3, workers: 2, options: { width: 3, height: 3, slip: 0.3 }, autoresetMode });
      const syncEnvs = new SyncVectorEnv(Array.from({ length: 3 }, () => () => make('GridWalk-v0', { width: 3, height: 3, slip: 0.3 })), { autoresetMode });
      try {
        expect(asyncEnvs.workerCount).to.equal(2);
        expect(String(asyncEnvs.singleObservationSpace)).to.equal('MultiDiscrete([3, 3])');
        const fromAsync = rollout(asyncEnvs, 60);
        const fromSync = rollout(syncEnvs, 60);
        const differing = fromAsync.findIndex((record, i) => !deepEqual(record, fromSync[i]));
        expect(differing, `record ${differing} differs`).to.equal(-1);
      } finally {
        asyncEnvs.close();
      }
    });
  }

  it('builds environments registered by imported modules, and keeps error classes with global indices', () => {
    const envs = new AsyncVectorEnv({ id: 'test/Countdown-v0', numEnvs: 3, workers: 2, imports: [workerEnvs], options: { length: 2 } });
    try {
      expect(() => envs.step([0, 0, 0])).to.throw(ResetNeededError, 'sub-environment 0: Cannot call step() before reset()');
      expect(envs.reset({ seed: 1 }).observations).to.deep.equal([2, 2, 2]);
      expect(() => envs.step([0, 0, 5])).to.throw(InvalidActionError, 'sub-environment 2: Expects an action inside Discrete(2)');
      expect(() => envs.step([0])).to.throw(TypeError, 'Expects 3 actions (one per sub-environment), actual: [0]');
    } finally {
      envs.close();
    }
    envs.close();
    expect(envs.closed).to.equal(true);
    expect(() => envs.step([0, 0, 0])).to.throw(VectorEnvError, 'Cannot step() a closed AsyncVectorEnv(3 x Countdown<test/Countdown-v0>, 2 workers)');
  });

  it('reports worker start-up failures and bad settings clearly', () => {
    expect(() => new AsyncVectorEnv({ id: 'Missing-v0', numEnvs: 2, workers: 1 })).to.throw(RegistryError, 'No environment registered as Missing-v0');
    expect(() => new AsyncVectorEnv({ id: 'Bandit-v0', numEnvs: 1, options: { arms: -1 } })).to.throw(Error, 'Invalid options for Bandit-v0: `arms`');
    expect(() => new AsyncVectorEnv({ id: 'Bandit-v0', numEnvs: 0 })).to.throw(TypeError, 'Invalid AsyncVectorEnv settings: `numEnvs`: Too small: expected number to be >=1');
    expect(() => new AsyncVectorEnv({ id: 'Bandit-v0', numEnvs: 1, threads: 2 } as never)).to.throw(TypeError, 'unknown option `threads`');
  });

  it('is what makeVec builds in async mode', () => {
    const envs = makeVec('Bandit-v0', { numEnvs: 2, vectorizationMode: 'async', workers: 1, options: { arms: 3 } });
    try {
      expect(envs).to.be.instanceOf(AsyncVectorEnv);
      envs.reset({ seed: 0 });
      expect(envs.step([0, 2]).rewards).to.have.length(2);
    } finally {
      envs.close();
    }
  });
});

describe('gym/vector/makeVec', () => {
  it('builds a SyncVectorEnv by default', () => {
    const envs = makeVec('GridWalk-v0', { numEnvs: 2, options: { width: 2 }, maxEpisodeSteps: 3, autoresetMode: 'same-step' });
    expect(envs).to.be.instanceOf(SyncVectorEnv);
    expect(envs.autoresetMode).to.equal('same-step');
    envs.reset({ seed: 0 });
    envs.step([2, 2]);
    envs.step([2, 2]);
    expect(envs.step([2, 2]).truncations).to.deep.equal([true, true]);
  });

  it('rejects bad settings clearly', () => {
    expect(() => makeVec('GridWalk-v0', { numEnvs: 0 })).to.throw(TypeError, 'Expects `numEnvs` to be a positive integer, actual: 0');
    expect(() => makeVec('GridWalk-v0', { numEnvs: 1, vectorizationMode: 'gpu' as never })).to.throw(TypeError, "Expects `vectorizationMode` to be 'sync' or 'async', actual: \"gpu\"");
    expect(() => makeVec('GridWalk-v0', { numEnvs: 1, workers: 2 })).to.throw(TypeError, "`workers` and `imports` apply to vectorizationMode 'async' only");
    expect(() => makeVec('GridWalk-v0', null as never)).to.throw(TypeError, 'Expects makeVec settings { numEnvs, ... }, actual: null');
  });
});

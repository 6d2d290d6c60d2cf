import { expect } from 'chai';
import { InvalidActionError, ResetNeededError, SyncVectorEnv, VectorEnvError, make, Discrete, Env, type ResetResult, type StepResult } from '../../../src/gym/index.js';
import { Countdown } from '../fixtures.js';

function countdowns(...lengths: number[]): SyncVectorEnv<number, number> {
  return new SyncVectorEnv(lengths.map((length) => () => new Countdown(length)));
}

describe('gym/vector/SyncVectorEnv', () => {
  it('seeds sub-environment i with seed + i, like separate environments', () => {
    const envs = new SyncVectorEnv([() => make('GridWalk-v0', { slip: 0.5 }), () => make('GridWalk-v0', { slip: 0.5 })]);
    const single = [make('GridWalk-v0', { slip: 0.5 }), make('GridWalk-v0', { slip: 0.5 })];
    envs.reset({ seed: 10 });
    single.forEach((env, i) => env.reset({ seed: 10 + i }));
    for (let step = 0; step < 30; step++) {
      const actions = [step % 4, (step * 3) % 4];
      const { observations, rewards } = envs.step(actions);
      single.forEach((env, i) => {
        const result = env.step(actions[i]);
        expect(observations[i]).to.deep.equal(result.observation);
        expect(rewards[i]).to.equal(result.reward);
      });
    }
  });

  it('takes one seed per sub-environment, or none', () => {
    const envs = countdowns(3, 3);
    const seeded = envs.reset({ seed: [4, undefined] });
    expect(seeded.infos[0]).to.deep.equal(new Countdown(3).reset({ seed: 4 }).info);
    expect(envs.reset().observations).to.deep.equal([3, 3]);
    expect(() => envs.reset({ seed: [1] })).to.throw(TypeError, 'Expects `seed` to be an integer or an array of 2 seeds, actual: [1]');
    expect(() => envs.reset({ seed: [1, -1] })).to.throw(TypeError, 'Expects `seed[1]` to be an integer in [0, 2^32), actual: -1');
    expect(() => envs.reset({ seed: 0.5 })).to.throw(TypeError, 'actual: 0.5');
    expect(() => envs.reset(7 as never)).to.throw(TypeError, 'Expects reset() arguments as { seed?, options? }, actual: 7');
  });

  it('autoresets on the step after an episode ends (next-step, the default)', () => {
    const envs = countdowns(2, 3);
    expect(envs.autoresetMode).to.equal('next-step');
    expect(envs.reset({ seed: 0 }).observations).to.deep.equal([2, 3]);
    envs.step([1, 1]);
    const ending = envs.step([1, 1]);
    expect(ending.observations).to.deep.equal([0, 1]);
    expect(ending.terminations).to.deep.equal([true, false]);
    expect(ending.infos[0]).to.deep.equal({ left: 0 });
    const restarting = envs.step([1, 1]);
    expect(restarting.observations).to.deep.equal([2, 0]);
    expect([...restarting.rewards]).to.deep.equal([0, 1]);
    expect(restarting.terminations).to.deep.equal([false, true]);
    expect(restarting.truncations).to.deep.equal([false, false]);
    expect(restarting.infos[0]).to.have.property('noise');
    const after = envs.step([0, 0]);
    expect(after.observations).to.deep.equal([1, 3]);
  });

  it('autoresets within the ending step in same-step mode, keeping the final observation in info', () => {
    const envs = new SyncVectorEnv([() => new Countdown(2), () => new Countdown(3)], { autoresetMode: 'same-step' });
    envs.reset({ seed: 0 });
    envs.step([1, 1]);
    const ending = envs.step([1, 0]);
    expect(ending.observations).to.deep.equal([2, 1]);
    expect(ending.terminations).to.deep.equal([true, false]);
    expect([...ending.rewards]).to.deep.equal([1, 0]);
    expect(ending.infos[0]).to.deep.include({ finalObservation: 0, finalInfo: { left: 0 } });
    expect(ending.infos[0]).to.have.property('noise');
    expect(envs.step([0, 0]).observations).to.deep.equal([1, 3]);
  });

  it('gives an action space whose samples are valid steps', () => {
    const envs = countdowns(5, 5, 5);
    envs.reset();
    envs.actionSpace.seed(3);
    const actions = envs.actionSpace.sample();
    expect(actions).to.have.length(3);
    expect(envs.step(actions).observations).to.deep.equal([4, 4, 4]);
    expect(String(envs.singleActionSpace)).to.equal('Discrete(2)');
  });

  it('keeps error classes and names the failing sub-environment', () => {
    const envs = countdowns(3, 3);
    expect(() => envs.step([0, 0])).to.throw(ResetNeededError, 'sub-environment 0: Cannot call step() before reset()');
    envs.reset();
    expect(() => envs.step([0, 2])).to.throw(InvalidActionError, 'sub-environment 1: Expects an action inside Discrete(2) for Countdown, actual: 2');
    expect(() => envs.step([0])).to.throw(TypeError, 'Expects 2 actions (one per sub-environment), actual: [0]');
  });

  it('refuses use after close, and closes once', () => {
    const envs = countdowns(3, 3);
    envs.close();
    envs.close();
    expect(envs.closed).to.equal(true);
    expect((envs.envs[0] as Countdown).closeCount).to.equal(1);
    expect(() => envs.reset()).to.throw(VectorEnvError, 'Cannot reset() a closed SyncVectorEnv(2 x Countdown)');
    expect(() => envs.step([0, 0])).to.throw(VectorEnvError, 'Cannot step() a closed');
  });

  it('rejects bad factories and mismatched spaces clearly', () => {
    class Wide extends Env<number, number> {
      readonly observationSpace = new Discrete(11);
      readonly actionSpace = new Discrete(3);
      protected onReset(): ResetResult<number> {
        return { observation: 0, info: {} };
      }
      protected onStep(): StepResult<number> {
        return { observation: 0, reward: 0, terminated: false, truncated: false, info: {} };
      }
    }
    expect(() => new SyncVectorEnv<number, number>([() => new Countdown(), () => new Wide()])).to.throw(
      VectorEnvError,
      'Sub-environment 1 has actionSpace Discrete(3), expected Discrete(2) like sub-environment 0',
    );
    expect(() => new SyncVectorEnv([])).to.throw(TypeError, 'Expects a non-empty array of environment factories, actual: []');
    expect(() => new SyncVectorEnv([new Countdown() as never])).to.throw(TypeError, 'Expects environment factory 0 to be a function');
    expect(() => new SyncVectorEnv([() => ({}) as never])).to.throw(TypeError, 'Expects environment factory 0 to return an Env, actual: {}');
    expect(() => new SyncVectorEnv([() => new Countdown()], { autoresetMode: 'never' as never })).to.throw(
      TypeError,
      'Expects `autoresetMode` to be one of next-step, same-step, actual: "never"',
    );
  });

  it('renders every sub-environment', () => {
    const envs = new SyncVectorEnv([() => make('GridWalk-v0', { width: 2, height: 1 })]);
    envs.reset();
    expect(envs.render()).to.equal('[0]\nAG');
  });
});

import { expect } from 'chai';
import {
  ActionWrapper,
  Discrete,
  InvalidActionError,
  ObservationWrapper,
  RewardWrapper,
  TransformAction,
  TransformObservation,
  TransformReward,
  Wrapper,
  make,
  type Env,
  type StepResult,
} from '../../../src/gym/index.js';
import { Countdown } from '../fixtures.js';

class Doubled extends ObservationWrapper<number, number, number> {
  constructor(env: Env<number, number>) {
    super(env, new Discrete(21));
  }
  observation(observation: number): number {
    return 2 * observation;
  }
}

class Flipped extends ActionWrapper<number, number, number> {
  constructor(env: Env<number, number>) {
    super(env, new Discrete(2));
  }
  action(action: number): number {
    return 1 - action;
  }
}

class Scaled extends RewardWrapper<number, number> {
  reward(reward: number): number {
    return 10 * reward;
  }
}

describe('gym/wrappers/Wrapper and the transforming wrappers', () => {
  it('forwards everything by default and reaches the wrapped env', () => {
    const inner = new Countdown(2);
    const env = new Wrapper(inner);
    expect(env.observationSpace).to.equal(inner.observationSpace);
    expect(env.actionSpace).to.equal(inner.actionSpace);
    expect(env.reset({ seed: 1 }).observation).to.equal(2);
    expect(env.step(1)).to.deep.equal({ observation: 1, reward: 1, terminated: false, truncated: false, info: { left: 1 } });
    expect(env.unwrapped).to.equal(inner);
    expect(env.env).to.equal(inner);
    expect(env.render()).to.equal('Countdown');
    expect(String(env)).to.equal('Wrapper<Countdown>');
    env.close();
    env.close();
    expect(inner.closeCount).to.equal(1);
  });

  it('passes seed and options through', () => {
    const inner = new Countdown();
    new Wrapper(inner).reset({ seed: 3, options: { a: 1 } });
    expect(inner.lastResetArgs).to.deep.equal({ seed: 3, options: { a: 1 } });
    expect(inner.rngSeed).to.equal(3);
  });

  it('shares the spec of the wrapped env', () => {
    const env = new Wrapper(make('Bandit-v0'));
    expect(env.spec?.id).to.equal('Bandit-v0');
    env.spec = undefined;
    expect(env.unwrapped.spec).to.equal(undefined);
  });

  it('rejects a non-env clearly', () => {
    expect(() => new Wrapper({ step() {} } as never)).to.throw(TypeError, 'Expects `env` to be an Env, actual: {');
  });

  it('transforms observations from reset and step', () => {
    const env = new Doubled(new Countdown(3));
    expect(env.reset().observation).to.equal(6);
    expect(env.step(0).observation).to.equal(4);
    expect(String(env.observationSpace)).to.equal('Discrete(21)');
  });

  it('translates actions after checking them against its own action space', () => {
    const env = new Flipped(new Countdown(3));
    env.reset();
    expect(env.step(0).reward).to.equal(1);
    expect(() => env.step(2)).to.throw(InvalidActionError, 'for Flipped<Countdown>, actual: 2');
  });

  it('transforms rewards', () => {
    const env = new Scaled(new Countdown(3));
    env.reset();
    expect(env.step(1).reward).to.equal(10);
  });

  it('builds the same wrappers from functions', () => {
    const observed = new TransformObservation(new Countdown(3), (left: number) => (left > 1 ? 1 : 0), new Discrete(2));
    expect(observed.reset().observation).to.equal(1);
    const acted = new TransformAction(new Countdown(3), (bit: number) => 1 - bit, new Discrete(2));
    acted.reset();
    expect(acted.step(0).reward).to.equal(1);
    const rewarded = new TransformReward(new Countdown(3), (reward) => reward - 5);
    rewarded.reset();
    expect(rewarded.step(1).reward).to.equal(-4);
    expect(() => new TransformReward(new Countdown(), 3 as never)).to.throw(TypeError, 'Expects `transform` to be a function, actual: 3');
    expect(() => new TransformAction(new Countdown(), null as never, new Discrete(2))).to.throw(TypeError, 'actual: null');
    expect(() => new TransformObservation(new Countdown(), 'f' as never, new Discrete(2))).to.throw(TypeError, 'actual: "f"');
  });

  it('lets a subclass intercept steps', () => {
    class CountSteps extends Wrapper<number, number> {
      steps = 0;
      protected override onStep(action: number): StepResult<number> {
        this.steps++;
        return super.onStep(action);
      }
    }
    const env = new CountSteps(new Countdown());
    env.reset();
    env.step(0);
    env.step(1);
    expect(env.steps).to.equal(2);
  });
});

import { expect } from 'chai';
import { Env, InvalidActionError, ResetNeededError, make, type ResetResult, type StepResult, Discrete } from '../../src/gym/index.js';
import { Countdown, SelfTruncating } from './fixtures.js';

describe('gym/Env', () => {
  it('returns { observation, info } from reset and the five step fields from step', () => {
    const env = new Countdown(2);
    expect(env.reset({ seed: 1 })).to.have.keys('observation', 'info');
    expect(env.step(1)).to.deep.equal({ observation: 1, reward: 1, terminated: false, truncated: false, info: { left: 1 } });
    expect(env.step(0)).to.deep.include({ observation: 0, terminated: true });
  });

  it('throws ResetNeededError on step before reset', () => {
    expect(() => new Countdown().step(0)).to.throw(ResetNeededError, 'Cannot call step() before reset() on Countdown; call reset() first');
  });

  it('throws ResetNeededError on step after termination and after truncation, until reset', () => {
    const env = new Countdown(1);
    env.reset();
    env.step(0);
    expect(() => env.step(0)).to.throw(ResetNeededError, 'Cannot call step() after the episode ended on Countdown (after 1 steps); call reset() to start a new episode');
    env.reset();
    expect(env.step(0).terminated).to.equal(true);
    const truncating = new SelfTruncating(2);
    truncating.reset();
    truncating.step(0);
    expect(truncating.step(0).truncated).to.equal(true);
    expect(() => truncating.step(0)).to.throw(ResetNeededError);
  });

  it('throws InvalidActionError, naming the space and the action, for actions outside the action space', () => {
    const env = new Countdown();
    env.reset();
    expect(() => env.step(2)).to.throw(InvalidActionError, 'Expects an action inside Discrete(2) for Countdown, actual: 2');
    expect(() => env.step('1' as never)).to.throw(InvalidActionError, 'actual: "1"');
    expect(() => env.step(undefined as never)).to.throw(InvalidActionError, 'actual: undefined');
    expect(env.step(1).observation).to.equal(2);
  });

  it('reseeds on reset({ seed }) and continues the stream on reset() without one', () => {
    const env = new Countdown();
    const first = env.reset({ seed: 5 }).info;
    const continued = env.reset().info;
    expect(env.reset({ seed: 5 }).info).to.deep.equal(first);
    expect(env.reset().info).to.deep.equal(continued);
    expect(env.rngSeed).to.equal(5);
  });

  it('passes options to onReset', () => {
    const env = new Countdown();
    env.reset({ options: { start: 'corner' } });
    expect(env.lastResetArgs?.options).to.deep.equal({ start: 'corner' });
  });

  it('rejects malformed reset arguments clearly', () => {
    const env = new Countdown();
    expect(() => env.reset({ seed: -1 })).to.throw(TypeError, 'Expects `seed` of reset() to be an integer in [0, 2^32), actual: -1');
    expect(() => env.reset({ seed: 1.5 })).to.throw(TypeError, 'actual: 1.5');
    expect(() => env.reset({ seed: '7' as never })).to.throw(TypeError, 'actual: string 7');
    expect(() => env.reset({ options: 3 as never })).to.throw(TypeError, 'Expects `options` of reset() to be an object, actual: 3');
    expect(() => env.reset(null as never)).to.throw(TypeError, 'Expects reset() arguments as { seed?, options? }, actual: null');
  });

  it('closes once however often close() is called', () => {
    const env = new Countdown();
    expect(env.closed).to.equal(false);
    env.close();
    env.close();
    expect(env.closed).to.equal(true);
    expect(env.closeCount).to.equal(1);
  });

  it('is its own unwrapped env, renders its name by default and shows its registered id', () => {
    const env = new Countdown();
    expect(env.unwrapped).to.equal(env);
    expect(env.spec).to.equal(undefined);
    expect(env.render()).to.equal('Countdown');
    const made = make('Bandit-v0');
    expect(String(made)).to.equal('Bandit<Bandit-v0>');
    expect(made.spec?.id).to.equal('Bandit-v0');
  });

  it('works as a plain subclass without mixins', () => {
    class Plain extends Env<number, number> {
      readonly observationSpace = new Discrete(1);
      readonly actionSpace = new Discrete(1);
      protected onReset(): ResetResult<number> {
        return { observation: 0, info: {} };
      }
      protected onStep(): StepResult<number> {
        return { observation: 0, reward: 1, terminated: true, truncated: false, info: {} };
      }
    }
    const env = new Plain();
    env.reset({ seed: 3 });
    expect(env.step(0).reward).to.equal(1);
  });
});

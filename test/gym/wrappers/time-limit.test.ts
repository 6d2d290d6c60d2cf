import { expect } from 'chai';
import { ResetNeededError, TimeLimit } from '../../../src/gym/index.js';
import { Countdown, SelfTruncating } from '../fixtures.js';

describe('gym/wrappers/TimeLimit', () => {
  it('sets truncated on the last allowed step and counts steps per episode', () => {
    const env = new TimeLimit(new Countdown(10), 2);
    env.reset();
    expect(env.step(0).truncated).to.equal(false);
    expect(env.elapsedSteps).to.equal(1);
    const last = env.step(0);
    expect(last.truncated).to.equal(true);
    expect(last.terminated).to.equal(false);
    env.reset();
    expect(env.elapsedSteps).to.equal(0);
  });

  it('sets truncated even when that step also terminates, as Gymnasium does', () => {
    const env = new TimeLimit(new Countdown(2), 2);
    env.reset();
    env.step(0);
    expect(env.step(0)).to.deep.include({ terminated: true, truncated: true });
  });

  it('leaves earlier endings alone and passes inner truncation through', () => {
    const terminating = new TimeLimit(new Countdown(1), 5);
    terminating.reset();
    expect(terminating.step(0)).to.deep.include({ terminated: true, truncated: false });
    const truncating = new TimeLimit(new SelfTruncating(1), 5);
    truncating.reset();
    expect(truncating.step(0).truncated).to.equal(true);
  });

  it('refuses steps after truncation until reset', () => {
    const env = new TimeLimit(new Countdown(10), 1);
    env.reset();
    env.step(0);
    expect(() => env.step(0)).to.throw(ResetNeededError, 'Cannot call step() after the episode ended on TimeLimit<Countdown>');
  });

  it('rejects a bad limit clearly', () => {
    expect(() => new TimeLimit(new Countdown(), 0)).to.throw(TypeError, 'Expects `maxEpisodeSteps` to be a positive integer, actual: 0');
    expect(() => new TimeLimit(new Countdown(), 2.5)).to.throw(TypeError, 'actual: 2.5');
  });
});

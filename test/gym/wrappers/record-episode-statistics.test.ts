import { expect } from 'chai';
import { GymError, RecordEpisodeStatistics, TimeLimit, TransformObservation, Discrete, Wrapper, type StepResult } from '../../../src/gym/index.js';
import { Countdown } from '../fixtures.js';

function steppingClock(secondsPerCall: number): () => number {
  let now = 0;
  return () => (now += secondsPerCall);
}

describe('gym/wrappers/RecordEpisodeStatistics', () => {
  it('puts { r, l, t } in the info of the last step only', () => {
    const env = new RecordEpisodeStatistics(new Countdown(3), { clock: steppingClock(0.5) });
    env.reset();
    expect(env.step(1).info).to.deep.equal({ left: 2 });
    expect(env.step(0).info).to.not.have.property('episode');
    const { info } = env.step(1);
    expect(info).to.deep.equal({ left: 0, episode: { r: 2, l: 3, t: 0.5 } });
  });

  it('counts truncated episodes and keeps bounded queues', () => {
    const env = new RecordEpisodeStatistics(new TimeLimit(new Countdown(10), 2), { bufferLength: 2, clock: steppingClock(1) });
    for (let episode = 0; episode < 3; episode++) {
      env.reset();
      env.step(1);
      const last = env.step(episode % 2);
      expect(last.truncated).to.equal(true);
      expect(last.info['episode']).to.deep.equal({ r: 1 + (episode % 2), l: 2, t: 1 });
    }
    expect(env.episodeCount).to.equal(3);
    expect(env.returnQueue).to.deep.equal([2, 1]);
    expect(env.lengthQueue).to.deep.equal([2, 2]);
    expect(env.timeQueue).to.deep.equal([1, 1]);
  });

  it('restarts its sums on reset', () => {
    const env = new RecordEpisodeStatistics(new Countdown(2), { clock: () => 0 });
    env.reset();
    env.step(1);
    env.reset();
    env.step(0);
    expect(env.step(0).info['episode']).to.deep.equal({ r: 0, l: 2, t: 0 });
  });

  it('does not mutate the info of the wrapped env', () => {
    class KeepInfo extends Wrapper<number, number> {
      seen: StepResult<number>[] = [];
      protected override onStep(action: number): StepResult<number> {
        const result = super.onStep(action);
        this.seen.push(result);
        return result;
      }
    }
    const inner = new KeepInfo(new Countdown(1));
    const env = new RecordEpisodeStatistics(inner);
    env.reset();
    env.step(0);
    expect(inner.seen[0]?.info).to.deep.equal({ left: 0 });
  });

  it('refuses to overwrite an existing episode record', () => {
    const twice = new RecordEpisodeStatistics(new RecordEpisodeStatistics(new Countdown(1)));
    twice.reset();
    expect(() => twice.step(0)).to.throw(GymError, 'RecordEpisodeStatistics expects the step info to have no `episode` key');
  });

  it('measures time with the default clock', () => {
    const env = new RecordEpisodeStatistics(new TransformObservation(new Countdown(1), (left: number) => left, new Discrete(11)));
    env.reset();
    const { t } = env.step(0).info['episode'] as { t: number };
    expect(t).to.be.at.least(0).and.below(1);
  });

  it('rejects bad settings clearly', () => {
    expect(() => new RecordEpisodeStatistics(new Countdown(), { bufferLength: 0 })).to.throw(TypeError, 'Expects `bufferLength` to be a positive integer, actual: 0');
    expect(() => new RecordEpisodeStatistics(new Countdown(), { clock: 5 as never })).to.throw(TypeError, 'Expects `clock` to be a function, actual: 5');
  });
});

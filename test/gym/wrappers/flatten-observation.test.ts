import { expect } from 'chai';
import { Box, Dict, Discrete, Env, FlattenObservation, checkEnv, make, type ResetResult, type StepResult } from '../../../src/gym/index.js';

class DictObservations extends Env<{ mode: number; level: number[] }, number> {
  readonly observationSpace = new Dict({ mode: new Discrete(3), level: new Box(0, 1, [2]) });
  readonly actionSpace = new Discrete(3);
  protected onReset(): ResetResult<{ mode: number; level: number[] }> {
    return { observation: { mode: 0, level: [0, 1] }, info: {} };
  }
  protected onStep(action: number): StepResult<{ mode: number; level: number[] }> {
    return { observation: { mode: action, level: [0.5, 0.25] }, reward: 0, terminated: action === 2, truncated: false, info: {} };
  }
}

describe('gym/wrappers/FlattenObservation', () => {
  it('flattens observations into the flattened space', () => {
    const env = new FlattenObservation(new DictObservations());
    expect(env.observationSpace.shape).to.deep.equal([5]);
    expect(env.reset().observation).to.deep.equal([0, 1, 1, 0, 0]);
    const { observation } = env.step(1);
    expect(observation).to.deep.equal([0.5, 0.25, 0, 1, 0]);
    expect(env.observationSpace.contains(observation)).to.equal(true);
  });

  it('keeps the wrapped env valid for checkEnv', () => {
    checkEnv(new FlattenObservation(new DictObservations()));
    checkEnv(new FlattenObservation(make('GridWalk-v0', { width: 3, height: 2 })));
  });

  it('gives a fresh vector every step', () => {
    const env = new FlattenObservation(make('GridWalk-v0'));
    const first = env.reset({ seed: 0 }).observation;
    const second = env.step(1).observation;
    expect(first).to.not.equal(second);
    expect(first).to.deep.equal([1, 0, 0, 0, 0, 1, 0, 0, 0, 0]);
  });
});

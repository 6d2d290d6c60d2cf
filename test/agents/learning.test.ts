import { expect } from 'chai';
import { makeAgent } from '../../agents/index.js';
import '../../envs/index.js';
import { make } from '../../src/gym/index.js';
import { collect, stepsOf } from './support.js';

const SEEDS = [0, 1, 2];
const BUDGET = 120;
const THIRD = BUDGET / 3;

function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** The rewards of the new designs a run evaluated, in order (its default settings, as users run it). */
async function designRewards(agent: string, episodeMode: 'complete' | 'sequential', seed: number): Promise<number[]> {
  const env = make('AcceleratorDesign-v0', { networks: ['resnet50'], objective: 'edp', episodeMode });
  const steps = stepsOf(await collect(makeAgent(agent), env, { budget: BUDGET, seed }));
  return steps.filter((step) => step.design !== null && !step.repeat).map((step) => step.reward);
}

/** Mean over the seeds of the mean reward of the first and of the last third of the designs. */
async function thirds(agent: string, episodeMode: 'complete' | 'sequential'): Promise<{ first: number; last: number }> {
  const runs = await Promise.all(SEEDS.map((seed) => designRewards(agent, episodeMode, seed)));
  for (const rewards of runs) expect(rewards).to.have.length(BUDGET);
  return { first: mean(runs.map((r) => mean(r.slice(0, THIRD)))), last: mean(runs.map((r) => mean(r.slice(-THIRD)))) };
}

describe('REINFORCE and PPO learn on AcceleratorDesign-v0 (ResNet-50, EDP) with the settings users run', function () {
  this.timeout(120_000);

  for (const episodeMode of ['complete', 'sequential'] as const) {
    describe(`${episodeMode} episodes (${episodeMode === 'complete' ? 'episodeLength 1: the observation is always the reset one' : 'one decision per step, reward at the end'})`, () => {
      let random: { first: number; last: number };
      before(async () => {
        random = await thirds('random', episodeMode);
      });

      for (const name of ['reinforce', 'ppo']) {
        it(`${name}: its last ${THIRD} designs are better than its first ${THIRD} and than random search's last ${THIRD} (mean reward over ${SEEDS.length} seeds)`, async () => {
          const own = await thirds(name, episodeMode);
          expect(own.last, 'improves on its own start').to.be.greaterThan(own.first + 0.1);
          expect(own.last, "beats random search's designs").to.be.greaterThan(random.last + 0.5);
        });
      }
    });
  }
});

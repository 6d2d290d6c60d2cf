import { expect } from 'chai';
import { makeAgent } from '../../agents/index.js';
import '../../envs/index.js';
import { make } from '../../src/gym/index.js';
import { collect, stepsOf } from './support.js';

const SEEDS = [0, 1, 2];
const BUDGET = 120;
/** Designs after the first third: the policy has taken several updates by then (REINFORCE every 4 episodes, PPO every 8). */
const LATE_FROM = BUDGET / 3;
/** Adam steps this small leave the policy as it was initialised: the same agent, learning switched off. */
const FROZEN = { learningRate: 1e-12 };

function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** The rewards of the new designs a run evaluated, in order (its default settings, as users run it). */
async function designRewards(agent: string, hyperparameters: Record<string, unknown>, episodeMode: 'complete' | 'sequential', seed: number): Promise<number[]> {
  const env = make('AcceleratorDesign-v0', { networks: ['resnet50'], objective: 'edp', episodeMode });
  const steps = stepsOf(await collect(makeAgent(agent, hyperparameters), env, { budget: BUDGET, seed }));
  return steps.filter((step) => step.design !== null && !step.repeat).map((step) => step.reward);
}

/** Mean over the seeds of the mean reward of the designs after the first third. */
async function lateMean(agent: string, hyperparameters: Record<string, unknown>, episodeMode: 'complete' | 'sequential'): Promise<number> {
  const runs = await Promise.all(SEEDS.map((seed) => designRewards(agent, hyperparameters, episodeMode, seed)));
  for (const rewards of runs) expect(rewards).to.have.length(BUDGET);
  return mean(runs.map((rewards) => mean(rewards.slice(LATE_FROM))));
}

describe('REINFORCE and PPO learn on AcceleratorDesign-v0 (ResNet-50, EDP) with the settings users run', function () {
  this.timeout(120_000);

  for (const episodeMode of ['complete', 'sequential'] as const) {
    describe(`${episodeMode} episodes (${episodeMode === 'complete' ? 'episodeLength 1: the observation is always the reset one' : 'one decision per step, reward at the end'})`, () => {
      let random: number;
      before(async () => {
        random = await lateMean('random', {}, episodeMode);
      });

      for (const name of ['reinforce', 'ppo']) {
        it(`${name}: its designs after the first ${LATE_FROM} beat random search's and its own with learning switched off (mean reward over ${SEEDS.length} seeds)`, async () => {
          const learning = await lateMean(name, {}, episodeMode);
          const frozen = await lateMean(name, FROZEN, episodeMode);
          expect(learning, 'beats the same agent that does not learn').to.be.greaterThan(frozen + 0.5);
          expect(learning, "beats random search's designs").to.be.greaterThan(random + 0.5);
        });
      }
    });
  }
});

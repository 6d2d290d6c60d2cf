import { expect } from 'chai';
import { makeAgent } from '../../agents/index.js';
import { normaliseAdvantages, riskSeekingAdvantages } from '../../agents/tfjs/advantages.js';
import { REINFORCE_DEFAULTS } from '../../agents/reinforce-agent.js';
import { runAgentOnTask } from '../../experiments/benchmark/run.js';
import { benchmarkTask } from '../../experiments/benchmark/tasks.js';
import { CostModel } from '../../src/costmodel/index.js';
import type { Env } from '../../src/gym/index.js';
import { collect, comparable, doneOf } from './support.js';

describe('riskSeekingAdvantages', () => {
  it('keeps value - quantile above the (1 - epsilon) quantile of the batch and 0 below it, scaled to mean square 1', () => {
    const advantages = riskSeekingAdvantages([4, 1, 3, 2, 5], 0.25, 'standardise');
    // The 0.75 quantile of 1..5 is 4: only 5 is above it.
    expect(advantages).to.deep.equal([0, 0, 0, 0, 1]);
    const half = riskSeekingAdvantages([1, 2, 3, 4], 0.5, 'standardise');
    expect(half.slice(0, 2)).to.deep.equal([0, 0]);
    expect((half[3] as number) / (half[2] as number)).to.be.closeTo(1.5 / 0.5, 1e-12);
    expect(((half[2] as number) ** 2 + (half[3] as number) ** 2) / 2).to.be.closeTo(1, 1e-12);
  });

  it('takes the quantile over a memory of recent returns: a batch that beats none of the elite gets no advantage', () => {
    expect(riskSeekingAdvantages([0.1, 0.2], 0.1, 'rank', [0.9, 0.8, 0.7, 0.1, 0.2])).to.deep.equal([0, 0]);
    expect(riskSeekingAdvantages([0.1, 0.95], 0.1, 'rank', [0.9, 0.8, 0.7, 0.1, 0.95])).to.deep.equal([0, 1]);
  });

  it('in rank mode depends only on the order of the returns (an infeasible penalty far below changes nothing)', () => {
    const mild = riskSeekingAdvantages([-1, 0.3, 0.5, 0.6], 0.5, 'rank');
    const harsh = riskSeekingAdvantages([-1e6, 0.3, 0.5, 0.6], 0.5, 'rank');
    expect(harsh).to.deep.equal(mild);
    expect(mild[0]).to.equal(0);
  });

  it('differs from batch normalisation, which always gives half the batch a positive advantage', () => {
    const batch = [0.1, 0.2, 0.3, 0.4];
    expect(normaliseAdvantages(batch, 'rank').filter((a) => a > 0)).to.have.length(2);
    expect(riskSeekingAdvantages(batch, 0.25, 'rank').filter((a) => a > 0)).to.have.length(1);
  });

  it('gives zeros for equal values and nothing for an empty batch, and refuses an epsilon outside (0, 1]', () => {
    expect(riskSeekingAdvantages([2, 2, 2], 0.5, 'standardise')).to.deep.equal([0, 0, 0]);
    expect(riskSeekingAdvantages([], 0.5, 'rank')).to.deep.equal([]);
    for (const epsilon of [0, -0.1, 1.5, Number.NaN]) {
      expect(() => riskSeekingAdvantages([1, 2], epsilon, 'rank')).to.throw(RangeError, `Expects a risk quantile epsilon in (0, 1], actual: ${epsilon}`);
    }
  });
});

describe('REINFORCE (risk-seeking by default) on accelerator/resnet50-edp, complete-design episodes of one step as users run it', function () {
  this.timeout(600_000);
  const task = benchmarkTask('accelerator/resnet50-edp');
  const model = new CostModel();
  const SEEDS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const BUDGET = task.budget;
  let env: Env<unknown, unknown>;
  let optimum: number;

  before(async () => {
    env = await task.makeEnv(model);
    optimum = (await task.computeOptimum(model)).value;
  });

  /** Evaluations each seed needed to come within 1% of the exhaustive optimum (BUDGET + 1: never). */
  async function evaluationsToWithin(hyperparameters: Record<string, unknown>): Promise<number[]> {
    const out: number[] = [];
    for (const seed of SEEDS) {
      const record = await runAgentOnTask(task, env, { task: task.id, agent: 'reinforce', hyperparameters, seed, budget: BUDGET, optimum, index: 0 });
      out.push(record.withinOnePercentAt ?? BUDGET + 1);
    }
    return out;
  }

  const mean = (values: readonly number[]): number => values.reduce((sum, value) => sum + value, 0) / values.length;

  it('defaults to the risk-seeking gradient against the recent elite', () => {
    expect(REINFORCE_DEFAULTS.riskQuantile).to.equal(0.1);
    expect(REINFORCE_DEFAULTS.riskMemory).to.equal(64);
    expect(makeAgent('reinforce').hyperparameters).to.include({ riskQuantile: 0.1, riskMemory: 64, batchEpisodes: 8 });
  });

  it('learns: every run comes within 1% of the optimum, in at most 60% of the evaluations the same agent needs with learning switched off (mean over 10 seeds)', async () => {
    const learning = await evaluationsToWithin({});
    const frozen = await evaluationsToWithin({ learningRate: 1e-12 });
    expect(learning.every((evaluations) => evaluations <= BUDGET), `runs that never got within 1%: ${learning.join(' ')}`).to.equal(true);
    expect(mean(learning), `learning ${learning.join(' ')} against frozen ${frozen.join(' ')}`).to.be.at.most(0.6 * mean(frozen));
  });

  it('gives the same events for the same seed (wall time aside), and other events for another seed', async () => {
    const first = await collect(makeAgent('reinforce'), env, { budget: 80, seed: 3 });
    const second = await collect(makeAgent('reinforce'), env, { budget: 80, seed: 3 });
    const other = await collect(makeAgent('reinforce'), env, { budget: 80, seed: 4 });
    expect(doneOf(first).details['updates']).to.equal(10);
    expect(comparable(second)).to.deep.equal(comparable(first));
    expect(comparable(other)).to.not.deep.equal(comparable(first));
  });
});

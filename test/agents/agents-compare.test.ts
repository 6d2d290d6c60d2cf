import { expect } from 'chai';
import '../../envs/index.js';
import {
  ACCELERATOR_DESIGN_ID,
  compareAgents,
  comparisonEnv,
  formatAgentComparison,
  halfOfRandom,
  measureBoIteration,
  medianEvaluations,
  summarise,
  type ComparisonRun,
} from '../../experiments/agents-compare.js';
import { listEnvs } from '../../src/gym/index.js';

function run(agent: string, seed: number, toOptimum: number | null, toWithin: number | null): ComparisonRun {
  return { agent, seed, budget: 10, evaluationsToOptimum: toOptimum, evaluationsToWithinTolerance: toWithin, bestLatencyCycles: 1, evaluations: 10, wallTimeMs: 5 };
}

describe('agent comparison benchmark', function () {
  this.timeout(120_000);

  it('medians count runs that never got there as more than any number', () => {
    expect(medianEvaluations([3, 1, 2])).to.equal(2);
    expect(medianEvaluations([4, 2, null, 1])).to.equal(3);
    expect(medianEvaluations([4, null, null, 1])).to.equal(null);
    expect(medianEvaluations([])).to.equal(null);
  });

  it('summarises runs per agent and checks BO and evolution against half of random', () => {
    const runs = [run('random', 0, null, 8), run('random', 1, null, 9), run('bo', 0, 4, 3), run('bo', 1, 5, 5), run('evolution', 0, null, 6)];
    const summaries = summarise(runs, ['random', 'bo', 'evolution', 'ppo']);
    expect(summaries[0]).to.include({ agent: 'random', runs: 2, medianToOptimum: null, medianToWithinTolerance: 8.5, reachedOptimum: 0, reachedWithinTolerance: 2 });
    expect(summaries[1]).to.include({ medianToOptimum: 4.5, medianToWithinTolerance: 4 });
    expect(halfOfRandom(summaries, 'bo')).to.equal(true);
    expect(halfOfRandom(summaries, 'evolution')).to.equal(false);
    expect(halfOfRandom(summaries, 'ppo')).to.equal(null);
  });

  it(`runs every agent on ${ACCELERATOR_DESIGN_ID} with a small budget and prints the table`, async function () {
    if (!listEnvs().includes(ACCELERATOR_DESIGN_ID)) {
      // envs/ provides the environment; without it the comparison cannot run.
      this.skip();
    }
    const seen: ComparisonRun[] = [];
    const comparison = await compareAgents({ seeds: 2, budget: 8 }, { onRun: (result) => seen.push(result) });
    expect(seen).to.have.length(10);
    expect(comparison.optimum.designs).to.equal(1728);
    expect(comparison.optimum.optimalDesigns).to.be.at.least(1);
    expect(comparison.summaries.map((summary) => summary.agent)).to.deep.equal(['random', 'evolution', 'bo', 'reinforce', 'ppo']);
    for (const result of seen) {
      expect(result.evaluations).to.be.within(1, 8);
      if (result.evaluationsToOptimum !== null) expect(result.evaluations).to.equal(result.evaluationsToOptimum);
    }
    expect(comparison.tfjsBackend).to.be.oneOf(['tensorflow', 'wasm', 'cpu']);
    const resumed = await compareAgents({ seeds: 2, budget: 8, agents: ['random'] }, { previous: seen, onRun: () => expect.fail('nothing to repeat') });
    expect(resumed.runs).to.have.length(2);
    const timing = await measureBoIteration(comparisonEnv(['resnet50']), { observations: 12, iterations: 3 });
    expect(timing.iterations).to.equal(3);
    expect(timing.meanSeconds).to.be.greaterThan(0);
    const table = formatAgentComparison(comparison, timing);
    expect(table).to.include('median evals to optimum');
    expect(table).to.include('BO time per iteration at 12 observations');
  });
});

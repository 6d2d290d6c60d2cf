import { expect } from 'chai';
import {
  actionKindsOf,
  DesignEncoding,
  ExhaustiveSearch,
  expectedImprovement,
  GaussianProcess,
  localSearch,
  logEiFactor,
  logExpectedImprovement,
  ActionCodec,
  BayesianOptimizationAgent,
  enumerateChoices,
  EvolutionAgent,
  mutate,
  RandomAgent,
  singleDimensionNeighbours,
  type Agent,
} from '../../agents/index.js';
import '../../envs/index.js';
import { Discrete, make, MultiDiscrete, type Env } from '../../src/gym/index.js';
import { createRng } from '../../src/random/rng.js';
import { QuadraticDesignEnv } from './fixtures.js';
import { collect, doneOf, stepsOf } from './support.js';

const NVEC = [6, 8, 9, 4];
const OPTIMUM = [4, 2, 7, 1];

/** The evaluation at which a run of `agent` first evaluates the optimum (Infinity if never). */
async function evaluationsToOptimum(agent: Agent<object>, seed: number, budget: number): Promise<number> {
  const env = new QuadraticDesignEnv(NVEC, OPTIMUM) as Env<unknown, unknown>;
  const hit = stepsOf(await collect(agent, env, { budget, seed })).find((step) => step.reward === 0);
  return hit?.evaluation ?? Infinity;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1] as number;
}

describe('search agents', function () {
  this.timeout(60_000);

  describe('ActionCodec', () => {
    it('maps choices to actions and back for Discrete and MultiDiscrete spaces with starts', () => {
      const codec = new ActionCodec(new MultiDiscrete([3, 1, 2], [1, 5, -1]));
      expect(codec.toAction([2, 0, 1])).to.deep.equal([3, 5, 0]);
      expect(codec.toChoices([3, 5, 0])).to.deep.equal([2, 0, 1]);
      expect(codec.normalise([1, 0, 1])).to.deep.equal([0.5, 0, 1]);
      expect(codec.dimensions).to.equal(3);
      expect(codec.designCount).to.equal(6);
      expect(codec.key([1, 0, 1])).to.equal('1,0,1');
      const scalar = new ActionCodec(new Discrete(4, 10));
      expect(scalar.toAction([2])).to.equal(12);
      expect(scalar.toChoices(12)).to.deep.equal([2]);
      const rng = createRng(0);
      for (let i = 0; i < 50; i++) expect(new MultiDiscrete([3, 1, 2]).contains(codec.sample(rng))).to.equal(true);
    });
  });

  describe('RandomAgent', () => {
    it('never repeats an action without replacement, and stops when every action was tried', async () => {
      const env = new QuadraticDesignEnv([3, 2], [0, 0]) as Env<unknown, unknown>;
      const events = await collect(new RandomAgent({ withoutReplacement: true }), env, { budget: 20, seed: 4 });
      const actions = stepsOf(events).map((step) => JSON.stringify(step.action));
      expect(actions).to.have.length(6);
      expect(new Set(actions).size).to.equal(6);
      expect(doneOf(events).reason).to.equal('exhausted');
    });

    it('samples uniformly with replacement by default', async () => {
      const events = await collect(new RandomAgent(), new QuadraticDesignEnv([2], [0]) as Env<unknown, unknown>, { budget: 400, seed: 1 });
      const zeros = stepsOf(events).filter((step) => (step.action as number[])[0] === 0).length;
      expect(zeros).to.be.within(160, 240);
    });
  });

  describe('EvolutionAgent', () => {
    it('mutate changes at least one dimension, and only dimensions with a choice', () => {
      const codec = new ActionCodec(new MultiDiscrete([4, 1, 3]));
      const rng = createRng(2);
      for (let i = 0; i < 200; i++) {
        const child = mutate([1, 0, 2], codec, 0.01, rng);
        expect(child).to.not.deep.equal([1, 0, 2]);
        expect(child[1]).to.equal(0);
        expect(codec.toChoices(child).every((choice, d) => choice >= 0 && choice < (codec.choiceCounts[d] as number))).to.equal(true);
      }
      expect(mutate([0], new ActionCodec(new Discrete(1)), 1, rng)).to.deep.equal([0]);
    });

    it('finds the optimum of a 1,728-design space much faster than random search', async () => {
      const seeds = [0, 1, 2, 3, 4];
      const evolution = await Promise.all(seeds.map((seed) => evaluationsToOptimum(new EvolutionAgent(), seed, 400)));
      const random = await Promise.all(seeds.map((seed) => evaluationsToOptimum(new RandomAgent(), seed, 400)));
      expect(median(evolution)).to.be.below(median(random) / 2);
    });

    it('crosses over when asked, and avoids duplicates', async () => {
      const events = await collect(new EvolutionAgent({ crossoverProbability: 1, populationSize: 6, tournamentSize: 2 }), new QuadraticDesignEnv(NVEC, OPTIMUM) as Env<unknown, unknown>, { budget: 60, seed: 3 });
      const done = doneOf(events);
      expect(done.details['crossovers']).to.equal(54);
      expect(done.details['distinctDesigns']).to.equal(60);
    });
  });

  describe('BayesianOptimizationAgent', () => {
    it('finds the optimum of a 1,728-design space in few evaluations', async () => {
      const runs = await Promise.all([0, 1, 2, 3, 4].map((seed) => evaluationsToOptimum(new BayesianOptimizationAgent(), seed, 120)));
      expect(median(runs)).to.be.below(80);
    });

    it('works with UCB and plain standardisation too', async () => {
      for (const hyperparameters of [{ acquisition: 'ucb' as const }, { outputWarping: 'standardize' as const }]) {
        const evaluations = await evaluationsToOptimum(new BayesianOptimizationAgent(hyperparameters), 0, 150);
        expect(evaluations).to.be.below(150);
      }
    });

    it('never evaluates an action twice while unobserved ones remain, then re-evaluates', async () => {
      const env = new QuadraticDesignEnv([3, 3], [1, 1]) as Env<unknown, unknown>;
      const events = await collect(new BayesianOptimizationAgent({ initialPoints: 3 }), env, { budget: 12, seed: 0 });
      const actions = stepsOf(events).map((step) => JSON.stringify(step.action));
      expect(new Set(actions.slice(0, 9)).size).to.equal(9);
      expect(actions).to.have.length(12);
      const done = doneOf(events);
      expect(done.details['proposals']).to.equal(9);
      expect((done.details['gp'] as { lengthscales: number[] }).lengthscales).to.have.length(2);
    });

    it('scores every design of a small space: its proposal is the exact argmax of log-EI over the unobserved designs, cached or not', () => {
      const codec = new ActionCodec(new MultiDiscrete([6, 8, 4]));
      const encoding = new DesignEncoding(codec, ['ordinal', 'ordinal', 'categorical']);
      const rng = createRng(3);
      const observed = Array.from({ length: 12 }, () => codec.sample(rng));
      const targets = observed.map((c) => Math.sin(c[0]!) + 0.3 * c[1]! - (c[2] === 2 ? 1 : 0));
      const gp = new GaussianProcess(3, { lengthscales: [0.4, 0.6, 1], signalVariance: 1, noiseVariance: 1e-3 }, encoding.categorical);
      gp.reset(observed.map((c) => encoding.encode(c)), targets);
      const scorer = new ExhaustiveSearch(codec, encoding, 20);
      observed.forEach((c) => scorer.observe(c));
      const incumbent = Math.max(...targets);
      const acquisition = (mean: number, variance: number): number => logExpectedImprovement(mean, variance, incumbent, 0.01);
      const bruteForce = (): { key: string; value: number } => {
        const seen = new Set(observed.map((c) => codec.key(c)));
        const open = enumerateChoices(codec.choiceCounts).filter((c) => !seen.has(codec.key(c)));
        const { mean, variance } = gp.predict(open.map((c) => encoding.encode(c)));
        let best = { key: '', value: -Infinity };
        open.forEach((c, k) => {
          const value = acquisition(mean[k]!, variance[k]!);
          if (value > best.value) best = { key: codec.key(c), value };
        });
        return best;
      };
      const first = scorer.propose(gp, true, acquisition, acquisition, () => true)!;
      expect({ key: codec.key(first.choices), value: first.value }).to.deep.equal(bruteForce());
      observed.push(first.choices);
      targets.push(0.5);
      scorer.observe(first.choices);
      gp.addPoint(encoding.encode(first.choices), targets);
      const second = scorer.propose(gp, false, acquisition, acquisition, () => true)!;
      const expected = bruteForce();
      expect(codec.key(second.choices)).to.equal(expected.key);
      expect(second.value).to.be.closeTo(expected.value, 1e-9);
      expect(scorer.propose(gp, false, acquisition, acquisition, () => false)).to.equal(null);
    });

    it('searches larger spaces locally from several starts, never proposing an observed design', () => {
      const codec = new ActionCodec(new MultiDiscrete([20, 20, 20, 20]));
      const encoding = new DesignEncoding(codec, ['ordinal', 'ordinal', 'ordinal', 'ordinal']);
      const gp = new GaussianProcess(4, { lengthscales: [0.3, 0.3, 0.3, 0.3], signalVariance: 1, noiseVariance: 1e-4 });
      gp.reset([encoding.encode([0, 0, 0, 0]), encoding.encode([19, 19, 19, 19])], [-1, 1]);
      const observed = new Set(['0,0,0,0', '19,19,19,19']);
      const found = localSearch(codec, encoding, gp, (mean) => mean, (mean) => mean, observed, () => true, createRng(0), { incumbents: [[19, 19, 19, 19]], randomStarts: 3, maxMoves: 40 })!;
      expect(observed.has(codec.key(found.choices))).to.equal(false);
      expect(found.choices.filter((c) => c === 19)).to.have.length(3);
    });

    it('treats categorical dimensions as unordered: categories are all one lengthscale apart', () => {
      const gp = new GaussianProcess(1, { lengthscales: [1], signalVariance: 1, noiseVariance: 1e-6 }, [true]);
      gp.reset([[0]], [1]);
      const { mean } = gp.predict([[1], [3], [0]]);
      expect(mean[0]).to.be.closeTo(mean[1]!, 1e-12);
      expect(mean[2]).to.be.closeTo(1, 1e-4);
      expect(actionKindsOf(make('AcceleratorDesign-v0'), 4)).to.deep.equal(['ordinal', 'ordinal', 'ordinal', 'categorical']);
    });

    it('log-EI keeps ranking candidates where EI underflows to 0', () => {
      expect(expectedImprovement(-40, 1, 0, 0)).to.equal(0);
      expect(logExpectedImprovement(-40, 1, 0, 0)).to.be.greaterThan(logExpectedImprovement(-41, 1, 0, 0));
      expect(Math.exp(logExpectedImprovement(0.3, 0.5, 0, 0.01))).to.be.closeTo(expectedImprovement(0.3, 0.5, 0, 0.01), 1e-9);
      expect(Math.exp(logEiFactor(-5))).to.be.closeTo(5.346165533e-8, 1e-15);
    });

    it('enumerateChoices lists every action once, last dimension fastest', () => {
      expect(enumerateChoices([2, 3])).to.deep.equal([[0, 0], [0, 1], [0, 2], [1, 0], [1, 1], [1, 2]]);
      expect(enumerateChoices([6, 8, 9, 4])).to.have.length(1728);
    });

    it('singleDimensionNeighbours changes exactly one dimension', () => {
      const neighbours = singleDimensionNeighbours([0, 1], [2, 3]);
      expect(neighbours).to.deep.equal([[1, 1], [0, 0], [0, 2]]);
    });
  });
});

import { expect } from 'chai';
import {
  AcquisitionScorer,
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
  prunedArgmax,
  RandomAgent,
  singleDimensionNeighbours,
  upperConfidenceBound,
  VarianceStore,
  type Acquisition,
  type Agent,
  type Choices,
  type Proposal,
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

/**
 * Local search as it was before the tighter bound: neighbours examined in batches by the prior-variance
 * bound until none can win the move, every examined one scored exactly by predict (and remembered),
 * and the proposal the best unobserved allowed design among those scored.
 */
function referenceLocalSearch(
  codec: ActionCodec,
  encoding: DesignEncoding,
  gp: GaussianProcess,
  acquisition: Acquisition,
  observed: ReadonlySet<string>,
  allowed: (choices: Choices) => boolean,
  rng: ReturnType<typeof createRng>,
  settings: { incumbents: readonly Choices[]; randomStarts: number; maxMoves: number },
): Proposal | null {
  const prior = gp.hyperparameters.signalVariance;
  const values = new Map<string, number>();
  const exact = (choices: Choices): number => {
    const key = codec.key(choices);
    if (!values.has(key)) {
      const { mean, variance } = gp.predict([encoding.encode(choices)]);
      values.set(key, acquisition(mean[0]!, variance[0]!));
    }
    return values.get(key)!;
  };
  let best: Proposal | null = null;
  const consider = (choices: Choices, value: number): void => {
    if (observed.has(codec.key(choices)) || !allowed(choices)) return;
    if (best === null || value > best.value) best = { choices: choices.slice(), value };
  };
  const starts = settings.incumbents.map((choices) => choices.slice());
  for (let i = 0; i < settings.randomStarts; i++) starts.push(codec.sample(rng));
  for (const start of starts) {
    let current = start;
    let currentValue = exact(current);
    consider(current, currentValue);
    for (let move = 0; move < settings.maxMoves; move++) {
      const neighbours = singleDimensionNeighbours(current, codec.choiceCounts).filter(allowed);
      if (neighbours.length === 0) break;
      const means = gp.predictMean(neighbours.map((choices) => encoding.encode(choices)));
      const bound = Array.from(means, (mean) => acquisition(mean, prior));
      const order = neighbours.map((_, k) => k).sort((a, b) => bound[b]! - bound[a]! || a - b);
      let winner = { index: -1, value: -Infinity };
      for (let start = 0; start < order.length; start += 64) {
        if (winner.index >= 0 && bound[order[start]!]! <= winner.value) break;
        for (const k of order.slice(start, start + 64)) {
          const value = exact(neighbours[k]!);
          if (value > winner.value || winner.index < 0) winner = { index: k, value };
        }
      }
      for (const neighbour of neighbours) {
        const value = values.get(codec.key(neighbour));
        if (value !== undefined) consider(neighbour, value);
      }
      if (!(winner.value > currentValue)) break;
      current = neighbours[winner.index]!;
      currentValue = winner.value;
    }
  }
  return best;
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

    it('prunedArgmax returns the exact argmax (ties to the larger bound, then the earlier item), computing fewer values', () => {
      let computedAll = 0;
      let computedPruned = 0;
      for (let seed = 0; seed < 200; seed++) {
        const rng = createRng(seed);
        const count = rng.int(1, 300);
        // Few distinct values, so that ties are common; bounds above tight bounds above values.
        const exact = Float64Array.from({ length: count }, () => rng.int(0, 12) - (rng.float() < 0.05 ? Infinity : 0));
        const tight = Float64Array.from(exact, (value) => (Number.isFinite(value) ? value + rng.int(0, 3) * rng.float() : rng.int(-5, 5)));
        const bound = Float64Array.from(tight, (value) => value + rng.int(0, 2) + (rng.float() < 0.5 ? 10 * rng.float() : 0));
        const floors = Float64Array.from({ length: count }, () => (rng.float() < 0.5 ? Infinity : rng.int(0, 12)));
        let calls = 0;
        const result = prunedArgmax(
          count,
          {
            bound,
            tightBounds: (batch) => Float64Array.from(batch, (i) => tight[i]!),
            exact: (items) => {
              calls += items.length;
              return Float64Array.from(items, (i) => exact[i]!);
            },
          },
          (i, tightBound) => !(tightBound < floors[i]!),
        );
        let expected = 0;
        for (let i = 1; i < count; i++) {
          const better = exact[i]! > exact[expected]! || (exact[i] === exact[expected] && bound[i]! > bound[expected]!);
          if (better) expected = i;
        }
        expect(result.index, `seed ${seed}`).to.equal(expected);
        expect(result.value).to.equal(exact[expected]);
        result.values.forEach((value, i) => {
          if (Number.isNaN(value)) {
            // Not computed: it could not win, and (if it was examined) it is below its floor.
            expect(exact[i]).to.be.at.most(result.value);
            if (bound[i]! > result.value) expect(exact[i]).to.be.below(floors[i]!);
          } else {
            expect(value).to.equal(exact[i]);
          }
        });
        computedAll += count;
        computedPruned += calls;
      }
      expect(computedPruned).to.be.below(computedAll / 2);
    });

    it('the pruned acquisition argmax over every design equals the brute-force argmax on random GPs', () => {
      for (let seed = 0; seed < 12; seed++) {
        const rng = createRng(100 + seed);
        const codec = new ActionCodec(new MultiDiscrete([5, 4, 6, 3]));
        const encoding = new DesignEncoding(codec, ['ordinal', 'categorical', 'ordinal', 'categorical']);
        const designs = enumerateChoices(codec.choiceCounts);
        // Observations use few categories of dimension 1, so many designs tie exactly.
        const observed: Choices[] = [];
        const seen = new Set<string>();
        while (observed.length < 8 + seed) {
          const choices = [rng.int(0, 4), rng.int(0, 1), rng.int(0, 5), rng.int(0, 2)];
          if (seen.has(codec.key(choices))) continue;
          seen.add(codec.key(choices));
          observed.push(choices);
        }
        const targets = observed.map((c) => Math.cos(c[0]! + c[2]!) + (c[1] === 1 ? 0.4 : 0) - 0.2 * c[3]! + 0.1 * rng.float());
        const gp = new GaussianProcess(
          4,
          { lengthscales: [0.2 + rng.float(), 0.5 + 2 * rng.float(), 0.2 + rng.float(), 0.5 + 2 * rng.float()], signalVariance: 0.5 + rng.float(), noiseVariance: 10 ** -(2 + 4 * rng.float()) },
          encoding.categorical,
        );
        const half = Math.floor(observed.length / 2);
        gp.reset(observed.slice(0, half).map((c) => encoding.encode(c)), targets.slice(0, half));
        // Odd seeds keep no covariance cache.
        const scorer = new ExhaustiveSearch(codec, encoding, 40, seed % 2 === 0 ? Infinity : 0);
        observed.slice(0, half).forEach((c) => scorer.observe(c));
        for (let next = half; next <= observed.length; next++) {
          const incumbent = Math.max(...targets.slice(0, next));
          const acquisition: Acquisition = (mean, variance) => logExpectedImprovement(mean, variance, incumbent, 0.01);
          const allowed = (c: Choices): boolean => c[0] !== 4 || c[2] !== 5;
          const open = designs.filter((c) => !seen.has(codec.key(c)) || observed.slice(next).some((o) => codec.key(o) === codec.key(c))).filter(allowed);
          const { mean, variance } = gp.predict(open.map((c) => encoding.encode(c)));
          let expected = 0;
          open.forEach((_, k) => {
            if (acquisition(mean[k]!, variance[k]!) > acquisition(mean[expected]!, variance[expected]!)) expected = k;
          });
          const proposal = scorer.propose(gp, next === half, acquisition, acquisition, allowed)!;
          expect(codec.key(proposal.choices), `seed ${seed}, ${next} observations`).to.equal(codec.key(open[expected]!));
          expect(proposal.value).to.equal(acquisition(mean[expected]!, variance[expected]!));
          if (next === observed.length) break;
          scorer.observe(observed[next]!);
          gp.addPoint(encoding.encode(observed[next]!), targets.slice(0, next + 1));
        }
      }
    });

    it('local search proposes what scoring every examined neighbour exactly would (the tighter bound only skips designs that cannot matter)', () => {
      for (let seed = 0; seed < 20; seed++) {
        const rng = createRng(200 + seed);
        const codec = new ActionCodec(new MultiDiscrete([40, 6, 7, 3]));
        const encoding = new DesignEncoding(codec, ['categorical', 'ordinal', 'ordinal', 'categorical']);
        const observed = Array.from({ length: 15 + 3 * seed }, () => codec.sample(rng));
        const observedKeys = new Set(observed.map((c) => codec.key(c)));
        const targets = observed.map((c) => Math.sin(c[0]!) + 0.3 * c[1]! - 0.1 * (c[2]! - 3) ** 2 + (c[3] === 0 ? 0.5 : 0));
        const gp = new GaussianProcess(4, { lengthscales: [0.5 + 2 * rng.float(), 0.2 + rng.float(), 0.2 + rng.float(), 0.5 + 2 * rng.float()], signalVariance: 1, noiseVariance: 1e-3 }, encoding.categorical);
        gp.reset(observed.map((c) => encoding.encode(c)), targets);
        const incumbent = Math.max(...targets);
        // log-EI, and a nearly greedy UCB under which moves often end on an observed design.
        const acquisition: Acquisition = seed % 2 === 0 ? (mean, variance) => logExpectedImprovement(mean, variance, incumbent, 0.01) : (mean, variance) => upperConfidenceBound(mean, variance, 0.05);
        const allowed = (c: Choices): boolean => c[1] !== 5 || c[3] !== 2;
        const settings = { incumbents: observed.slice(0, 3), randomStarts: 4, maxMoves: 20 };
        const found = localSearch(codec, encoding, gp, acquisition, acquisition, observedKeys, allowed, createRng(seed), settings);
        const reference = referenceLocalSearch(codec, encoding, gp, acquisition, observedKeys, allowed, createRng(seed), settings);
        expect(found, `seed ${seed}`).to.deep.equal(reference);
      }
    });

    it('local search with a variance store proposes what it proposes without one, as observations arrive and the GP is refitted', () => {
      for (let seed = 0; seed < 6; seed++) {
        const rng = createRng(300 + seed);
        const codec = new ActionCodec(new MultiDiscrete([30, 5, 6, 3]));
        const encoding = new DesignEncoding(codec, ['categorical', 'ordinal', 'ordinal', 'categorical']);
        const observed = Array.from({ length: 12 }, () => codec.sample(rng));
        const objective = (c: Choices): number => Math.sin(c[0]!) + 0.3 * c[1]! - 0.1 * (c[2]! - 3) ** 2 + (c[3] === 0 ? 0.5 : 0);
        const targets = observed.map(objective);
        const hyperparameters = { lengthscales: [0.5 + 2 * rng.float(), 0.2 + rng.float(), 0.2 + rng.float(), 0.5 + 2 * rng.float()], signalVariance: 1, noiseVariance: 1e-3 };
        const gp = new GaussianProcess(4, hyperparameters, encoding.categorical);
        gp.reset(observed.map((c) => encoding.encode(c)), targets);
        const store = new VarianceStore(gp);
        for (let proposal = 0; proposal < 8; proposal++) {
          const incumbent = Math.max(...targets);
          const acquisition: Acquisition = (mean, variance) => logExpectedImprovement(mean, variance, incumbent, 0.01);
          const observedKeys = new Set(observed.map((c) => codec.key(c)));
          const settings = { incumbents: observed.slice(0, 3), randomStarts: 3, maxMoves: 20 };
          const withStore = localSearch(codec, encoding, gp, acquisition, acquisition, observedKeys, () => true, createRng(seed + proposal), settings, store);
          const without = localSearch(codec, encoding, gp, acquisition, acquisition, observedKeys, () => true, createRng(seed + proposal), settings);
          expect(withStore, `seed ${seed}, proposal ${proposal}`).to.deep.equal(without);
          observed.push(withStore!.choices);
          targets.push(objective(withStore!.choices));
          // Every third proposal refits (a new factor: the store forgets its solves).
          if (proposal % 3 === 2) gp.reset(observed.map((c) => encoding.encode(c)), targets, { ...hyperparameters, signalVariance: 1 + 0.1 * proposal });
          else gp.addPoint(encoding.encode(withStore!.choices), targets);
        }
        expect(store.solvedRows).to.be.greaterThan(0);
      }
    });

    it('a variance store extends its solves by the new rows only, bit for bit as a whole solve, and may stop early when unwanted', () => {
      const codec = new ActionCodec(new MultiDiscrete([7, 7]));
      const encoding = new DesignEncoding(codec, ['ordinal', 'ordinal']);
      const rng = createRng(5);
      const gp = new GaussianProcess(2, { lengthscales: [0.3, 0.5], signalVariance: 1.3, noiseVariance: 1e-4 });
      const points = Array.from({ length: 40 }, () => encoding.encode(codec.sample(rng)));
      const probes = Array.from({ length: 10 }, () => encoding.encode(codec.sample(rng)));
      gp.reset(points.slice(0, 20), points.slice(0, 20).map((p) => p[0]! - p[1]!));
      const store = new VarianceStore(gp);
      let rowsBefore = 0;
      for (let n = 20; n <= points.length; n++) {
        const rows = gp.covarianceRows(probes);
        const whole = gp.variancesFromCovariances(rows);
        // Kept covariances plus the new observation's give the GP's rows bit for bit.
        if (n > 20) expect(Array.from(store.covarianceRows(probes, probes.map((_, k) => k)))).to.deep.equal(Array.from(rows));
        probes.forEach((_, k) => expect(store.variance(k, rows, k * n)).to.equal(whole[k]));
        // Only the new row of each probe is solved once the store holds the others.
        if (n > 20) expect(store.solvedRows - rowsBefore).to.equal(probes.length);
        rowsBefore = store.solvedRows;
        if (n < points.length) gp.addPoint(points[n]!, points.slice(0, n + 1).map((p) => p[0]! - p[1]!));
      }
      expect(store.size).to.equal(probes.length);
      gp.reset(points, points.map((p) => p[0]! + p[1]!));
      expect(store.size).to.equal(0);
      // Unwanted: stops at a bound no lower than the exact variance, and resumes from there later.
      const rows = gp.covarianceRows(probes);
      const whole = gp.variancesFromCovariances(rows);
      const bounds: number[] = [];
      expect(store.variance(0, rows, 0, (bound) => (bounds.push(bound), true))).to.be.NaN;
      expect(bounds).to.have.length(1);
      expect(bounds[0]).to.be.at.least(whole[0]!);
      const before = store.solvedRows;
      expect(store.variance(0, rows, 0)).to.equal(whole[0]);
      expect(store.solvedRows - before).to.equal(points.length - 16);
      expect(() => gp.continueSolve(rows, 0, new Float64Array(points.length), 5, 3, 0)).to.throw(RangeError, 'Expects factor rows 0 <= from <= to <= 40, actual: [5, 3)');
      expect(() => gp.covariancesFrom(probes[0]!, new Float64Array(10), 0, 0)).to.throw(RangeError, 'Expects room for 40 covariances after offset 0, actual: 10');
      expect(() => gp.covariancesFrom(probes[0]!, new Float64Array(40), 0, 41)).to.throw(RangeError, 'Expects an observation index in [0, 40], actual: 41');
    });

    it('variances solves several points interleaved exactly as variance does one after another, keeping the same solves', () => {
      const rng = createRng(41);
      const points = Array.from({ length: 45 }, () => [rng.float(), rng.float(), rng.int(0, 3)]);
      const gp = new GaussianProcess(3, { lengthscales: [0.3, 0.5, 1], signalVariance: 1.3, noiseVariance: 1e-3 }, [false, false, true]);
      gp.reset(points.slice(0, 30), points.slice(0, 30).map((p) => p[0]! - p[1]! + p[2]!));
      const probes = Array.from({ length: 11 }, () => [rng.float(), rng.float(), rng.int(0, 5)]);
      const one = new VarianceStore(gp);
      const together = new VarianceStore(gp);
      for (let n = 30; n <= 34; n++) {
        const keys = probes.map((_, k) => k);
        const rows = one.covarianceRows(probes, keys);
        const buffer = new Float64Array(rows.length + 5).fill(7);
        expect(Array.from(together.covarianceRows(probes, keys, buffer))).to.deep.equal(Array.from(rows));
        // Unwanted below a threshold that stops some solves at rows 16 or 32 (and not others).
        const thresholds = probes.map((_, k) => (k % 3 === 0 ? 0.2 : k % 3 === 1 ? 10 : 0));
        const unwanted = (k: number, bound: number): boolean => bound < (thresholds[k] as number);
        const offsets = keys.map((k) => k * n);
        const sequential = keys.map((k) => one.variance(k, rows, k * n, (bound) => unwanted(k, bound)));
        const interleaved = together.variances(keys, rows, offsets, unwanted);
        expect(Array.from(interleaved), `n ${n}`).to.deep.equal(sequential);
        if (n === 30) expect(sequential.some(Number.isNaN) && sequential.some((value) => !Number.isNaN(value))).to.equal(true);
        expect(together.solvedRows).to.equal(one.solvedRows);
        // Without `unwanted`, every solve completes: the stopped ones resume where they stopped.
        expect(Array.from(together.variances(keys, rows, offsets))).to.deep.equal(Array.from(gp.variancesFromCovariances(rows, probes.length)));
        keys.forEach((k) => one.variance(k, rows, k * n));
        expect(together.solvedRows).to.equal(one.solvedRows);
        const point = points[n]!;
        gp.addPoint(point, points.slice(0, n + 1).map((p) => p[0]! - p[1]! + p[2]!));
      }
      // A repeated key is solved once, as one call after another would.
      const rows = gp.covarianceRows(probes.slice(0, 2));
      const n = gp.size;
      expect(Array.from(together.variances(['a', 'a', 'b'], rows, [0, 0, n]))).to.deep.equal(Array.from(gp.variancesFromCovariances(rows)).flatMap((v, k) => (k === 0 ? [v, v] : [v])));
      expect(() => together.variances(['a'], rows, [0, n])).to.throw(RangeError, 'Expects one offset per key (1), actual: 2');
      expect(() => together.covarianceRows(probes, probes.map((_, k) => k), new Float64Array(3))).to.throw(RangeError, `Expects a buffer of at least ${probes.length * n} numbers, actual: 3`);
    });

    it('continueSolves solves up to four points at once, each bit for bit as continueSolve', () => {
      const rng = createRng(43);
      const points = Array.from({ length: 37 }, () => [rng.float(), rng.float()]);
      const gp = new GaussianProcess(2, { lengthscales: [0.2, 0.4], signalVariance: 1, noiseVariance: 1e-4 });
      gp.reset(points, points.map((p) => p[0]! * p[1]!));
      const n = gp.size;
      const rows = gp.covarianceRows(Array.from({ length: 3 }, () => [rng.float(), rng.float()]));
      const solves = [0, 1, 2].map(() => ({ solved: new Float64Array(n), explained: 0 }));
      const single = [0, 1, 2].map(() => new Float64Array(n));
      const explained = [0, 0, 0];
      for (const [from, to] of [[0, 16], [16, 20], [20, n]] as const) {
        gp.continueSolves(rows, [0, n, 0, 2 * n], [solves[0]!, solves[1]!, null, solves[2]!], from, to);
        [0, 1, 2].forEach((k) => (explained[k] = gp.continueSolve(rows, k * n, single[k]!, from, to, explained[k]!)));
        [0, 1, 2].forEach((k) => {
          expect(solves[k]!.explained).to.equal(explained[k]);
          expect(Array.from(solves[k]!.solved)).to.deep.equal(Array.from(single[k]!));
        });
      }
      expect(Array.from(gp.variancesFromCovariances(rows))).to.deep.equal(explained.map((value) => gp.varianceGivenExplained(value)));
      expect(() => gp.continueSolves(rows, [0, 0, 0, 0], [null, null, null, null], 3, 2)).to.throw(RangeError, `Expects factor rows 0 <= from <= to <= ${n}, actual: [3, 2)`);
      expect(() => gp.continueSolves(rows, [0, 0], [null, null], 0, 1)).to.throw(RangeError, 'Expects four solves and four offsets (null solves for unused lanes), actual: 2 and 2');
      expect(() => gp.continueSolves(rows, [0, 0, 0, 3 * n], [null, null, null, solves[0]!], 0, 1)).to.throw(RangeError, 'Expects room for 1 covariances and solved rows in lane 3');
    });

    it('moveClasses gives the classes rowClasses gives for points one move away from a base', () => {
      for (let seed = 0; seed < 20; seed++) {
        const rng = createRng(500 + seed);
        const counts = [9, 4, 7, 3];
        const categorical = [true, false, true, false];
        const codec = new ActionCodec(new MultiDiscrete(counts));
        const encoding = new DesignEncoding(codec, categorical.map((flag) => (flag ? 'categorical' : 'ordinal')));
        const observed = Array.from({ length: 2 + rng.int(0, 6) }, () => codec.sample(rng));
        const gp = new GaussianProcess(4, { lengthscales: [1, 0.5, 1, 0.5], signalVariance: 1, noiseVariance: 1e-3 }, categorical);
        gp.reset(observed.map((c) => encoding.encode(c)), observed.map((c) => c[1]!));
        const base = codec.sample(rng);
        // Every move in order, then (odd seeds) shuffled with repeats and unmoved coordinates.
        let moves = counts.flatMap((count, dimension) => Array.from({ length: count }, (_, choice) => [dimension, choice] as const).filter(([, choice]) => choice !== base[dimension]));
        if (seed % 2 === 1) moves = rng.shuffle([...moves, ...moves.slice(0, 5), [1, base[1]!] as const, [0, base[0]!] as const]);
        const points = moves.map(([dimension, choice]) => {
          const choices = base.slice();
          choices[dimension] = choice;
          return encoding.encode(choices);
        });
        const coordinates = Int32Array.from(moves, ([dimension]) => dimension);
        const values = Float64Array.from(moves, ([dimension, choice]) => encoding.coordinateValue(dimension, choice));
        expect(Array.from(gp.moveClasses(encoding.encode(base), coordinates, values, moves.length)), `seed ${seed}`).to.deep.equal(Array.from(gp.rowClasses(points)));
      }
      const gp = new GaussianProcess(2, { lengthscales: [1, 1], signalVariance: 1, noiseVariance: 1e-3 }, [true, false]);
      gp.reset([[0, 0]], [1]);
      // Zero and negative zero are different coordinates to rowClasses, and so to moveClasses.
      expect(Array.from(gp.moveClasses([0, 0.5], [1, 1, 1], [-0, 0, -0], 3))).to.deep.equal(Array.from(gp.rowClasses([[0, -0], [0, 0], [0, -0]])));
      expect(() => gp.moveClasses([0], [0], [1], 1)).to.throw(RangeError, 'Expects a base point of 2 coordinates, actual: 1');
      expect(() => gp.moveClasses([0, 0], [2], [1], 1)).to.throw(RangeError, 'Expects coordinates in [0, 2), actual: 2');
      expect(() => gp.moveClasses([0, 0], [0], [1], 2)).to.throw(RangeError, 'Expects 2 coordinates and values, actual: 1 and 1');
      const ordinal = new GaussianProcess(1, { lengthscales: [1], signalVariance: 1, noiseVariance: 1e-3 });
      expect(Array.from(ordinal.moveClasses([0], [0, 0], [1, 1], 2))).to.deep.equal([0, 1]);
    });

    it('AcquisitionScorer.load with known classes scores as it does when it finds them itself', () => {
      const rng = createRng(47);
      const points = Array.from({ length: 20 }, () => [rng.float(), rng.int(0, 2)]);
      const gp = new GaussianProcess(2, { lengthscales: [0.3, 1], signalVariance: 1, noiseVariance: 1e-3 }, [false, true]);
      gp.reset(points, points.map((p) => p[0]! + p[1]!));
      const probes = Array.from({ length: 30 }, () => [rng.float(), rng.int(0, 6)]);
      const acquisition: Acquisition = (mean, variance) => mean + Math.sqrt(variance);
      const all = Int32Array.from(probes, (_, k) => k);
      const plain = new AcquisitionScorer(gp, acquisition, (k) => probes[k]!, new VarianceStore(gp));
      const looked: number[] = [];
      const classed = new AcquisitionScorer(gp, acquisition, (k) => (looked.push(k), probes[k]!), new VarianceStore(gp));
      const classes = gp.rowClasses(probes);
      expect(Array.from(classed.load(all, classes))).to.deep.equal(Array.from(plain.load(all)));
      expect(looked).to.deep.equal(Array.from(all).filter((k) => classes[k] === k));
      expect(Array.from(classed.slotsOf(all))).to.deep.equal(Array.from(plain.slotsOf(all)));
      expect(Array.from(classed.exact(all, 0.5))).to.deep.equal(Array.from(plain.exact(all, 0.5)));
      expect(() => classed.load([0, 1], Int32Array.from([0, 2]))).to.throw(RangeError, 'Expects classes naming the first item of each class, actual: 2 for item 1');
      expect(() => classed.load([0, 1], Int32Array.from([0]))).to.throw(RangeError, 'Expects one class per item (2), actual: 1');
    });

    it('prunedArgmax examines slots sharing their bounds in the order of decreasing bound, ties to the earlier item', () => {
      for (let seed = 0; seed < 50; seed++) {
        const rng = createRng(700 + seed);
        const count = rng.int(1, 400);
        const slotCount = rng.int(1, 40);
        const slots = Int32Array.from({ length: count }, () => rng.int(0, slotCount - 1));
        // Few distinct bounds, so that slots tie; every value far below every bound: every batch is examined.
        const boundOfSlot = Array.from({ length: slotCount }, () => rng.int(0, 4) + (rng.float() < 0.1 ? Infinity : 0));
        const bound = Float64Array.from(slots, (slot) => boundOfSlot[slot]!);
        const asked: number[][] = [];
        prunedArgmax(count, { bound, slots, tightBounds: (batch) => (asked.push(Array.from(batch)), Float64Array.from(batch, () => Infinity)), exact: (items) => Float64Array.from(items, () => -1e9) }, () => true);
        const order = Array.from({ length: count }, (_, i) => i).sort((a, b) => bound[b]! - bound[a]! || a - b);
        const expected: number[][] = [];
        const seen = new Set<number>();
        for (let start = 0, size = 1; start < count; start += size, size = 64) {
          const fresh = order.slice(start, start + size).filter((i) => !seen.has(slots[i]!) && seen.add(slots[i]!));
          if (fresh.length > 0) expected.push(fresh);
        }
        expect(asked, `seed ${seed}`).to.deep.equal(expected);
      }
    });

    it('prunedArgmax with floors returns the same argmax and every value at or above its floor', () => {
      for (let seed = 0; seed < 100; seed++) {
        const rng = createRng(1000 + seed);
        const count = rng.int(1, 200);
        const exact = Float64Array.from({ length: count }, () => rng.int(0, 12));
        const tight = Float64Array.from(exact, (value) => value + rng.int(0, 3) * rng.float());
        const bound = Float64Array.from(tight, (value) => value + rng.int(0, 2));
        const floors = Float64Array.from({ length: count }, () => (rng.float() < 0.5 ? Infinity : rng.int(0, 12)));
        const matters = (i: number, tightBound: number): boolean => !(tightBound < floors[i]!);
        const candidates = (stopsEarly: boolean) => ({
          bound,
          tightBounds: (batch: Int32Array) => Float64Array.from(batch, (i) => tight[i]!),
          exact: (items: Int32Array, unwantedBelow?: number | Float64Array) =>
            Float64Array.from(items, (i, k) => {
              const threshold = typeof unwantedBelow === 'number' ? unwantedBelow : unwantedBelow?.[k];
              return stopsEarly && threshold !== undefined && exact[i]! < threshold ? Number.NaN : exact[i]!;
            }),
        });
        const plain = prunedArgmax(count, candidates(false), matters);
        const floored = prunedArgmax(count, candidates(true), matters, (i) => floors[i]!);
        expect(floored.index, `seed ${seed}`).to.equal(plain.index);
        expect(floored.value).to.equal(plain.value);
        plain.values.forEach((value, i) => {
          if (!Number.isNaN(value) && value >= floors[i]!) expect(floored.values[i]).to.equal(value);
        });
      }
    });

    it('AcquisitionScorer scores exactly as predict does, once per distinct covariance row', () => {
      const gp = new GaussianProcess(2, { lengthscales: [0.4, 1], signalVariance: 1, noiseVariance: 1e-3 }, [false, true]);
      gp.reset([[0, 0], [0.5, 1], [1, 2]], [0.1, 0.7, -0.3]);
      // Categories 3..9 are unobserved: the points at 0.25 share one posterior.
      const points = [[0.25, 3], [0.25, 4], [0.25, 9], [0.25, 1], [0.9, 2]];
      const acquisition: Acquisition = (mean, variance) => logExpectedImprovement(mean, variance, 0.7, 0.01);
      const scorer = new AcquisitionScorer(gp, acquisition, (i) => points[i]!);
      scorer.load([0, 1, 2, 3, 4]);
      const exact = scorer.exact([4, 0, 1, 2, 3]);
      const { mean, variance } = gp.predict([points[4]!, ...points.slice(0, 4)]);
      expect(Array.from(exact)).to.deep.equal(Array.from(mean, (m, k) => acquisition(m, variance[k]!)));
      expect(scorer.distinctPosteriors).to.equal(3);
      const tight = scorer.tightBounds([4, 0, 1, 2, 3]);
      exact.forEach((value, k) => expect(tight[k]).to.be.at.least(value));
      expect(() => scorer.exact([7])).to.throw(RangeError, 'Expects a loaded item, actual: 7');
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

    it('DesignEncoding.coordinateValue is the coordinate encode gives a choice', () => {
      const encoding = new DesignEncoding(new ActionCodec(new MultiDiscrete([6, 1, 4])), ['ordinal', 'ordinal', 'categorical']);
      expect([encoding.coordinateValue(0, 5), encoding.coordinateValue(0, 2), encoding.coordinateValue(1, 3)]).to.deep.equal([encoding.encode([5, 0, 3])[0], encoding.encode([2, 0, 3])[0], 3]);
      expect(() => encoding.coordinateValue(2, 0)).to.throw(RangeError, 'Expects a coordinate in [0, 2), actual: 2');
    });

    it('singleDimensionNeighbours changes exactly one dimension', () => {
      const neighbours = singleDimensionNeighbours([0, 1], [2, 3]);
      expect(neighbours).to.deep.equal([[1, 1], [0, 0], [0, 2]]);
    });
  });
});

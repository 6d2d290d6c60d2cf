import { expect } from 'chai';
import { CoDesign, SemiDecoupled, verifyOptimality, allAccelerators, completeGrid, hardwareSpec, REFERENCE_ACCELERATOR } from '../../envs/index.js';
import { reducedArchitectureSet } from '../../src/analysis/index.js';
import { AcceleratorDesign } from '../../envs/index.js';
import { AnalysisError } from '../../src/analysis/errors.js';
import { checkEnv, InvalidOptionsError, make, type MultiDiscrete } from '../../src/gym/index.js';
import { createRng } from '../../src/random/rng.js';
import { publishedAccuracy } from '../../src/accuracy/index.js';
import { createSpace } from '../../src/workloads/index.js';
import { hashAccuracy, hashOracle, SMALL_GRID } from './fixtures.js';

const space = createSpace('nasbench201');
const rng = createRng(3);
const CANDIDATES = [...new Set(Array.from({ length: 300 }, () => space.key(space.sample(rng))))] as [string, ...string[]];

function coDesign(extra: object = {}): CoDesign {
  return new CoDesign({ space: 'nasbench201', oracle: hashOracle, grid: SMALL_GRID, objective: 'accuracy', ...extra });
}

describe('envs/SemiDecoupled', function () {
  this.timeout(120_000);

  it('keeps exactly the accuracy-latency Pareto front on the reference accelerator', () => {
    const env = new SemiDecoupled(coDesign(), { candidates: CANDIDATES, objective: 'latency' });
    const expected = reducedArchitectureSet(
      CANDIDATES.map((key) => ({ key, accuracy: hashAccuracy(space.fromKey(key)), network: space.toNetwork(space.fromKey(key)) })),
      { hardware: hardwareSpec(REFERENCE_ACCELERATOR), dataflow: 'kcp_ws' },
      'latency',
    );
    expect(env.report.reducedSet).to.deep.equal(expected.keys);
    expect(env.report.candidates).to.equal(CANDIDATES.length);
    const k = env.report.reducedSet.length;
    expect(k).to.be.within(2, 40);
    expect((env.actionSpace as MultiDiscrete).nvec).to.deep.equal([k, 2, 2, 2, 2]);
  });

  it('reports the full and reduced design-space sizes in every info', () => {
    const env = new SemiDecoupled(coDesign(), { candidates: CANDIDATES });
    const k = env.report.reducedSet.length;
    expect(env.report.full).to.deep.equal({ architectures: '15625', designs: String(15625 * 16), approx: 15625 * 16 });
    expect(env.report.reduced.designs).to.equal(String(k * 16));
    expect(env.report.reduction).to.be.closeTo(15625 / k, 1e-9);
    const { info } = env.reset();
    expect(info['designSpace']).to.deep.include({ reduction: env.report.reduction });
    const step = env.step([0, 0, 0, 0, 0]);
    expect((step.info['design'] as { architectureKey: string }).architectureKey).to.equal(env.report.reducedSet[0]);
    expect(step.info['designSpace']).to.deep.equal(info['designSpace']);
    expect(env.unwrapped).to.not.equal(env.fullEnv);
  });

  it('passes checkEnv in both episode modes, also when made from the registry', () => {
    checkEnv(new SemiDecoupled(coDesign(), { candidates: CANDIDATES }));
    checkEnv(new SemiDecoupled(coDesign({ episodeMode: 'sequential' }), { candidates: CANDIDATES }));
    checkEnv(make('SemiDecoupled-v0', { space: 'nasbench201', oracle: hashOracle, grid: SMALL_GRID, semiDecoupled: { candidates: CANDIDATES, objective: 'energy' } }));
  });

  it('checks rank correlation on probe accelerators and enlarges the set when it is too weak', () => {
    const plain = new SemiDecoupled(coDesign(), { candidates: CANDIDATES, check: { threshold: 0.5, enlarge: 'union', enlargeEpsilon: 0.05 } });
    expect(plain.report.check!.probes).to.have.length(4);
    expect(plain.report.check!.minimumCorrelation).to.be.greaterThan(0.9);
    expect(plain.report.check!.enlarged).to.equal(false);
    for (const enlarge of ['union', 'epsilon'] as const) {
      const forced = new SemiDecoupled(coDesign(), { candidates: CANDIDATES, check: { threshold: 1, enlarge, enlargeEpsilon: 0.3 } });
      const check = forced.report.check!;
      expect(check.enlarged).to.equal(true);
      expect(check.sizeAfter).to.be.at.least(check.sizeBefore);
      expect(forced.report.reducedSet).to.include.members(plain.report.reducedSet);
    }
    const defaults = new SemiDecoupled(coDesign(), { candidates: CANDIDATES, check: {} });
    expect(defaults.report.check!.enlarged).to.equal(plain.report.check!.minimumCorrelation < 0.9);
    const strict = new SemiDecoupled(coDesign(), { candidates: CANDIDATES, check: { threshold: 1 } });
    expect(strict.report.check!.enlarged).to.equal(true);
    expect(() => new SemiDecoupled(coDesign(), { candidates: CANDIDATES, check: { enlarge: 'widen' as never } })).to.throw(InvalidOptionsError, /`check\.enlarge`/);
  });

  it('probes published device latencies (nasbench201) and adds their fronts when the ranking is too weak', () => {
    const probed = new SemiDecoupled(coDesign(), { candidates: CANDIDATES, check: { devices: ['pixel3', 'eyeriss'], threshold: -1 } });
    const check = probed.report.check!;
    expect(check.devices).to.deep.equal(['pixel3', 'eyeriss']);
    expect(check.deviceCorrelations).to.have.length(2);
    for (const rho of check.deviceCorrelations) expect(rho).to.be.within(-1, 1);
    expect(check.enlarged).to.equal(false);
    const enlarged = new SemiDecoupled(coDesign(), { candidates: CANDIDATES, check: { devices: ['pixel3'], probes: [REFERENCE_ACCELERATOR], threshold: 1 } });
    expect(enlarged.report.check!.enlarged).to.equal(true);
    expect(enlarged.report.reducedSet).to.include.members(probed.report.reducedSet);
    expect(() => new SemiDecoupled(coDesign(), { candidates: CANDIDATES, check: { devices: ['tpu' as never] } })).to.throw(InvalidOptionsError, /`check\.devices\.0`/);
    const darts = new CoDesign({ space: 'darts', grid: SMALL_GRID, objective: 'accuracy' });
    expect(() => new SemiDecoupled(darts, { candidates: publishedAccuracy('darts').keys.slice(0, 3) as [string, ...string[]], check: { devices: ['pixel3'] } })).to.throw(
      InvalidOptionsError,
      /device latencies are published for nasbench201 cells only, not darts/,
    );
  });

  it('uses a given reduced set, and refuses without accuracies or a CoDesign env', () => {
    const given = new SemiDecoupled(coDesign(), { keys: [CANDIDATES[0], CANDIDATES[1]] });
    expect(given.report.reducedSet).to.deep.equal([CANDIDATES[0], CANDIDATES[1]]);
    expect(() => new SemiDecoupled(new CoDesign({ space: 'nasbench201', oracle: 'none', grid: SMALL_GRID }), {})).to.throw(InvalidOptionsError, /needs accuracies/);
    expect(() => new SemiDecoupled(new AcceleratorDesign() as never, {})).to.throw(TypeError, /wraps a CoDesign environment/);
    expect(() => new SemiDecoupled(coDesign(), { objective: 'throughput' as never })).to.throw(InvalidOptionsError, /`objective`/);
  });
});

describe('envs/verifyOptimality', function () {
  this.timeout(120_000);
  const candidates = CANDIDATES.slice(0, 120).map((key) => ({ key, accuracy: hashAccuracy(space.fromKey(key)), network: space.toNetwork(space.fromKey(key)) }));
  const accelerators = allAccelerators(completeGrid(SMALL_GRID));

  it('finds the same optimum in the full and the reduced space when the set is the front on every accelerator', () => {
    const fronts = new Set<string>();
    for (const accelerator of accelerators) {
      for (const key of reducedArchitectureSet(candidates, { hardware: hardwareSpec(accelerator), dataflow: accelerator.dataflow }, 'latency').keys) fronts.add(key);
    }
    const report = verifyOptimality({ candidates, reducedSet: [...fronts], accelerators, budgetCount: 12 });
    expect(report.budgets).to.have.length(12);
    expect(report.agreements).to.equal(report.budgets.length);
    expect(report.worstGap).to.equal(0);
    expect(report.fullDesigns).to.equal(candidates.length * 16);
    expect(report.sizeRatio).to.be.closeTo(candidates.length / fronts.size, 1e-9);
  });

  it('uses each default budget once, even when there are fewer candidates than budgets', () => {
    const few = candidates.slice(0, 3);
    const report = verifyOptimality({ candidates: few, reducedSet: few.map((c) => c.key), accelerators, budgetCount: 12 });
    const budgets = report.budgets.map((b) => b.budget);
    expect(budgets).to.have.length(3);
    expect(new Set(budgets).size).to.equal(3);
    expect(budgets).to.deep.equal([...budgets].sort((a, b) => a - b));
  });

  it('reports disagreements and the worst gap for a poor reduced set', () => {
    const worst = [...candidates].sort((a, b) => a.accuracy - b.accuracy).slice(0, 3).map((c) => c.key);
    const report = verifyOptimality({ candidates, reducedSet: worst, accelerators, budgets: [1e12] });
    expect(report.agreements).to.equal(0);
    const result = report.budgets[0]!;
    expect(result.gap).to.be.closeTo(result.full!.accuracy - result.reduced!.accuracy, 1e-12);
    expect(report.worstGap).to.equal(result.gap);
  });

  it('rejects empty inputs and reduced sets outside the candidates', () => {
    expect(() => verifyOptimality({ candidates: [], reducedSet: [], accelerators })).to.throw(AnalysisError, /at least one candidate/);
    expect(() => verifyOptimality({ candidates, reducedSet: [], accelerators: [] })).to.throw(AnalysisError, /at least one accelerator/);
    expect(() => verifyOptimality({ candidates, reducedSet: ['|x|'], accelerators })).to.throw(AnalysisError, /\|x\| is not among the candidates/);
  });
});

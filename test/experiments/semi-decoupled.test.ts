import { expect } from 'chai';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { completeGrid, gridCorners, hardwareSpec, REFERENCE_ACCELERATOR, searchGrid } from '../../envs/index.js';
import { accuracyCostFront, certifiedReducedSet, LayerShapes } from '../../src/analysis/index.js';
import { publishedAccuracy } from '../../src/accuracy/index.js';
import { CostModel } from '../../src/costmodel/index.js';
import { createSpace } from '../../src/workloads/index.js';
import { analyzeSemiDecoupled } from '../../experiments/semi-decoupled-report.js';
import {
  CandidateEvaluator,
  experimentAccelerators,
  experimentCandidates,
  experimentMetrics,
  runSemiDecoupled,
  SEMI_DECOUPLED_EXPERIMENT_DEFAULTS,
  shapeCostRecord,
  shapeCostsOf,
  type SemiDecoupledExperimentOptions,
} from '../../experiments/semi-decoupled.js';

const GRID = { numPes: [64, 256], nocBandwidthElemsPerCycle: [300, 1000], offchipBandwidthElemsPerCycle: [50, 300], dataflows: ['kcp_ws' as const, 'rs' as const] };

describe('experiments/semi-decoupled', function () {
  this.timeout(300_000);

  it('evaluates the grid, the reference and the probes, one accelerator per task', () => {
    const options: SemiDecoupledExperimentOptions = { ...SEMI_DECOUPLED_EXPERIMENT_DEFAULTS, grid: GRID };
    const tasks = experimentAccelerators(options);
    expect(tasks).to.have.length(16 + 1 + 4);
    expect(tasks.slice(0, 16).every((t) => t.role === 'grid')).to.equal(true);
    expect(tasks[16]).to.deep.equal({ role: 'reference', accelerator: REFERENCE_ACCELERATOR });
    expect(tasks.slice(17).map((t) => t.accelerator)).to.deep.equal(gridCorners(completeGrid(GRID)));
    expect(experimentMetrics({})).to.deep.equal(['latency', 'energy', 'edp']);
    expect(experimentMetrics({ objective: 'latency+energy' })).to.deep.equal(['latency', 'energy']);
    expect(experimentMetrics({ objective: 'energy', metrics: ['edp', 'edp'] })).to.deep.equal(['edp']);
  });

  it('stores shape costs as JSON (null where the cost model fails) and reads them back', () => {
    const space = createSpace('nasbench201');
    const shapes = LayerShapes.of([space.toNetwork(space.decode([3, 2, 1, 0, 4, 3]))]);
    const costs = shapes.evaluate({ hardware: hardwareSpec(REFERENCE_ACCELERATOR), dataflow: 'kcp_ws' }, new CostModel());
    costs.runtimeCycles[0] = Number.NaN;
    costs.feasible[0] = 0;
    const record = JSON.parse(JSON.stringify(shapeCostRecord(3, { role: 'grid', accelerator: REFERENCE_ACCELERATOR }, costs))) as ReturnType<typeof shapeCostRecord>;
    expect(record.runtimeCycles[0]).to.equal(null);
    const back = shapeCostsOf(record);
    expect(Array.from(back.feasible)).to.deep.equal(Array.from(costs.feasible));
    expect(Array.from(back.pairEnergyNJ)).to.deep.equal(Array.from(costs.pairEnergyNJ));
    expect(Array.from(back.runtimeCycles.slice(1))).to.deep.equal(Array.from(costs.runtimeCycles.slice(1)));
  });

  it('the analysis finds the sets and optima a direct grid search finds', async () => {
    const out = mkdtempSync(join(tmpdir(), 'cg-semi-'));
    const options: SemiDecoupledExperimentOptions = { ...SEMI_DECOUPLED_EXPERIMENT_DEFAULTS, candidates: { sample: 40, seed: 4 }, grid: GRID, metrics: ['latency', 'energy'] };
    await runSemiDecoupled(options, { out, resume: false, workers: 1 });
    const analysis = await analyzeSemiDecoupled(out);
    const { keys, networks } = experimentCandidates(options);
    expect(analysis.keys).to.deep.equal(keys);
    const published = publishedAccuracy('nasbench201');
    const space = createSpace('nasbench201');
    const accuracy = keys.map((key) => (published.accuracy(space.fromKey(key)) as { top1: number }).top1);
    expect(analysis.accuracy).to.deep.equal(accuracy);
    const shapes = LayerShapes.of(networks);
    const direct = searchGrid(shapes, completeGrid(GRID), { search: 'exhaustive', accuracy, fronts: ['latency', 'energy'] });
    const reference = shapes.networkMetrics(shapes.evaluate({ hardware: hardwareSpec(REFERENCE_ACCELERATOR), dataflow: 'kcp_ws' }, new CostModel()));
    for (const m of analysis.metrics) {
      const metric = m.metric as 'latency' | 'energy';
      expect(Array.from(m.best.value)).to.deep.equal(Array.from(direct.best[metric].value));
      expect(m.sets.certified).to.deep.equal(certifiedReducedSet(accuracy, direct.best[metric].value));
      expect(m.sets['per-accelerator']).to.deep.equal(Array.from(direct.perAcceleratorFront[metric]!.entries()).filter(([, f]) => f === 1).map(([k]) => k));
      expect(m.sets.reference).to.deep.equal(accuracyCostFront(accuracy, metric === 'latency' ? reference.latencyCycles : reference.energyNJ));
      expect(m.sets.probes).to.include.members(m.sets.reference);
      for (const name of ['certified', 'per-accelerator'] as const) expect(m.optimality[name].agreements).to.equal(m.optimality[name].budgets.length);
      expect(m.probes).to.have.length(4);
    }
  });

  it('CandidateEvaluator takes each best from the grid search: the proven shortcut or every accelerator', () => {
    const published = publishedAccuracy('darts').keys[0]!;
    const darts = createSpace('darts');
    const sampled = darts.key(darts.decode(darts.nvec.map(() => 1)));
    const evaluator = new CandidateEvaluator({ space: 'darts', reference: REFERENCE_ACCELERATOR, grid: GRID }, { kind: 'top1', source: 'table', description: 'fixed', accuracy: () => ({ kind: 'top1', top1: 90, source: 'table', oracle: 'fixed' }) });
    for (const [key, search] of [[published, 'shortcut'], [sampled, 'exhaustive']] as const) {
      const record = evaluator.evaluate(0, key);
      expect(record.search, key).to.equal(search);
      const direct = searchGrid(LayerShapes.of([darts.toNetwork(darts.fromKey(key))]), completeGrid(GRID), { search: 'exhaustive' });
      expect(record.bestLatency!.value).to.equal(direct.best.latency.value[0]);
      expect(record.bestEnergy!.value).to.equal(direct.best.energy.value[0]);
      expect(record.feasibleAccelerators).to.equal(16);
    }
  });
});

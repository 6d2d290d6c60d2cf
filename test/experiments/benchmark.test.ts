import { expect } from 'chai';
import { AcceleratorDesign } from '../../envs/index.js';
import { benchmarkPlotSpecs, plotData, summariseBenchmark } from '../../experiments/benchmark/report.js';
import { renderSvg } from '../../src/report/plots.js';
import { runAgentOnTask, type BenchmarkRunRecord } from '../../experiments/benchmark/run.js';
import { bootstrapMedian, censoredMedian, mannWhitneyU, ranks, successCurve } from '../../experiments/benchmark/statistics.js';
import { benchmarkTasks, metricValue, quality, withinTolerance, type TaskMetric } from '../../experiments/benchmark/tasks.js';

const EDP: TaskMetric = { field: 'edp', sense: 'min', label: 'EDP' };

function record(partial: Partial<BenchmarkRunRecord> & Pick<BenchmarkRunRecord, 'agent' | 'seed' | 'bestQuality'>): BenchmarkRunRecord {
  const budget = partial.bestQuality.length;
  const at = partial.bestQuality.findIndex((q) => q >= 1 / 1.01);
  return {
    index: 0,
    task: 't',
    agentName: partial.agent,
    budget,
    withinOnePercentAt: at < 0 ? null : at + 1,
    optimumAt: null,
    best: { value: null, design: null },
    evaluations: budget,
    steps: budget,
    repeats: 0,
    reason: 'budget',
    evaluationUnit: 'design',
    tfjsBackend: null,
    wallTimeMs: 0,
    ...partial,
  };
}

describe('experiments/benchmark', function () {
  this.timeout(120_000);

  describe('statistics', () => {
    it('Mann-Whitney U: the asymptotic two-sided p-value with tie and continuity corrections', () => {
      const separated = mannWhitneyU([1, 2, 3, 4, 5, 6, 7, 8], [9, 10, 11, 12, 13, 14, 15, 16]);
      expect(separated.u).to.equal(0);
      expect(separated.p).to.be.closeTo(0.00094, 1e-5);
      const swapped = mannWhitneyU([9, 10, 11, 12, 13, 14, 15, 16], [1, 2, 3, 4, 5, 6, 7, 8]);
      expect(swapped.u).to.equal(64);
      expect(swapped.p).to.be.closeTo(separated.p, 1e-12);
      expect(mannWhitneyU([5, 5, 5], [5, 5]).p).to.equal(1);
      const tied = mannWhitneyU([1, 2, 2, 3, 101, 101], [2, 3, 3, 4, 101, 101]);
      expect(tied.p).to.be.within(0, 1);
      expect(() => mannWhitneyU([], [1])).to.throw(RangeError, 'Expects two non-empty samples, actual sizes 0 and 1');
    });

    it('medians count runs that never got there as above the budget, with a bootstrap CI', () => {
      expect(censoredMedian([3, 5, null], 10)).to.equal(5);
      expect(censoredMedian([3, null, null], 10)).to.equal(null);
      const interval = bootstrapMedian([10, 12, 14, 16, 18, 20, 22], 100);
      expect(interval.median).to.equal(16);
      expect(interval.low).to.be.at.most(16);
      expect(interval.high).to.be.at.least(16);
      expect(bootstrapMedian([10, 12, 14, 16, 18, 20, 22], 100)).to.deep.equal(interval);
    });

    it('success curves rise with the runs that reached the target, inside their band', () => {
      const curve = successCurve([2, 4, null, 6], [1, 2, 3, 4, 5, 6, 7]);
      expect(curve.rate).to.deep.equal([0, 0.25, 0.25, 0.5, 0.5, 0.75, 0.75]);
      curve.rate.forEach((rate, k) => {
        expect(curve.low[k]).to.be.at.most(rate);
        expect(curve.high[k]).to.be.at.least(rate);
      });
      expect(ranks([3, 1, 3, 2])).to.deep.equal([3.5, 1, 3.5, 2]);
    });
  });

  describe('tasks', () => {
    it('measure quality as optimum / value (value / optimum when maximised), 0 when infeasible', () => {
      expect(quality(EDP, 4, 2)).to.equal(0.5);
      expect(withinTolerance(EDP, 2.02, 2)).to.equal(true);
      expect(withinTolerance(EDP, 2.03, 2)).to.equal(false);
      expect(metricValue(EDP, { edp: 3, feasible: false })).to.equal(null);
      expect(metricValue({ ...EDP, logScale: true }, { edp: 99 })).to.equal(2);
    });

    it('form a versioned list with distinct ids and at least three accelerator tasks', () => {
      const ids = benchmarkTasks().map((task) => task.id);
      expect(new Set(ids).size).to.equal(ids.length);
      expect(ids.filter((id) => id.startsWith('accelerator/')).length).to.be.at.least(3);
      for (const task of benchmarkTasks()) expect(task.quickBudget).to.be.at.most(task.budget);
    });
  });

  describe('report', () => {
    it('plots best-so-far medians that never decrease, with runs that found nothing feasible yet counted as 0, not dropped', () => {
      const runs = [
        record({ agent: 'random', seed: 0, bestQuality: [0, 0, 0, 0.3, 0.3, 0.5, 0.9, 0.9, 1, 1] }),
        record({ agent: 'random', seed: 1, bestQuality: [0, 0.6, 0.6, 0.6, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7] }),
        record({ agent: 'random', seed: 2, bestQuality: [0, 0, 0, 0, 0, 0, 0, 0, 0.2, 0.2] }),
        record({ agent: 'bo', seed: 0, bestQuality: [0.2, 0.4, 1, 1, 1, 1, 1, 1, 1, 1] }),
        record({ agent: 'bo', seed: 1, bestQuality: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0] }),
      ];
      const data = plotData({ tasks: ['t'], agents: ['random', 'bo'] }, runs);
      for (const agent of ['random', 'bo']) {
        const medians = data.bestSoFar.filter((point) => point.agent === agent);
        expect(medians.map((point) => point.evaluations)).to.deep.equal([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
        for (let k = 1; k < medians.length; k++) expect(medians[k]!.median, `${agent} at ${k + 1}`).to.be.at.least(medians[k - 1]!.median);
      }
      expect(data.bestSoFar.find((point) => point.agent === 'random' && point.evaluations === 1)!.median).to.equal(0);
      const { rows, rankTable } = summariseBenchmark({ tasks: ['t'], agents: ['random', 'bo'] }, runs);
      expect(rows.map((row) => [row.agent, row.successRate])).to.deep.equal([
        ['random', 1 / 3],
        ['bo', 0.5],
      ]);
      expect(rows[1]!.versusRandom).to.not.equal(null);
      expect(rankTable.map((row) => row.agent)).to.deep.equal(['random', 'bo']);
    });

    it('plots one panel per task in the order of the task list, not alphabetically', async () => {
      const tasks = ['zeta/task', 'alpha/task', 'mid/task'];
      const runs = tasks.flatMap((task) => [0, 1].map((seed) => record({ task, agent: 'random', seed, bestQuality: [0.5, 0.8, 1] })));
      const specs = benchmarkPlotSpecs(tasks, 2, plotData({ tasks, agents: ['random'] }, runs));
      for (const spec of [specs.success, specs.bestSoFar]) {
        const svg = await renderSvg(spec);
        // Row headers are drawn top to bottom, so their order in the SVG is the panels' order.
        const positions = tasks.map((task) => svg.indexOf(`>${task}<`));
        expect(positions.every((position) => position >= 0), 'every task labelled').to.equal(true);
        expect([...positions].sort((a, b) => a - b)).to.deep.equal(positions);
      }
    });

    it('records a real run: one quality per evaluation, never decreasing, and stops at the optimum', async () => {
      const env = new AcceleratorDesign({ networks: ['resnet50'], objective: 'edp', grid: { numPes: [64, 256], offchipBandwidthElemsPerCycle: [100, 300] } });
      const optimum = Math.min(
        ...[0, 1].flatMap((pe) => [0, 1, 2, 3, 4, 5, 6, 7].flatMap((noc) => [0, 1].flatMap((off) => [0, 1, 2, 3].map((df) => {
          env.reset();
          return env.step([pe, noc, off, df]).info.metrics.edp;
        })))),
      );
      const run = await runAgentOnTask({ id: 'small', metric: EDP }, env, { task: 'small', agent: 'bo', seed: 0, budget: 40, optimum, index: 0 });
      expect(run.bestQuality).to.have.length(40);
      for (let e = 1; e < 40; e++) expect(run.bestQuality[e]).to.be.at.least(run.bestQuality[e - 1]!);
      expect(run.optimumAt).to.not.equal(null);
      expect(run.reason).to.equal('optimum');
      expect(run.evaluations).to.equal(run.optimumAt);
      expect(run.bestQuality[run.optimumAt! - 1]).to.equal(1);
    });
  });
});

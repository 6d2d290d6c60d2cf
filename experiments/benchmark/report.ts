/**
 * The agent benchmark's report, rebuilt from its results by `codesign-gym report DIR`: a table per task
 * (median evaluations to within 1% of the optimum with a bootstrap CI, success rate at the budget, mean
 * normalised regret, Mann-Whitney U against random search), one rank table across tasks, success-rate
 * curves with bootstrap bands and best-so-far curves.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readResults } from '../../src/report/result-log.js';
import { renderPlot, type RenderedPlot, type VegaLiteSpec } from '../../src/report/plots.js';
import { formatMarkdownTable } from '../../src/report/table.js';
import { mergedResults, readManifest } from '../experiment.js';
import type { BenchmarkOptions, BenchmarkRunRecord } from './run.js';
import { bootstrapMedian, curveQuantiles, mannWhitneyU, ranks, successCurve, type MedianWithInterval, type SuccessCurve } from './statistics.js';
import { benchmarkTask, type TaskMetric, type TaskOptimum } from './tasks.js';

/** The agent every other is tested against. */
export const BASELINE_AGENT = 'random';

export interface AgentTaskSummary {
  task: string;
  agent: string;
  runs: number;
  budget: number;
  /** Median evaluations to within 1% of the optimum (null: censored, above the budget), with its 95% bootstrap CI. */
  withinOnePercent: MedianWithInterval;
  /** Fraction of runs within 1% of the optimum at the budget. */
  successRate: number;
  /** Mean over runs of 1 - best quality at the budget (0: every run found the optimum). */
  meanRegret: number;
  /** Mann-Whitney U test of the evaluations to within 1% (censored at budget + 1) against random search; null for random itself. */
  versusRandom: { u: number; p: number } | null;
  /** Median evaluations to within 1% at most half of random's (censored medians count as budget + 1), with p < 0.05. */
  halfOfRandom: boolean | null;
  medianWallTimeMs: number;
}

/** What a report covers: its tasks (with what they optimise), agents and seeds. */
export interface ReportView {
  /** The report's first heading. */
  title: string;
  tasks: { id: string; description: string; metric: TaskMetric }[];
  agents: readonly string[];
  seeds: number;
}

export interface BenchmarkSummary {
  options: ReportView;
  optima: Record<string, TaskOptimum>;
  rows: AgentTaskSummary[];
  /** Per agent: its rank on each task (1 = best) and the mean rank. */
  rankTable: { agent: string; ranks: Record<string, number>; meanRank: number }[];
  plots: RenderedPlot[];
  reportPath: string;
}

/** Evaluations at which curves are sampled for plots: about 100 points up to the budget. */
function samplePoints(budget: number): number[] {
  const step = Math.max(1, Math.round(budget / 100));
  const points: number[] = [];
  for (let e = step; e < budget; e += step) points.push(e);
  points.push(budget);
  return points;
}

/** The median best-so-far quality curve and its interquartile band, at `points` (evaluations). */
export function bestSoFarCurve(runs: readonly BenchmarkRunRecord[], points: readonly number[]): { evaluations: number; median: number; q1: number; q3: number }[] {
  const [q1, median, q3] = curveQuantiles(runs.map((run) => run.bestQuality), [0.25, 0.5, 0.75]) as [number[], number[], number[]];
  return points.map((e) => ({ evaluations: e, median: median[e - 1] as number, q1: q1[e - 1] as number, q3: q3[e - 1] as number }));
}

function summariseGroup(task: string, agent: string, runs: readonly BenchmarkRunRecord[], random: readonly BenchmarkRunRecord[] | undefined): AgentTaskSummary {
  const budget = runs[0]?.budget ?? 0;
  const reached = runs.map((run) => run.withinOnePercentAt);
  const censored = (list: readonly BenchmarkRunRecord[]): number[] => list.map((run) => run.withinOnePercentAt ?? budget + 1);
  const withinOnePercent = bootstrapMedian(reached, budget);
  let versusRandom: AgentTaskSummary['versusRandom'] = null;
  let halfOfRandom: boolean | null = null;
  if (agent !== BASELINE_AGENT && random !== undefined && random.length > 0 && runs.length > 0) {
    const test = mannWhitneyU(censored(runs), censored(random));
    versusRandom = { u: test.u, p: test.p };
    const randomMedian = bootstrapMedian(random.map((run) => run.withinOnePercentAt), budget).median ?? budget + 1;
    const ownMedian = withinOnePercent.median ?? budget + 1;
    halfOfRandom = ownMedian <= randomMedian / 2 && test.p < 0.05;
  }
  const times = runs.map((run) => run.wallTimeMs).sort((a, b) => a - b);
  return {
    task,
    agent,
    runs: runs.length,
    budget,
    withinOnePercent,
    successRate: runs.filter((run) => run.withinOnePercentAt !== null).length / Math.max(1, runs.length),
    meanRegret: runs.reduce((sum, run) => sum + (1 - (run.bestQuality[run.bestQuality.length - 1] ?? 0)), 0) / Math.max(1, runs.length),
    versusRandom,
    halfOfRandom,
    medianWallTimeMs: times[times.length >> 1] ?? 0,
  };
}

/** Rank of each agent on a task: by median evaluations to within 1% (censored last), then success rate, then mean regret. */
function taskRanks(rows: readonly AgentTaskSummary[]): Map<string, number> {
  const keyOf = (row: AgentTaskSummary): number => (row.withinOnePercent.median ?? row.budget + 1) * 1e6 + (1 - row.successRate) * 1e3 + row.meanRegret;
  const values = ranks(rows.map(keyOf));
  return new Map(rows.map((row, i) => [row.agent, values[i] as number]));
}

/** Summarises runs (without plots). */
export function summariseBenchmark(options: Pick<BenchmarkOptions, 'tasks' | 'agents'>, runs: readonly BenchmarkRunRecord[]): Pick<BenchmarkSummary, 'rows' | 'rankTable'> {
  const rows: AgentTaskSummary[] = [];
  const byTask = new Map<string, Map<string, BenchmarkRunRecord[]>>();
  for (const run of runs) {
    let agents = byTask.get(run.task);
    if (agents === undefined) byTask.set(run.task, (agents = new Map()));
    let list = agents.get(run.agent);
    if (list === undefined) agents.set(run.agent, (list = []));
    list.push(run);
  }
  const rankTable = new Map<string, Record<string, number>>();
  for (const task of options.tasks) {
    const agents = byTask.get(task);
    if (agents === undefined) continue;
    const random = agents.get(BASELINE_AGENT);
    const taskRows = options.agents.filter((agent) => agents.has(agent)).map((agent) => summariseGroup(task, agent, agents.get(agent) ?? [], random));
    rows.push(...taskRows);
    for (const [agent, rank] of taskRanks(taskRows)) {
      const record = rankTable.get(agent) ?? {};
      record[task] = rank;
      rankTable.set(agent, record);
    }
  }
  return {
    rows,
    rankTable: options.agents
      .filter((agent) => rankTable.has(agent))
      .map((agent) => {
        const record = rankTable.get(agent) as Record<string, number>;
        const values = Object.values(record);
        return { agent, ranks: record, meanRank: values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length) };
      }),
  };
}

function agentLabel(agent: string): string {
  return agent.includes('/') ? (agent.split('/').pop() ?? agent) : agent;
}

function formatMedian(value: MedianWithInterval, budget: number): string {
  const shown = (v: number | null): string => (v === null ? `>${budget}` : String(v));
  return `${shown(value.median)} [${shown(value.low)}, ${shown(value.high)}]`;
}

function formatP(p: number): string {
  return p < 1e-4 ? p.toExponential(1) : p.toFixed(4);
}

/** Every plotted best-so-far median (per task and agent), for checks. */
export interface PlotData {
  success: { task: string; agent: string; evaluations: number; rate: number; low: number; high: number }[];
  bestSoFar: { task: string; agent: string; evaluations: number; median: number; q1: number; q3: number }[];
}

/** The data of the report's two plots. */
export function plotData(options: Pick<BenchmarkOptions, 'tasks' | 'agents'>, runs: readonly BenchmarkRunRecord[]): PlotData {
  const success: PlotData['success'] = [];
  const bestSoFar: PlotData['bestSoFar'] = [];
  for (const task of options.tasks) {
    for (const agent of options.agents) {
      const group = runs.filter((run) => run.task === task && run.agent === agent);
      if (group.length === 0) continue;
      const points = samplePoints(group[0]!.budget);
      const curve: SuccessCurve = successCurve(group.map((run) => run.withinOnePercentAt), points);
      curve.evaluations.forEach((evaluations, k) => success.push({ task, agent: agentLabel(agent), evaluations, rate: curve.rate[k]!, low: curve.low[k]!, high: curve.high[k]! }));
      for (const point of bestSoFarCurve(group, points)) bestSoFar.push({ task, agent: agentLabel(agent), ...point });
    }
  }
  return { success, bestSoFar };
}

/** Reads a benchmark folder's runs. */
export function readBenchmarkRuns(out: string): BenchmarkRunRecord[] {
  return readResults(mergedResults(out)).records as BenchmarkRunRecord[];
}

/** Rebuilds the benchmark folder's report and plots from its runs. */
export async function reportBenchmark(out: string): Promise<BenchmarkSummary> {
  const options = readManifest(out).options as BenchmarkOptions;
  return writeBenchmarkReport(out, {
    title: `Agent benchmark v${options.version}${options.quick ? ' (quick)' : ''}`,
    tasks: options.tasks.map((id) => {
      const task = benchmarkTask(id);
      return { id, description: task.description, metric: task.metric };
    }),
    agents: options.agents,
    seeds: options.seeds,
  });
}

type TaskPanels = VegaLiteSpec & { facet: { row: { sort: string[] } } };

/**
 * The report's two plots (success rate, best so far), one panel per task in the order of `tasks` (not
 * alphabetical, vega-lite's default).
 *
 * @example
 * const specs = benchmarkPlotSpecs(['b', 'a'], 20, { success: [], bestSoFar: [] });
 * specs.success.facet.row.sort;   // ['b', 'a']
 */
export function benchmarkPlotSpecs(tasks: readonly string[], seeds: number, data: PlotData): { success: TaskPanels; bestSoFar: TaskPanels } {
  return {
    success: bandAndLinePanels(tasks, {
      title: `Runs within 1% of the optimum (95% bootstrap band), ${seeds} seeds per agent`,
      values: data.success,
      yTitle: 'fraction of runs',
      band: ['low', 'high'],
      line: 'rate',
    }),
    bestSoFar: bandAndLinePanels(tasks, {
      title: ['Best so far (median, interquartile band): optimum / value, or value / optimum for accuracy', '0: no feasible design yet'],
      values: data.bestSoFar,
      yTitle: 'best quality so far',
      band: ['q1', 'q3'],
      line: 'median',
    }),
  };
}

/** One panel per task (in the order of `tasks`): each agent's band and step line against evaluations, y in [0, 1]. */
function bandAndLinePanels(
  tasks: readonly string[],
  plot: { title: string | string[]; values: readonly object[]; yTitle: string; band: [low: string, high: string]; line: string },
): TaskPanels {
  const color = { field: 'agent', type: 'nominal' };
  const row = { field: 'task', type: 'nominal', title: null, sort: [...tasks] };
  return {
    title: plot.title,
    data: { values: plot.values },
    facet: { row },
    resolve: { scale: { x: 'independent' } },
    spec: {
      width: 420,
      height: 170,
      layer: [
        { mark: { type: 'area', opacity: 0.15 }, encoding: { x: { field: 'evaluations', type: 'quantitative', title: 'evaluations (distinct designs)' }, y: { field: plot.band[0], type: 'quantitative', title: plot.yTitle, scale: { domain: [0, 1] } }, y2: { field: plot.band[1] }, color } },
        { mark: { type: 'line', strokeWidth: 2, interpolate: 'step-after' }, encoding: { x: { field: 'evaluations', type: 'quantitative' }, y: { field: plot.line, type: 'quantitative' }, color } },
      ],
    },
  };
}

/** Writes the report and plots of the runs in `out` (results.jsonl, optima.json) for `view`. */
export async function writeBenchmarkReport(out: string, view: ReportView): Promise<BenchmarkSummary> {
  const options = { ...view, agents: [...view.agents], tasks: view.tasks.map((task) => task.id) };
  const runs = readBenchmarkRuns(out);
  const optimaPath = join(out, 'optima.json');
  const optima = existsSync(optimaPath) ? (JSON.parse(readFileSync(optimaPath, 'utf8')) as Record<string, TaskOptimum>) : {};
  const { rows, rankTable } = summariseBenchmark(options, runs);
  const data = plotData(options, runs);
  const specs = benchmarkPlotSpecs(options.tasks, options.seeds, data);
  const successPlot = await renderPlot(specs.success, join(out, 'success-rate'));
  const bestPlot = await renderPlot(specs.bestSoFar, join(out, 'best-so-far'));
  const sections = options.tasks
    .filter((task) => rows.some((row) => row.task === task))
    .map((task) => {
      const definition = view.tasks.find((candidate) => candidate.id === task)!;
      const optimum = optima[task];
      const taskRows = rows.filter((row) => row.task === task);
      const budget = taskRows[0]?.budget ?? 0;
      return `### ${task}

${definition.description} Metric: ${definition.metric.label}, ${definition.metric.sense === 'min' ? 'minimised' : 'maximised'}; optimum ${optimum === undefined ? '?' : optimum.value.toPrecision(6)} (${optimum?.method ?? 'unknown'}${optimum?.withinOnePercent === null || optimum === undefined ? '' : `; ${optimum.withinOnePercent} within 1%`}). Budget ${budget} evaluations.

${formatMarkdownTable(taskRows, [
  { header: 'agent', value: (row) => agentLabel(row.agent) },
  { header: 'runs', value: (row) => row.runs },
  { header: 'median evaluations to within 1% [95% CI]', value: (row) => formatMedian(row.withinOnePercent, row.budget) },
  { header: 'success rate at budget', value: (row) => `${Math.round(row.successRate * 100)}%` },
  { header: 'mean normalised regret', value: (row) => row.meanRegret.toFixed(4) },
  { header: 'Mann-Whitney vs random: U, p', value: (row) => (row.versusRandom === null ? '-' : `${row.versusRandom.u}, ${formatP(row.versusRandom.p)}`) },
  { header: '<= half of random, p < 0.05', value: (row) => (row.halfOfRandom === null ? '-' : row.halfOfRandom ? 'yes' : 'no') },
  { header: 'median run (s)', value: (row) => (row.medianWallTimeMs / 1000).toFixed(1) },
])}`;
    });
  const taskIds = options.tasks.filter((task) => rows.some((row) => row.task === task));
  const rankRows = [...rankTable].sort((a, b) => a.meanRank - b.meanRank);
  const reportPath = join(out, 'report.md');
  writeFileSync(
    reportPath,
    `# ${view.title}

Every agent on every task, ${options.seeds} seeds each; an evaluation is a distinct design (repeats are free). A run stops when it
evaluates an optimal design (its best so far cannot improve). Median evaluations count runs that never came within 1% as
budget + 1 (shown as ">budget"); CIs are 95% percentile-bootstrap intervals (${'2,000'} resamples); the Mann-Whitney U test is
two-sided on the evaluations to within 1% against random search. Normalised regret is 1 - optimum / best value (1 - best / optimum
for accuracy), 1 while no feasible design was found.

![success rate](success-rate.png)

![best so far](best-so-far.png)

## Ranks across tasks

Rank on each task by median evaluations to within 1% (then success rate, then regret); 1 is best.

${formatMarkdownTable(rankRows, [
  { header: 'agent', value: (row) => agentLabel(row.agent) },
  ...taskIds.map((task) => ({ header: task, value: (row: (typeof rankRows)[number]) => (row.ranks[task] === undefined ? '-' : String(row.ranks[task])) })),
  { header: 'mean rank', value: (row) => row.meanRank.toFixed(2) },
])}
## Tasks

${sections.join('\n\n')}
`,
  );
  return { options: view, optima, rows, rankTable, plots: [successPlot, bestPlot], reportPath };
}

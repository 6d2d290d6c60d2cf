/** The agents experiment's report: best-so-far curves (median and interquartile band) and evaluations to the optimum. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderPlot, type RenderedPlot } from '../src/report/plots.js';
import { formatMarkdownTable as formatTable } from '../src/report/table.js';
import { mergedResults, readManifest } from './experiment.js';
import { readAgentRuns, type AgentRunRecord, type AgentsExperimentOptions } from './agents.js';

export interface AgentSummaryRow {
  agent: string;
  space: string;
  runs: number;
  /** Runs that reached the optimum within the budget. */
  reached: number;
  /** Median evaluations to the optimum (runs that never reached it count as the budget + 1), or null if fewer than half reached it. */
  medianToOptimum: number | null;
  medianToWithin1Percent: number | null;
  medianFinalReward: number;
}

export interface AgentsSummary {
  rows: AgentSummaryRow[];
  plots: RenderedPlot[];
  reportPath: string;
}

function quantile(sorted: readonly number[], q: number): number {
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (position - low);
}

function medianOrNull(values: readonly (number | null)[], budget: number): number | null {
  const filled = values.map((v) => v ?? budget + 1).sort((a, b) => a - b);
  const median = quantile(filled, 0.5);
  return median > budget ? null : median;
}

/** Rebuilds the agents folder's report and plot from its runs. */
export async function reportAgents(out: string): Promise<AgentsSummary> {
  const options = readManifest(out).options as AgentsExperimentOptions;
  const runs = readAgentRuns(mergedResults(out));
  const groups = new Map<string, AgentRunRecord[]>();
  for (const run of runs) {
    const key = `${run.agent}\u0000${run.space}`;
    let list = groups.get(key);
    if (list === undefined) groups.set(key, (list = []));
    list.push(run);
  }
  const rows: AgentSummaryRow[] = [...groups.values()].map((list) => ({
    agent: list[0]!.agent,
    space: list[0]!.space,
    runs: list.length,
    reached: list.filter((r) => r.evaluationsToOptimum !== null).length,
    medianToOptimum: medianOrNull(list.map((r) => r.evaluationsToOptimum), options.budget),
    medianToWithin1Percent: medianOrNull(list.map((r) => r.evaluationsToWithin1Percent), options.budget),
    medianFinalReward: quantile(list.map((r) => r.bestSoFar[r.bestSoFar.length - 1] ?? Number.NaN).sort((a, b) => a - b), 0.5),
  }));
  // Curves: median and interquartile range of the best reward so far, every few evaluations.
  const step = Math.max(1, Math.floor(options.budget / 100));
  const curve: Record<string, unknown>[] = [];
  for (const list of groups.values()) {
    for (let e = step; e <= options.budget; e += step) {
      const values = list.map((r) => r.bestSoFar[Math.min(e, r.bestSoFar.length) - 1]).filter((v): v is number => v !== undefined && Number.isFinite(v) && v > -10).sort((a, b) => a - b);
      if (values.length === 0) continue;
      curve.push({ agent: list[0]!.agent, space: `${list[0]!.space} space (${list[0]!.designs} designs)`, evaluations: e, median: quantile(values, 0.5), q1: quantile(values, 0.25), q3: quantile(values, 0.75) });
    }
  }
  const optimum = runs.find((r) => r.space === 'full')?.optimumReward ?? null;
  const plot = await renderPlot(
    {
      title: `Best reward so far (median, interquartile band) over ${options.seeds} seeds; optimum ${optimum?.toPrecision(4) ?? '-'}`,
      data: { values: curve },
      facet: { column: { field: 'space', type: 'nominal', title: null } },
      spec: {
        width: 360,
        height: 260,
        layer: [
          { mark: { type: 'area', opacity: 0.18 }, encoding: { x: { field: 'evaluations', type: 'quantitative' }, y: { field: 'q1', type: 'quantitative', scale: { zero: false }, title: 'best reward so far' }, y2: { field: 'q3' }, color: { field: 'agent', type: 'nominal' } } },
          { mark: { type: 'line', strokeWidth: 2 }, encoding: { x: { field: 'evaluations', type: 'quantitative' }, y: { field: 'median', type: 'quantitative' }, color: { field: 'agent', type: 'nominal' } } },
        ],
      },
    },
    join(out, 'best-so-far'),
  );
  const reportPath = join(out, 'report.md');
  writeFileSync(
    reportPath,
    `# Agents on the full and the reduced co-design space: ${options.space}

Every agent, ${options.seeds} seeds, ${options.budget} evaluations per run, on CoDesign over ${runs[0]?.designs ?? '?'} designs (full:
all candidates x the accelerator grid) and over the reduced set x the grid. The objective is the most accurate design within the
latency budget (the candidates' median best latency); the optimum is known by exhaustive search.

![best so far](best-so-far.png)

${formatTable(rows, [
  { header: 'agent', value: (r) => r.agent },
  { header: 'space', value: (r) => r.space },
  { header: 'reached optimum', value: (r) => `${r.reached}/${r.runs}` },
  { header: 'median evals to optimum', value: (r) => (r.medianToOptimum === null ? 'not reached' : r.medianToOptimum) },
  { header: 'median evals to within 1%', value: (r) => (r.medianToWithin1Percent === null ? 'not reached' : r.medianToWithin1Percent) },
  { header: 'median final best', value: (r) => r.medianFinalReward.toPrecision(5) },
])}
Medians count runs that never reached the target as budget + 1; "not reached" means fewer than half of the runs did.
`,
  );
  return { rows, plots: [plot], reportPath };
}

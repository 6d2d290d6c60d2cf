/**
 * The learning-rate sweep behind the REINFORCE and PPO defaults (an experiment, not a test): each
 * learning rate of a grid on benchmark tasks for several seeds, with the benchmark's runner (runs
 * stop at an optimal design) and statistics; the defaults are the rates with the lowest median rank
 * of median evaluations to within 1% across the tasks.
 *
 * Run: `npm run build && nice node dist/experiments/rl-learning-rates.js --out lr-sweep [--seeds 10]
 * [--rates 0.001,0.003,0.01,0.03,0.1] [--tasks accelerator/resnet50-edp,...] [--agents reinforce,ppo]
 * [--workers 2] [--resume]`; it prints a markdown table and writes `lr-sweep/results.jsonl` (resumable).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { CostModel } from '../src/costmodel/evaluate.js';
import { readResults } from '../src/report/result-log.js';
import { formatMarkdownTable } from '../src/report/table.js';
import { runBenchmarkRun, taskOptimum, type BenchmarkPayload, type BenchmarkRunRecord } from './benchmark/run.js';
import { bootstrapMedian, ranks } from './benchmark/statistics.js';
import { benchmarkTask } from './benchmark/tasks.js';
import { runTasks, type WorkItem } from './task-runner.js';

export const SWEEP_RATES = [0.001, 0.003, 0.01, 0.03, 0.1] as const;
export const SWEEP_TASKS = ['accelerator/resnet50-edp', 'accelerator/multi-network-edp', 'codesign/nasbench201-reduced'] as const;

export interface SweepOptions {
  readonly out: string;
  readonly agents: readonly string[];
  readonly rates: readonly number[];
  readonly tasks: readonly string[];
  readonly seeds: number;
  readonly workers: number;
  readonly resume: boolean;
}

export interface SweepRow {
  agent: string;
  learningRate: number;
  /** Per task: the median evaluations to within 1% (null: above the budget) and the success rate. */
  tasks: Record<string, { median: number | null; successRate: number }>;
  /** Mean over tasks of the rank among this agent's learning rates (1 = fewest evaluations). */
  meanRank: number;
}

/** Runs (or resumes) the sweep and summarises it. */
export async function sweepLearningRates(options: SweepOptions): Promise<SweepRow[]> {
  mkdirSync(options.out, { recursive: true });
  const model = new CostModel();
  const payloads: BenchmarkPayload[] = [];
  for (const task of options.tasks) {
    const optimum = (await taskOptimum(task, model)).value;
    const budget = benchmarkTask(task).budget;
    for (const agent of options.agents) {
      for (const learningRate of options.rates) {
        for (let seed = 0; seed < options.seeds; seed++) payloads.push({ task, agent, hyperparameters: { learningRate }, seed, budget, optimum, index: payloads.length });
      }
    }
  }
  const items: WorkItem<BenchmarkPayload>[] = payloads.map((payload) => ({ indices: [payload.index], payload }));
  const out = join(options.out, 'results.jsonl');
  await runTasks(
    {
      manifest: { experiment: 'rl-learning-rates', agents: options.agents, rates: options.rates, tasks: options.tasks, seeds: options.seeds },
      items,
      evaluate: async (item) => [{ ...(await runBenchmarkRun(item.payload, model)), learningRate: item.payload.hyperparameters?.['learningRate'] }],
      workerModule: new URL('./rl-learning-rates-worker.js', import.meta.url),
    },
    { out, resume: options.resume, workers: options.workers, onProgress: (done, total) => process.stderr.write(`\rlearning-rate sweep: ${done}/${total} runs`) },
  );
  process.stderr.write('\n');
  const runs = readResults(out).records as (BenchmarkRunRecord & { learningRate: number })[];
  const rows: SweepRow[] = [];
  for (const agent of options.agents) {
    const own = options.rates.map((learningRate) => {
      const tasks: SweepRow['tasks'] = {};
      for (const task of options.tasks) {
        const group = runs.filter((run) => run.agent === agent && run.task === task && run.learningRate === learningRate);
        const budget = group[0]?.budget ?? 0;
        tasks[task] = {
          median: bootstrapMedian(group.map((run) => run.withinOnePercentAt), budget).median,
          successRate: group.filter((run) => run.withinOnePercentAt !== null).length / Math.max(1, group.length),
        };
      }
      return { agent, learningRate, tasks, meanRank: 0 };
    });
    for (const task of options.tasks) {
      const budget = benchmarkTask(task).budget;
      const taskRanks = ranks(own.map((row) => (row.tasks[task]!.median ?? budget + 1) - row.tasks[task]!.successRate / 1000));
      own.forEach((row, i) => (row.meanRank += (taskRanks[i] as number) / options.tasks.length));
    }
    rows.push(...own);
  }
  writeFileSync(join(options.out, 'summary.md'), formatSweep(rows, options.tasks));
  return rows;
}

/** The sweep as a markdown table: median evaluations to within 1% (success rate) per task, and the mean rank. */
export function formatSweep(rows: readonly SweepRow[], tasks: readonly string[]): string {
  return formatMarkdownTable(rows, [
    { header: 'agent', value: (row) => row.agent },
    { header: 'learning rate', value: (row) => String(row.learningRate) },
    ...tasks.map((task) => ({
      header: `${task}: median to within 1% (success)`,
      value: (row: SweepRow) => `${row.tasks[task]!.median ?? '>budget'} (${Math.round(row.tasks[task]!.successRate * 100)}%)`,
    })),
    { header: 'mean rank', value: (row) => row.meanRank.toFixed(2) },
  ]);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      out: { type: 'string', default: 'lr-sweep' },
      seeds: { type: 'string', default: '10' },
      rates: { type: 'string', default: SWEEP_RATES.join(',') },
      tasks: { type: 'string', default: SWEEP_TASKS.join(',') },
      agents: { type: 'string', default: 'reinforce,ppo' },
      workers: { type: 'string', default: '1' },
      resume: { type: 'boolean', default: false },
    },
  });
  const list = (text: string): string[] => text.split(',').map((item) => item.trim()).filter((item) => item !== '');
  const rows = await sweepLearningRates({
    out: values.out,
    seeds: Number(values.seeds),
    rates: list(values.rates).map(Number),
    tasks: list(values.tasks),
    agents: list(values.agents),
    workers: Number(values.workers),
    resume: values.resume,
  });
  process.stdout.write(formatSweep(rows, list(values.tasks)));
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    process.stderr.write(`rl-learning-rates: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}

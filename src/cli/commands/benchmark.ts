/** `codesign-gym benchmark`: every agent on the versioned benchmark tasks, with a report a paper can cite. */
import { resolve } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { parseShard } from '../../report/result-log.js';
import { describeCommand } from '../command-list.js';
import { UsageError } from '../io.js';
import { progress } from '../progress.js';

interface BenchmarkArgs {
  out: string;
  quick: boolean;
  tasks?: string;
  agent?: string[];
  seeds?: number;
  workers: number;
  shard?: string;
  resume: boolean;
  json: boolean;
}

/** A summary row as the commands print it. */
export interface PrintedRow {
  task: string;
  agent: string;
  runs: number;
  budget: number;
  withinOnePercent: { median: number | null; low: number | null; high: number | null };
  successRate: number;
  meanRegret: number;
  versusRandom: { u: number; p: number } | null;
}

/** One line per task and agent: median evaluations to within 1% with its CI, success rate, regret, p against random. */
export function formatSummaryRows(rows: readonly PrintedRow[]): string {
  const shown = (value: number | null, budget: number): string => (value === null ? `>${budget}` : String(value));
  const taskWidth = Math.max(4, ...rows.map((row) => row.task.length));
  const agentWidth = Math.max(5, ...rows.map((row) => agentName(row.agent).length));
  return rows
    .map((row) => {
      const median = `${shown(row.withinOnePercent.median, row.budget)} [${shown(row.withinOnePercent.low, row.budget)}, ${shown(row.withinOnePercent.high, row.budget)}]`;
      const test = row.versusRandom === null ? '' : `, vs random p=${row.versusRandom.p < 1e-4 ? row.versusRandom.p.toExponential(1) : row.versusRandom.p.toFixed(4)}`;
      return `  ${row.task.padEnd(taskWidth)}  ${agentName(row.agent).padEnd(agentWidth)}  within 1% after ${median} evaluations (median, 95% CI), ${Math.round(row.successRate * 100)}% of ${row.runs} runs by ${row.budget}, regret ${row.meanRegret.toFixed(4)}${test}`;
    })
    .join('\n');
}

function agentName(agent: string): string {
  return agent.includes('/') ? (agent.split('/').pop() ?? agent) : agent;
}

export const benchmarkCommand: CommandModule<object, BenchmarkArgs> = {
  command: 'benchmark',
  describe: describeCommand('benchmark'),
  builder: (yargs: Argv) =>
    yargs
      .option('out', { type: 'string', demandOption: true, describe: 'output folder (results.jsonl, optima.json, report.md, plots)' })
      .option('quick', { type: 'boolean', default: false, describe: 'the quick variant: two tasks, 5 seeds, 100 evaluations' })
      .option('tasks', { type: 'string', describe: 'comma-separated task ids (default: every task of the variant)' })
      .option('agent', { type: 'string', array: true, describe: 'an agent name or the path of an agent module (repeatable; default: every shipped agent)' })
      .option('seeds', { type: 'number', describe: 'seeds per agent and task (default 20, quick 5)' })
      .option('workers', { type: 'number', default: 1, describe: 'worker threads' })
      .option('shard', { type: 'string', describe: 'i/n: run only this shard (merge shards, then `report`)' })
      .option('resume', { type: 'boolean', default: false, describe: 'continue an interrupted run in --out' })
      .option('json', { type: 'boolean', default: false, describe: 'print the summary as JSON' }) as unknown as Argv<BenchmarkArgs>,
  handler: async (args) => {
    const { benchmarkDefaults, runBenchmark } = await import('../../../experiments/benchmark/run.js');
    const { benchmarkTasks } = await import('../../../experiments/benchmark/tasks.js');
    const { reportBenchmark } = await import('../../../experiments/benchmark/report.js');
    const { isAgentModulePath } = await import('../../../agents/index.js');
    const defaults = benchmarkDefaults(args.quick);
    const known = benchmarkTasks().map((task) => task.id);
    const tasks = args.tasks === undefined ? defaults.tasks : args.tasks.split(',').map((task) => task.trim()).filter((task) => task !== '');
    for (const task of tasks) if (!known.includes(task)) throw new UsageError(`unknown task "${task}"; expected some of ${known.join(', ')}`);
    if (tasks.length === 0) throw new UsageError('--tasks names no task');
    const agents = args.agent === undefined || args.agent.length === 0 ? defaults.agents : args.agent.map((agent) => (isAgentModulePath(agent) ? resolve(agent) : agent));
    const seeds = args.seeds ?? defaults.seeds;
    if (!Number.isSafeInteger(seeds) || seeds < 1) throw new UsageError(`--seeds expects a positive integer, got ${seeds}`);
    if (!Number.isSafeInteger(args.workers) || args.workers < 1) throw new UsageError(`--workers expects a positive integer, got ${args.workers}`);
    const shard = args.shard === undefined ? undefined : parseShard(args.shard);
    const bar = progress('benchmark');
    const started = Date.now();
    try {
      await runBenchmark(
        { ...defaults, tasks: tasks as [string, ...string[]], agents: agents as [string, ...string[]], seeds },
        { out: args.out, resume: args.resume, shard, workers: args.workers, onProgress: (label, done, total) => label === 'runs' && bar.update(done, total) },
      );
    } catch (error) {
      if (error instanceof Error && /unknown agent|does not exist/.test(error.message)) throw new UsageError(error.message);
      throw error;
    } finally {
      bar.stop();
    }
    if (shard !== undefined) {
      process.stdout.write(`shard ${args.shard} of the benchmark done in ${args.out}; when every shard is done: codesign-gym merge ${args.out}/results.shard-*.jsonl --out ${args.out}/results.jsonl && codesign-gym report ${args.out}\n`);
      return;
    }
    const summary = await reportBenchmark(args.out);
    const seconds = (Date.now() - started) / 1000;
    if (args.json) {
      process.stdout.write(`${JSON.stringify({ rows: summary.rows, rankTable: summary.rankTable, optima: summary.optima, report: summary.reportPath, seconds })}\n`);
      return;
    }
    process.stdout.write(`benchmark v${defaults.version}${args.quick ? ' (quick)' : ''}: ${tasks.length} task(s) x ${agents.length} agent(s) x ${seeds} seeds in ${seconds.toFixed(0)} s\n${formatSummaryRows(summary.rows)}\nmean rank: ${summary.rankTable.map((row) => `${agentName(row.agent)} ${row.meanRank.toFixed(2)}`).join(', ')}\nreport: ${summary.reportPath}\n`);
  },
};

/** `codesign-gym experiment NAME` and `codesign-gym report DIR`: the study's experiments, with reports and plots. */
import type { Argv, CommandModule } from 'yargs';
import { describeCommand } from '../command-list.js';
import { REFERENCE_ACCELERATOR, hardwareDesignSchema, type HardwareDesign } from '../../../envs/hardware-grid.js';
import { EXPERIMENT_NAMES, readManifest, type ExperimentRun } from '../../../experiments/experiment.js';
import { RANK_CORRELATION_DEFAULTS, rankCorrelationExperimentSchema, reportRankCorrelation, runRankCorrelation, type RankCorrelationSummary } from '../../../experiments/rank-correlation.js';
import { reportSemiDecoupled, STUDY_BUDGETS, type SemiDecoupledSummary } from '../../../experiments/semi-decoupled-report.js';
import { BUDGET_METRICS } from '../../../envs/grid-search.js';
import { formatTable } from '../../report/table.js';
import type { CandidateSpec } from '../../../experiments/candidates.js';
import { runSemiDecoupled, SEMI_DECOUPLED_EXPERIMENT_DEFAULTS, semiDecoupledExperimentSchema } from '../../../experiments/semi-decoupled.js';
// The agents experiment loads TF.js; imported only when it runs (see agentsExperiment()).
import { REDUCED_SET_OBJECTIVES } from '../../analysis/reduced-set.js';
import { parseShard } from '../../report/result-log.js';
import { SPACE_NAMES, type ArchitectureSpace } from '../../workloads/index.js';
import { readTextFile, UsageError } from '../io.js';
import { isNasbench201Device, NASBENCH201_DEVICES, type Nasbench201Device } from '../../data/nasbench201.js';
import { accuracyOptions, oracleSpecFromArgs, type AccuracyArgs } from '../accuracy-args.js';
import { progress } from '../progress.js';
import { gridFromArgs, gridOptions, spaceFromNames, type GridArgs } from '../design-args.js';
import { architecturesFromFile } from './sweep.js';

/** The experiments `experiment NAME` runs (the benchmark has its own command). */
const STUDY_EXPERIMENTS = EXPERIMENT_NAMES.filter((name) => name !== 'benchmark');

async function agentsExperiment(): Promise<typeof import('./experiment-agents.js')['agentsExperiment']> {
  return (await import('./experiment-agents.js')).agentsExperiment;
}

export interface ExperimentArgs extends GridArgs, AccuracyArgs {
  name: string;
  out: string;
  resume: boolean;
  shard?: string;
  workers: number;
  json: boolean;
  space?: string;
  preset?: string;
  archs?: string;
  sample?: number;
  all: boolean;
  seed: number;
  objective?: string;
  metrics?: string;
  budgets: string;
  maxArea?: number;
  maxPower?: number;
  enforceBuffers: boolean;
  reference?: string;
  instances?: string;
  devices?: string;
  agents?: string;
  seeds: number;
  budget: number;
}

function describeZod(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  const issue = error.issues[0]!;
  return `${issue.path.map(String).join('.') || 'options'}: ${issue.message}`;
}

/** The candidates named by --archs, --sample or --all (default: the experiment's own). */
export function candidatesFromArgs(args: ExperimentArgs, space: ArchitectureSpace<unknown>, fallback: CandidateSpec): CandidateSpec {
  const sources = [args.archs !== undefined, args.sample !== undefined, args.all].filter(Boolean).length;
  if (sources > 1) throw new UsageError('use only one of --archs FILE, --sample N and --all');
  if (args.archs !== undefined) {
    const keys = architecturesFromFile(space, args.archs);
    if (keys.length === 0) throw new UsageError(`${args.archs} holds no architectures`);
    return { keys: keys as [string, ...string[]] };
  }
  if (args.sample !== undefined) {
    if (!Number.isSafeInteger(args.sample) || args.sample < 1) throw new UsageError(`--sample expects a positive integer, got ${args.sample}`);
    return { sample: args.sample, seed: args.seed };
  }
  if (args.all) return { all: true };
  return fallback;
}

function spaceFromArgs(args: ExperimentArgs, fallback: { space: string; preset?: string | undefined }): { space: ArchitectureSpace<unknown>; name: string; preset: string } {
  return spaceFromNames(args.space ?? fallback.space, args.preset ?? (args.space === undefined ? fallback.preset : undefined));
}

/** `--devices a,b` or `--devices all`: published device latencies (nasbench201 only). */
function devicesFromArgs(args: ExperimentArgs, space: string): { devices?: Nasbench201Device[] } {
  if (args.devices === undefined) return {};
  if (space !== 'nasbench201') throw new UsageError(`--devices: device latencies are published for nasbench201 cells only, not ${space}`);
  const names = args.devices === 'all' ? [...NASBENCH201_DEVICES] : args.devices.split(',').map((d) => d.trim());
  for (const name of names) {
    if (!isNasbench201Device(name)) throw new UsageError(`unknown device "${name}"; expected some of ${NASBENCH201_DEVICES.join(', ')} (or all)`);
  }
  return { devices: names as Nasbench201Device[] };
}

/** `--budgets breakpoints` (every step of the optimum) or a count of quantile budgets. */
function budgetsFromArgs(text: string): 'breakpoints' | number {
  if (text === 'breakpoints') return text;
  const count = Number(text);
  if (!Number.isSafeInteger(count) || count < 1) throw new UsageError(`--budgets expects breakpoints or a positive integer, got "${text}"`);
  return count;
}

function jsonFile(path: string, what: string): unknown {
  const text = readTextFile(path, what);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
}

function experimentRun(args: ExperimentArgs, onProgress: ExperimentRun['onProgress']): ExperimentRun {
  if (!Number.isSafeInteger(args.workers) || args.workers < 1) throw new UsageError(`--workers expects a positive integer, got ${args.workers}`);
  return { out: args.out, resume: args.resume, shard: args.shard === undefined ? undefined : parseShard(args.shard), workers: args.workers, onProgress };
}

function printSemiDecoupled(summary: SemiDecoupledSummary, json: boolean): void {
  if (json) {
    const { plots, ...rest } = summary;
    process.stdout.write(`${JSON.stringify({ ...rest, plots: plots.map((p) => p.pngPath) })}\n`);
    return;
  }
  const budgets = summary.budgetChoice === 'breakpoints' ? 'at every breakpoint' : `at ${summary.budgetChoice} quantile budgets`;
  const rows = summary.metrics.flatMap((m) => m.sets.map((set) => ({ metric: m.metric, set })));
  const table = formatTable(rows, [
    { header: 'metric', value: (r) => r.metric },
    { header: 'reduced set', value: (r) => r.set.name },
    { header: 'architectures', value: (r) => r.set.size },
    { header: 'size ratio', value: (r) => `${r.set.sizeRatio.toFixed(1)}x` },
    { header: 'budgets kept', value: (r) => `${r.set.kept}/${r.set.budgets}` },
    { header: 'worst gap', value: (r) => Number(r.set.worstGap.toPrecision(4)) },
  ]);
  process.stdout.write(
    `semi-decoupled: ${summary.space} (${summary.preset}), ${summary.candidates} candidates x ${summary.allowedAccelerators} accelerators searched exhaustively, optimum compared ${budgets}\n` +
      table +
      summary.metrics.map((m) => `study (${m.metric}): ${m.studyClaim}; at ${STUDY_BUDGETS} quantile budgets the reference set keeps ${m.studyBudgets.kept}/${m.studyBudgets.budgets}\n`).join('') +
      `report: ${summary.reportPath}\n`,
  );
}

function printRankCorrelation(summary: RankCorrelationSummary, json: boolean): void {
  if (json) {
    process.stdout.write(`${JSON.stringify({ ...summary, plots: summary.plots.map((p) => p.pngPath) })}\n`);
    return;
  }
  const m = summary.matrices.latencySpearman;
  const count = summary.devices?.instances.length ?? m.labels.length;
  const labels = m.labels.slice(0, count);
  const table = (columns: string[], rows: number[][]): string => {
    const width = Math.max(...[...labels, ...columns].map((l) => l.length)) + 2;
    return `${''.padEnd(width)}${columns.map((l) => l.padStart(width)).join('')}\n${rows.map((row, i) => `${labels[i]!.padEnd(width)}${row.map((v) => v.toFixed(4).padStart(width)).join('')}`).join('\n')}\n`;
  };
  let text = `rank correlation of latency (Spearman) over ${summary.used} architectures:\n${table(labels, m.values.slice(0, count).map((row) => row.slice(0, count)))}`;
  if (summary.devices !== undefined) text += `against the published device latencies:\n${table(summary.devices.devices, summary.devices.spearman)}`;
  text += `smallest: latency ${summary.minimum.latencySpearman.toFixed(4)}, energy ${summary.minimum.energySpearman.toFixed(4)}\nreport: ${summary.reportPath}\n`;
  process.stdout.write(text);
}

/** Rebuilds an experiment folder's report; returns what to print. */
export async function rebuildReport(out: string, json: boolean): Promise<void> {
  const manifest = readManifest(out);
  if (manifest.experiment === 'semi-decoupled') printSemiDecoupled(await reportSemiDecoupled(out), json);
  else if (manifest.experiment === 'rank-correlation') printRankCorrelation(await reportRankCorrelation(out), json);
  else if (manifest.experiment === 'benchmark') await printBenchmarkReport(out, json);
  else await (await agentsExperiment()).report(out, json);
}

async function printBenchmarkReport(out: string, json: boolean): Promise<void> {
  const { reportBenchmark } = await import('../../../experiments/benchmark/report.js');
  const { formatSummaryRows } = await import('./benchmark.js');
  const summary = await reportBenchmark(out);
  if (json) {
    process.stdout.write(`${JSON.stringify({ rows: summary.rows, rankTable: summary.rankTable, optima: summary.optima, report: summary.reportPath })}
`);
    return;
  }
  process.stdout.write(`benchmark:\n${formatSummaryRows(summary.rows)}\nreport: ${summary.reportPath}\n`);
}

async function runExperiment(args: ExperimentArgs): Promise<void> {
  const bar = progress(`experiment ${args.name}`);
  const run = experimentRun(args, (_, done, total) => bar.update(done, total));
  if (args.name === 'semi-decoupled') {
    const { space, name, preset } = spaceFromArgs(args, SEMI_DECOUPLED_EXPERIMENT_DEFAULTS);
    if (args.objective !== undefined && !(REDUCED_SET_OBJECTIVES as readonly string[]).includes(args.objective)) {
      throw new UsageError(`unknown --objective "${args.objective}"; expected one of ${REDUCED_SET_OBJECTIVES.join(', ')}`);
    }
    if (args.objective !== undefined && args.metrics !== undefined) throw new UsageError('use only one of --objective and --metrics');
    const metrics = args.metrics?.split(',').map((m) => m.trim());
    for (const metric of metrics ?? []) {
      if (!(BUDGET_METRICS as readonly string[]).includes(metric)) throw new UsageError(`unknown metric "${metric}" in --metrics; expected some of ${BUDGET_METRICS.join(', ')}`);
    }
    let reference: HardwareDesign = REFERENCE_ACCELERATOR;
    if (args.reference !== undefined) {
      const parsed = hardwareDesignSchema.safeParse(jsonFile(args.reference, 'reference accelerator file'));
      if (!parsed.success) throw new UsageError(`${args.reference}: ${describeZod(parsed.error)}`);
      reference = parsed.data;
    }
    let accuracy = oracleSpecFromArgs(args);
    if (accuracy === undefined) throw new UsageError('the semi-decoupled experiment needs accuracies: --accuracy none does not apply');
    const candidates = candidatesFromArgs(args, space, SEMI_DECOUPLED_EXPERIMENT_DEFAULTS.candidates);
    // All 9,999 AlphaNet samples: their published accuracies, not the 1,046 selected ones'.
    if (name === 'alphanet' && 'all' in candidates && accuracy.kind === 'published' && accuracy.set === undefined) accuracy = { ...accuracy, set: 'all' };
    const options = semiDecoupledExperimentSchema.safeParse({
      space: name,
      preset,
      candidates,
      accuracy,
      reference,
      grid: gridFromArgs(args),
      ...(args.objective === undefined ? {} : { objective: args.objective }),
      ...(metrics === undefined ? {} : { metrics }),
      budgets: budgetsFromArgs(args.budgets),
      ...(args.maxArea === undefined ? {} : { maxAreaUm2: args.maxArea }),
      ...(args.maxPower === undefined ? {} : { maxPowerMW: args.maxPower }),
      ...(args.enforceBuffers ? { enforceBufferSizes: true } : {}),
      ...devicesFromArgs(args, name),
    });
    if (!options.success) throw new UsageError(`invalid options: ${describeZod(options.error)}`);
    await runSemiDecoupled(options.data, run);
    bar.stop();
    if (run.shard !== undefined) return shardDone(args);
    printSemiDecoupled(await reportSemiDecoupled(args.out), args.json);
  } else if (args.name === 'rank-correlation') {
    const gridFlags = (['grid', 'pes', 'noc', 'offchip', 'l1', 'l2', 'dataflows'] as const).filter((flag) => args[flag] !== undefined);
    if (gridFlags.length > 0) throw new UsageError(`rank-correlation compares the accelerator instances of --instances FILE, not a grid: drop --${gridFlags.join(', --')}`);
    const { space, name, preset } = spaceFromArgs(args, RANK_CORRELATION_DEFAULTS);
    const instances = args.instances === undefined ? RANK_CORRELATION_DEFAULTS.instances : jsonFile(args.instances, 'instances file');
    const options = rankCorrelationExperimentSchema.safeParse({
      space: name,
      preset,
      candidates: candidatesFromArgs(args, space, RANK_CORRELATION_DEFAULTS.candidates),
      instances,
      ...devicesFromArgs(args, name),
    });
    if (!options.success) throw new UsageError(`invalid options: ${describeZod(options.error)}`);
    await runRankCorrelation(options.data, run);
    bar.stop();
    if (run.shard !== undefined) return shardDone(args);
    printRankCorrelation(await reportRankCorrelation(args.out), args.json);
  } else {
    const agents = await agentsExperiment();
    await agents.run(args, run);
    bar.stop();
    if (run.shard !== undefined) return shardDone(args);
    await agents.report(args.out, args.json);
  }
}

function shardDone(args: ExperimentArgs): void {
  process.stdout.write(`shard ${args.shard} of ${args.name} done in ${args.out}; when every shard is done: codesign-gym merge ${args.out}/results.shard-*.jsonl --out ${args.out}/results.jsonl && codesign-gym report ${args.out}\n`);
}

export const experimentCommand: CommandModule<object, ExperimentArgs> = {
  command: 'experiment <name>',
  describe: describeCommand('experiment'),
  builder: (yargs: Argv) =>
    accuracyOptions(gridOptions(yargs))
      .positional('name', { type: 'string', choices: STUDY_EXPERIMENTS, describe: 'which experiment' })
      .option('out', { type: 'string', demandOption: true, describe: 'output folder (results.jsonl, report.md, plots)' })
      .option('resume', { type: 'boolean', default: false, describe: 'continue an interrupted run in --out' })
      .option('shard', { type: 'string', describe: 'i/n: run only this shard (merge shards, then `report`)' })
      .option('workers', { type: 'number', default: 1, describe: 'worker threads' })
      .option('json', { type: 'boolean', default: false, describe: 'print the summary as JSON' })
      .option('space', { type: 'string', describe: `architecture space (${SPACE_NAMES.join(', ')})` })
      .option('preset', { type: 'string' })
      .option('archs', { type: 'string', describe: 'candidate architectures: JSON array or one key per line (default: those with a published accuracy)' })
      .option('sample', { type: 'number', describe: 'or this many sampled candidates' })
      .option('all', { type: 'boolean', default: false, describe: 'or all: every nasbench201 cell, all 9,999 published alphanet samples' })
      .option('seed', { type: 'number', default: 0, describe: 'seed of the candidate sample (and of synflow and fitted)' })
      .option('objective', { type: 'string', describe: `semi-decoupled: reduced sets against ${REDUCED_SET_OBJECTIVES.join(', ')} (default: latency, energy and EDP, each in turn)` })
      .option('metrics', { type: 'string', describe: `semi-decoupled: budget metrics to check, some of ${BUDGET_METRICS.join(', ')} (default all)` })
      .option('budgets', { type: 'string', default: 'breakpoints', describe: 'semi-decoupled: budgets of the optimality check: breakpoints (every step of the optimum) or a number of quantiles' })
      .option('max-area', { type: 'number', describe: 'semi-decoupled: leave out accelerators over this area (um^2)' })
      .option('max-power', { type: 'number', describe: 'semi-decoupled: leave out accelerators over this power (mW)' })
      .option('enforce-buffers', { type: 'boolean', default: false, describe: "semi-decoupled: a design whose layers need more L1/L2 than the accelerator has is infeasible" })
      .option('reference', { type: 'string', describe: 'semi-decoupled: JSON file with the reference accelerator (default the study acc-A, kcp_ws)' })
      .option('devices', { type: 'string', describe: 'nasbench201: published device latencies to compare with, e.g. pixel3,raspi4,eyeriss (or all)' })
      .option('instances', { type: 'string', describe: 'rank-correlation: JSON file [{name, hardware}] (default: the study acc-A/acc-B x kcp_ws/xp_ws/rs)' })
      .option('agents', { type: 'string', describe: 'agents: comma-separated agent names (default all)' })
      .option('seeds', { type: 'number', default: 5, describe: 'agents: seeds per agent and space' })
      .option('budget', { type: 'number', default: 200, describe: 'agents: evaluations per run' }) as unknown as Argv<ExperimentArgs>,
  handler: async (args) => {
    await runExperiment(args);
  },
};

export const reportCommand: CommandModule<object, { dir: string; json: boolean }> = {
  command: 'report <dir>',
  describe: describeCommand('report'),
  builder: (yargs: Argv) =>
    yargs.positional('dir', { type: 'string', demandOption: true }).option('json', { type: 'boolean', default: false }) as unknown as Argv<{ dir: string; json: boolean }>,
  handler: async (args) => {
    await rebuildReport(args.dir, args.json);
  },
};

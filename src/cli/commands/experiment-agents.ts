/** The agents experiment's part of `codesign-gym experiment` and `report`. */
import { resolve } from 'node:path';
import { isAgentModulePath, listAgents } from '../../../agents/index.js';
import { AGENTS_EXPERIMENT_DEFAULTS, agentsExperimentSchema, reportAgentsExperiment, runAgentsExperiment } from '../../../experiments/agents.js';
import type { ExperimentRun } from '../../../experiments/experiment.js';
import { UsageError } from '../io.js';
import type { ExperimentArgs } from './experiment.js';
import { candidatesFromArgs } from './experiment.js';
import { gridFromArgs, spaceFromNames } from '../design-args.js';
import { formatSummaryRows } from './benchmark.js';
import { oracleSpecFromArgs } from '../accuracy-args.js';

async function run(args: ExperimentArgs, experimentRun: ExperimentRun): Promise<void> {
  const { space, name, preset } = spaceFromNames(args.space ?? AGENTS_EXPERIMENT_DEFAULTS.space, args.preset);
  const agents = args.agents === undefined ? AGENTS_EXPERIMENT_DEFAULTS.agents : args.agents.split(',').map((a) => a.trim());
  for (const agent of agents) {
    if (!isAgentModulePath(agent) && !listAgents().includes(agent)) throw new UsageError(`unknown agent "${agent}"; expected some of ${listAgents().join(', ')}, or the path of an agent module`);
  }
  const accuracy = oracleSpecFromArgs(args);
  if (accuracy === undefined) throw new UsageError('the agents experiment needs accuracies: --accuracy none does not apply');
  const options = agentsExperimentSchema.safeParse({
    space: name,
    preset,
    candidates: candidatesFromArgs(args, space, AGENTS_EXPERIMENT_DEFAULTS.candidates),
    accuracy,
    reference: AGENTS_EXPERIMENT_DEFAULTS.reference,
    grid: gridFromArgs(args),
    agents: agents.map((agent) => (isAgentModulePath(agent) ? resolve(agent) : agent)),
    seeds: args.seeds,
    budget: args.budget,
  });
  if (!options.success) {
    const issue = options.error.issues[0]!;
    throw new UsageError(`invalid options: ${issue.path.map(String).join('.') || 'options'}: ${issue.message}`);
  }
  await runAgentsExperiment(options.data, experimentRun);
}

async function report(out: string, json: boolean): Promise<void> {
  const summary = await reportAgentsExperiment(out);
  if (json) {
    process.stdout.write(`${JSON.stringify({ rows: summary.rows, rankTable: summary.rankTable, optima: summary.optima, plots: summary.plots.map((p) => p.pngPath), report: summary.reportPath })}\n`);
    return;
  }
  process.stdout.write(`agents:\n${formatSummaryRows(summary.rows)}\nreport: ${summary.reportPath}\n`);
}

export const agentsExperiment = { run, report };

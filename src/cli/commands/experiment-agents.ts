/** The agents experiment's part of `codesign-gym experiment` and `report`. */
import { listAgents } from '../../../agents/index.js';
import { AGENTS_EXPERIMENT_DEFAULTS, agentsExperimentSchema, runAgentsExperiment } from '../../../experiments/agents.js';
import { reportAgents } from '../../../experiments/agents-report.js';
import type { ExperimentRun } from '../../../experiments/experiment.js';
import { UsageError } from '../io.js';
import type { ExperimentArgs } from './experiment.js';
import { candidatesFromArgs } from './experiment.js';
import { gridFromArgs, spaceFromNames } from '../design-args.js';
import { oracleSpecFromArgs } from '../accuracy-args.js';

async function run(args: ExperimentArgs, experimentRun: ExperimentRun): Promise<void> {
  const { space, name, preset } = spaceFromNames(args.space ?? AGENTS_EXPERIMENT_DEFAULTS.space, args.preset);
  const agents = args.agents === undefined ? AGENTS_EXPERIMENT_DEFAULTS.agents : args.agents.split(',').map((a) => a.trim());
  for (const agent of agents) if (!listAgents().includes(agent)) throw new UsageError(`unknown agent "${agent}"; expected some of ${listAgents().join(', ')}`);
  const accuracy = oracleSpecFromArgs(args);
  if (accuracy === undefined) throw new UsageError('the agents experiment needs accuracies: --accuracy none does not apply');
  const options = agentsExperimentSchema.safeParse({
    space: name,
    preset,
    candidates: candidatesFromArgs(args, space, AGENTS_EXPERIMENT_DEFAULTS.candidates),
    accuracy,
    reference: AGENTS_EXPERIMENT_DEFAULTS.reference,
    grid: gridFromArgs(args),
    agents,
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
  const summary = await reportAgents(out);
  if (json) {
    process.stdout.write(`${JSON.stringify({ ...summary, plots: summary.plots.map((p) => p.pngPath) })}\n`);
    return;
  }
  // A median is "not reached" when fewer than half of the runs got there within the budget.
  const evaluations = (median: number | null): string => (median === null ? 'not reached' : `${median} evaluations`);
  const lines = summary.rows.map(
    (r) =>
      `  ${r.agent.padEnd(10)} ${r.space.padEnd(8)} optimum in ${r.reached}/${r.runs} runs; median to the optimum: ${evaluations(r.medianToOptimum)}, to within 1%: ${evaluations(r.medianToWithin1Percent)}`,
  );
  process.stdout.write(`agents:\n${lines.join('\n')}\nreport: ${summary.reportPath}\n`);
}

export const agentsExperiment = { run, report };

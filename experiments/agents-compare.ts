/**
 * Agent comparison (a benchmark, not a test): on AcceleratorDesign-v0 for resnet50 over the study's
 * grid, whose optimum exhaustive search finds, each agent runs once per seed with the same budget;
 * the report gives the median number of evaluations to reach the optimum and to come within 1% of it
 * (latency), and BO's time per iteration at 500 observations.
 *
 * Run: `npm run build && node dist/experiments/agents-compare.js [--seeds 10] [--budget 500]
 * [--agents random,evolution,bo,reinforce,ppo] [--out runs.jsonl] [--json] [--no-timing]`.
 * With `--out`, every run is appended as a JSON line as soon as it ends, and runs already in the file
 * are not repeated (an interrupted comparison resumes).
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { lastValueFrom, takeWhile, toArray } from 'rxjs';
import { AGENTS, BayesianOptimizationAgent, enumerateChoices, makeAgent, type Agent, type SearchEvent, type SearchStepEvent } from '../agents/index.js';
import '../envs/index.js';
import { listEnvs, make, MultiDiscrete, type Env } from '../src/gym/index.js';
import { formatTable } from '../src/report/table.js';
import { loadTfjs } from '../src/tfjs/backend.js';

export const ACCELERATOR_DESIGN_ID = 'AcceleratorDesign-v0';

export interface AgentComparisonOptions {
  /** Agent names from the agent table. Default: all. */
  readonly agents: readonly string[];
  /** Seeds 0 .. seeds - 1. Default 10. */
  readonly seeds: number;
  /** Evaluations per run. Default 500. */
  readonly budget: number;
  /** The workload. Default ['resnet50']. */
  readonly networks: readonly string[];
  /** "Within tolerance" means latency <= (1 + tolerance) x the optimum. Default 0.01. */
  readonly tolerance: number;
  /** Hyperparameter overrides by agent name. */
  readonly hyperparameters: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

export const AGENT_COMPARISON_DEFAULTS: AgentComparisonOptions = Object.freeze({
  agents: Object.keys(AGENTS),
  seeds: 10,
  budget: 500,
  networks: ['resnet50'],
  tolerance: 0.01,
  hyperparameters: {},
});

/** The grid's optimum, by evaluating every design. */
export interface GridOptimum {
  readonly latencyCycles: number;
  readonly designs: number;
  readonly optimalDesigns: number;
  readonly withinToleranceDesigns: number;
  /** The optimal actions, as the environment takes them. */
  readonly optimalActions: readonly number[][];
}

/** One agent, one seed. Evaluation counts are null when the run did not get there within the budget. */
export interface ComparisonRun {
  readonly agent: string;
  readonly seed: number;
  readonly budget: number;
  readonly evaluationsToOptimum: number | null;
  readonly evaluationsToWithinTolerance: number | null;
  readonly bestLatencyCycles: number | null;
  readonly evaluations: number;
  readonly wallTimeMs: number;
}

export interface AgentSummary {
  readonly agent: string;
  readonly runs: number;
  /** Median over seeds; null when the median run did not get there within the budget. */
  readonly medianToOptimum: number | null;
  readonly medianToWithinTolerance: number | null;
  readonly reachedOptimum: number;
  readonly reachedWithinTolerance: number;
  readonly medianWallTimeMs: number;
}

export interface AgentComparison {
  readonly options: AgentComparisonOptions;
  readonly optimum: GridOptimum;
  readonly runs: readonly ComparisonRun[];
  readonly summaries: readonly AgentSummary[];
  /** The TF.js backend the TF.js agents ran on (null when none ran). */
  readonly tfjsBackend: string | null;
}

export interface BoIterationTiming {
  readonly observations: number;
  readonly iterations: number;
  readonly meanSeconds: number;
  readonly medianSeconds: number;
  readonly maxSeconds: number;
}

/** The environment of the comparison. Throws a clear error when AcceleratorDesign-v0 is not registered. */
export function comparisonEnv(networks: readonly string[]): Env<unknown, unknown> {
  if (!listEnvs().includes(ACCELERATOR_DESIGN_ID)) {
    throw new Error(`${ACCELERATOR_DESIGN_ID} is not registered (envs/ not built yet); the comparison needs it`);
  }
  return make<string>(ACCELERATOR_DESIGN_ID, { networks: [...networks] });
}

function latencyOf(metrics: Readonly<Record<string, unknown>>): number | null {
  const latency = metrics['latencyCycles'];
  return metrics['feasible'] !== false && typeof latency === 'number' && latency > 0 ? latency : null;
}

/** Evaluates every design of the environment's MultiDiscrete action space (complete-design episodes). */
export function gridOptimum(env: Env<unknown, unknown>, tolerance: number): GridOptimum {
  const space = env.actionSpace;
  if (!(space instanceof MultiDiscrete)) throw new Error(`Expects a MultiDiscrete action space for exhaustive search, actual: ${String(space)}`);
  const actions = enumerateChoices(space.nvec).map((choices) => choices.map((choice, i) => choice + (space.start[i] as number)));
  const latencies: (number | null)[] = [];
  env.reset({ seed: 0 });
  for (const action of actions) {
    const { info, terminated, truncated } = env.step(action);
    const metrics = (info['metrics'] ?? {}) as Record<string, unknown>;
    latencies.push(latencyOf({ ...metrics, feasible: info['feasible'] }));
    if (terminated || truncated) env.reset();
  }
  const feasible = latencies.filter((latency): latency is number => latency !== null);
  if (feasible.length === 0) throw new Error('No design of the grid is feasible');
  const best = Math.min(...feasible);
  return {
    latencyCycles: best,
    designs: actions.length,
    optimalDesigns: feasible.filter((latency) => latency === best).length,
    withinToleranceDesigns: feasible.filter((latency) => latency <= best * (1 + tolerance)).length,
    optimalActions: actions.filter((_, i) => latencies[i] === best),
  };
}

/** Runs `agent` with `seed` until it evaluates an optimal design (then unsubscribes) or spends the budget. */
export async function runUntilOptimum(
  agent: Agent<object>,
  env: Env<unknown, unknown>,
  settings: { readonly seed: number; readonly budget: number; readonly optimumLatencyCycles: number; readonly tolerance: number },
): Promise<ComparisonRun> {
  const { seed, budget, optimumLatencyCycles, tolerance } = settings;
  const start = performance.now();
  const isOptimal = (event: SearchEvent): boolean => event.type === 'step' && latencyOf(event.metrics) === optimumLatencyCycles;
  const events = await lastValueFrom(agent.run(env, { budget, seed }).pipe(takeWhile((event) => !isOptimal(event), true), toArray()));
  const steps = events.filter((event): event is SearchStepEvent => event.type === 'step');
  const latencies = steps.map((step) => latencyOf(step.metrics));
  const first = (accept: (latency: number) => boolean): number | null => {
    const index = latencies.findIndex((latency) => latency !== null && accept(latency));
    return index < 0 ? null : (steps[index] as SearchStepEvent).evaluation;
  };
  const feasible = latencies.filter((latency): latency is number => latency !== null);
  return {
    agent: agent.name,
    seed,
    budget,
    evaluationsToOptimum: first((latency) => latency === optimumLatencyCycles),
    evaluationsToWithinTolerance: first((latency) => latency <= optimumLatencyCycles * (1 + tolerance)),
    bestLatencyCycles: feasible.length > 0 ? Math.min(...feasible) : null,
    evaluations: steps.length,
    wallTimeMs: performance.now() - start,
  };
}

/** The median, with null (not reached) counting as more than any number; null when the median is not reached. */
export function medianEvaluations(values: readonly (number | null)[]): number | null {
  if (values.length === 0) return null;
  const sorted = values.map((value) => value ?? Infinity).sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  return Number.isFinite(median) ? median : null;
}

/** Per-agent medians over the runs. */
export function summarise(runs: readonly ComparisonRun[], agents: readonly string[]): AgentSummary[] {
  return agents.map((agent) => {
    const own = runs.filter((run) => run.agent === agent);
    const times = own.map((run) => run.wallTimeMs).sort((a, b) => a - b);
    return {
      agent,
      runs: own.length,
      medianToOptimum: medianEvaluations(own.map((run) => run.evaluationsToOptimum)),
      medianToWithinTolerance: medianEvaluations(own.map((run) => run.evaluationsToWithinTolerance)),
      reachedOptimum: own.filter((run) => run.evaluationsToOptimum !== null).length,
      reachedWithinTolerance: own.filter((run) => run.evaluationsToWithinTolerance !== null).length,
      medianWallTimeMs: times.length === 0 ? 0 : (times[times.length >> 1] as number),
    };
  });
}

/**
 * Runs every agent for every seed (each agent on its own environment, whose cost-model cache the
 * seeds share). `previous` runs (from a results file) are kept and not repeated; `onRun` sees each new one.
 */
export async function compareAgents(
  options: Partial<AgentComparisonOptions> = {},
  hooks: { readonly previous?: readonly ComparisonRun[]; readonly onRun?: (run: ComparisonRun) => void } = {},
): Promise<AgentComparison> {
  const settings: AgentComparisonOptions = { ...AGENT_COMPARISON_DEFAULTS, ...options };
  const optimum = gridOptimum(comparisonEnv(settings.networks), settings.tolerance);
  const runs: ComparisonRun[] = [...(hooks.previous ?? [])].filter((run) => run.budget === settings.budget);
  let tfjsBackend: string | null = null;
  for (const name of settings.agents) {
    const agent = makeAgent(name, { ...(settings.hyperparameters[name] ?? {}) });
    if (AGENTS[name]?.tfjs === true) tfjsBackend = (await loadTfjs()).backend;
    const env = comparisonEnv(settings.networks);
    for (let seed = 0; seed < settings.seeds; seed++) {
      if (runs.some((run) => run.agent === name && run.seed === seed)) continue;
      const run = await runUntilOptimum(agent, env, {
        seed,
        budget: settings.budget,
        optimumLatencyCycles: optimum.latencyCycles,
        tolerance: settings.tolerance,
      });
      runs.push(run);
      hooks.onRun?.(run);
    }
  }
  const kept = runs.filter((run) => settings.agents.includes(run.agent) && run.seed < settings.seeds);
  return { options: settings, optimum, runs: kept, summaries: summarise(kept, settings.agents), tfjsBackend };
}

/**
 * BO's wall time per iteration once it holds `observations` observations: the gaps between the step
 * events of evaluations observations + 1 ... observations + iterations (each gap is one proposal,
 * amortised hyperparameter refits included, plus one environment step).
 */
export async function measureBoIteration(
  env: Env<unknown, unknown>,
  settings: { readonly observations?: number; readonly iterations?: number; readonly seed?: number } = {},
): Promise<BoIterationTiming> {
  const observations = settings.observations ?? 500;
  const iterations = settings.iterations ?? 20;
  const agent = new BayesianOptimizationAgent();
  const events = await lastValueFrom(agent.run(env, { budget: observations + iterations, seed: settings.seed ?? 0 }).pipe(toArray()));
  const times = events.filter((event): event is SearchStepEvent => event.type === 'step').map((event) => event.wallTimeMs);
  const gaps: number[] = [];
  for (let k = observations; k < observations + iterations; k++) gaps.push(((times[k] as number) - (times[k - 1] as number)) / 1000);
  const sorted = [...gaps].sort((a, b) => a - b);
  return {
    observations,
    iterations,
    meanSeconds: gaps.reduce((sum, gap) => sum + gap, 0) / gaps.length,
    medianSeconds: sorted[sorted.length >> 1] as number,
    maxSeconds: sorted.at(-1) as number,
  };
}

/** Whether BO and evolution reach within tolerance in a median of at most half the evaluations random search needs. */
export function halfOfRandom(summaries: readonly AgentSummary[], agent: string): boolean | null {
  const random = summaries.find((summary) => summary.agent === 'random');
  const other = summaries.find((summary) => summary.agent === agent);
  if (random === undefined || other === undefined || other.runs === 0) return null;
  if (other.medianToWithinTolerance === null) return false;
  return other.medianToWithinTolerance <= (random.medianToWithinTolerance ?? Infinity) / 2;
}

/** The comparison as a text table with the optimum and the checks. */
export function formatAgentComparison(comparison: AgentComparison, timing?: BoIterationTiming): string {
  const { options, optimum } = comparison;
  const percent = `${Math.round(options.tolerance * 1000) / 10}%`;
  const shown = (value: number | null): string => (value === null ? `>${options.budget}` : String(value));
  const lines = [
    `${ACCELERATOR_DESIGN_ID} (${options.networks.join(', ')}), objective latency: ${optimum.designs} designs; optimum ${optimum.latencyCycles} cycles (${optimum.optimalDesigns} optimal, ${optimum.withinToleranceDesigns} within ${percent})`,
    `${options.seeds} seeds, budget ${options.budget}; TF.js backend: ${comparison.tfjsBackend ?? 'not used'}`,
    '',
    formatTable(comparison.summaries, [
      { header: 'agent', value: (row) => row.agent },
      { header: 'median evals to optimum', value: (row) => shown(row.medianToOptimum) },
      { header: `median evals to within ${percent}`, value: (row) => shown(row.medianToWithinTolerance) },
      { header: 'seeds reaching optimum', value: (row) => `${row.reachedOptimum}/${row.runs}` },
      { header: `seeds within ${percent}`, value: (row) => `${row.reachedWithinTolerance}/${row.runs}` },
      { header: 'median run s', value: (row) => row.medianWallTimeMs / 1000, digits: 2 },
    ]).trimEnd(),
  ];
  for (const agent of ['bo', 'evolution']) {
    const check = halfOfRandom(comparison.summaries, agent);
    if (check !== null) lines.push(`${agent} within ${percent} in at most half of random's median evaluations: ${check ? 'yes' : 'NO'}`);
  }
  if (timing !== undefined) {
    lines.push(
      `BO time per iteration at ${timing.observations} observations (${timing.iterations} iterations): mean ${timing.meanSeconds.toFixed(3)} s, median ${timing.medianSeconds.toFixed(3)} s, max ${timing.maxSeconds.toFixed(3)} s`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function readRuns(path: string): ComparisonRun[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as ComparisonRun);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seeds: { type: 'string', default: String(AGENT_COMPARISON_DEFAULTS.seeds) },
      budget: { type: 'string', default: String(AGENT_COMPARISON_DEFAULTS.budget) },
      agents: { type: 'string', default: AGENT_COMPARISON_DEFAULTS.agents.join(',') },
      out: { type: 'string' },
      json: { type: 'boolean', default: false },
      'no-timing': { type: 'boolean', default: false },
      'timing-observations': { type: 'string', default: '500' },
    },
  });
  const integer = (text: string, name: string): number => {
    const value = Number(text);
    if (!Number.isSafeInteger(value) || value < 1) throw new Error(`Expects --${name} to be a positive integer, actual: ${text}`);
    return value;
  };
  const options: Partial<AgentComparisonOptions> = {
    seeds: integer(values.seeds, 'seeds'),
    budget: integer(values.budget, 'budget'),
    agents: values.agents.split(',').filter((name) => name !== ''),
  };
  const out = values.out;
  const comparison = await compareAgents(options, {
    previous: out === undefined ? [] : readRuns(out),
    onRun: (run) => {
      if (out !== undefined) appendFileSync(out, `${JSON.stringify(run)}\n`);
      process.stderr.write(`${run.agent} seed ${run.seed}: optimum at ${run.evaluationsToOptimum ?? '-'}, within tolerance at ${run.evaluationsToWithinTolerance ?? '-'} (${(run.wallTimeMs / 1000).toFixed(1)} s)\n`);
    },
  });
  const timing = values['no-timing']
    ? undefined
    : await measureBoIteration(comparisonEnv(comparison.options.networks), { observations: integer(values['timing-observations'], 'timing-observations') });
  if (values.json) process.stdout.write(`${JSON.stringify({ ...comparison, boIteration: timing ?? null })}\n`);
  else process.stdout.write(formatAgentComparison(comparison, timing));
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    process.stderr.write(`agents-compare: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}

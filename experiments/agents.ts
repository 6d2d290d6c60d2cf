/**
 * The agents experiment: which search algorithm finds good co-designs fastest, on the full and on the
 * reduced (semi-decoupled) space of any candidates, grid and oracle? Two tasks run by the agent
 * benchmark's runner and reported by its report (success-rate and best-so-far curves, medians with
 * bootstrap CIs, Mann-Whitney U against random search, ranks).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import type { AccuracyOracle, AccuracyResult } from '../src/accuracy/oracle.js';
import { paretoFront } from '../src/analysis/pareto.js';
import { CostModel } from '../src/costmodel/evaluate.js';
import type { Env } from '../src/gym/index.js';
import { createSpace, SPACE_NAMES, type ArchitectureSpace } from '../src/workloads/index.js';
import { CoDesign } from '../envs/co-design.js';
import { completeGrid, gridSize, hardwareDesignSchema, partialGridSchema, REFERENCE_ACCELERATOR } from '../envs/hardware-grid.js';
import { writeBenchmarkReport, type BenchmarkSummary } from './benchmark/report.js';
import { checkAgents, runAgentOnTask, type BenchmarkPayload, type BenchmarkRunRecord } from './benchmark/run.js';
import type { BenchmarkTask, TaskMetric, TaskOptimum } from './benchmark/tasks.js';
import { prepareOutput, readManifest, resultsPath, type ExperimentRun } from './experiment.js';
import { oracleSpecSchema, loadOracle, PUBLISHED_ORACLE } from './oracles.js';
import { candidateKeys, candidateSpecSchema } from './candidates.js';
import { CandidateEvaluator, type CandidateRecord } from './semi-decoupled.js';
import { runTasks, type TaskRunSummary, type WorkItem } from './task-runner.js';

export const agentsExperimentSchema = z.strictObject({
  space: z.enum(SPACE_NAMES),
  preset: z.string().optional(),
  candidates: candidateSpecSchema,
  accuracy: oracleSpecSchema,
  reference: hardwareDesignSchema,
  grid: partialGridSchema,
  agents: z.array(z.string()).nonempty(),
  seeds: z.number().int().positive().max(1000),
  budget: z.number().int().positive().max(100_000),
});
export type AgentsExperimentOptions = z.infer<typeof agentsExperimentSchema>;

export const AGENTS_EXPERIMENT_DEFAULTS: AgentsExperimentOptions = {
  space: 'nasbench201',
  candidates: { sample: 200, seed: 0 },
  accuracy: PUBLISHED_ORACLE,
  reference: REFERENCE_ACCELERATOR,
  grid: {},
  agents: ['random', 'evolution', 'bo', 'reinforce', 'ppo'],
  seeds: 5,
  budget: 200,
};

/** The co-design problem both spaces share: candidates, reduced set, latency budget and optimum. */
export interface AgentsProblem {
  keys: string[];
  reducedSet: string[];
  latencyBudgetCycles: number;
  /** The highest accuracy (top-1 %, or the oracle's score) within the budget in the full space, and in the reduced one. */
  optimumAccuracy: { full: number; reduced: number };
  records: CandidateRecord[];
}

export const AGENT_SPACES = ['full', 'reduced'] as const;
export type AgentSpace = (typeof AGENT_SPACES)[number];
/** An oracle answering from already computed candidate records (the envs only see candidates). */
function recordOracle(space: ArchitectureSpace<unknown>, records: readonly CandidateRecord[]): AccuracyOracle<unknown> {
  const byKey = new Map(records.map((r) => [r.architecture, r]));
  const kind = records[0]?.accuracyKind ?? 'top1';
  return {
    kind,
    source: kind === 'score' ? 'synflow' : 'table',
    description: records[0]?.accuracySource ?? 'candidate records',
    accuracy(arch: unknown): AccuracyResult {
      const record = byKey.get(space.key(arch));
      if (record === undefined) throw new TypeError(`no accuracy for ${space.key(arch)}`);
      return record.accuracyKind === 'score'
        ? { kind: 'score', score: record.accuracy, source: 'synflow', oracle: record.accuracySource, cached: true }
        : { kind: 'top1', top1: record.accuracy, source: 'table', oracle: record.accuracySource };
    },
  };
}

/** Evaluates the candidates and fixes the budget, the reduced set and the optimum. */
export async function agentsProblem(options: AgentsExperimentOptions): Promise<AgentsProblem> {
  const space = createSpace(options.space, options.preset) as ArchitectureSpace<unknown>;
  const keys = candidateKeys(space, options.candidates);
  const evaluator = new CandidateEvaluator({ ...options, objective: 'latency', budgets: 1 }, await loadOracle(options.accuracy, space));
  const records = keys.map((key, i) => evaluator.evaluate(i, key));
  const usable = records.filter((r) => r.reference.feasible && r.reference.latencyCycles !== null);
  const front = paretoFront(usable.map((r) => [r.accuracy, r.reference.latencyCycles!]), ['max', 'min']).map((i) => usable[i]!.architecture);
  const bests = records.filter((r) => r.bestLatency !== null).map((r) => r.bestLatency!.value).sort((a, b) => a - b);
  const latencyBudgetCycles = bests[Math.floor(bests.length / 2)]!;
  const optimum = (within: ReadonlySet<string> | undefined): number =>
    Math.max(...records.filter((r) => r.bestLatency !== null && r.bestLatency.value <= latencyBudgetCycles && (within === undefined || within.has(r.architecture))).map((r) => r.accuracy));
  return { keys, reducedSet: front, latencyBudgetCycles, optimumAccuracy: { full: optimum(undefined), reduced: optimum(new Set(front)) }, records };
}

/** The CoDesign environment of one space of the experiment. */
export function agentsEnv(options: AgentsExperimentOptions, problem: AgentsProblem, which: AgentSpace, model: CostModel): CoDesign {
  const space = createSpace(options.space, options.preset) as ArchitectureSpace<unknown>;
  const architectures = (which === 'full' ? problem.keys : problem.reducedSet) as [string, ...string[]];
  return new CoDesign(
    {
      space: options.space,
      ...(options.preset === undefined ? {} : { preset: options.preset }),
      architectures,
      grid: completeGrid(options.grid),
      oracle: recordOracle(space, problem.records),
      objective: 'accuracy',
      latencyBudgetCycles: problem.latencyBudgetCycles,
    },
    model,
  );
}

/** The accuracy metric of the experiment's tasks (top-1 %, or the oracle's score). */
const ACCURACY: TaskMetric = { field: 'accuracy', sense: 'max', label: 'accuracy (top-1 %, or the oracle score) within the latency budget' };

/** The experiment's two tasks, `<space>/full` and `<space>/reduced`, for the benchmark's runner and report. */
export function agentsTasks(options: AgentsExperimentOptions, problem: AgentsProblem): { task: BenchmarkTask; optimum: TaskOptimum }[] {
  const grid = Number(gridSize(completeGrid(options.grid)));
  const score = problem.records[0]?.accuracyKind === 'score';
  const metric: TaskMetric = score ? { ...ACCURACY, label: 'log10(1 + proxy score) within the latency budget', logScale: true } : ACCURACY;
  return AGENT_SPACES.map((which) => {
    const architectures = which === 'full' ? problem.keys.length : problem.reducedSet.length;
    const task: BenchmarkTask = {
      id: `${options.space}/${which}`,
      description: `CoDesign over ${which === 'full' ? `all ${architectures} candidates` : `the reduced set of ${architectures} (the accuracy-latency front on ${options.reference.numPes} PEs, ${options.reference.dataflow})`} x ${grid} accelerators: the most accurate design within ${problem.latencyBudgetCycles} cycles (the candidates' median best latency).`,
      metric,
      budget: options.budget,
      quickBudget: options.budget,
      makeEnv: async (model) => agentsEnv(options, problem, which, model),
      computeOptimum: async () => optimumOf(which),
    };
    const optimumOf = (space: AgentSpace): TaskOptimum => ({
      value: score ? Math.log10(1 + Math.max(0, problem.optimumAccuracy[space])) : problem.optimumAccuracy[space],
      designs: architectures * grid,
      withinOnePercent: null,
      method: "each candidate's best latency over the grid (exact: runtime never grows with bandwidth)",
    });
    return { task, optimum: optimumOf(which) };
  });
}

/** Runs: task (full, reduced), then agent, then seed. */
export function agentTasks(options: AgentsExperimentOptions, problem: AgentsProblem): AgentsPayload[] {
  const runs: AgentsPayload[] = [];
  for (const { task, optimum } of agentsTasks(options, problem)) {
    for (const agent of options.agents) {
      for (let seed = 0; seed < options.seeds; seed++) {
        runs.push({ options, run: { task: task.id, agent, seed, budget: options.budget, optimum: optimum.value, index: runs.length } });
      }
    }
  }
  return runs;
}

export interface AgentsPayload {
  options: AgentsExperimentOptions;
  run: BenchmarkPayload;
}

const problems = new Map<string, Promise<AgentsProblem>>();
const environments = new Map<string, Env<unknown, unknown>>();

/** Runs one agent on one of the experiment's spaces with one seed (problem and environments built once per thread). */
export async function runAgent(options: AgentsExperimentOptions, run: BenchmarkPayload, model: CostModel): Promise<BenchmarkRunRecord> {
  const key = JSON.stringify(options);
  let problem = problems.get(key);
  if (problem === undefined) problems.set(key, (problem = agentsProblem(options)));
  const tasks = agentsTasks(options, await problem);
  const { task } = tasks.find((entry) => entry.task.id === run.task)!;
  let env = environments.get(`${key}/${task.id}`);
  if (env === undefined) environments.set(`${key}/${task.id}`, (env = await task.makeEnv(model)));
  return runAgentOnTask(task, env, run);
}

export async function runAgentsExperiment(options: AgentsExperimentOptions, run: ExperimentRun): Promise<TaskRunSummary> {
  checkAgents(options.agents);
  prepareOutput(run, { experiment: 'agents', options });
  const model = new CostModel();
  const problem = await agentsProblem(options);
  writeFileSync(join(run.out, 'optima.json'), `${JSON.stringify(Object.fromEntries(agentsTasks(options, problem).map(({ task, optimum }) => [task.id, optimum])), null, 2)}\n`);
  const items: WorkItem<AgentsPayload>[] = agentTasks(options, problem).map((payload) => ({ indices: [payload.run.index], payload }));
  return runTasks(
    {
      manifest: { experiment: 'agents', options },
      items,
      evaluate: async (item) => [await runAgent(item.payload.options, item.payload.run, model)],
      workerModule: new URL('./agents-worker.js', import.meta.url),
    },
    { out: resultsPath(run.out, run.shard), resume: run.resume, shard: run.shard, workers: run.workers, onProgress: (done, total) => run.onProgress?.('agents', done, total) },
  );
}

/** Rebuilds the agents folder's report (the benchmark's report over the experiment's two tasks). */
export async function reportAgentsExperiment(out: string): Promise<BenchmarkSummary> {
  const options = readManifest(out).options as AgentsExperimentOptions;
  const problem = await agentsProblem(options);
  return writeBenchmarkReport(out, {
    title: `Agents on the full and the reduced co-design space: ${options.space}`,
    tasks: agentsTasks(options, problem).map(({ task }) => ({ id: task.id, description: task.description, metric: task.metric })),
    agents: options.agents,
    seeds: options.seeds,
  });
}

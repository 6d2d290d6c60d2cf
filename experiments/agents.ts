/**
 * The agents experiment: which search algorithm finds good co-designs fastest, on the full and on the
 * reduced (semi-decoupled) space? Every agent on both CoDesign spaces for several seeds; best reward
 * so far against evaluations, and evaluations to reach the exhaustively known optimum.
 */
import { lastValueFrom, tap } from 'rxjs';
import * as z from 'zod';
import { makeAgent, listAgents, type SearchEvent } from '../agents/index.js';
import type { AccuracyOracle, AccuracyResult } from '../src/accuracy/oracle.js';
import { paretoFront } from '../src/analysis/pareto.js';
import { CostModel } from '../src/costmodel/evaluate.js';
import { readResults, type ResultRecord } from '../src/report/result-log.js';
import { createSpace, SPACE_NAMES, type ArchitectureSpace } from '../src/workloads/index.js';
import { CoDesign } from '../envs/co-design.js';
import { completeGrid, hardwareDesignSchema, partialGridSchema, REFERENCE_ACCELERATOR } from '../envs/hardware-grid.js';
import { prepareOutput, resultsPath, type ExperimentRun } from './experiment.js';
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
  /** The highest reward any design of the full space reaches (and the reduced space's). */
  optimumReward: { full: number; reduced: number };
  records: CandidateRecord[];
}

export const AGENT_SPACES = ['full', 'reduced'] as const;

/** One agent run. */
export interface AgentRunRecord extends ResultRecord {
  agent: string;
  space: (typeof AGENT_SPACES)[number];
  seed: number;
  /** Best reward after each evaluation. */
  bestSoFar: number[];
  /** Evaluations until the best reward reached the space's optimum (null: never). */
  evaluationsToOptimum: number | null;
  /** Evaluations until within 1% of the optimum's reward (null: never). */
  evaluationsToWithin1Percent: number | null;
  best: { reward: number; design: unknown } | null;
  tfjsBackend: string | null;
  /** The space's optimum reward, and its size in designs. */
  optimumReward: number;
  designs: number;
}

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

/** The reward of an accuracy under the environments' `accuracy` objective (see envs/objective.ts). */
function accuracyReward(record: CandidateRecord): number {
  return record.accuracyKind === 'score' ? Math.log10(1 + Math.max(0, record.accuracy)) / 100 : record.accuracy / 100;
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
    Math.max(...records.filter((r) => r.bestLatency !== null && r.bestLatency.value <= latencyBudgetCycles && (within === undefined || within.has(r.architecture))).map(accuracyReward));
  return { keys, reducedSet: front, latencyBudgetCycles, optimumReward: { full: optimum(undefined), reduced: optimum(new Set(front)) }, records };
}

/** The CoDesign environment of one space of the experiment. */
export function agentsEnv(options: AgentsExperimentOptions, problem: AgentsProblem, which: (typeof AGENT_SPACES)[number], model: CostModel): CoDesign {
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

function firstReaching(curve: readonly number[], target: number): number | null {
  const index = curve.findIndex((value) => value >= target);
  return index < 0 ? null : index + 1;
}

/** Runs one agent on one space with one seed. */
export async function runAgent(options: AgentsExperimentOptions, problem: AgentsProblem, task: { index: number; agent: string; space: (typeof AGENT_SPACES)[number]; seed: number }, model: CostModel): Promise<AgentRunRecord> {
  const env = agentsEnv(options, problem, task.space, model);
  const curve: number[] = [];
  let best = Number.NEGATIVE_INFINITY;
  const events = makeAgent(task.agent)
    .run(env, { budget: options.budget, seed: task.seed })
    .pipe(
      tap((event: SearchEvent) => {
        if (event.type === 'step') {
          best = Math.max(best, event.reward);
          curve.push(best);
        }
      }),
    );
  const done = await lastValueFrom(events);
  if (done.type !== 'done') throw new TypeError(`the ${task.agent} agent's events did not end with a done event`);
  env.close();
  const optimum = problem.optimumReward[task.space];
  const within = optimum >= 0 ? optimum * 0.99 : optimum * 1.01;
  return {
    index: task.index,
    agent: task.agent,
    space: task.space,
    seed: task.seed,
    bestSoFar: curve,
    evaluationsToOptimum: firstReaching(curve, optimum - 1e-12),
    evaluationsToWithin1Percent: firstReaching(curve, within),
    best: done.best === null ? null : { reward: done.best.reward, design: done.best.design },
    tfjsBackend: done.tfjsBackend,
    optimumReward: optimum,
    designs: Number(env.problem.spaceSize),
  };
}

export interface AgentsPayload {
  options: AgentsExperimentOptions;
  task: { index: number; agent: string; space: (typeof AGENT_SPACES)[number]; seed: number };
}

/** Tasks: agent-major, then space, then seed. */
export function agentTasks(options: AgentsExperimentOptions): AgentsPayload['task'][] {
  const tasks: AgentsPayload['task'][] = [];
  for (const agent of options.agents) for (const space of AGENT_SPACES) for (let seed = 0; seed < options.seeds; seed++) tasks.push({ index: tasks.length, agent, space, seed });
  return tasks;
}

export async function runAgentsExperiment(options: AgentsExperimentOptions, run: ExperimentRun): Promise<TaskRunSummary> {
  for (const agent of options.agents) if (!listAgents().includes(agent)) throw new TypeError(`unknown agent "${agent}"; expected some of ${listAgents().join(', ')}`);
  prepareOutput(run, { experiment: 'agents', options });
  let problem: Promise<AgentsProblem> | undefined;
  const model = new CostModel();
  const items: WorkItem<AgentsPayload>[] = agentTasks(options).map((task) => ({ indices: [task.index], payload: { options, task } }));
  return runTasks(
    {
      manifest: { experiment: 'agents', options },
      items,
      evaluate: async (item) => {
        problem ??= agentsProblem(options);
        return [await runAgent(options, await problem, item.payload.task, model)];
      },
      workerModule: new URL('./agents-worker.js', import.meta.url),
    },
    { out: resultsPath(run.out, run.shard), resume: run.resume, shard: run.shard, workers: run.workers, onProgress: (done, total) => run.onProgress?.('agents', done, total) },
  );
}

/** Reads an agents folder's run records. */
export function readAgentRuns(path: string): AgentRunRecord[] {
  return readResults(path).records as AgentRunRecord[];
}

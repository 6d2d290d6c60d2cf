/**
 * Running the agent benchmark: every agent on every task for many seeds, one JSON line per run,
 * resumable and shardable like sweeps (the task runner), each run's best-so-far curve recorded per
 * evaluation (a distinct design).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { lastValueFrom, takeWhile, tap } from 'rxjs';
import * as z from 'zod';
import { listAgents, resolveAgent, type SearchEvent } from '../../agents/index.js';
import { CostModel } from '../../src/costmodel/evaluate.js';
import type { ResultRecord } from '../../src/report/result-log.js';
import { prepareOutput, resultsPath, type ExperimentRun } from '../experiment.js';
import { runTasks, type TaskRunSummary, type WorkItem } from '../task-runner.js';
import type { Env } from '../../src/gym/index.js';
import { BENCHMARK_VERSION, benchmarkTask, benchmarkTasks, metricValue, quality, withinTolerance, type BenchmarkTask, type TaskOptimum } from './tasks.js';

/** Agents of a default benchmark: every shipped agent. */
export const BENCHMARK_AGENTS = ['random', 'evolution', 'bo', 'reinforce', 'ppo'] as const;
/** Seeds per agent and task. */
export const BENCHMARK_SEEDS = 20;
export const QUICK_SEEDS = 5;
/** Tasks of the quick variant. */
export const QUICK_TASKS = ['accelerator/resnet50-edp', 'accelerator/multi-network-edp'] as const;

export const benchmarkOptionsSchema = z.strictObject({
  version: z.literal(BENCHMARK_VERSION),
  /** Task ids (default: every task). */
  tasks: z.array(z.string()).nonempty(),
  /** Shipped agent names or absolute paths of agent modules. */
  agents: z.array(z.string()).nonempty(),
  seeds: z.number().int().positive().max(10_000),
  quick: z.boolean(),
});
export type BenchmarkOptions = z.infer<typeof benchmarkOptionsSchema>;

/** The benchmark's default options (the full suite), or the quick variant's. */
export function benchmarkDefaults(quick: boolean): BenchmarkOptions {
  return {
    version: BENCHMARK_VERSION,
    tasks: (quick ? [...QUICK_TASKS] : benchmarkTasks().map((task) => task.id)) as [string, ...string[]],
    agents: [...BENCHMARK_AGENTS],
    seeds: quick ? QUICK_SEEDS : BENCHMARK_SEEDS,
    quick,
  };
}

/** One run of one agent on one task with one seed. */
export interface BenchmarkRunRecord extends ResultRecord {
  task: string;
  /** The agent as named in the options (a shipped name or a module path). */
  agent: string;
  /** The name the agent reports (`agent.name`). */
  agentName: string;
  seed: number;
  budget: number;
  /** Best-so-far quality (optimum / value, or value / optimum; 0 while nothing feasible was found) after each evaluation 1 .. budget. */
  bestQuality: number[];
  /** The evaluation at which the run first came within 1% of the optimum (null: never). */
  withinOnePercentAt: number | null;
  /** The evaluation at which it evaluated an optimal design (null: never); the run stops there. */
  optimumAt: number | null;
  /** The best metric value found (null: no feasible design) and its design. */
  best: { value: number | null; design: unknown };
  evaluations: number;
  steps: number;
  repeats: number;
  /** Why the run ended: 'optimum' (stopped at an optimal design), or the done event's reason. */
  reason: string;
  evaluationUnit: string;
  tfjsBackend: string | null;
  /** Wall time of the run (differs between runs; not part of any statistic). */
  wallTimeMs: number;
}

export interface BenchmarkPayload {
  task: string;
  agent: string;
  /** Hyperparameters overriding the agent's defaults (none in the benchmark itself). */
  hyperparameters?: Record<string, unknown>;
  seed: number;
  budget: number;
  optimum: number;
  index: number;
}

function budgetOf(taskId: string, quick: boolean): number {
  const task = benchmarkTask(taskId);
  return quick ? task.quickBudget : task.budget;
}

/** Runs: task-major, then agent, then seed. */
export function benchmarkRuns(options: BenchmarkOptions, optima: ReadonlyMap<string, TaskOptimum>): BenchmarkPayload[] {
  const runs: BenchmarkPayload[] = [];
  for (const task of options.tasks) {
    const optimum = optima.get(task);
    if (optimum === undefined) throw new Error(`no optimum for task ${task}`);
    for (const agent of options.agents) for (let seed = 0; seed < options.seeds; seed++) runs.push({ task, agent, seed, budget: budgetOf(task, options.quick), optimum: optimum.value, index: runs.length });
  }
  return runs;
}

/** Where optima are cached: `$CODESIGN_GYM_CACHE/benchmark-v<version>/` (else `~/.cache/codesign-gym`, as synflow scores). */
export function optimumCachePath(taskId: string): string {
  const folder = process.env['CODESIGN_GYM_CACHE'] ?? join(homedir(), '.cache', 'codesign-gym');
  return join(folder, `benchmark-v${BENCHMARK_VERSION}`, `${taskId.replace(/[^a-zA-Z0-9_.-]+/g, '_')}.json`);
}

/** The exact optimum of a task, from the cache or computed (and cached). */
export async function taskOptimum(taskId: string, model: CostModel = new CostModel()): Promise<TaskOptimum> {
  const path = optimumCachePath(taskId);
  if (existsSync(path)) {
    try {
      return JSON.parse(readFileSync(path, 'utf8')) as TaskOptimum;
    } catch {
      // A damaged cache file is recomputed.
    }
  }
  const optimum = await benchmarkTask(taskId).computeOptimum(model);
  try {
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, `${JSON.stringify(optimum)}\n`);
  } catch {
    // A read-only cache only costs the recomputation next time.
  }
  return optimum;
}

const envs = new Map<string, Promise<Env<unknown, unknown>>>();

/** Runs one agent on one benchmark task with one seed (the environment is built once per task and thread). */
export async function runBenchmarkRun(payload: BenchmarkPayload, model: CostModel): Promise<BenchmarkRunRecord> {
  const task = benchmarkTask(payload.task);
  let envPromise = envs.get(task.id);
  if (envPromise === undefined) {
    envPromise = task.makeEnv(model);
    envs.set(task.id, envPromise);
  }
  return runAgentOnTask(task, await envPromise, payload);
}

/** Runs one agent on `env` (the environment of `task`) with one seed, recording its best-so-far curve. */
export async function runAgentOnTask(task: Pick<BenchmarkTask, 'id' | 'metric'>, env: Env<unknown, unknown>, payload: BenchmarkPayload): Promise<BenchmarkRunRecord> {
  const agent = await resolveAgent(payload.agent, payload.hyperparameters ?? {});
  const curve: number[] = [];
  let bestQuality = 0;
  let best: { value: number | null; design: unknown } = { value: null, design: null };
  let withinAt: number | null = null;
  let optimumAt: number | null = null;
  let last: { evaluations: number; steps: number; repeats: number } = { evaluations: 0, steps: 0, repeats: 0 };
  let done: SearchEvent | undefined;
  const start = performance.now();
  const atOptimum = (event: SearchEvent): boolean => event.type === 'step' && optimumAt !== null && optimumAt === event.evaluation && !event.repeat;
  await lastValueFrom(
    agent.run(env, { budget: payload.budget, seed: payload.seed }).pipe(
      tap((event: SearchEvent) => {
        if (event.type === 'done') {
          done = event;
          last = { evaluations: event.evaluations, steps: event.steps, repeats: event.repeats };
          return;
        }
        if (event.type !== 'step') return;
        last = { evaluations: event.evaluation, steps: event.envStep, repeats: last.repeats + (event.repeat ? 1 : 0) };
        const value = metricValue(task.metric, event.metrics);
        const q = quality(task.metric, value, payload.optimum);
        if (event.design !== null && q > bestQuality) {
          bestQuality = q;
          best = { value, design: event.design };
        } else if (best.design === null && event.design !== null) {
          best = { value, design: event.design };
        }
        if (withinAt === null && withinTolerance(task.metric, value, payload.optimum)) withinAt = event.evaluation;
        if (optimumAt === null && value !== null && quality(task.metric, value, payload.optimum) >= 1 - 1e-12) optimumAt = event.evaluation;
        while (curve.length < event.evaluation) curve.push(bestQuality);
        curve[event.evaluation - 1] = bestQuality;
      }),
      // An optimal design ends the run: the best so far cannot improve.
      takeWhile((event) => !atOptimum(event), true),
    ),
    { defaultValue: undefined },
  );
  const stoppedAtOptimum = optimumAt !== null && done === undefined;
  while (curve.length < payload.budget && (stoppedAtOptimum || curve.length > 0)) curve.push(curve.length === 0 ? 0 : (curve[curve.length - 1] as number));
  while (curve.length < payload.budget) curve.push(0);
  const doneEvent = done as (SearchEvent & { type: 'done' }) | undefined;
  return {
    index: payload.index,
    version: BENCHMARK_VERSION,
    task: task.id,
    agent: payload.agent,
    agentName: agent.name,
    seed: payload.seed,
    budget: payload.budget,
    bestQuality: curve.map((q) => Math.round(q * 1e6) / 1e6),
    withinOnePercentAt: withinAt,
    optimumAt,
    best,
    evaluations: last.evaluations,
    steps: last.steps,
    repeats: last.repeats,
    reason: stoppedAtOptimum ? 'optimum' : (doneEvent?.reason ?? 'budget'),
    evaluationUnit: doneEvent?.evaluationUnit ?? 'design',
    tfjsBackend: doneEvent?.tfjsBackend ?? null,
    wallTimeMs: Math.round(performance.now() - start),
  };
}

/** Checks agent names (shipped, or module paths that exist). */
export function checkAgents(agents: readonly string[]): void {
  for (const agent of agents) {
    if (agent.startsWith('/') || agent.includes('\\')) {
      if (!existsSync(agent)) throw new Error(`agent module ${agent} does not exist`);
    } else if (!listAgents().includes(agent)) {
      throw new Error(`unknown agent "${agent}"; expected some of ${listAgents().join(', ')}, or the path of an agent module`);
    }
  }
}

/** Runs (or resumes) the benchmark into `run.out`: optima first (cached), then every run. */
export async function runBenchmark(options: BenchmarkOptions, run: ExperimentRun): Promise<TaskRunSummary & { optima: Record<string, TaskOptimum> }> {
  const parsed = benchmarkOptionsSchema.parse(options);
  for (const task of parsed.tasks) benchmarkTask(task);
  checkAgents(parsed.agents);
  prepareOutput(run, { experiment: 'benchmark', options: parsed });
  const model = new CostModel();
  const optima = new Map<string, TaskOptimum>();
  for (const [i, task] of parsed.tasks.entries()) {
    run.onProgress?.('optima', i, parsed.tasks.length);
    optima.set(task, await taskOptimum(task, model));
  }
  run.onProgress?.('optima', parsed.tasks.length, parsed.tasks.length);
  writeFileSync(join(run.out, 'optima.json'), `${JSON.stringify(Object.fromEntries(optima), null, 2)}\n`);
  const items: WorkItem<BenchmarkPayload>[] = benchmarkRuns(parsed, optima).map((payload) => ({ indices: [payload.index], payload }));
  const summary = await runTasks(
    {
      manifest: { experiment: 'benchmark', options: parsed },
      items,
      evaluate: async (item) => [await runBenchmarkRun(item.payload, model)],
      workerModule: new URL('./worker.js', import.meta.url),
    },
    { out: resultsPath(run.out, run.shard), resume: run.resume, shard: run.shard, workers: run.workers, onProgress: (done, total) => run.onProgress?.('runs', done, total) },
  );
  return { ...summary, optima: Object.fromEntries(optima) };
}

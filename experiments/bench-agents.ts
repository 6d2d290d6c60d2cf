/**
 * Agent speed (a benchmark, not a test): evaluations per second of every agent on AcceleratorDesign-v0
 * (resnet50, the study's grid; the environment's cache warmed first, so the figures measure the
 * agents), and BO's time per iteration at 500 observations.
 * Run: `npm run build && node dist/experiments/bench-agents.js [--json] [--observations 500]`.
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { lastValueFrom, toArray } from 'rxjs';
import { AGENTS, BayesianOptimizationAgent, forEachChoices, makeAgent, type SearchDoneEvent, type SearchStepEvent } from '../agents/index.js';
import { AcceleratorDesign } from '../envs/accelerator-design.js';
import type { Env, MultiDiscrete } from '../src/gym/index.js';
import { formatTable } from '../src/report/table.js';

export interface BoIterationTiming {
  readonly observations: number;
  readonly iterations: number;
  readonly meanSeconds: number;
  readonly medianSeconds: number;
  readonly maxSeconds: number;
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

export interface AgentSpeed {
  readonly agent: string;
  readonly evaluations: number;
  readonly seconds: number;
  readonly evaluationsPerSecond: number;
  readonly tfjsBackend: string | null;
}

export interface AgentsBench {
  readonly environment: string;
  readonly speeds: readonly AgentSpeed[];
  readonly boIteration: BoIterationTiming;
}

export interface AgentsBenchOptions {
  /** Evaluations per agent for the speed figures. Default 200. */
  readonly evaluations?: number;
  /** Observations BO holds when its iterations are timed. Default 500. */
  readonly observations?: number;
  /** Iterations timed. Default 10. */
  readonly iterations?: number;
}

/** Measures every agent of the agent table, then BO at `observations` observations. */
export async function benchAgents(options: AgentsBenchOptions = {}): Promise<AgentsBench> {
  const evaluations = options.evaluations ?? 200;
  const env = new AcceleratorDesign({ networks: ['resnet50'] });
  // Warm the environment's cache: every design evaluated once.
  env.reset({ seed: 0 });
  forEachChoices((env.actionSpace as MultiDiscrete).nvec, (choices) => {
    env.step(choices.slice());
    env.reset();
  });
  const speeds: AgentSpeed[] = [];
  for (const name of Object.keys(AGENTS)) {
    const start = performance.now();
    const done = (await lastValueFrom(makeAgent(name).run(env, { budget: evaluations, seed: 0 }))) as SearchDoneEvent;
    const seconds = (performance.now() - start) / 1000;
    speeds.push({ agent: name, evaluations: done.evaluations, seconds, evaluationsPerSecond: done.evaluations / seconds, tfjsBackend: done.tfjsBackend });
  }
  const boIteration = await measureBoIteration(env, { observations: options.observations ?? 500, iterations: options.iterations ?? 10 });
  return { environment: `${String(env)} (resnet50, cache warmed)`, speeds, boIteration };
}

export function formatAgentsBench(report: AgentsBench): string {
  const { boIteration } = report;
  return `${report.environment}\n${formatTable(report.speeds, [
    { header: 'agent', value: (row) => row.agent },
    { header: 'evaluations', value: (row) => row.evaluations },
    { header: 's', value: (row) => row.seconds, digits: 2 },
    { header: 'evaluations/s', value: (row) => Math.round(row.evaluationsPerSecond) },
    { header: 'TF.js backend', value: (row) => row.tfjsBackend ?? '-' },
  ])}BO time per iteration at ${boIteration.observations} observations: mean ${boIteration.meanSeconds.toFixed(3)} s, median ${boIteration.medianSeconds.toFixed(3)} s, max ${boIteration.maxSeconds.toFixed(3)} s (${boIteration.iterations} iterations)\n`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { json: { type: 'boolean', default: false }, observations: { type: 'string', default: '500' } } });
  const observations = Number(values.observations);
  if (!Number.isSafeInteger(observations) || observations < 1) throw new Error(`Expects --observations to be a positive integer, actual: ${values.observations}`);
  const report = await benchAgents({ observations });
  process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : formatAgentsBench(report));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error: unknown) => {
    process.stderr.write(`bench-agents: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}

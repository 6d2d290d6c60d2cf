/**
 * Micro-benchmark of the gym core (not a test): steps per second of the toy environments through
 * two wrappers, of SyncVectorEnv, and of AsyncVectorEnv against SyncVectorEnv for cheap and costly
 * steps. Run: `npm run build && node dist/experiments/bench-gym.js [--quick]`.
 */
import { availableParallelism } from 'node:os';
import { isMainThread } from 'node:worker_threads';
import {
  AsyncVectorEnv,
  Discrete,
  Env,
  make,
  RecordEpisodeStatistics,
  register,
  registry,
  SyncVectorEnv,
  type ResetResult,
  type StepResult,
  type VectorEnv,
} from '../src/gym/index.js';

/** An environment whose step burns a fixed amount of arithmetic, standing in for a cost-model evaluation. */
class BusyEnv extends Env<number, number> {
  readonly observationSpace = new Discrete(1);
  readonly actionSpace = new Discrete(4);
  private readonly iterations: number;
  private sink = 0;

  constructor(iterations: number) {
    super();
    this.iterations = iterations;
  }

  protected onReset(): ResetResult<number> {
    return { observation: 0, info: {} };
  }

  protected onStep(action: number): StepResult<number> {
    let value = action + 1;
    for (let i = 0; i < this.iterations; i++) value = (value * 1.000001 + 0.5) % 1000;
    this.sink = value;
    return { observation: 0, reward: this.sink > 2000 ? 1 : 0, terminated: false, truncated: false, info: {} };
  }
}

if (!registry.has('Busy-v0')) {
  register('Busy-v0', ({ iterations }) => new BusyEnv(iterations), { iterations: 1000 }, { maxEpisodeSteps: 1000 });
}

function pseudoRandomActions(count: number, choices: number): Int32Array {
  const actions = new Int32Array(count);
  let state = 12345;
  for (let i = 0; i < count; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    actions[i] = (state >>> 16) % choices;
  }
  return actions;
}

function median(values: number[]): number {
  const sorted = values.slice().sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/** Steps per second of one environment over `steps` steps (best and median of `repeats`). */
function benchSingle(label: string, env: Env<unknown, unknown>, choices: number, steps: number, repeats: number): void {
  const actions = pseudoRandomActions(steps, choices);
  const rates: number[] = [];
  for (let repeat = 0; repeat < repeats; repeat++) {
    env.reset({ seed: repeat });
    const start = performance.now();
    for (let i = 0; i < steps; i++) {
      const result = env.step(actions[i]);
      if (result.terminated || result.truncated) env.reset();
    }
    rates.push(steps / ((performance.now() - start) / 1000));
  }
  console.log(`${label.padEnd(58)} ${(median(rates) / 1e6).toFixed(2)} M steps/s (best ${(Math.max(...rates) / 1e6).toFixed(2)})`);
}

/** Sub-environment steps per second of a vector environment (closes it). */
function measureVector(envs: VectorEnv<unknown, unknown>, choices: number, vectorSteps: number): number {
  const actions = pseudoRandomActions(vectorSteps * envs.numEnvs, choices);
  const batch = new Array<number>(envs.numEnvs);
  envs.reset({ seed: 0 });
  for (let warm = 0; warm < Math.min(50, vectorSteps); warm++) envs.step(batch.fill(0));
  const start = performance.now();
  for (let step = 0; step < vectorSteps; step++) {
    for (let i = 0; i < envs.numEnvs; i++) batch[i] = actions[step * envs.numEnvs + i] as number;
    envs.step(batch);
  }
  const rate = (vectorSteps * envs.numEnvs) / ((performance.now() - start) / 1000);
  envs.close();
  return rate;
}

function formatRate(rate: number): string {
  return rate >= 1e5 ? `${(rate / 1e6).toFixed(3)} M` : `${(rate / 1e3).toFixed(1)} k`;
}

/** Median over `repeats` fresh vector environments. */
function benchVector(label: string, build: () => VectorEnv<unknown, unknown>, choices: number, vectorSteps: number, repeats: number): number {
  const rates = Array.from({ length: repeats }, () => measureVector(build(), choices, vectorSteps));
  const rate = median(rates);
  console.log(`${label.padEnd(58)} ${formatRate(rate)} env-steps/s (range ${formatRate(Math.min(...rates))} - ${formatRate(Math.max(...rates))})`);
  return rate;
}

function microsecondsPerStep(iterations: number): number {
  const env = new BusyEnv(iterations);
  env.reset();
  for (let i = 0; i < 2000; i++) env.step(i % 4);
  const steps = Math.max(200, Math.round(2e7 / iterations));
  const start = performance.now();
  for (let i = 0; i < steps; i++) env.step(i % 4);
  return ((performance.now() - start) * 1000) / steps;
}

function main(): void {
  const quick = process.argv.includes('--quick');
  const steps = quick ? 500_000 : 5_000_000;
  const repeats = quick ? 2 : 5;
  console.log(`gym micro-benchmark: node ${process.version}, ${availableParallelism()} cores, ${steps} steps x ${repeats}`);

  console.log('\n# one environment');
  benchSingle('GridWalk-v0 bare (no wrapper)', make('GridWalk-v0', {}, { maxEpisodeSteps: undefined }).unwrapped, 4, steps, repeats);
  benchSingle('GridWalk-v0 + TimeLimit + RecordEpisodeStatistics', new RecordEpisodeStatistics(make('GridWalk-v0')), 4, steps, repeats);
  benchSingle('Bandit-v0 + TimeLimit + RecordEpisodeStatistics', new RecordEpisodeStatistics(make('Bandit-v0', {}, { maxEpisodeSteps: 100 })), 10, steps, repeats);
  benchSingle('GridWalk-v0 slip 0.2 + TimeLimit + RecordEpisodeStatistics', new RecordEpisodeStatistics(make('GridWalk-v0', { slip: 0.2 })), 4, steps, repeats);

  console.log('\n# vector environments, 8 sub-environments');
  const numEnvs = 8;
  const vectorRepeats = quick ? 1 : 3;
  benchVector(
    'SyncVectorEnv GridWalk-v0',
    () => new SyncVectorEnv(Array.from({ length: numEnvs }, () => () => make('GridWalk-v0'))),
    4,
    quick ? 20_000 : 200_000,
    vectorRepeats,
  );
  benchVector(
    'AsyncVectorEnv GridWalk-v0 (2 workers)',
    () => new AsyncVectorEnv({ id: 'GridWalk-v0', numEnvs, workers: 2 }),
    4,
    quick ? 2_000 : 20_000,
    vectorRepeats,
  );

  console.log('\n# AsyncVectorEnv (2 workers) against SyncVectorEnv for costly steps, 8 sub-environments');
  const imports = [import.meta.url];
  for (const iterations of [200, 2_000, 20_000, 200_000]) {
    const cost = microsecondsPerStep(iterations);
    const vectorSteps = Math.max(quick ? 20 : 120, Math.round((quick ? 2e5 : 1e6) / (cost * numEnvs + 100)));
    const factories = Array.from({ length: numEnvs }, () => () => make<string>('Busy-v0', { iterations }));
    const sync = benchVector(`Sync  ~${cost.toFixed(1)} us/step`, () => new SyncVectorEnv(factories), 4, vectorSteps, vectorRepeats);
    const async = benchVector(
      `Async ~${cost.toFixed(1)} us/step`,
      () => new AsyncVectorEnv({ id: 'Busy-v0', numEnvs, workers: 2, options: { iterations }, imports }),
      4,
      vectorSteps,
      vectorRepeats,
    );
    console.log(`${''.padEnd(58)} async/sync = ${(async / sync).toFixed(2)}x`);
  }
}

if (isMainThread) main();

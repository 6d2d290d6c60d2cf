/**
 * Throughput on several cores: new CoDesign-v0 darts designs per second with `SyncVectorEnv` (one
 * thread) against `AsyncVectorEnv` (sub-environments on worker threads), and the sweep's designs per
 * second and per core with 1 and with N worker threads. Ratios in one run, on this machine's cores.
 *
 *   npm run bench -- --only cores [--json]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import '../envs/index.js';
import { allAccelerators } from '../envs/verify-optimality.js';
import { STUDY_GRID } from '../envs/hardware-grid.js';
import { makeVec, type MultiDiscrete, type VectorEnv } from '../src/gym/index.js';
import { createRng } from '../src/random/rng.js';
import { formatTable } from '../src/report/table.js';
import { createSpace } from '../src/workloads/index.js';
import { runSweep } from './sweep.js';
import { nowSeconds } from './bench-support.js';

export interface CoresFigure {
  name: string;
  threads: number;
  designs: number;
  designsPerSecond: number;
  /** Designs per second per thread used. */
  perThread: number;
  /**
   * CPU time of this process (every thread) per design, microseconds: what parallelism costs in
   * work, whatever else the machine runs (the wall-time rates depend on how many cores are free).
   */
  cpuMicrosPerDesign: number;
}

const OPTIONS = { space: 'darts', preset: 'codesign-study', objective: 'edp' } as const;

/** CPU seconds this process (all its threads) has used. */
function cpuSeconds(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}

/** Steps `rounds` batches of random actions through a vector environment; returns designs per wall and per CPU second. */
function stepVector(envs: VectorEnv<unknown, unknown>, rounds: number, seed: number): { rate: number; cpuMicros: number } {
  const space = envs.singleActionSpace as MultiDiscrete;
  const rng = createRng(seed);
  envs.reset({ seed });
  const actions = (): number[][] => Array.from({ length: envs.numEnvs }, () => space.nvec.map((n) => rng.int(0, n - 1)));
  for (let r = 0; r < 200; r++) envs.step(actions());
  const start = nowSeconds();
  const cpuStart = cpuSeconds();
  for (let r = 0; r < rounds; r++) envs.step(actions());
  const designs = rounds * envs.numEnvs;
  return { rate: designs / (nowSeconds() - start), cpuMicros: ((cpuSeconds() - cpuStart) / designs) * 1e6 };
}

export interface CoresBench {
  node: string;
  cores: number;
  figures: CoresFigure[];
  /** The machine's one-minute load average when the runs ended (other processes included). */
  loadAverage: number;
}

/** Measures vector environments and the sweep on 1 and on all cores. */
export async function benchCores(options: { rounds?: number; sweepArchitectures?: number } = {}): Promise<CoresBench> {
  const cores = availableParallelism();
  const rounds = options.rounds ?? 1500;
  const numEnvs = 2 * cores;
  const figures: CoresFigure[] = [];
  const sync = makeVec('CoDesign-v0', { numEnvs, options: OPTIONS });
  const syncRun = stepVector(sync, rounds, 1);
  sync.close();
  figures.push({
    name: `CoDesign-v0 darts new designs, SyncVectorEnv (${numEnvs} envs, this thread)`,
    threads: 1,
    designs: rounds * numEnvs,
    designsPerSecond: syncRun.rate,
    perThread: syncRun.rate,
    cpuMicrosPerDesign: syncRun.cpuMicros,
  });
  const async = makeVec('CoDesign-v0', { numEnvs, options: OPTIONS, vectorizationMode: 'async', workers: cores, imports: [new URL('../envs/index.js', import.meta.url).href] });
  try {
    const asyncRun = stepVector(async, rounds, 1);
    figures.push({
      name: `CoDesign-v0 darts new designs, AsyncVectorEnv (${numEnvs} envs, ${cores} workers)`,
      threads: cores,
      designs: rounds * numEnvs,
      designsPerSecond: asyncRun.rate,
      perThread: asyncRun.rate / cores,
      cpuMicrosPerDesign: asyncRun.cpuMicros,
    });
  } finally {
    async.close();
  }

  // The sweep: architectures x the study's grid, 1 worker against all cores.
  const space = createSpace('darts', 'codesign-study');
  const rng = createRng(3);
  const architectures = Array.from({ length: options.sweepArchitectures ?? 40 }, () => space.key(space.sample(rng)));
  const accelerators = allAccelerators(STUDY_GRID);
  for (const workers of [1, cores]) {
    const dir = mkdtempSync(join(tmpdir(), 'codesign-gym-sweep-bench-'));
    try {
      const start = nowSeconds();
      const cpuStart = cpuSeconds();
      const summary = await runSweep({ space: 'darts', preset: 'codesign-study', architectures, accelerators }, { out: join(dir, 'sweep.jsonl'), resume: false, workers });
      const rate = summary.written / (nowSeconds() - start);
      const cpuMicros = ((cpuSeconds() - cpuStart) / summary.written) * 1e6;
      figures.push({ name: `sweep darts x study grid, ${workers} worker thread(s)`, threads: workers, designs: summary.written, designsPerSecond: rate, perThread: rate / workers, cpuMicrosPerDesign: cpuMicros });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return { node: process.version, cores, figures, loadAverage: loadavg()[0]! };
}

export function formatCoresBench(report: CoresBench): string {
  return (
    `Throughput on ${report.cores} cores, Node ${report.node}\n\n` +
    formatTable(report.figures, [
      { header: 'run', value: (f) => f.name },
      { header: 'designs', value: (f) => f.designs },
      { header: 'designs/s', value: (f) => Math.round(f.designsPerSecond) },
      { header: 'per thread', value: (f) => Math.round(f.perThread) },
      { header: 'CPU us/design', value: (f) => f.cpuMicrosPerDesign, digits: 1 },
    ]) +
    `\nLoad average ${report.loadAverage.toFixed(1)} on ${report.cores} cores at the end (wall-time rates scale only with free cores)\n`
  );
}

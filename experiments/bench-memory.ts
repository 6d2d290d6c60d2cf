/**
 * Memory over a long run: the resident set size and heap of a process stepping CoDesign-v0 on DARTS
 * (codesign-study) through N new random designs, at checkpoints. Every cache of the environment, the
 * architecture networks and the cost model is bounded in bytes, so the figures level off.
 *
 *   npm run bench -- --only memory --designs 1000000
 *   node dist/experiments/bench-memory.js --child --designs N [--small-caches]   (prints JSON lines)
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { CoDesign } from '../envs/index.js';
import type { MultiDiscrete } from '../src/gym/index.js';
import { createRng } from '../src/random/rng.js';
import { formatTable } from '../src/report/table.js';
import { nowSeconds, rssMiB } from './bench-support.js';

/** The cache budgets `--small-caches` sets (bytes each), for runs under a small heap limit. */
export const SMALL_CACHE_BYTES = 8 * 2 ** 20;

export interface MemoryCheckpoint {
  designs: number;
  rssMiB: number;
  heapUsedMiB: number;
  /** Designs per second since the previous checkpoint. */
  designsPerSecond: number;
}

/** The checkpoints of a run of `designs` designs: 1, 2, 5 times powers of ten, and the end. */
export function checkpoints(designs: number): number[] {
  const points: number[] = [];
  for (let power = 1000; power <= designs; power *= 10) for (const m of [1, 2, 5]) if (m * power <= designs) points.push(m * power);
  if (points.at(-1) !== designs) points.push(designs);
  return points;
}

/** Steps N new random CoDesign designs in this process, calling `report` at each checkpoint. */
export function runDesigns(designs: number, smallCaches: boolean, report: (checkpoint: MemoryCheckpoint) => void): void {
  const cacheBytes = smallCaches ? { evaluations: SMALL_CACHE_BYTES, architectures: SMALL_CACHE_BYTES, costModel: SMALL_CACHE_BYTES } : undefined;
  const env = new CoDesign({ space: 'darts', preset: 'codesign-study', objective: 'edp', ...(cacheBytes === undefined ? {} : { cacheBytes }) });
  const nvec = (env.actionSpace as MultiDiscrete).nvec;
  const rng = createRng(7);
  const action = nvec.map(() => 0);
  env.reset({ seed: 0 });
  let last = nowSeconds();
  let lastDesigns = 0;
  for (const point of checkpoints(designs)) {
    for (let d = lastDesigns; d < point; d++) {
      for (let i = 0; i < nvec.length; i++) action[i] = rng.int(0, nvec[i]! - 1);
      const step = env.step(action);
      if (step.terminated || step.truncated) env.reset();
    }
    const now = nowSeconds();
    report({ designs: point, rssMiB: rssMiB(), heapUsedMiB: process.memoryUsage().heapUsed / 2 ** 20, designsPerSecond: (point - lastDesigns) / (now - last) });
    last = now;
    lastDesigns = point;
  }
}

export interface MemoryBench {
  node: string;
  designs: number;
  /** `--max-old-space-size` of the child, MiB (undefined: Node's default). */
  heapLimitMiB: number | undefined;
  checkpoints: MemoryCheckpoint[];
}

/** Runs the designs in a child process (so that nothing else shares its heap) and collects its checkpoints. */
export async function benchMemory(options: { designs?: number; heapLimitMiB?: number; smallCaches?: boolean; onCheckpoint?: (c: MemoryCheckpoint) => void } = {}): Promise<MemoryBench> {
  const designs = options.designs ?? 100_000;
  const args = [
    ...(options.heapLimitMiB === undefined ? [] : [`--max-old-space-size=${options.heapLimitMiB}`]),
    fileURLToPath(import.meta.url),
    '--child',
    '--designs',
    String(designs),
    ...(options.smallCaches === true ? ['--small-caches'] : []),
  ];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const points: MemoryCheckpoint[] = [];
  for await (const line of createInterface({ input: child.stdout })) {
    const checkpoint = JSON.parse(line) as MemoryCheckpoint;
    points.push(checkpoint);
    options.onCheckpoint?.(checkpoint);
  }
  const code = await new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.on('close', resolve)));
  if (code !== 0) throw new Error(`the memory benchmark's process failed (exit ${String(code)}): ${stderr.trim().split('\n').slice(-3).join(' ')}`);
  return { node: process.version, designs, heapLimitMiB: options.heapLimitMiB, checkpoints: points };
}

export function formatMemoryBench(report: MemoryBench): string {
  return (
    `Memory over ${report.designs} new CoDesign-v0 darts designs (one process${report.heapLimitMiB === undefined ? '' : `, --max-old-space-size=${report.heapLimitMiB}`}), Node ${report.node}\n\n` +
    formatTable(report.checkpoints, [
      { header: 'designs', value: (c) => c.designs },
      { header: 'RSS MiB', value: (c) => c.rssMiB, digits: 0 },
      { header: 'heap used MiB', value: (c) => c.heapUsedMiB, digits: 0 },
      { header: 'designs/s', value: (c) => Math.round(c.designsPerSecond) },
    ])
  );
}

function child(): void {
  const { values } = parseArgs({ options: { child: { type: 'boolean' }, designs: { type: 'string' }, 'small-caches': { type: 'boolean' } } });
  const designs = Number(values.designs ?? 100_000);
  if (!Number.isSafeInteger(designs) || designs < 1) throw new Error(`--designs expects a positive integer, got ${String(values.designs)}`);
  runDesigns(designs, values['small-caches'] === true, (checkpoint) => process.stdout.write(`${JSON.stringify(checkpoint)}\n`));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href && process.argv.includes('--child')) child();

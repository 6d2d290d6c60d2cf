/**
 * Environment speed: CoDesign-v0 steps per second on DARTS networks (the study's codesign-study
 * preset), uncached and cached, measured side by side in one run; AcceleratorDesign-v0 for contrast.
 *
 *   node dist/experiments/bench-envs.js [--json]
 */
import { pathToFileURL } from 'node:url';
import { AcceleratorDesign, CoDesign } from '../envs/index.js';
import type { MultiDiscrete } from '../src/gym/index.js';
import { createRng } from '../src/random/rng.js';
import { formatTable } from '../src/report/table.js';

export interface Figure {
  name: string;
  steps: number;
  stepsPerSecond: number;
}

function randomActions(env: { actionSpace: unknown }, count: number, seed: number): number[][] {
  const rng = createRng(seed);
  const nvec = (env.actionSpace as MultiDiscrete).nvec;
  return Array.from({ length: count }, () => nvec.map((n) => rng.int(0, n - 1)));
}

function run(name: string, env: { reset(args?: object): unknown; step(action: number[]): { terminated: boolean; truncated: boolean } }, actions: readonly number[][]): Figure {
  env.reset({ seed: 0 });
  const start = process.hrtime.bigint();
  for (const action of actions) {
    const { terminated, truncated } = env.step(action);
    if (terminated || truncated) env.reset();
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { name, steps: actions.length, stepsPerSecond: actions.length / seconds };
}

export interface EnvBench {
  node: string;
  figures: Figure[];
}

/** Measures environment steps per second, uncached and cached, side by side. */
export function benchEnvs(): EnvBench {
  const figures: Figure[] = [];

  // Uncached: every step a new random design (new DARTS network, new hardware).
  const fresh = new CoDesign({ space: 'darts', preset: 'codesign-study', objective: 'edp' });
  figures.push(run('CoDesign darts, new random designs (uncached)', fresh, randomActions(fresh, 300, 1)));

  // Cached: 200 designs, revisited (the environment memoises evaluated designs).
  const repeated = new CoDesign({ space: 'darts', preset: 'codesign-study', objective: 'edp' });
  const pool = randomActions(repeated, 200, 2);
  run('warm-up', repeated, pool);
  const revisits = Array.from({ length: 200_000 }, (_, i) => pool[i % pool.length]!);
  figures.push(run('CoDesign darts, revisited designs (cached)', repeated, revisits));

  // Known architectures on new accelerators: networks cached, layers from the cost-model cache.
  const architectures = randomActions(repeated, 20, 3).map((a) => a.slice(0, repeated.architectureDecisionCount));
  const hardware = randomActions(new AcceleratorDesign(), 2000, 4);
  const mixed = hardware.map((h, i) => [...architectures[i % architectures.length]!, ...h]);
  const mixedEnv = new CoDesign({ space: 'darts', preset: 'codesign-study', objective: 'edp' });
  run('warm-up', mixedEnv, mixed.slice(0, 200));
  figures.push(run('CoDesign darts, 20 architectures x new accelerators (layer cache)', mixedEnv, mixed));

  const accelerator = new AcceleratorDesign({ networks: ['resnet50'], objective: 'edp' });
  const all = randomActions(accelerator, 1728, 5);
  figures.push(run('AcceleratorDesign resnet50, random designs (uncached)', accelerator, all.slice(0, 500)));
  figures.push(run('AcceleratorDesign resnet50, revisited designs (cached)', accelerator, Array.from({ length: 200_000 }, (_, i) => all[i % 500]!)));

  return { node: process.version, figures };
}

export function formatEnvBench(report: EnvBench): string {
  return formatTable(report.figures, [
    { header: 'environment and steps', value: (f) => f.name },
    { header: 'steps', value: (f) => f.steps },
    { header: 'steps/s', value: (f) => Math.round(f.stepsPerSecond) },
  ]);
}

function main(): void {
  const report = benchEnvs();
  process.stdout.write(process.argv.includes('--json') ? `${JSON.stringify(report, null, 2)}\n` : formatEnvBench(report));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();

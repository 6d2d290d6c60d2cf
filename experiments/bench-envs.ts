/**
 * Environment speed: new designs per second of CoDesign-v0 on DARTS (the study's codesign-study
 * preset, random designs) and of AcceleratorDesign-v0 on ResNet-50 (every design of the study's grid
 * once), revisited designs for contrast; and, given MAESTRO's binary, MAESTRO on networks of the same
 * designs (one process per network, as a user runs it), in the same run.
 *
 *   npm run bench -- --only envs [--maestro PATH] [--json]
 */
import { AcceleratorDesign, CoDesign, hardwareSpec, type CoDesignDesign, type HardwareDesign } from '../envs/index.js';
import type { MultiDiscrete } from '../src/gym/index.js';
import { writeHardware } from '../src/maestro/hardware-file.js';
import { createRng, type Rng } from '../src/random/rng.js';
import { formatTable } from '../src/report/table.js';
import { toMaestroMapping, zooNetwork, type Network } from '../src/workloads/index.js';
import { MaestroRunner, type MaestroInput } from './maestro-binary.js';
import { best, nowSeconds, ratioLine } from './bench-support.js';

export interface EnvFigure {
  name: string;
  steps: number;
  stepsPerSecond: number;
  /** Mean milliseconds per step. */
  millisPerStep: number;
}

/** Random complete-mode actions of an environment. */
function randomActions(env: { actionSpace: unknown }, count: number, rng: Rng): number[][] {
  const nvec = (env.actionSpace as MultiDiscrete).nvec;
  return Array.from({ length: count }, () => nvec.map((n) => rng.int(0, n - 1)));
}

interface Steppable {
  reset(args?: object): unknown;
  step(action: number[]): { terminated: boolean; truncated: boolean; info: unknown };
}

/** Steps the actions; returns seconds and the designs of the steps (from `info.design`). */
function run(env: Steppable, actions: readonly number[][]): { seconds: number; designs: unknown[] } {
  env.reset({ seed: 0 });
  const designs: unknown[] = [];
  const start = nowSeconds();
  for (const action of actions) {
    const result = env.step(action);
    designs.push((result.info as { design?: unknown }).design);
    if (result.terminated || result.truncated) env.reset();
  }
  return { seconds: nowSeconds() - start, designs };
}

function figure(name: string, steps: number, seconds: number): EnvFigure {
  return { name, steps, stepsPerSecond: steps / seconds, millisPerStep: (seconds / steps) * 1000 };
}

/** MAESTRO's inputs for a network on an accelerator of the grid. */
function maestroInput(name: string, network: Network, design: HardwareDesign): MaestroInput {
  const hardware = hardwareSpec(design);
  return { name, hw: writeHardware(hardware), mapping: toMaestroMapping(network, design.dataflow, hardware) };
}

/** MAESTRO's seconds per network over the inputs (the best of `rounds` rounds). */
function timeMaestro(binary: string, inputs: readonly MaestroInput[], rounds: number): { secondsPerNetwork: number; layersPerNetwork: number } {
  const runner = new MaestroRunner(binary, inputs);
  try {
    const perRound: number[] = [];
    for (let r = 0; r < rounds; r++) perRound.push(runner.runAll() / inputs.length);
    const layers = inputs.reduce((n, input) => n + (input.mapping.match(/\bLayer\b/g)?.length ?? 0), 0);
    return { secondsPerNetwork: best(perRound), layersPerNetwork: layers / inputs.length };
  } finally {
    runner.close();
  }
}

export interface MaestroComparison {
  /** What MAESTRO ran: networks of designs the environment evaluated. */
  workload: string;
  networks: number;
  layersPerNetwork: number;
  maestroMillisPerNetwork: number;
  oursMillisPerDesign: number;
  /** MAESTRO's time per network over ours per new design. */
  speedup: number;
}

export interface EnvBench {
  node: string;
  figures: EnvFigure[];
  /** Side by side with MAESTRO (empty without a binary). */
  maestro: MaestroComparison[];
}

export interface EnvBenchOptions {
  maestro?: string | undefined;
  /** New CoDesign designs to time (default 3,000). */
  designs?: number;
  /** Designs whose networks MAESTRO runs (default 12), and its rounds (default 3). */
  maestroNetworks?: number;
  maestroRounds?: number;
}

/** Measures environment steps per second, new and revisited designs, side by side with MAESTRO when given. */
export function benchEnvs(options: EnvBenchOptions = {}): EnvBench {
  const designs = options.designs ?? 3000;
  const maestroNetworks = options.maestroNetworks ?? 12;
  const maestroRounds = options.maestroRounds ?? 3;
  const rng = createRng(1);
  const figures: EnvFigure[] = [];
  const comparisons: MaestroComparison[] = [];
  const options0 = { space: 'darts', preset: 'codesign-study', objective: 'edp' } as const;

  // CoDesign: warm the JIT on one environment, then time new random designs on a fresh one.
  const warm = new CoDesign(options0);
  run(warm, randomActions(warm, 300, rng));
  const fresh = new CoDesign(options0);
  const actions = randomActions(fresh, designs, rng);
  const timed = run(fresh, actions);
  const coDesignNew = figure('CoDesign-v0 darts (codesign-study), new random designs', designs, timed.seconds);
  figures.push(coDesignNew);
  const revisits = Array.from({ length: 100_000 }, (_, i) => actions[i % 200]!);
  figures.push(figure('CoDesign-v0 darts, revisited designs (memo)', revisits.length, run(fresh, revisits).seconds));

  // AcceleratorDesign: every grid design once, in random order, on a fresh environment after a warm one.
  const accelerator = new AcceleratorDesign({ networks: ['resnet50'], objective: 'edp' });
  const nvec = (accelerator.actionSpace as MultiDiscrete).nvec;
  const grid: number[][] = [];
  const visit = (prefix: number[]): void => {
    if (prefix.length === nvec.length) grid.push(prefix);
    else for (let c = 0; c < nvec[prefix.length]!; c++) visit([...prefix, c]);
  };
  visit([]);
  for (let i = grid.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [grid[i], grid[j]] = [grid[j]!, grid[i]!];
  }
  run(accelerator, grid);
  const freshAccelerator = new AcceleratorDesign({ networks: ['resnet50'], objective: 'edp' });
  const acceleratorRun = run(freshAccelerator, grid);
  const acceleratorNew = figure('AcceleratorDesign-v0 resnet50, new designs (the whole grid once)', grid.length, acceleratorRun.seconds);
  figures.push(acceleratorNew);
  figures.push(figure('AcceleratorDesign-v0 resnet50, revisited designs (memo)', 100_000, run(freshAccelerator, Array.from({ length: 100_000 }, (_, i) => grid[i % grid.length]!)).seconds));

  if (options.maestro !== undefined) {
    const space = fresh.architectureSpace;
    const coDesignInputs = (timed.designs as CoDesignDesign[])
      .filter((_, i) => i % Math.max(1, Math.floor(designs / maestroNetworks)) === 0)
      .slice(0, maestroNetworks)
      .map((design, i) => maestroInput(`darts-${i}`, space.toNetwork(design.architecture), design.hardware));
    const darts = timeMaestro(options.maestro, coDesignInputs, maestroRounds);
    comparisons.push({
      workload: "CoDesign-v0 darts designs' networks (codesign-study)",
      networks: coDesignInputs.length,
      layersPerNetwork: darts.layersPerNetwork,
      maestroMillisPerNetwork: darts.secondsPerNetwork * 1000,
      oursMillisPerDesign: coDesignNew.millisPerStep,
      speedup: (darts.secondsPerNetwork * 1000) / coDesignNew.millisPerStep,
    });
    const resnet = zooNetwork('resnet50');
    const resnetInputs = (acceleratorRun.designs as HardwareDesign[]).slice(0, Math.max(1, Math.floor(maestroNetworks / 2))).map((design, i) => maestroInput(`resnet50-${i}`, resnet, design));
    const resnetTimes = timeMaestro(options.maestro, resnetInputs, maestroRounds);
    comparisons.push({
      workload: 'AcceleratorDesign-v0 resnet50 designs',
      networks: resnetInputs.length,
      layersPerNetwork: resnetTimes.layersPerNetwork,
      maestroMillisPerNetwork: resnetTimes.secondsPerNetwork * 1000,
      oursMillisPerDesign: acceleratorNew.millisPerStep,
      speedup: (resnetTimes.secondsPerNetwork * 1000) / acceleratorNew.millisPerStep,
    });
  }
  return { node: process.version, figures, maestro: comparisons };
}

export function formatEnvBench(report: EnvBench): string {
  let text =
    `Environment steps, Node ${report.node}\n\n` +
    formatTable(report.figures, [
      { header: 'environment and steps', value: (f) => f.name },
      { header: 'steps', value: (f) => f.steps },
      { header: 'steps/s', value: (f) => Math.round(f.stepsPerSecond) },
      { header: 'ms/step', value: (f) => f.millisPerStep, digits: 4 },
    ]);
  if (report.maestro.length === 0) return text + ratioLine(null, () => '');
  text +=
    '\n' +
    formatTable(report.maestro, [
      { header: 'MAESTRO on the same designs', value: (c) => c.workload },
      { header: 'networks', value: (c) => c.networks },
      { header: 'layers', value: (c) => c.layersPerNetwork, digits: 0 },
      { header: 'MAESTRO ms/network', value: (c) => c.maestroMillisPerNetwork, digits: 1 },
      { header: 'ours ms/design', value: (c) => c.oursMillisPerDesign, digits: 3 },
      { header: 'ratio', value: (c) => `${c.speedup.toFixed(0)}x` },
    ]);
  return text;
}

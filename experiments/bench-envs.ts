/**
 * Environment speed: new designs per second of CoDesign-v0 on DARTS (the study's codesign-study
 * preset, random designs) and of AcceleratorDesign-v0 on ResNet-50 (every design of the study's grid
 * once), revisited designs for contrast; and, given MAESTRO's binary, MAESTRO on networks of the same
 * designs (one process per network, as a user runs it), in rounds that alternate with ours.
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
  /** Mean CPU milliseconds of this process per step (less sensitive to other processes than wall time). */
  cpuMillisPerStep: number;
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
function run(env: Steppable, actions: readonly number[][]): { seconds: number; cpuSeconds: number; designs: unknown[] } {
  env.reset({ seed: 0 });
  const designs: unknown[] = [];
  const start = nowSeconds();
  const cpuStart = cpuSeconds();
  for (const action of actions) {
    const result = env.step(action);
    designs.push((result.info as { design?: unknown }).design);
    if (result.terminated || result.truncated) env.reset();
  }
  return { seconds: nowSeconds() - start, cpuSeconds: cpuSeconds() - cpuStart, designs };
}

/** CPU seconds this process has used. */
function cpuSeconds(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}

function figure(name: string, steps: number, timing: { seconds: number; cpuSeconds: number }): EnvFigure {
  return { name, steps, stepsPerSecond: steps / timing.seconds, millisPerStep: (timing.seconds / steps) * 1000, cpuMillisPerStep: (timing.cpuSeconds / steps) * 1000 };
}

/** MAESTRO's inputs for a network on an accelerator of the grid. */
function maestroInput(name: string, network: Network, design: HardwareDesign): MaestroInput {
  const hardware = hardwareSpec(design);
  return { name, hw: writeHardware(hardware), mapping: toMaestroMapping(network, design.dataflow, hardware) };
}

/** MAESTRO's inputs (written once) and its seconds per network in each round. */
class MaestroTimer {
  private readonly runner: MaestroRunner;
  readonly perRound: number[] = [];
  readonly layersPerNetwork: number;
  readonly networks: number;

  constructor(binary: string, inputs: readonly MaestroInput[]) {
    this.runner = new MaestroRunner(binary, inputs);
    this.networks = inputs.length;
    this.layersPerNetwork = inputs.reduce((n, input) => n + (input.mapping.match(/\bLayer\b/g)?.length ?? 0), 0) / inputs.length;
  }

  round(): void {
    this.perRound.push(this.runner.runAll() / this.networks);
  }

  close(): void {
    this.runner.close();
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
  /** Rounds of new designs (and of MAESTRO); each side's best is reported. */
  rounds: number;
  figures: EnvFigure[];
  /** Side by side with MAESTRO (empty without a binary). */
  maestro: MaestroComparison[];
}

export interface EnvBenchOptions {
  maestro?: string | undefined;
  /** New CoDesign designs to time per round (default 3,000). */
  designs?: number;
  /** Designs whose networks MAESTRO runs (default 12). */
  maestroNetworks?: number;
  /** Rounds of new designs, each on fresh environments, alternating with MAESTRO's rounds; each side keeps its best (default 3). */
  rounds?: number;
  /** Revisited designs to time (default 100,000). */
  revisits?: number;
}

/** Measures environment steps per second, new and revisited designs, side by side with MAESTRO when given. */
export function benchEnvs(options: EnvBenchOptions = {}): EnvBench {
  const designs = options.designs ?? 3000;
  const maestroNetworks = options.maestroNetworks ?? 12;
  const rounds = options.rounds ?? 3;
  const revisitCount = options.revisits ?? 100_000;
  const rng = createRng(1);
  const figures: EnvFigure[] = [];
  const comparisons: MaestroComparison[] = [];
  const options0 = { space: 'darts', preset: 'codesign-study', objective: 'edp' } as const;

  // The whole grid of AcceleratorDesign on ResNet-50, in random order.
  const acceleratorOptions = (): { networks: ['resnet50']; objective: 'edp' } => ({ networks: ['resnet50'], objective: 'edp' });
  const nvec = (new AcceleratorDesign(acceleratorOptions()).actionSpace as MultiDiscrete).nvec;
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

  // Warm the JIT on environments of their own; every timed round then starts fresh environments
  // (new random CoDesign designs, the whole grid once), so that each of their designs is new to them.
  const warm = new CoDesign(options0);
  run(warm, randomActions(warm, 300, rng));
  run(new AcceleratorDesign(acceleratorOptions()), grid);
  const coDesignSeconds: number[] = [];
  const acceleratorSeconds: number[] = [];
  const coDesignCpu: number[] = [];
  const acceleratorCpu: number[] = [];
  let coDesignRound: { env: CoDesign; actions: number[][]; designs: unknown[] } | undefined;
  let acceleratorRound: { env: AcceleratorDesign; designs: unknown[] } | undefined;
  let dartsTimer: MaestroTimer | undefined;
  let resnetTimer: MaestroTimer | undefined;
  try {
    for (let r = 0; r < rounds; r++) {
      const env = new CoDesign(options0);
      const actions = randomActions(env, designs, rng);
      const timed = run(env, actions);
      coDesignSeconds.push(timed.seconds);
      coDesignCpu.push(timed.cpuSeconds);
      const accelerator = new AcceleratorDesign(acceleratorOptions());
      const acceleratorRun = run(accelerator, grid);
      acceleratorSeconds.push(acceleratorRun.seconds);
      acceleratorCpu.push(acceleratorRun.cpuSeconds);
      if (r === 0) {
        coDesignRound = { env, actions, designs: timed.designs };
        acceleratorRound = { env: accelerator, designs: acceleratorRun.designs };
        if (options.maestro !== undefined) {
          // MAESTRO runs networks of designs this round evaluated.
          const space = env.architectureSpace;
          const dartsInputs = (timed.designs as CoDesignDesign[])
            .filter((_, i) => i % Math.max(1, Math.floor(designs / maestroNetworks)) === 0)
            .slice(0, maestroNetworks)
            .map((design, i) => maestroInput(`darts-${i}`, space.toNetwork(design.architecture), design.hardware));
          dartsTimer = new MaestroTimer(options.maestro, dartsInputs);
          const resnet = zooNetwork('resnet50');
          const resnetInputs = (acceleratorRun.designs as HardwareDesign[]).slice(0, Math.max(1, Math.floor(maestroNetworks / 2))).map((design, i) => maestroInput(`resnet50-${i}`, resnet, design));
          resnetTimer = new MaestroTimer(options.maestro, resnetInputs);
        }
      }
      dartsTimer?.round();
      resnetTimer?.round();
    }
    const coDesignNew = figure('CoDesign-v0 darts (codesign-study), new random designs', designs, { seconds: best(coDesignSeconds), cpuSeconds: best(coDesignCpu) });
    figures.push(coDesignNew);
    const revisits = Array.from({ length: revisitCount }, (_, i) => coDesignRound!.actions[i % Math.min(200, designs)]!);
    figures.push(figure('CoDesign-v0 darts, revisited designs (memo)', revisits.length, run(coDesignRound!.env, revisits)));
    const acceleratorNew = figure('AcceleratorDesign-v0 resnet50, new designs (the whole grid once)', grid.length, { seconds: best(acceleratorSeconds), cpuSeconds: best(acceleratorCpu) });
    figures.push(acceleratorNew);
    figures.push(figure('AcceleratorDesign-v0 resnet50, revisited designs (memo)', revisitCount, run(acceleratorRound!.env, Array.from({ length: revisitCount }, (_, i) => grid[i % grid.length]!))));
    for (const [workload, timer, ours] of [
      ["CoDesign-v0 darts designs' networks (codesign-study)", dartsTimer, coDesignNew],
      ['AcceleratorDesign-v0 resnet50 designs', resnetTimer, acceleratorNew],
    ] as const) {
      if (timer === undefined) continue;
      const maestroMillis = best(timer.perRound) * 1000;
      comparisons.push({
        workload,
        networks: timer.networks,
        layersPerNetwork: timer.layersPerNetwork,
        maestroMillisPerNetwork: maestroMillis,
        oursMillisPerDesign: ours.millisPerStep,
        speedup: maestroMillis / ours.millisPerStep,
      });
    }
  } finally {
    dartsTimer?.close();
    resnetTimer?.close();
  }
  return { node: process.version, rounds, figures, maestro: comparisons };
}

export function formatEnvBench(report: EnvBench): string {
  let text =
    `Environment steps, Node ${report.node}, new designs: best of ${report.rounds} rounds on fresh environments\n\n` +
    formatTable(report.figures, [
      { header: 'environment and steps', value: (f) => f.name },
      { header: 'steps', value: (f) => f.steps },
      { header: 'steps/s', value: (f) => Math.round(f.stepsPerSecond) },
      { header: 'ms/step', value: (f) => f.millisPerStep, digits: 4 },
      { header: 'CPU ms/step', value: (f) => f.cpuMillisPerStep, digits: 4 },
    ]);
  if (report.maestro.length === 0) return text + ratioLine(null, () => '');
  text +=
    '\n' +
    formatTable(report.maestro, [
      { header: 'MAESTRO on the same designs', value: (c) => c.workload },
      { header: 'networks', value: (c) => c.networks },
      { header: 'layers/network', value: (c) => c.layersPerNetwork, digits: 0 },
      { header: 'MAESTRO ms/network', value: (c) => c.maestroMillisPerNetwork, digits: 1 },
      { header: 'ours ms/design', value: (c) => c.oursMillisPerDesign, digits: 3 },
      { header: 'ratio', value: (c) => `${c.speedup.toFixed(0)}x` },
    ]);
  return text;
}

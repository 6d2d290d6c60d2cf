/**
 * Cost-model speed per layer on MAESTRO's 35 example networks (1,631 layers): a fresh (uncached)
 * analysis of every layer, and cached evaluations, in-process; and, given MAESTRO's binary
 * (`--maestro PATH` or `$MAESTRO_BIN`), MAESTRO itself on the same networks in the same run, one
 * process per network as a user runs it, so that the ratio is measured side by side.
 *
 *   npm run bench -- --only costmodel [--maestro PATH] [--json]
 */
import { CostModel } from '../src/costmodel/evaluate.js';
import { parseHardware } from '../src/maestro/hardware-file.js';
import { parseMapping } from '../src/maestro/mapping-file.js';
import { freezeNetwork, type HardwareSpec, type NetworkSpec } from '../src/maestro/types.js';
import { formatTable } from '../src/report/table.js';
import { loadExampleNetworks } from './example-networks.js';
import { MaestroRunner } from './maestro-binary.js';
import { best, nowSeconds, ratioLine } from './bench-support.js';

interface BenchCase {
  id: string;
  network: NetworkSpec;
  frozen: NetworkSpec;
  hardware: HardwareSpec;
}

function loadCases(): BenchCase[] {
  return loadExampleNetworks().map((c) => ({
    id: c.id,
    network: parseMapping(c.mapping),
    frozen: freezeNetwork(parseMapping(c.mapping)),
    hardware: parseHardware(c.hw),
  }));
}

export interface CostModelFigure {
  name: string;
  /** Mean over the layers, microseconds (the best round). */
  microsPerLayer: number;
  layersPerSecond: number;
}

/** Each layer on its own, a fresh uncached model throughout: seconds for one pass over every layer. */
function uncachedPass(cases: readonly BenchCase[]): number {
  const model = new CostModel({ cacheSize: 0 });
  const start = nowSeconds();
  for (const c of cases) {
    for (const layer of c.network.layers) model.evaluateNetwork({ name: c.network.name, layers: [layer] }, c.hardware);
  }
  return nowSeconds() - start;
}

/** Whole networks from a warm cache: seconds for `repetitions` passes over every network. */
function cachedPass(cases: readonly BenchCase[], repetitions: number, frozen: boolean, totalsOnly: boolean): number {
  const model = new CostModel();
  for (const c of cases) model.evaluateNetwork(frozen ? c.frozen : c.network, c.hardware);
  const start = nowSeconds();
  for (let r = 0; r < repetitions; r++) {
    for (const c of cases) {
      const network = frozen ? c.frozen : c.network;
      if (totalsOnly) model.evaluateTotals(network, c.hardware);
      else model.evaluateNetwork(network, c.hardware);
    }
  }
  return (nowSeconds() - start) / repetitions;
}

export interface CostModelBench {
  source: string;
  networks: number;
  layers: number;
  node: string;
  rounds: number;
  figures: CostModelFigure[];
  /** MAESTRO's time per layer (its processes' wall time over the layers), or null without a binary. */
  maestroMicrosPerLayer: number | null;
  /** MAESTRO's time per layer over ours, uncached (null without a binary). */
  uncachedSpeedup: number | null;
}

export interface CostModelBenchOptions {
  /** MAESTRO's binary; undefined: our figures alone. */
  maestro?: string | undefined;
  /** Rounds; each times MAESTRO on every network and our uncached pass, alternately (default 7). */
  rounds?: number;
}

/** Measures the cost model on MAESTRO's example networks, side by side with MAESTRO when it is given. */
export function benchCostModel(options: CostModelBenchOptions = {}): CostModelBench {
  const cases = loadCases();
  const layers = cases.reduce((n, c) => n + c.network.layers.length, 0);
  const rounds = options.rounds ?? 7;
  const runner = options.maestro === undefined ? undefined : new MaestroRunner(options.maestro, loadExampleNetworks().map((c) => ({ name: c.id, hw: c.hw, mapping: c.mapping })));
  try {
    // Warm up the JIT on every path before measuring (the uncached path settles after a few passes).
    for (let pass = 0; pass < 5; pass++) uncachedPass(cases);
    for (const frozen of [false, true]) for (const totals of [false, true]) cachedPass(cases, 10, frozen, totals);
    const uncached: number[] = [];
    const maestro: number[] = [];
    for (let r = 0; r < rounds; r++) {
      if (runner !== undefined) {
        maestro.push(runner.runAll());
        // The fork write-protected this process's memory: the first pass after it pays page faults.
        uncachedPass(cases);
      }
      uncached.push(uncachedPass(cases));
    }
    const figure = (name: string, seconds: number): CostModelFigure => ({ name, microsPerLayer: (seconds / layers) * 1e6, layersPerSecond: layers / seconds });
    const figures = [
      figure('uncached (a fresh analysis of every layer)', best(uncached)),
      figure('cached, per-layer rows', cachedPass(cases, 50, false, false)),
      figure('cached, totals only', cachedPass(cases, 50, false, true)),
      figure('cached frozen specs, per-layer rows', cachedPass(cases, 200, true, false)),
      figure('cached frozen specs, totals only', cachedPass(cases, 200, true, true)),
    ];
    const maestroMicros = runner === undefined ? null : (best(maestro) / layers) * 1e6;
    if (maestroMicros !== null) figures.push({ name: 'MAESTRO (one process per network, start included)', microsPerLayer: maestroMicros, layersPerSecond: 1e6 / maestroMicros });
    return {
      source: "MAESTRO's example networks",
      networks: cases.length,
      layers,
      node: process.version,
      rounds,
      figures,
      maestroMicrosPerLayer: maestroMicros,
      uncachedSpeedup: maestroMicros === null ? null : maestroMicros / figures[0]!.microsPerLayer,
    };
  } finally {
    runner?.close();
  }
}

/** The benchmark as a table. */
export function formatCostModelBench(report: CostModelBench): string {
  const table = formatTable(report.figures, [
    { header: 'evaluation', value: (f) => f.name },
    { header: 'us/layer', value: (f) => f.microsPerLayer, digits: 3 },
    { header: 'layers/s', value: (f) => Math.round(f.layersPerSecond) },
  ]);
  return (
    `Cost model per layer on ${report.source} (${report.networks} networks, ${report.layers} layers), Node ${report.node}, best of ${report.rounds} alternating rounds\n\n` +
    table +
    ratioLine(report.uncachedSpeedup, (ratio) => `Uncached: ${ratio.toFixed(0)}x faster than MAESTRO per layer, measured side by side in this run.`) +
    '\n'
  );
}

/**
 * Cost-model speed on MAESTRO's published example networks (the `network:*` reference cases, when
 * `../shared` or CODESIGN_GYM_SHARED holds them; otherwise the zoo under every dataflow): per-layer
 * evaluation time uncached and cached, measured side by side in one run.
 *
 *   npm run bench            # a table
 *   npm run bench -- --json  # the same figures as JSON
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CostModel } from '../src/costmodel/evaluate.js';
import { parseHardware } from '../src/maestro/hardware-file.js';
import { parseMapping } from '../src/maestro/mapping-file.js';
import { freezeNetwork, type HardwareSpec, type NetworkSpec } from '../src/maestro/types.js';
import { formatTable } from '../src/report/table.js';
import { DATAFLOW_NAMES } from '../src/dataflows/index.js';
import { toNetworkSpec, zooNetwork, ZOO_NAMES } from '../src/workloads/index.js';
import { hardwareSpec, REFERENCE_ACCELERATOR } from '../envs/hardware-grid.js';

interface BenchCase {
  id: string;
  network: NetworkSpec;
  frozen: NetworkSpec;
  hardware: HardwareSpec;
}

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CASES_PATH = resolve(process.env['CODESIGN_GYM_SHARED'] ?? resolve(REPO_ROOT, '..', 'shared'), 'reference', 'maestro', 'cases.jsonl');

/** MAESTRO's example networks when the reference cases are at hand, else the zoo under every dataflow. */
function loadNetworks(): { source: string; cases: BenchCase[] } {
  if (!existsSync(CASES_PATH)) {
    const hardware = hardwareSpec(REFERENCE_ACCELERATOR);
    const cases = ZOO_NAMES.flatMap((name) =>
      DATAFLOW_NAMES.filter((dataflow) => dataflow !== 'dpt').map((dataflow) => {
        const spec = toNetworkSpec(zooNetwork(name), dataflow, hardware);
        const network = { name: spec.name, layers: spec.layers.map((layer) => structuredClone(layer)) };
        return { id: `${name}/${dataflow}`, network, frozen: freezeNetwork(structuredClone(network)), hardware };
      }),
    );
    return { source: 'zoo networks x 4 dataflows on acc-A', cases };
  }
  const cases = readFileSync(CASES_PATH, 'utf8')
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line) => JSON.parse(line) as { id: string; kind: string; status: string; hw: string; mapping: string })
    .filter((c) => c.kind.startsWith('network:') && c.status === 'ok')
    .map((c) => ({ id: c.id, network: parseMapping(c.mapping), frozen: freezeNetwork(parseMapping(c.mapping)), hardware: parseHardware(c.hw) }));
  return { source: 'MAESTRO example networks', cases };
}

function nowNs(): bigint {
  return process.hrtime.bigint();
}

function quantile(sorted: readonly number[], q: number): number {
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (position - low);
}

export interface Figure {
  name: string;
  medianMicrosPerLayer: number;
  p90MicrosPerLayer: number;
  layersPerSecond: number;
}

function figure(name: string, microsPerLayer: number[]): Figure {
  const sorted = [...microsPerLayer].sort((a, b) => a - b);
  const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length;
  return { name, medianMicrosPerLayer: quantile(sorted, 0.5), p90MicrosPerLayer: quantile(sorted, 0.9), layersPerSecond: 1e6 / mean };
}

/** Each layer on its own, a fresh uncached model each time: one time per layer. */
function uncached(cases: readonly BenchCase[], repetitions: number): number[] {
  const model = new CostModel({ cacheSize: 0 });
  const times: number[] = [];
  for (const c of cases) {
    for (const layer of c.network.layers) {
      const single: NetworkSpec = { name: c.network.name, layers: [layer] };
      const start = nowNs();
      for (let r = 0; r < repetitions; r++) model.evaluateNetwork(single, c.hardware);
      times.push(Number(nowNs() - start) / 1e3 / repetitions);
    }
  }
  return times;
}

/** Whole networks from a warm cache: one time per network, divided by its layers. */
function cached(cases: readonly BenchCase[], repetitions: number, frozen: boolean, totalsOnly: boolean): number[] {
  const model = new CostModel();
  const times: number[] = [];
  for (const c of cases) {
    const network = frozen ? c.frozen : c.network;
    model.evaluateNetwork(network, c.hardware);
    const start = nowNs();
    if (totalsOnly) for (let r = 0; r < repetitions; r++) model.evaluateTotals(network, c.hardware);
    else for (let r = 0; r < repetitions; r++) model.evaluateNetwork(network, c.hardware);
    times.push(Number(nowNs() - start) / 1e3 / repetitions / network.layers.length);
  }
  return times;
}

export interface CostModelBench {
  /** Which networks were timed. */
  source: string;
  networks: number;
  layers: number;
  node: string;
  figures: Figure[];
  speedupOverMaestroLow: number;
  speedupOverMaestroHigh: number;
}

/** Measures the cost model on MAESTRO's example networks (or, without them, the zoo). */
export function benchCostModel(): CostModelBench {
  const { source, cases } = loadNetworks();
  const layers = cases.reduce((n, c) => n + c.network.layers.length, 0);
  // Warm up the JIT on every path before measuring.
  uncached(cases, 2);
  for (const frozen of [false, true]) for (const totals of [false, true]) cached(cases, 20, frozen, totals);

  const figures = [
    figure('uncached (a fresh analysis of every layer)', uncached(cases, 10)),
    figure('cached, per-layer rows', cached(cases, 200, false, false)),
    figure('cached, totals only', cached(cases, 200, false, true)),
    figure('cached frozen specs, per-layer rows', cached(cases, 500, true, false)),
    figure('cached frozen specs, totals only', cached(cases, 500, true, true)),
  ];
  const uncachedMedian = figures[0]!.medianMicrosPerLayer;
  return {
    source,
    networks: cases.length,
    layers,
    node: process.version,
    figures,
    // MAESTRO's own binary takes 1.6-6 ms per layer on these machines (not measurable here).
    speedupOverMaestroLow: 1600 / uncachedMedian,
    speedupOverMaestroHigh: 6000 / uncachedMedian,
  };
}

/** The benchmark as a table (what `npm run bench` prints). */
export function formatCostModelBench(report: CostModelBench): string {
  const { figures } = report;
  const uncachedMedian = figures[0]!.medianMicrosPerLayer;
  return (
    `Cost model on ${report.networks} ${report.source} (${report.layers} layers), Node ${report.node}\n\n` +
    formatTable(figures, [
      { header: 'evaluation', value: (f) => f.name },
      { header: 'median us/layer', value: (f) => f.medianMicrosPerLayer, digits: 3 },
      { header: 'p90 us/layer', value: (f) => f.p90MicrosPerLayer, digits: 3 },
      { header: 'layers/s', value: (f) => Math.round(f.layersPerSecond) },
    ]) +
    `\nUncached median: ${(1600 / uncachedMedian).toFixed(0)}x to ${(6000 / uncachedMedian).toFixed(0)}x faster than MAESTRO's 1.6-6 ms per layer.\n`
  );
}

function main(): void {
  const report = benchCostModel();
  if (process.argv.includes('--json')) {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return;
  }
  process.stdout.write(formatCostModelBench(report));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();

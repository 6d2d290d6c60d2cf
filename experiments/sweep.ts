/**
 * A sweep: every architecture of a list on every accelerator of a grid, one JSON line per pair, in a
 * deterministic order; resumable, shardable, and parallel on worker threads.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { CostModel } from '../src/costmodel/evaluate.js';
import { inShard, ResultLog, ResultLogError, type ResultRecord, type Shard } from '../src/report/result-log.js';
import { createSpace, type ArchitectureSpace } from '../src/workloads/index.js';
import { costModelViolation, evaluateWorkload, type HardwareDesign } from '../envs/hardware-grid.js';

export interface SweepSpec {
  space: string;
  preset: string;
  /** Architecture keys, in task order. */
  architectures: readonly string[];
  /** Accelerators (with dataflow), in task order. */
  accelerators: readonly HardwareDesign[];
}

export interface SweepRunOptions {
  out: string;
  resume: boolean;
  shard?: Shard | undefined;
  /** Worker threads (1: evaluate in this thread). */
  workers: number;
  onProgress?: ((done: number, total: number) => void) | undefined;
}

/** One sweep result, fields in a fixed order. */
export interface SweepRecord extends ResultRecord {
  architecture: string;
  numPes: number;
  l1SizeElements: number;
  l2SizeElements: number;
  nocBandwidthElemsPerCycle: number;
  offchipBandwidthElemsPerCycle: number;
  dataflow: string;
  feasible: boolean;
  latencyCycles: number | null;
  energyNJ: number | null;
  edp: number | null;
  areaUm2: number | null;
  powerMW: number | null;
  macs: number | null;
  reason: string | null;
}

/** Evaluates one architecture on several accelerators (task indices given). */
export function evaluateArchitecture(
  space: ArchitectureSpace<unknown>,
  key: string,
  accelerators: readonly { index: number; accelerator: HardwareDesign }[],
  model: CostModel,
): SweepRecord[] {
  const network = space.toNetwork(space.fromKey(key));
  return accelerators.map(({ index, accelerator }) => {
    const base = {
      index,
      architecture: key,
      numPes: accelerator.numPes,
      l1SizeElements: accelerator.l1SizeElements,
      l2SizeElements: accelerator.l2SizeElements,
      nocBandwidthElemsPerCycle: accelerator.nocBandwidthElemsPerCycle,
      offchipBandwidthElemsPerCycle: accelerator.offchipBandwidthElemsPerCycle,
      dataflow: accelerator.dataflow,
    };
    try {
      const { metrics, invalidLayers } = evaluateWorkload([network], accelerator, model);
      const feasible = invalidLayers === 0;
      return {
        ...base,
        feasible,
        latencyCycles: metrics.latencyCycles,
        energyNJ: metrics.energyNJ,
        edp: metrics.edp,
        areaUm2: metrics.areaUm2,
        powerMW: metrics.powerMW,
        macs: metrics.macs,
        reason: feasible ? null : `${invalidLayers} layer(s) without a valid iteration`,
      };
    } catch (error) {
      return { ...base, feasible: false, latencyCycles: null, energyNJ: null, edp: null, areaUm2: null, powerMW: null, macs: null, reason: costModelViolation(error) };
    }
  });
}

/** The sidecar that records what a results file is a sweep of (checked on --resume). */
function manifestPath(out: string): string {
  return `${out}.manifest.json`;
}

function manifestOf(spec: SweepSpec, shard: Shard | undefined): string {
  return `${JSON.stringify({ kind: 'sweep', space: spec.space, preset: spec.preset, architectures: spec.architectures, accelerators: spec.accelerators, shard: shard ?? null }, null, 1)}\n`;
}

/** The work of one architecture in this shard: its tasks not yet in the file. */
interface ArchitectureWork {
  key: string;
  tasks: { index: number; accelerator: HardwareDesign }[];
}

/** Runs (or resumes) a sweep into `options.out`. Returns how many records were written now. */
export async function runSweep(spec: SweepSpec, options: SweepRunOptions): Promise<{ written: number; total: number; skipped: number }> {
  const manifest = manifestOf(spec, options.shard);
  if (options.resume && existsSync(options.out) && existsSync(manifestPath(options.out))) {
    if (readFileSync(manifestPath(options.out), 'utf8') !== manifest) {
      throw new ResultLogError(`${options.out} is a sweep with other options; --resume needs the same space, architectures, grid and shard`);
    }
  }
  const log = ResultLog.open(options.out, { resume: options.resume });
  writeFileSync(manifestPath(options.out), manifest);
  const accelerators = spec.accelerators.length;
  const work: ArchitectureWork[] = [];
  const order: number[] = [];
  let total = 0;
  spec.architectures.forEach((key, a) => {
    const tasks: ArchitectureWork['tasks'] = [];
    spec.accelerators.forEach((accelerator, h) => {
      const index = a * accelerators + h;
      if (!inShard(index, options.shard)) return;
      total++;
      order.push(index);
      if (!log.has(index)) tasks.push({ index, accelerator });
    });
    if (tasks.length > 0) work.push({ key, tasks });
  });
  log.expect(order);
  const skipped = log.completedCount;
  let done = skipped;
  options.onProgress?.(done, total);
  const record = (records: readonly SweepRecord[]): void => {
    for (const r of records) log.write(r);
    done += records.length;
    options.onProgress?.(done, total);
  };
  try {
    if (options.workers <= 1) {
      const space = createSpace(spec.space, spec.preset) as ArchitectureSpace<unknown>;
      const model = new CostModel();
      for (const item of work) {
        record(evaluateArchitecture(space, item.key, item.tasks, model));
        // Yield so that a progress bar redraws and a signal can be handled between architectures.
        await new Promise((resolve) => setImmediate(resolve));
      }
    } else {
      const { Piscina } = await import('piscina');
      const pool = new Piscina({ filename: new URL('./sweep-worker.js', import.meta.url).href, maxThreads: Math.min(options.workers, availableParallelism()), minThreads: 1 });
      try {
        await Promise.all(
          work.map(async (item) => {
            const records = (await pool.run({ space: spec.space, preset: spec.preset, key: item.key, tasks: item.tasks })) as SweepRecord[];
            record(records);
          }),
        );
      } finally {
        await pool.destroy();
      }
    }
  } finally {
    log.close();
  }
  return { written: done - skipped, total, skipped };
}

/**
 * A sweep: every architecture of a list on every accelerator of a grid, one JSON line per pair, in a
 * deterministic order; resumable, shardable, and parallel on worker threads.
 */
import { CostModel } from '../src/costmodel/evaluate.js';
import type { ResultRecord } from '../src/report/result-log.js';
import { createSpace, type ArchitectureSpace } from '../src/workloads/index.js';
import { costModelViolation, evaluateWorkload, type HardwareDesign } from '../envs/hardware-grid.js';
import { runTasks, type TaskRunOptions, type TaskRunSummary, type WorkItem } from './task-runner.js';

export interface SweepSpec {
  space: string;
  preset: string;
  /** Architecture keys, in task order. */
  architectures: readonly string[];
  /** Accelerators (with dataflow), in task order. */
  accelerators: readonly HardwareDesign[];
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

/** What a sweep worker gets: the architecture and the accelerators of the item's task indices. */
export interface SweepPayload {
  space: string;
  preset: string;
  key: string;
  /** Accelerator of each task index of the architecture. */
  accelerators: Record<number, HardwareDesign>;
}

/** The tasks of one item: its indices with their accelerators. */
export function sweepTasks(item: WorkItem<SweepPayload>): { index: number; accelerator: HardwareDesign }[] {
  return item.indices.map((index) => ({ index, accelerator: item.payload.accelerators[index]! }));
}

/** Runs (or resumes) a sweep into `options.out`: one work item per architecture, tasks architecture-major. */
export async function runSweep(spec: SweepSpec, options: TaskRunOptions): Promise<TaskRunSummary> {
  const count = spec.accelerators.length;
  const items = spec.architectures.map((key, a): WorkItem<SweepPayload> => {
    const accelerators: Record<number, HardwareDesign> = {};
    spec.accelerators.forEach((accelerator, h) => {
      accelerators[a * count + h] = accelerator;
    });
    return { indices: spec.accelerators.map((_, h) => a * count + h), payload: { space: spec.space, preset: spec.preset, key, accelerators } };
  });
  let space: ArchitectureSpace<unknown> | undefined;
  const model = new CostModel();
  return runTasks(
    {
      manifest: { kind: 'sweep', space: spec.space, preset: spec.preset, architectures: spec.architectures, accelerators: spec.accelerators },
      items,
      evaluate: (item) => {
        space ??= createSpace(spec.space, spec.preset) as ArchitectureSpace<unknown>;
        return evaluateArchitecture(space, item.payload.key, sweepTasks(item), model);
      },
      workerModule: new URL('./sweep-worker.js', import.meta.url),
    },
    options,
  );
}

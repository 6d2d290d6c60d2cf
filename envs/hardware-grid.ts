/** The accelerator design space: grids of PE counts, buffer sizes, bandwidths and dataflows. */
import * as z from 'zod';
import { CostModel } from '../src/costmodel/evaluate.js';
import { areaPower } from '../src/costmodel/metrics.js';
import type { DataflowName } from '../src/dataflows/index.js';
import { MaestroError } from '../src/maestro/errors.js';
import { DEFAULT_HARDWARE, type HardwareSpec } from '../src/maestro/types.js';
import { mapNetwork, mapNetworkShapes, type Network } from '../src/workloads/index.js';
import type { Decision } from './design-env.js';
import type { DesignMetrics } from './metrics.js';

/** Dataflows an accelerator can be designed with (depthwise layers always use dpt). */
export const HARDWARE_DATAFLOWS = ['kcp_ws', 'rs', 'xp_ws', 'ykp_os'] as const;
export type HardwareDataflow = (typeof HARDWARE_DATAFLOWS)[number];

const values = z.array(z.number().int().positive().max(2147483647)).nonempty();

export const hardwareGridSchema = z.strictObject({
  numPes: values,
  l1SizeElements: values,
  l2SizeElements: values,
  nocBandwidthElemsPerCycle: values,
  offchipBandwidthElemsPerCycle: values,
  dataflows: z.array(z.enum(HARDWARE_DATAFLOWS)).nonempty(),
});
export type HardwareGrid = z.infer<typeof hardwareGridSchema>;

/** The co-design study's grid (Lu et al., tinyML 2022): 6 x 8 x 9 x 4 = 1,728 accelerators. */
export const STUDY_GRID: HardwareGrid = Object.freeze({
  numPes: [16, 32, 64, 128, 256, 512],
  l1SizeElements: [100],
  l2SizeElements: [3000],
  nocBandwidthElemsPerCycle: [300, 400, 500, 600, 700, 800, 900, 1000],
  offchipBandwidthElemsPerCycle: [50, 100, 150, 200, 250, 275, 300, 325, 350],
  dataflows: ['kcp_ws', 'rs', 'xp_ws', 'ykp_os'],
}) as HardwareGrid;

/** A grid option: any subset of the fields, the rest from the study's grid. */
export const partialGridSchema = hardwareGridSchema.partial();

export function completeGrid(partial: Partial<HardwareGrid> | undefined): HardwareGrid {
  return { ...STUDY_GRID, ...(partial ?? {}) };
}

/** One accelerator of the grid. */
export interface HardwareDesign {
  numPes: number;
  l1SizeElements: number;
  l2SizeElements: number;
  nocBandwidthElemsPerCycle: number;
  offchipBandwidthElemsPerCycle: number;
  dataflow: HardwareDataflow;
}

/** The co-design study's reference accelerator acc-A with the NVDLA-like dataflow. */
export const REFERENCE_ACCELERATOR: HardwareDesign = Object.freeze({
  numPes: 256,
  l1SizeElements: 100,
  l2SizeElements: 3000,
  nocBandwidthElemsPerCycle: 1000,
  offchipBandwidthElemsPerCycle: 300,
  dataflow: 'kcp_ws',
});

export const hardwareDesignSchema = z.strictObject({
  numPes: z.number().int().positive(),
  l1SizeElements: z.number().int().positive(),
  l2SizeElements: z.number().int().positive(),
  nocBandwidthElemsPerCycle: z.number().int().positive(),
  offchipBandwidthElemsPerCycle: z.number().int().positive(),
  dataflow: z.enum(HARDWARE_DATAFLOWS),
});

/** The grid's decisions, in the order of `HardwareDesign`'s fields: numbers are ordinal (in the grid's order), the dataflow categorical. */
export function hardwareDecisions(grid: HardwareGrid): Decision[] {
  return [
    { name: 'numPes', choices: grid.numPes, kind: 'ordinal' },
    { name: 'l1SizeElements', choices: grid.l1SizeElements, kind: 'ordinal' },
    { name: 'l2SizeElements', choices: grid.l2SizeElements, kind: 'ordinal' },
    { name: 'nocBandwidthElemsPerCycle', choices: grid.nocBandwidthElemsPerCycle, kind: 'ordinal' },
    { name: 'offchipBandwidthElemsPerCycle', choices: grid.offchipBandwidthElemsPerCycle, kind: 'ordinal' },
    { name: 'dataflow', choices: grid.dataflows, kind: 'categorical' },
  ];
}

export function decodeHardware(grid: HardwareGrid, choices: readonly number[]): HardwareDesign {
  return {
    numPes: grid.numPes[choices[0]!]!,
    l1SizeElements: grid.l1SizeElements[choices[1]!]!,
    l2SizeElements: grid.l2SizeElements[choices[2]!]!,
    nocBandwidthElemsPerCycle: grid.nocBandwidthElemsPerCycle[choices[3]!]!,
    offchipBandwidthElemsPerCycle: grid.offchipBandwidthElemsPerCycle[choices[4]!]!,
    dataflow: grid.dataflows[choices[5]!]!,
  };
}

export function gridSize(grid: HardwareGrid): bigint {
  return hardwareDecisions(grid).reduce((n, d) => n * BigInt(d.choices.length), 1n);
}

/**
 * Four far-apart accelerators of a grid: the smallest and the largest PE counts with opposite
 * bandwidth extremes, on the grid's first and last dataflows (at the largest buffer sizes). Used to
 * probe whether a ranking holds across the grid.
 */
export function gridCorners(grid: HardwareGrid): HardwareDesign[] {
  const first = <T>(values: readonly T[]): T => values[0]!;
  const last = <T>(values: readonly T[]): T => values[values.length - 1]!;
  const design = (numPes: number, noc: number, offchip: number, dataflow: HardwareDataflow): HardwareDesign => ({
    numPes,
    l1SizeElements: last(grid.l1SizeElements),
    l2SizeElements: last(grid.l2SizeElements),
    nocBandwidthElemsPerCycle: noc,
    offchipBandwidthElemsPerCycle: offchip,
    dataflow,
  });
  const noc = grid.nocBandwidthElemsPerCycle;
  const offchip = grid.offchipBandwidthElemsPerCycle;
  return [
    design(first(grid.numPes), first(noc), first(offchip), first(grid.dataflows)),
    design(last(grid.numPes), last(noc), last(offchip), first(grid.dataflows)),
    design(first(grid.numPes), last(noc), first(offchip), last(grid.dataflows)),
    design(last(grid.numPes), first(noc), last(offchip), last(grid.dataflows)),
  ];
}

/** Every accelerator of a grid. */
export function allAccelerators(grid: {
  numPes: readonly number[];
  l1SizeElements: readonly number[];
  l2SizeElements: readonly number[];
  nocBandwidthElemsPerCycle: readonly number[];
  offchipBandwidthElemsPerCycle: readonly number[];
  dataflows: readonly HardwareDataflow[];
}): HardwareDesign[] {
  const designs: HardwareDesign[] = [];
  for (const numPes of grid.numPes)
    for (const l1SizeElements of grid.l1SizeElements)
      for (const l2SizeElements of grid.l2SizeElements)
        for (const nocBandwidthElemsPerCycle of grid.nocBandwidthElemsPerCycle)
          for (const offchipBandwidthElemsPerCycle of grid.offchipBandwidthElemsPerCycle)
            for (const dataflow of grid.dataflows) {
              designs.push({ numPes, l1SizeElements, l2SizeElements, nocBandwidthElemsPerCycle, offchipBandwidthElemsPerCycle, dataflow });
            }
  return designs;
}

/** MAESTRO's hardware of a design (NoC latency 1, one SIMD lane). */
export function hardwareSpec(design: HardwareDesign): HardwareSpec {
  return {
    ...DEFAULT_HARDWARE,
    numPes: design.numPes,
    l1SizeElements: design.l1SizeElements,
    l2SizeElements: design.l2SizeElements,
    nocBandwidthElemsPerCycle: design.nocBandwidthElemsPerCycle,
    offchipBandwidthElemsPerCycle: design.offchipBandwidthElemsPerCycle,
  };
}

/**
 * Latency and energy of networks run one after another on a design, with the area and power of
 * the design's buffers. Throws the cost model's error when a layer cannot be evaluated; reports
 * `invalidLayers` (layers MAESTRO gives runtime 0) so the caller can declare the design infeasible.
 */
export function evaluateWorkload(
  networks: readonly Network[],
  design: HardwareDesign,
  model: CostModel,
): { metrics: DesignMetrics; invalidLayers: number; adjustedLayers: number } {
  const hardware = hardwareSpec(design);
  let latencyCycles = 0;
  let energyNJ = 0;
  let macs = 0;
  let l1 = 0;
  let l2 = 0;
  let invalidLayers = 0;
  let adjustedLayers = 0;
  for (const network of networks) {
    const mapped = mapNetworkShapes(network, design.dataflow as DataflowName, hardware);
    adjustedLayers += mapped.adjustedLayers;
    let totals;
    try {
      totals = model.evaluateTotals(mapped.spec, hardware);
    } catch (error) {
      // The shared layers carry another layer's name: the named mapping names the failing layer.
      if (error instanceof MaestroError) model.evaluateTotals(mapNetwork(network, design.dataflow as DataflowName, hardware).spec, hardware);
      throw error;
    }
    latencyCycles += totals.runtimeCycles;
    energyNJ += totals.energyNJ;
    macs += totals.macs;
    invalidLayers += totals.invalidLayers;
    l1 = Math.max(l1, totals.l1SizeReqElements);
    l2 = Math.max(l2, totals.l2SizeReqElements);
  }
  const power = areaPower(hardware, design.l1SizeElements, design.l2SizeElements);
  return {
    metrics: {
      latencyCycles,
      energyNJ,
      edp: latencyCycles * energyNJ,
      areaUm2: power.areaUm2,
      powerMW: power.powerMW,
      macs,
      l1SizeReqElements: l1,
      l2SizeReqElements: l2,
    },
    invalidLayers,
    adjustedLayers,
  };
}

/** The reason a cost-model failure makes a design infeasible. */
export function costModelViolation(error: unknown): string {
  if (error instanceof MaestroError) return `cost model: ${error.message}`;
  throw error;
}

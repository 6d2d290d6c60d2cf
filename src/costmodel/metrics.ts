/** MAESTRO's reported numbers for a layer (spec §5): energy, area and power, and the CSV row. */
import { LONG_MIN, type MaestroCsvRow } from '../maestro/csv.js';
import type { HardwareSpec } from '../maestro/types.js';
import type { LayerAnalysis } from './clusters.js';
import type { DelayStatistics, LayerCost } from './engine.js';
import { dimName } from './dimensions.js';
import { DataClass } from './tensors.js';

/** Energy per access relative to one MAC, and the MAC energy (spec §5.2). */
export const ENERGY = Object.freeze({
  macNJ: 0.00023,
  l1PerMac: 1.68,
  l2PerMac: 18.61,
});

/** Area (um^2) and power (mW) coefficients of MAESTRO's hardware database (spec §5.3). */
const AREA_POWER = Object.freeze({
  macAreaPerLane: 283,
  macPowerPerLane: 1.2223,
  sramAreaPerElement: 0.104,
  sramPowerPerElement: 0.00345,
  busAreaScale: 101.7938,
  busPowerScale: 0.8,
  busPerPe: 14.662,
  busBase: 28.895,
  arbiterArea: 395.473,
  arbiterPowerPerUnit: 0.34,
  arbiterPowerMin: 0.34,
  arbiterQuadratic: 1.2886,
  arbiterLinear: 5.5814,
  arbiterConstant: -23.711,
});

export interface AreaPower {
  areaUm2: number;
  powerMW: number;
  pePowerMW: number;
  l1PowerMW: number;
  l2PowerMW: number;
  nocPowerMW: number;
}

/** Area and power of an accelerator sized for a layer's L1/L2 requirements (elements). */
export function areaPower(hardware: HardwareSpec, l1SizeElements: number, l2SizeElements: number): AreaPower {
  const c = AREA_POWER;
  const pes = hardware.numPes;
  const lanes = hardware.simdLanes;
  const bandwidth = hardware.nocBandwidthElemsPerCycle;
  const l1Cells = Math.max(1, l1SizeElements);
  const l2Cells = Math.max(1, l2SizeElements);
  const busUnits = c.busPerPe * pes + c.busBase;
  const arbiterUnits = c.arbiterQuadratic * pes * pes + c.arbiterLinear * pes + c.arbiterConstant;
  const busArea = c.busAreaScale * busUnits * bandwidth;
  const arbiterArea = Math.max(c.arbiterArea * arbiterUnits, c.arbiterArea);
  const pePowerMW = pes * c.macPowerPerLane * lanes;
  const l1PowerMW = pes * c.sramPowerPerElement * l1Cells;
  const l2PowerMW = c.sramPowerPerElement * l2Cells;
  // Operation order as in MAESTRO: it decides the last printed digit when a value falls on a tie.
  const busPowerMW = ((c.busPowerScale * busUnits) / 1000) * bandwidth;
  const arbiterPowerMW = Math.max((c.arbiterPowerPerUnit * arbiterUnits) / 1000, c.arbiterPowerMin);
  const nocPowerMW = busPowerMW + arbiterPowerMW;
  return {
    areaUm2: pes * (c.macAreaPerLane * lanes + c.sramAreaPerElement * l1Cells) + c.sramAreaPerElement * l2Cells + busArea + arbiterArea,
    powerMW: pePowerMW + l1PowerMW + l2PowerMW + busPowerMW + arbiterPowerMW,
    pePowerMW,
    l1PowerMW,
    l2PowerMW,
    nocPowerMW,
  };
}

/** Energy in nJ from L2 and L1 access counts (MAESTRO's CSV energy has no MAC term). */
export function accessEnergyNJ(l2Accesses: number, l1Accesses: number): number {
  return ENERGY.macNJ * (ENERGY.l2PerMac * l2Accesses + ENERGY.l1PerMac * l1Accesses);
}

/** A layer's costs before the network context fixes its energy (see `withEnergy`). */
export interface LayerReport {
  /** The CSV row with energy-dependent columns still unset (NaN). */
  row: MaestroCsvRow;
  /** L2 accesses counted in the energy: input and filter reads and writes, output writes. */
  l2Accesses: number;
  /** Sum of the six top-level L1 counters. */
  l1Accesses: number;
  /**
   * MAESTRO produced more than one level record (some sub-cluster was analysed): its CSV energy then
   * takes the previous layer's L1 term (Q2).
   */
  multiLevel: boolean;
}

function delayColumns(statistics: DelayStatistics, iterations: number): [number, number, number] {
  if (iterations === 0) return [LONG_MIN, statistics.max, LONG_MIN];
  return [statistics.min, statistics.max, Math.trunc(statistics.weightedSum / iterations)];
}

/** Product of the dimensions, as written in the layer, that the tensor is coupled to. */
function product(analysis: LayerAnalysis, t: DataClass): number {
  let total = 1;
  for (const dim of analysis.table.coupled[t]) {
    const size = analysis.fileDimensions[dimName(dim)];
    if (size !== undefined) total *= size;
  }
  return total;
}

/** Assembles MAESTRO's row for a layer from its cost analysis. */
export function layerReport(networkName: string, analysis: LayerAnalysis, cost: LayerCost, hardware: HardwareSpec): LayerReport {
  const { top, first } = cost;
  const l2SizeReq = top.l2Size[0] + top.l2Size[1] + top.l2Size[2];
  const l1SizeReq = first.l1Size[0] + first.l1Size[1] + first.l1Size[2];
  const power = areaPower(hardware, l1SizeReq, l2SizeReq);
  const [ingressMin, ingressMax, ingressAvg] = delayColumns(top.ingressDelay, top.iterations);
  const [egressMin, egressMax, egressAvg] = delayColumns(top.egressDelay, top.iterations);
  const [computeMin, computeMax, computeAvg] = delayColumns(top.computeDelay, top.iterations);
  const I = DataClass.Input;
  const F = DataClass.Filter;
  const O = DataClass.Output;
  const row: MaestroCsvRow = {
    networkName,
    layerName: analysis.name,
    numPes: hardware.numPes,
    runtimeCycles: top.runtimeCycles,
    energyNJ: Number.NaN,
    throughputMacsPerCycle: top.macs / top.runtimeCycles,
    throughputPerEnergy: Number.NaN,
    areaUm2: power.areaUm2,
    powerMW: power.powerMW,
    nocBandwidthReqElemsPerCycle: top.peakBandwidth,
    avgBandwidthReqElemsPerCycle: top.avgBandwidth,
    peakBandwidthReqElemsPerCycle: top.peakBandwidth,
    vectorWidth: hardware.simdLanes,
    offchipBandwidthReqElemsPerCycle: top.offchipBandwidthReq,
    l2SizeReqElements: l2SizeReq,
    l1SizeReqElements: l1SizeReq,
    multicastFactorWeight: top.l1Writes[F] / top.l2Reads[F],
    multicastFactorInput: top.l1Writes[I] / top.l2Reads[I],
    totalInputElements: product(analysis, I),
    totalWeightElements: product(analysis, F),
    opsPerJoule: Number.NaN,
    numMacs: top.macs,
    pePowerMW: power.pePowerMW,
    l1PowerMW: power.l1PowerMW,
    l2PowerMW: power.l2PowerMW,
    nocPowerMW: power.nocPowerMW,
    inputL1Reads: top.l1Reads[I],
    inputL1Writes: top.l1Writes[I],
    inputL2Reads: top.l2Reads[I],
    inputL2Writes: top.l2Writes[I],
    inputReuseFactor: top.l1Reads[I] / top.l1Writes[I],
    filterL1Reads: top.l1Reads[F],
    filterL1Writes: top.l1Writes[F],
    filterL2Reads: top.l2Reads[F],
    filterL2Writes: top.l2Writes[F],
    filterReuseFactor: top.l1Reads[F] / top.l1Writes[F],
    outputL1Reads: top.l1Reads[O],
    outputL1Writes: top.l1Writes[O],
    outputL2Reads: top.l2Reads[O],
    outputL2Writes: top.l2Writes[O],
    outputReuseFactor: top.l1Reads[O] / top.l1Writes[O],
    ingressDelayMinCycles: ingressMin,
    ingressDelayMaxCycles: ingressMax,
    ingressDelayAvgCycles: ingressAvg,
    egressDelayMinCycles: egressMin,
    egressDelayMaxCycles: egressMax,
    egressDelayAvgCycles: egressAvg,
    computeDelayMinCycles: computeMin,
    computeDelayMaxCycles: computeMax,
    computeDelayAvgCycles: computeAvg,
    avgUtilizedPes: top.avgActiveUnits,
    arithmeticIntensity: top.arithmeticIntensity,
  };
  const l2Accesses = top.l2Reads[I] + top.l2Writes[I] + top.l2Reads[F] + top.l2Writes[F] + top.l2Writes[O];
  const l1Accesses = top.l1Reads[I] + top.l1Writes[I] + top.l1Reads[F] + top.l1Writes[F] + top.l1Reads[O] + top.l1Writes[O];
  return { row, l2Accesses, l1Accesses, multiLevel: cost.first !== cost.top };
}

/**
 * The finished row given the L1 access count MAESTRO's energy uses: the layer's own for
 * single-level mappings, the previous layer's (0 for the first) for multi-level ones (Q2).
 */
export function withEnergy(report: LayerReport, previousL1Accesses: number): MaestroCsvRow {
  const l1 = report.multiLevel ? previousL1Accesses : report.l1Accesses;
  const energyNJ = accessEnergyNJ(report.l2Accesses, l1);
  const row = { ...report.row };
  row.energyNJ = energyNJ;
  row.throughputPerEnergy = (row.numMacs / row.runtimeCycles / energyNJ) * 1e9;
  row.opsPerJoule = (row.numMacs / energyNJ) * 1e9;
  return row;
}

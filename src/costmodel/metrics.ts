/** MAESTRO's reported numbers for a layer (spec §5): energy, area and power, and the CSV row. */
import type { MaestroCsvRow } from '../maestro/csv.js';
import type { HardwareSpec } from '../maestro/types.js';
import { Counter, type LayerPlan } from './engine.js';
import { DataClass } from './tensors.js';
import { TimingField } from './timing.js';

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

/**
 * MAESTRO's CSV energy of a layer: its L2 term and, for single-level mappings, its own L1 term; a
 * multi-level mapping takes the previous layer's L1 access count (0 for the first layer, Q2).
 */
export function layerEnergyNJ(plan: LayerPlan, previousL1Accesses: number): number {
  return accessEnergyNJ(plan.l2Accesses, plan.multiLevel ? previousL1Accesses : plan.l1Accesses);
}

/** MAESTRO's "Throughput Per Energy" (GMACs/s*J): MACs per cycle per nJ, times 1e9. */
export function throughputPerEnergy(macs: number, runtimeCycles: number, energyNJ: number): number {
  return (macs / runtimeCycles / energyNJ) * 1e9;
}

/** MAESTRO's "Ops/J": MACs per nJ, times 1e9. */
export function opsPerJoule(macs: number, energyNJ: number): number {
  return (macs / energyNJ) * 1e9;
}

/**
 * MAESTRO's row for a layer from its plan and its timing record (`timing` at `offset`, see
 * `TimingField`), in a network where the previous layer made `previousL1Accesses` L1 accesses.
 */
export function layerRow(
  networkName: string,
  layerName: string,
  plan: LayerPlan,
  timing: Float64Array,
  offset: number,
  hardware: HardwareSpec,
  previousL1Accesses: number,
): MaestroCsvRow {
  const power = areaPower(hardware, plan.l1SizeReq, plan.l2SizeReq);
  const c = plan.counters;
  const I = DataClass.Input;
  const F = DataClass.Filter;
  const O = DataClass.Output;
  const runtimeCycles = timing[offset + TimingField.RuntimeCycles]!;
  const peakBandwidth = timing[offset + TimingField.PeakBandwidth]!;
  const energyNJ = layerEnergyNJ(plan, previousL1Accesses);
  return {
    networkName,
    layerName,
    numPes: hardware.numPes,
    runtimeCycles,
    energyNJ,
    throughputMacsPerCycle: plan.macs / runtimeCycles,
    throughputPerEnergy: throughputPerEnergy(plan.macs, runtimeCycles, energyNJ),
    areaUm2: power.areaUm2,
    powerMW: power.powerMW,
    nocBandwidthReqElemsPerCycle: peakBandwidth,
    avgBandwidthReqElemsPerCycle: timing[offset + TimingField.AvgBandwidth]!,
    peakBandwidthReqElemsPerCycle: peakBandwidth,
    vectorWidth: hardware.simdLanes,
    offchipBandwidthReqElemsPerCycle: timing[offset + TimingField.OffchipBandwidthReq]!,
    l2SizeReqElements: plan.l2SizeReq,
    l1SizeReqElements: plan.l1SizeReq,
    multicastFactorWeight: c[Counter.L1Writes + F]! / c[Counter.L2Reads + F]!,
    multicastFactorInput: c[Counter.L1Writes + I]! / c[Counter.L2Reads + I]!,
    totalInputElements: plan.totalInputElements,
    totalWeightElements: plan.totalWeightElements,
    opsPerJoule: opsPerJoule(plan.macs, energyNJ),
    numMacs: plan.macs,
    pePowerMW: power.pePowerMW,
    l1PowerMW: power.l1PowerMW,
    l2PowerMW: power.l2PowerMW,
    nocPowerMW: power.nocPowerMW,
    inputL1Reads: c[Counter.L1Reads + I]!,
    inputL1Writes: c[Counter.L1Writes + I]!,
    inputL2Reads: c[Counter.L2Reads + I]!,
    inputL2Writes: c[Counter.L2Writes + I]!,
    inputReuseFactor: c[Counter.L1Reads + I]! / c[Counter.L1Writes + I]!,
    filterL1Reads: c[Counter.L1Reads + F]!,
    filterL1Writes: c[Counter.L1Writes + F]!,
    filterL2Reads: c[Counter.L2Reads + F]!,
    filterL2Writes: c[Counter.L2Writes + F]!,
    filterReuseFactor: c[Counter.L1Reads + F]! / c[Counter.L1Writes + F]!,
    outputL1Reads: c[Counter.L1Reads + O]!,
    outputL1Writes: c[Counter.L1Writes + O]!,
    outputL2Reads: c[Counter.L2Reads + O]!,
    outputL2Writes: c[Counter.L2Writes + O]!,
    outputReuseFactor: c[Counter.L1Reads + O]! / c[Counter.L1Writes + O]!,
    ingressDelayMinCycles: timing[offset + TimingField.IngressMin]!,
    ingressDelayMaxCycles: timing[offset + TimingField.IngressMax]!,
    ingressDelayAvgCycles: timing[offset + TimingField.IngressAvg]!,
    egressDelayMinCycles: timing[offset + TimingField.EgressMin]!,
    egressDelayMaxCycles: timing[offset + TimingField.EgressMax]!,
    egressDelayAvgCycles: timing[offset + TimingField.EgressAvg]!,
    computeDelayMinCycles: timing[offset + TimingField.ComputeMin]!,
    computeDelayMaxCycles: timing[offset + TimingField.ComputeMax]!,
    computeDelayAvgCycles: timing[offset + TimingField.ComputeAvg]!,
    avgUtilizedPes: plan.avgActiveUnits,
    arithmeticIntensity: plan.arithmeticIntensity,
  };
}

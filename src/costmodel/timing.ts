/**
 * The bandwidth-dependent half of a layer's cost analysis (spec §4.5-4.8): NoC ingress and egress
 * delays, the overlap of communication with compute, off-chip fills, runtime and bandwidth
 * requirements, computed from a `LayerPlan` for one NoC bandwidth, NoC latency and off-chip
 * bandwidth. It costs one pass over the plan's valid cases (a few dozen numbers per level).
 */
import { LONG_MIN } from '../maestro/csv.js';
import type { HardwareSpec } from '../maestro/types.js';
import { ceilDiv, tdiv } from './dimensions.js';
import { CASE_STRIDE, CaseField, INVOCATION_STRIDE, type LayerPlan } from './engine.js';

/** Numbers per timing record. */
export const TIMING_STRIDE = 14;

/** Offsets within a timing record. */
export const enum TimingField {
  RuntimeCycles = 0,
  PeakBandwidth = 1,
  AvgBandwidth = 2,
  OffchipBandwidthReq = 3,
  IngressMin = 4,
  IngressMax = 5,
  IngressAvg = 6,
  EgressMin = 7,
  EgressMax = 8,
  EgressAvg = 9,
  ComputeMin = 10,
  ComputeMax = 11,
  ComputeAvg = 12,
  /** 0, or `TIMING_DIVISION_BY_ZERO` when MAESTRO would divide by zero (no valid sub-cluster iteration). */
  Failure = 13,
}

/** The top level's sub-clusters have runtime 0 in some case: MAESTRO divides by zero. */
export const TIMING_DIVISION_BY_ZERO = 1;

export type TimingHardware = Pick<HardwareSpec, 'nocBandwidthElemsPerCycle' | 'nocLatencyCycles' | 'offchipBandwidthElemsPerCycle'>;

/**
 * Writes the timing record of a plan on a hardware's bandwidths into `out` at `offset`
 * (`TIMING_STRIDE` numbers, see `TimingField`). `scratch` holds one runtime per level invocation.
 *
 * @example
 * const layer = parseMapping(mappingText).layers[0];
 * const hardware = parseHardware(hardwareText);
 * const plan = planLayer(analyzeLayer(layer, hardware, tensorTable(layer.type, false)), hardware);
 * const out = new Float64Array(TIMING_STRIDE);
 * timeLayer(plan, hardware, out, 0);
 * out[0];   // 4611: runtime, cycles (the spec's worked example, NoC 64 elements/cycle)
 * timeLayer(plan, { ...hardware, nocBandwidthElemsPerCycle: 8 }, out, 0);
 * out[0];   // 4705
 */
export function timeLayer(plan: LayerPlan, hardware: TimingHardware, out: Float64Array, offset: number, scratch?: Float64Array): void {
  const noc = hardware.nocBandwidthElemsPerCycle;
  const latency = hardware.nocLatencyCycles;
  const offchip = hardware.offchipBandwidthElemsPerCycle;
  const cases = plan.cases;
  const invocations = plan.invocations;
  const count = invocations.length / INVOCATION_STRIDE;
  const runtimes = scratch !== undefined && scratch.length >= count ? scratch : new Float64Array(count);

  // Sub-levels: only their runtime matters (it is the compute delay of the level above).
  for (let v = 0; v < count - 1; v++) {
    const end = invocations[v * INVOCATION_STRIDE + 1]! * CASE_STRIDE;
    let runtime = 0;
    for (let c = invocations[v * INVOCATION_STRIDE]! * CASE_STRIDE; c < end; c += CASE_STRIDE) {
      const compute = caseCompute(cases, c, runtimes);
      const ingressDelay = latency + ceilDiv(cases[c + CaseField.Ingress]!, noc) - 1;
      const egressDelay = latency + ceilDiv(cases[c + CaseField.Egress]!, noc) - 1;
      const outstanding = cases[c + CaseField.AllInit] === 1 ? compute + ingressDelay : Math.max(ingressDelay, compute, egressDelay);
      runtime += cases[c + CaseField.Occurrences]! * outstanding;
    }
    runtimes[v] = runtime;
  }

  // The top level: runtime, off-chip fills and requirement, bandwidth requirements, delay statistics.
  const top = count - 1;
  const outputL2 = plan.l2SizeOutput;
  const inputL2 = plan.l2SizeInput + plan.l2SizeFilter;
  const outputFill = tdiv(tdiv(outputL2, offchip), 2);
  const inputFill = tdiv(tdiv(inputL2, offchip), 2);
  let runtime = 0;
  let offchipRequest = 0;
  let peak = 0;
  let bandwidthSum = 0;
  let ingressMin = Number.POSITIVE_INFINITY;
  let ingressMax = 0;
  let ingressSum = 0;
  let egressMin = Number.POSITIVE_INFINITY;
  let egressMax = 0;
  let egressSum = 0;
  let computeMin = Number.POSITIVE_INFINITY;
  let computeMax = 0;
  let computeSum = 0;
  let failure = 0;
  const end = invocations[top * INVOCATION_STRIDE + 1]! * CASE_STRIDE;
  for (let c = invocations[top * INVOCATION_STRIDE]! * CASE_STRIDE; c < end; c += CASE_STRIDE) {
    const occurrences = cases[c + CaseField.Occurrences]!;
    const ingress = cases[c + CaseField.Ingress]!;
    const egress = cases[c + CaseField.Egress]!;
    let compute = caseCompute(cases, c, runtimes);
    const ingressDelay = latency + ceilDiv(ingress, noc) - 1;
    const egressDelay = latency + ceilDiv(egress, noc) - 1;
    let outstanding = cases[c + CaseField.AllInit] === 1 ? compute + ingressDelay : Math.max(ingressDelay, compute, egressDelay);
    outstanding = Math.max(inputFill, outstanding, outputFill);
    if (compute === 0) {
      failure = TIMING_DIVISION_BY_ZERO;
      break;
    }
    let request = offchipRequest;
    request = Math.max(request, tdiv(outputL2, compute));
    request = Math.max(request, tdiv(inputL2, compute));
    offchipRequest = tdiv(request, 2);

    runtime += occurrences * outstanding;
    const traffic = Math.max(ingress, egress);
    peak = Math.max(peak, tdiv(traffic, compute));
    bandwidthSum += tdiv(occurrences * traffic, compute);
    if (ingressDelay < ingressMin) ingressMin = ingressDelay;
    if (ingressDelay > ingressMax) ingressMax = ingressDelay;
    ingressSum += occurrences * ingressDelay;
    if (egressDelay < egressMin) egressMin = egressDelay;
    if (egressDelay > egressMax) egressMax = egressDelay;
    egressSum += occurrences * egressDelay;
    if (compute < computeMin) computeMin = compute;
    if (compute > computeMax) computeMax = compute;
    computeSum += occurrences * compute;
  }

  const iterations = plan.iterations;
  out[offset + TimingField.RuntimeCycles] = runtime;
  out[offset + TimingField.PeakBandwidth] = peak;
  out[offset + TimingField.AvgBandwidth] = bandwidthSum / iterations;
  out[offset + TimingField.OffchipBandwidthReq] = offchipRequest;
  // A level without valid cases leaves the minimum unset and the average divides by zero (C++ long of NaN).
  out[offset + TimingField.IngressMin] = iterations === 0 ? LONG_MIN : ingressMin;
  out[offset + TimingField.IngressMax] = ingressMax;
  out[offset + TimingField.IngressAvg] = iterations === 0 ? LONG_MIN : Math.trunc(ingressSum / iterations);
  out[offset + TimingField.EgressMin] = iterations === 0 ? LONG_MIN : egressMin;
  out[offset + TimingField.EgressMax] = egressMax;
  out[offset + TimingField.EgressAvg] = iterations === 0 ? LONG_MIN : Math.trunc(egressSum / iterations);
  out[offset + TimingField.ComputeMin] = iterations === 0 ? LONG_MIN : computeMin;
  out[offset + TimingField.ComputeMax] = computeMax;
  out[offset + TimingField.ComputeAvg] = iterations === 0 ? LONG_MIN : Math.trunc(computeSum / iterations);
  out[offset + TimingField.Failure] = failure;
}

/** A case's compute delay: its own at the innermost level, else its sub-clusters' runtime (the slower of two). */
function caseCompute(cases: readonly number[], c: number, runtimes: Float64Array): number {
  const own = cases[c + CaseField.Compute]!;
  if (own >= 0) return own;
  const compute = runtimes[cases[c + CaseField.SubLevel]!]!;
  const full = cases[c + CaseField.FullSubLevel]!;
  if (full >= 0) {
    const fullRuntime = runtimes[full]!;
    if (fullRuntime > compute) return fullRuntime;
  }
  return compute;
}

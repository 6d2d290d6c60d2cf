/**
 * The cost analysis of one layer (spec §4): the case loop of each cluster level with access
 * counters, buffer sizing, NoC and off-chip delays, and recursion into the sub-clusters.
 */
import type { HardwareSpec } from '../maestro/types.js';
import type { ClusterLevel, LayerAnalysis } from './clusters.js';
import { ceilDiv, Dim, dimArray, tdiv } from './dimensions.js';
import { CostModelError } from './errors.js';
import { CaseEnumerator, IterationStates, Position } from './iterations.js';
import { CaseView } from './reuse.js';
import { counterpart, DataClass, isOverlappedDim } from './tensors.js';

/**
 * A level's cases are the product of its directives' state counts (up to 3 each); MAESTRO enumerates
 * them all. One directive per dimension gives at most 3^11 = 177,147; beyond 2^20 we refuse.
 */
export const MAX_CASES_PER_LEVEL = 1 << 20;

/** Min, max and occurrence-weighted sum of a per-case delay, in cycles. */
export interface DelayStatistics {
  min: number;
  max: number;
  weightedSum: number;
}

/** What one invocation of a cluster level produces (MAESTRO's per-level result record). */
export interface LevelResult {
  runtimeCycles: number;
  /** Occurrence-weighted mean of active sub-clusters (recursively: PEs). */
  avgActiveUnits: number;
  /** Valid cases' total occurrences (temporal iterations). */
  iterations: number;
  macs: number;
  /** Buffer requirements, elements, per data class (double-buffered). */
  l2Size: [number, number, number];
  l1Size: [number, number, number];
  /** Access counters per data class. */
  l2Reads: [number, number, number];
  l2Writes: [number, number, number];
  l1Reads: [number, number, number];
  l1Writes: [number, number, number];
  peakBandwidth: number;
  avgBandwidth: number;
  offchipBandwidthReq: number;
  arithmeticIntensity: number;
  ingressDelay: DelayStatistics;
  egressDelay: DelayStatistics;
  computeDelay: DelayStatistics;
}

/** The whole layer: the top level's record and the first record produced (for the L1 size). */
export interface LayerCost {
  top: LevelResult;
  first: LevelResult;
}

interface LevelWorkspace {
  states: IterationStates;
  cases: CaseEnumerator;
  view: CaseView;
  /** Results of this level by the edge choices of the level above (bit i: directive i took its edge tile). */
  memo: Map<number, LevelResult>;
  /** Dimension sizes handed to the level below. */
  subDims: number[];
  subPresent: number[];
}

// MAESTRO starts the maximum at 0; the minimum of a level without valid cases stays unset.
function newStatistics(): DelayStatistics {
  return { min: Number.POSITIVE_INFINITY, max: 0, weightedSum: 0 };
}

function record(statistics: DelayStatistics, delay: number, occurrences: number): void {
  if (delay < statistics.min) statistics.min = delay;
  if (delay > statistics.max) statistics.max = delay;
  statistics.weightedSum += occurrences * delay;
}

/** Runs MAESTRO's cost analysis on an analysed layer. */
export class LayerEngine {
  private readonly workspaces: LevelWorkspace[];
  private first: LevelResult | undefined;

  constructor(
    private readonly layer: LayerAnalysis,
    private readonly hardware: HardwareSpec,
  ) {
    this.workspaces = layer.levels.map((level) => ({
      states: new IterationStates(level.directives.length),
      cases: new CaseEnumerator(level.directives.length),
      view: new CaseView(level, layer.table, layer.name),
      memo: new Map(),
      subDims: dimArray(),
      subPresent: dimArray(),
    }));
  }

  run(): LayerCost {
    this.first = undefined;
    const top = this.analyzeLevel(0, this.layer.layerDims.size, this.layer.layerDims.present);
    return { top, first: this.first ?? top };
  }

  private nocDelay(amount: number): number {
    return this.hardware.nocLatencyCycles + ceilDiv(amount, this.hardware.nocBandwidthElemsPerCycle) - 1;
  }

  private analyzeLevel(index: number, dimSizes: readonly number[], dimPresent: readonly number[]): LevelResult {
    const level = this.layer.levels[index]!;
    const workspace = this.workspaces[index]!;
    const isTop = index === 0;
    const isInnermost = index === this.layer.levels.length - 1;
    const { states, cases, view } = workspace;
    states.compute(level, dimSizes);
    if (states.totalCases > MAX_CASES_PER_LEVEL) {
      throw new CostModelError(
        'too-many-cases',
        `cluster level ${index} has ${states.totalCases} iteration cases (${level.directives.length} directives); ` +
          `more than ${MAX_CASES_PER_LEVEL} would take minutes to enumerate, so the mapping is refused (use one directive per dimension)`,
        this.layer.name,
        this.layer.line,
      );
    }
    cases.reset(states);

    const result: LevelResult = {
      runtimeCycles: 0,
      avgActiveUnits: 0,
      iterations: 0,
      macs: 0,
      l2Size: [0, 0, 0],
      l1Size: [0, 0, 0],
      l2Reads: [0, 0, 0],
      l2Writes: [0, 0, 0],
      l1Reads: [0, 0, 0],
      l1Writes: [0, 0, 0],
      peakBandwidth: 0,
      avgBandwidth: 0,
      offchipBandwidthReq: 0,
      arithmeticIntensity: 0,
      ingressDelay: newStatistics(),
      egressDelay: newStatistics(),
      computeDelay: newStatistics(),
    };
    const simdLanes = this.hardware.simdLanes;
    const offchipBandwidth = this.hardware.offchipBandwidthElemsPerCycle;
    let validCases = 0;
    let caseId = 0;
    let bandwidthSum = 0;
    let activeSum = 0;

    while (cases.next()) {
      view.load(states, cases.choice);
      const occurrences = view.occurrences;
      if (caseId === 0) this.updateBufferSizes(result, view, dimSizes, dimPresent, isTop);

      const egress = view.egress();
      const macs = view.macs();
      result.l2Writes[DataClass.Output] += occurrences * egress;
      result.l1Writes[DataClass.Output] += occurrences * macs;
      result.l1Reads[DataClass.Output] += occurrences * macs;
      const partialSums = view.partialSums();
      if (partialSums <= 0) continue;

      let ingress = 0;
      for (let t = DataClass.Input; t <= DataClass.Filter; t++) {
        const traffic = view.ingress(t);
        result.l2Reads[t] += occurrences * traffic;
        result.l1Writes[t] = result.l2Reads[t];
        result.l1Reads[t] += occurrences * macs;
        ingress += traffic;
      }
      result.arithmeticIntensity = macs / ingress;

      let compute: number;
      let activeUnits = 0;
      if (isInnermost) {
        compute = ceilDiv(partialSums, simdLanes);
      } else {
        // Sub-clusters: all alike, or the active ones at the spatial edge, the last one partial (spee).
        const spatialIndex = level.firstSpatial;
        const atEdge = view.isEdge[spatialIndex] === 1;
        const partialLast = atEdge && view.spatialEdgeEdge[spatialIndex] === 1;
        const sub = this.analyzeSubLevel(index, level, workspace, partialLast);
        compute = sub.runtimeCycles;
        activeUnits = sub.avgActiveUnits * (partialLast ? 1 : atEdge ? level.edgeWidth : level.width);
        if (partialLast && level.edgeWidth - 1 > 0) {
          const full = this.analyzeSubLevel(index, level, workspace, false);
          if (full.runtimeCycles > compute) compute = full.runtimeCycles;
          activeUnits += full.avgActiveUnits * (level.edgeWidth - 1);
        }
      }

      const ingressDelay = this.nocDelay(ingress);
      const egressDelay = this.nocDelay(egress);
      let outstanding = view.allInit ? compute + ingressDelay : Math.max(ingressDelay, compute, egressDelay);

      if (isTop) {
        const outputFill = tdiv(result.l2Size[DataClass.Output], offchipBandwidth);
        const inputFill = tdiv(result.l2Size[DataClass.Input] + result.l2Size[DataClass.Filter], offchipBandwidth);
        outstanding = Math.max(tdiv(inputFill, 2), outstanding, tdiv(outputFill, 2));
        if (compute === 0) {
          throw new CostModelError(
            'division-by-zero',
            'every iteration of the sub-clusters is invalid (an output tile of size <= 0: a Y/X tile smaller than R/S), so their runtime is 0 and MAESTRO divides by zero',
            this.layer.name,
            this.layer.line,
          );
        }
        let request = result.offchipBandwidthReq;
        request = Math.max(request, tdiv(result.l2Size[DataClass.Output], compute));
        request = Math.max(request, tdiv(result.l2Size[DataClass.Input] + result.l2Size[DataClass.Filter], compute));
        result.offchipBandwidthReq = tdiv(request, 2);
      }

      result.runtimeCycles += occurrences * outstanding;
      result.macs += occurrences * macs;
      if (activeUnits === 0) activeUnits = view.isEdge[level.firstSpatial] ? level.edgeWidth : level.width;
      activeSum += activeUnits * occurrences;

      if (compute === 0) compute = 1;
      const traffic = Math.max(ingress, egress);
      result.peakBandwidth = Math.max(result.peakBandwidth, tdiv(traffic, compute));
      bandwidthSum += tdiv(occurrences * traffic, compute);
      record(result.ingressDelay, ingressDelay, occurrences);
      record(result.egressDelay, egressDelay, occurrences);
      record(result.computeDelay, compute, occurrences);
      validCases += occurrences;
      caseId++;
    }

    result.iterations = validCases;
    result.avgBandwidth = bandwidthSum / validCases;
    result.avgActiveUnits = validCases === 0 ? 0 : activeSum / validCases;
    if (this.first === undefined) this.first = result;
    return result;
  }

  /** Spec §4.10: the sub-level analysed with this case's tile sizes, memoised by which tiles are edge tiles. */
  private analyzeSubLevel(index: number, level: ClusterLevel, workspace: LevelWorkspace, edgeEdge: boolean): LevelResult {
    const { view, subDims, subPresent } = workspace;
    const { directives, mapped, edgeMapped, edgeWidth } = level;
    let edgeChoices = 0;
    for (let i = 0; i < directives.length; i++) {
      const d = directives[i]!;
      let useEdge: boolean;
      if (!d.spatial) useEdge = view.isEdge[i] === 1;
      else if (view.position[i] === Position.Steady) useEdge = false;
      else if (view.position[i] === Position.Init) useEdge = view.isEdge[i] === 1 && (edgeWidth === 1 || edgeEdge);
      else useEdge = edgeWidth === 1 || edgeEdge;
      if (useEdge) edgeChoices |= 1 << i;
    }
    const lowerWorkspace = this.workspaces[index + 1]!;
    let result = lowerWorkspace.memo.get(edgeChoices);
    if (result === undefined) {
      subDims.fill(0);
      subPresent.fill(0);
      for (let i = 0; i < directives.length; i++) {
        const dim = directives[i]!.dim;
        subDims[dim] = (edgeChoices & (1 << i)) !== 0 ? edgeMapped[dim]! : mapped[dim]!;
        subPresent[dim] = 1;
      }
      result = this.analyzeLevel(index + 1, subDims, subPresent);
      lowerWorkspace.memo.set(edgeChoices, result);
    }
    return result;
  }

  /** Spec §4.9, run for every case up to the first valid one (input sizes accumulate, Q11). */
  private updateBufferSizes(result: LevelResult, view: CaseView, dimSizes: readonly number[], dimPresent: readonly number[], isTop: boolean): void {
    const table = this.layer.table;
    for (let t = DataClass.Input; t <= DataClass.Filter; t++) {
      result.l2Size[t] += 2 * view.ingress(t);
      result.l1Size[t] += 2 * view.mappedVolume(t);
      if (isTop) {
        let fill = 1;
        for (const dim of table.coupled[t]) fill *= dimPresent[dim] ? dimSizes[dim]! : 0;
        result.l2Writes[t] = fill;
      }
    }
    result.l2Size[DataClass.Output] = 2 * view.egress();
    result.l1Size[DataClass.Output] = 2 * view.mappedVolume(DataClass.Output);
    if (isTop) {
      let outputs = 1;
      for (const dim of table.coupled[DataClass.Output]) {
        const size = dimPresent[dim] ? dimSizes[dim]! : 0;
        if (isOverlappedDim(dim, table)) {
          const other = counterpart(dim) as Dim;
          outputs *= size - (dimPresent[other] ? dimSizes[other]! : 0) + 1;
        } else {
          outputs *= size;
        }
      }
      result.l2Reads[DataClass.Output] = outputs;
    }
  }
}

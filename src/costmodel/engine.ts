/**
 * The bandwidth-independent half of a layer's cost analysis (spec §4): the case loop of every
 * cluster level, with reuse, access counters, buffer sizing and the recursion into sub-clusters.
 * Its result, a `LayerPlan`, depends only on the layer's shape, its dataflow, the PE count and the
 * vector width; `timeLayer` (timing.ts) turns it into runtimes and delays for any NoC and off-chip
 * bandwidth.
 */
import type { HardwareSpec } from '../maestro/types.js';
import type { ClusterLevel, LayerAnalysis } from './clusters.js';
import { ceilDiv, Dim, DIM_COUNT, dimArray } from './dimensions.js';
import { CostModelError } from './errors.js';
import { CaseEnumerator, IterationStates, Position } from './iterations.js';
import { CaseView } from './reuse.js';
import { counterpart, DataClass, isOverlappedDim, type TensorTable } from './tensors.js';

/**
 * A level's cases are the product of its directives' state counts (up to 3 each); MAESTRO enumerates
 * them all. One directive per dimension gives at most 3^11 = 177,147; beyond 2^20 we refuse.
 */
export const MAX_CASES_PER_LEVEL = 1 << 20;

/** Numbers per valid case in `LayerPlan.cases`. */
export const CASE_STRIDE = 7;
/** Offsets within a case record. */
export const enum CaseField {
  Occurrences = 0,
  /** Input and filter traffic into the sub-clusters, elements. */
  Ingress = 1,
  /** Output traffic out of the sub-clusters, elements. */
  Egress = 2,
  /** 1 for the all-Init case (its ingress is not overlapped with compute). */
  AllInit = 3,
  /** Compute cycles of an innermost level's case; -1 where sub-clusters compute. */
  Compute = 4,
  /** Invocation index of the sub-level this case runs (-1 at the innermost level). */
  SubLevel = 5,
  /** A second sub-level invocation (the full sub-clusters beside a partial last one), or -1. */
  FullSubLevel = 6,
}

/** Numbers per invocation in `LayerPlan.invocations`: first case, end of cases. */
export const INVOCATION_STRIDE = 2;

/** Indices of the twelve access counters in `LayerPlan.counters`. */
export const enum Counter {
  L2Reads = 0,
  L2Writes = 3,
  L1Reads = 6,
  L1Writes = 9,
}

/**
 * Everything about a layer that no bandwidth changes: the top level's access counters, MACs,
 * iterations, buffer requirements and utilisation, and a compact program of each level
 * invocation's valid cases (occurrences, traffic, compute or sub-level) from which `timeLayer`
 * computes runtimes and delays.
 */
export interface LayerPlan {
  /** L2 reads, L2 writes, L1 reads, L1 writes, each for input, filter, output (see `Counter`). */
  readonly counters: readonly number[];
  readonly macs: number;
  /** Valid cases' total occurrences of the top level (temporal iterations). */
  readonly iterations: number;
  readonly avgActiveUnits: number;
  readonly arithmeticIntensity: number;
  /** Top-level L2 requirement per data class (double-buffered), elements. */
  readonly l2SizeInput: number;
  readonly l2SizeFilter: number;
  readonly l2SizeOutput: number;
  /** L1 requirement (of the first level record MAESTRO produces), elements. */
  readonly l1SizeReq: number;
  readonly l2SizeReq: number;
  /** Some sub-cluster level was analysed: MAESTRO's CSV energy then takes the previous layer's L1 term (Q2). */
  readonly multiLevel: boolean;
  /** L2 accesses counted in the energy: input and filter reads and writes, output writes. */
  readonly l2Accesses: number;
  /** Sum of the six top-level L1 counters. */
  readonly l1Accesses: number;
  /** Products of the layer's written dimensions coupled to the input and to the filter. */
  readonly totalInputElements: number;
  readonly totalWeightElements: number;
  /** Valid cases, `CASE_STRIDE` numbers each (see `CaseField`). */
  readonly cases: readonly number[];
  /** Level invocations, sub-levels before the levels that run them, the top level last. */
  readonly invocations: readonly number[];
  /** Bytes the plan holds (for cache budgets). */
  readonly bytes: number;
}

/** What the level above keeps of a sub-level invocation. */
interface LevelRecord {
  invocation: number;
  avgActiveUnits: number;
  /** Sum of the invocation's L1 requirements of input, filter and output (used when it is the first record). */
  l1SizeReq: number;
}

/**
 * One level's reusable state. A level runs one invocation at a time (sub-levels use the next
 * index's workspace), so the accumulators of the invocation running live here; the top level's
 * are read once it returns. Plain arrays and counts instead of fresh arrays: the planner runs for
 * every layer, and allocation would dominate it.
 */
interface LevelWorkspace {
  states: IterationStates;
  cases: CaseEnumerator;
  view: CaseView;
  /** Invocations of this level by the edge choices of the level above (bit i: directive i took its edge tile), a small list. */
  memoKeys: number[];
  memoRecords: LevelRecord[];
  memoSize: number;
  subDims: number[];
  subPresent: number[];
  /** A level above the innermost: its valid cases while its loop runs (its sub-levels' cases go to the plan first). */
  own: number[];
  /** The running invocation's access counters (see `Counter`), buffer requirements and totals. */
  counters: number[];
  l2Size: number[];
  l1Size: number[];
  macs: number;
  iterations: number;
  arithmeticIntensity: number;
  avgActiveUnits: number;
}

/**
 * Plans layers one after another, reusing its workspaces (one planner per cost model).
 *
 * @example
 * const layer = parseMapping(mappingText).layers[0];
 * const hardware = parseHardware(hardwareText);
 * const planner = new LayerPlanner();
 * const plan = planner.plan(analyzeLayer(layer, hardware, tensorTable(layer.type, false)), hardware);
 * plan.macs;        // 73728
 * plan.l2SizeReq;   // 338 elements
 */
export class LayerPlanner {
  private workspaces: LevelWorkspace[] = [];
  private readonly pool: LevelWorkspace[][] = [];
  // Plain arrays with their own lengths: writing over kept storage allocates nothing.
  private readonly caseList: number[] = [];
  private caseLength = 0;
  private readonly invocationList: number[] = [];
  private invocationLength = 0;
  private layer!: LayerAnalysis;
  private simdLanes = 1;
  private first: LevelRecord | undefined;

  /** The plan of an analysed layer. Throws a CostModelError where MAESTRO's cost analysis fails. */
  plan(layer: LayerAnalysis, hardware: Pick<HardwareSpec, 'simdLanes'>): LayerPlan {
    this.layer = layer;
    this.simdLanes = hardware.simdLanes;
    this.first = undefined;
    this.caseLength = 0;
    this.invocationLength = 0;
    this.prepareWorkspaces(layer);
    const top = this.analyzeLevel(0, layer.layerDims.size, layer.layerDims.present);
    const first = this.first ?? top;
    const workspace = this.workspaces[0]!;
    const counters = workspace.counters.slice();
    const l2Size = workspace.l2Size;
    const I = DataClass.Input;
    const F = DataClass.Filter;
    const O = DataClass.Output;
    const cases = this.caseList.slice(0, this.caseLength);
    const invocations = this.invocationList.slice(0, this.invocationLength);
    return {
      counters,
      macs: workspace.macs,
      iterations: workspace.iterations,
      avgActiveUnits: workspace.avgActiveUnits,
      arithmeticIntensity: workspace.arithmeticIntensity,
      l2SizeInput: l2Size[I]!,
      l2SizeFilter: l2Size[F]!,
      l2SizeOutput: l2Size[O]!,
      l1SizeReq: first.l1SizeReq,
      l2SizeReq: l2Size[0]! + l2Size[1]! + l2Size[2]!,
      multiLevel: first !== top,
      l2Accesses:
        counters[Counter.L2Reads + I]! + counters[Counter.L2Writes + I]! + counters[Counter.L2Reads + F]! + counters[Counter.L2Writes + F]! + counters[Counter.L2Writes + O]!,
      l1Accesses:
        counters[Counter.L1Reads + I]! +
        counters[Counter.L1Writes + I]! +
        counters[Counter.L1Reads + F]! +
        counters[Counter.L1Writes + F]! +
        counters[Counter.L1Reads + O]! +
        counters[Counter.L1Writes + O]!,
      totalInputElements: product(layer, I),
      totalWeightElements: product(layer, F),
      cases,
      invocations,
      bytes: 500 + 8 * (cases.length + invocations.length + counters.length),
    };
  }

  /** Picks each level's workspace (kept per level index and directive count, so layers reuse them). */
  private prepareWorkspaces(layer: LayerAnalysis): void {
    const levels = layer.levels;
    for (let index = 0; index < levels.length; index++) {
      const level = levels[index]!;
      const n = level.directives.length;
      const pool = (this.pool[index] ??= []);
      let workspace = pool[n];
      if (workspace === undefined) {
        workspace = {
          states: new IterationStates(n),
          cases: new CaseEnumerator(n),
          view: new CaseView(level, layer.table, layer.name, layer.line),
          memoKeys: [],
          memoRecords: [],
          memoSize: 0,
          subDims: dimArray(),
          subPresent: dimArray(),
          own: [],
          counters: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
          l2Size: [0, 0, 0],
          l1Size: [0, 0, 0],
          macs: 0,
          iterations: 0,
          arithmeticIntensity: 0,
          avgActiveUnits: 0,
        };
        pool[n] = workspace;
      } else {
        workspace.view.bind(level, layer.table, layer.name, layer.line);
        workspace.memoSize = 0;
      }
      this.workspaces[index] = workspace;
    }
  }

  private addInvocation(caseStart: number, caseEnd: number): number {
    const index = this.invocationLength / INVOCATION_STRIDE;
    this.invocationList[this.invocationLength++] = caseStart;
    this.invocationList[this.invocationLength++] = caseEnd;
    return index;
  }

  private analyzeLevel(index: number, dimSizes: readonly number[], dimPresent: readonly number[]): LevelRecord {
    const layer = this.layer;
    const level = layer.levels[index]!;
    const workspace = this.workspaces[index]!;
    const isTop = index === 0;
    const isInnermost = index === layer.levels.length - 1;
    const { states, cases, view } = workspace;
    states.compute(level, dimSizes);
    if (states.totalCases > MAX_CASES_PER_LEVEL) {
      throw new CostModelError(
        'too-many-cases',
        `cluster level ${index} has ${states.totalCases} iteration cases (${level.directives.length} directives); ` +
          `more than ${MAX_CASES_PER_LEVEL} would take minutes to enumerate, so the mapping is refused (use one directive per dimension)`,
        layer.name,
        layer.line,
      );
    }
    cases.reset(states);

    const counters = workspace.counters;
    for (let k = 0; k < 12; k++) counters[k] = 0;
    const l2Size = workspace.l2Size;
    const l1Size = workspace.l1Size;
    for (let t = 0; t < 3; t++) {
      l2Size[t] = 0;
      l1Size[t] = 0;
    }
    workspace.arithmeticIntensity = 0;
    const simdLanes = this.simdLanes;
    // This level's cases go after those of the sub-levels it runs, which are planned inside the loop.
    // The innermost level runs no sub-levels, so its cases go straight into the plan.
    const store = isInnermost ? this.caseList : workspace.own;
    const storeStart = isInnermost ? this.caseLength : 0;
    let stored = storeStart;
    let validCases = 0;
    let caseId = 0;
    let activeSum = 0;
    let macsTotal = 0;

    while (cases.next()) {
      view.loadCase(states, cases);
      const occurrences = view.occurrences;
      if (caseId === 0) this.updateBufferSizes(workspace, view, dimSizes, dimPresent, isTop);

      view.computeOutput();
      const egress = view.egressTraffic;
      const macs = view.macCount;
      counters[Counter.L2Writes + DataClass.Output] += occurrences * egress;
      counters[Counter.L1Writes + DataClass.Output] += occurrences * macs;
      counters[Counter.L1Reads + DataClass.Output] += occurrences * macs;
      const partialSums = view.partialSumCount;
      if (partialSums <= 0) continue;

      let ingress = 0;
      for (let t = DataClass.Input; t <= DataClass.Filter; t++) {
        const traffic = view.ingress(t);
        counters[Counter.L2Reads + t] += occurrences * traffic;
        counters[Counter.L1Writes + t] = counters[Counter.L2Reads + t]!;
        counters[Counter.L1Reads + t] += occurrences * macs;
        ingress += traffic;
      }
      workspace.arithmeticIntensity = macs / ingress;

      let compute = -1;
      let sub = -1;
      let fullSub = -1;
      let activeUnits = 0;
      if (isInnermost) {
        compute = ceilDiv(partialSums, simdLanes);
      } else {
        // Sub-clusters: all alike, or the active ones at the spatial edge, the last one partial (spee).
        const spatialIndex = level.firstSpatial;
        const atEdge = view.isEdge[spatialIndex] === 1;
        const partialLast = atEdge && view.spatialEdgeEdge[spatialIndex] === 1;
        const subRecord = this.analyzeSubLevel(index, level, workspace, partialLast);
        sub = subRecord.invocation;
        activeUnits = subRecord.avgActiveUnits * (partialLast ? 1 : atEdge ? level.edgeWidth : level.width);
        if (partialLast && level.edgeWidth - 1 > 0) {
          const full = this.analyzeSubLevel(index, level, workspace, false);
          fullSub = full.invocation;
          activeUnits += full.avgActiveUnits * (level.edgeWidth - 1);
        }
      }
      // The order of CaseField.
      store[stored++] = occurrences;
      store[stored++] = ingress;
      store[stored++] = egress;
      store[stored++] = view.allInit ? 1 : 0;
      store[stored++] = compute;
      store[stored++] = sub;
      store[stored++] = fullSub;

      macsTotal += occurrences * macs;
      if (activeUnits === 0) activeUnits = view.isEdge[level.firstSpatial] ? level.edgeWidth : level.width;
      activeSum += activeUnits * occurrences;
      validCases += occurrences;
      caseId++;
    }

    let start: number;
    if (isInnermost) {
      start = storeStart;
      this.caseLength = stored;
    } else {
      const list = this.caseList;
      start = this.caseLength;
      for (let k = 0; k < stored; k++) list[start + k] = store[k]!;
      this.caseLength = start + stored;
    }
    workspace.macs = macsTotal;
    workspace.iterations = validCases;
    workspace.avgActiveUnits = validCases === 0 ? 0 : activeSum / validCases;
    const record: LevelRecord = {
      invocation: this.addInvocation(start / CASE_STRIDE, this.caseLength / CASE_STRIDE),
      avgActiveUnits: workspace.avgActiveUnits,
      l1SizeReq: l1Size[0]! + l1Size[1]! + l1Size[2]!,
    };
    if (this.first === undefined) this.first = record;
    return record;
  }

  /** Spec §4.10: the sub-level analysed with this case's tile sizes, memoised by which tiles are edge tiles. */
  private analyzeSubLevel(index: number, level: ClusterLevel, workspace: LevelWorkspace, edgeEdge: boolean): LevelRecord {
    const { view, subDims, subPresent } = workspace;
    const { directives, directiveSpatial, mapped, edgeMapped, edgeWidth } = level;
    const { isEdge, position } = view;
    const spatialEdgeTiles = edgeWidth === 1 || edgeEdge;
    let edgeChoices = 0;
    for (let i = 0; i < directives.length; i++) {
      let useEdge: boolean;
      if (directiveSpatial[i] === 0) useEdge = isEdge[i] === 1;
      else if (position[i] === Position.Steady) useEdge = false;
      else if (position[i] === Position.Init) useEdge = isEdge[i] === 1 && spatialEdgeTiles;
      else useEdge = spatialEdgeTiles;
      if (useEdge) edgeChoices |= 1 << i;
    }
    const lower = this.workspaces[index + 1]!;
    for (let k = 0; k < lower.memoSize; k++) if (lower.memoKeys[k] === edgeChoices) return lower.memoRecords[k]!;
    for (let dim = 0; dim < DIM_COUNT; dim++) {
      subDims[dim] = 0;
      subPresent[dim] = 0;
    }
    for (let i = 0; i < directives.length; i++) {
      const dim = directives[i]!.dim;
      subDims[dim] = (edgeChoices & (1 << i)) !== 0 ? edgeMapped[dim]! : mapped[dim]!;
      subPresent[dim] = 1;
    }
    const record = this.analyzeLevel(index + 1, subDims, subPresent);
    lower.memoKeys[lower.memoSize] = edgeChoices;
    lower.memoRecords[lower.memoSize] = record;
    lower.memoSize++;
    return record;
  }

  /** Spec §4.9, run for every case up to the first valid one (input sizes accumulate, Q11). */
  private updateBufferSizes(workspace: LevelWorkspace, view: CaseView, dimSizes: readonly number[], dimPresent: readonly number[], isTop: boolean): void {
    const table = this.layer.table;
    const counters = workspace.counters;
    const l2Size = workspace.l2Size;
    const l1Size = workspace.l1Size;
    for (let t = DataClass.Input; t <= DataClass.Filter; t++) {
      l2Size[t] += 2 * view.ingress(t);
      l1Size[t] += 2 * view.mappedVolume(t);
      if (isTop) {
        let fill = 1;
        const coupled = table.coupled[t];
        for (let k = 0; k < coupled.length; k++) {
          const dim = coupled[k]!;
          fill *= dimPresent[dim] ? dimSizes[dim]! : 0;
        }
        counters[Counter.L2Writes + t] = fill;
      }
    }
    l2Size[DataClass.Output] = 2 * view.egress();
    l1Size[DataClass.Output] = 2 * view.mappedVolume(DataClass.Output);
    if (isTop) {
      let outputs = 1;
      const coupled = table.coupled[DataClass.Output];
      for (let k = 0; k < coupled.length; k++) {
        const dim = coupled[k]!;
        const size = dimPresent[dim] ? dimSizes[dim]! : 0;
        if (isOverlappedDim(dim, table)) {
          const other = counterpart(dim) as Dim;
          outputs *= size - (dimPresent[other] ? dimSizes[other]! : 0) + 1;
        } else {
          outputs *= size;
        }
      }
      counters[Counter.L2Reads + DataClass.Output] = outputs;
    }
  }
}

/** Product of the dimensions, as written in the layer, that the tensor is coupled to. */
function product(analysis: LayerAnalysis, t: DataClass): number {
  let total = 1;
  const coupled = (analysis.table as TensorTable).coupled[t];
  const sizes = analysis.layerDims.size;
  for (let k = 0; k < coupled.length; k++) {
    const dim = coupled[k]!;
    if ((analysis.fileMask & (1 << dim)) !== 0) total *= sizes[dim]!;
  }
  return total;
}

/**
 * The plan of one analysed layer (a fresh planner; a cost model keeps one).
 *
 * @example
 * const layer = parseMapping(mappingText).layers[0];
 * const hardware = parseHardware(hardwareText);
 * const plan = planLayer(analyzeLayer(layer, hardware, tensorTable(layer.type, false)), hardware);
 * [plan.iterations, plan.l1SizeReq];   // [512, 54]: temporal iterations, L1 elements
 */
export function planLayer(analysis: LayerAnalysis, hardware: Pick<HardwareSpec, 'simdLanes'>): LayerPlan {
  return new LayerPlanner().plan(analysis, hardware);
}

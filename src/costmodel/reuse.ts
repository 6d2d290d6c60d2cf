/**
 * Per-case data volumes of one cluster level (spec §4.1): what each sub-cluster loads (temporal
 * and spatial reuse), what it writes back, how many MACs the first PE and the whole level do.
 * Each volume is a product over the level's directives. The spec's formulas take flags (the first
 * sub-cluster or another, a partial last one, psum, reuse at the edge); one pass over the
 * directives computes every variant a case needs at once, each product in directive order, and
 * the case's traffic and MACs are put together from those variants.
 */
import type { ClusterLevel } from './clusters.js';
import { dimName } from './dimensions.js';
import { CostModelError } from './errors.js';
import { Position, zeros, type CaseEnumerator, type IterationStates } from './iterations.js';
import { DataClass, type TensorTable } from './tensors.js';

const enum SpatialShape {
  /** Every sub-cluster holds a full tile. */
  Uniform,
  /** Only NE sub-clusters are active. */
  Edge,
  /** NE active, the last one with a partial tile ("spee"). */
  EdgePartialLast,
}

/**
 * A volume summed over the NE active sub-clusters at a spatial edge: the first one's (at the partial
 * edge when it is the only one and partial), then the others' full volumes and the partial last one's.
 */
function edgeTotal(edgeWidth: number, partialLast: boolean, first: number, other: number, firstEdge: number, otherEdge: number): number {
  const e = partialLast ? 1 : 0;
  let total = edgeWidth === 1 && partialLast ? firstEdge : first;
  if (edgeWidth > 1) {
    total += Math.max(edgeWidth - e - 1, 0) * other;
    total += e * otherEdge;
  }
  return total;
}

/** The chosen state of every directive for one case, and the volumes that follow from it. */
export class CaseView {
  readonly position: Uint8Array;
  readonly isEdge: Uint8Array;
  readonly spatialEdgeEdge: Uint8Array;
  /** Occurrences of this case (a C++ int product, as MAESTRO computes it). */
  occurrences = 1;
  /** Index of the innermost directive that is not in its Init state; -1 for the all-Init case. */
  changing = -1;
  /** EGR, MACS and PS of this case, valid once `computeOutput` ran for it. */
  egressTraffic = 0;
  macCount = 0;
  partialSumCount = 0;
  private outputReady = false;
  /** ING of input and filter, and whether each is computed for this case. */
  private readonly ingressTraffic = new Float64Array(2);
  private readonly ingressReady = new Uint8Array(2);
  /** Per tensor, the last coupled directive whose Init state is not unrolled (-1 if none), for this invocation. */
  private readonly lastFreeInit = [-1, -1, -1];
  /** The states (and their version) the view last read. */
  private states: IterationStates | undefined;
  private statesVersion = -1;
  /** prefix[i]: the C++ int product of the occurrences of the chosen states of the first i directives (`load`) or varying directives (`loadCase`). */
  private readonly prefix: number[];
  /** For each tensor, the first SpatialMap of each coupled dimension that has one, in coupling order. */
  private spatialOfTensor!: readonly (readonly number[])[];
  private level!: ClusterLevel;
  private layerName!: string;
  private layerLine: number | undefined;

  constructor(level: ClusterLevel, table: TensorTable, layerName: string, layerLine?: number) {
    const n = level.directives.length;
    this.position = new Uint8Array(n);
    this.isEdge = new Uint8Array(n);
    this.spatialEdgeEdge = new Uint8Array(n);
    this.prefix = zeros(n + 1);
    this.prefix[0] = 1;
    this.bind(level, table, layerName, layerLine);
  }

  /** Views cases of another level with the same number of directives. */
  bind(level: ClusterLevel, _table: TensorTable, layerName: string, layerLine?: number): void {
    this.level = level;
    this.layerName = layerName;
    this.layerLine = layerLine;
    this.spatialOfTensor = level.spatialOfTensor;
  }

  /**
   * Prepares for the cases of new states: which directive of each tensor is the last whose Init
   * state is not unrolled (every directive after the changing one is in its Init state, so a tensor
   * is "inited" exactly when that directive comes after the changing one).
   */
  private start(states: IterationStates): void {
    this.statesVersion = states.version;
    const tensorDirectives = this.level.tensorDirectives;
    for (let t = 0; t < 3; t++) {
      const coupled = tensorDirectives[t]!;
      let last = -1;
      for (let k = 0; k < coupled.length; k++) if (states.unrolled[coupled[k]! * 3] === 0) last = coupled[k]!;
      this.lastFreeInit[t] = last;
    }
  }

  /** Takes state `choice[i]` of every directive i. */
  load(states: IterationStates, choice: readonly number[]): void {
    this.follow(states);
    this.readStates(states, choice);
    const position = this.position;
    const prefix = this.prefix;
    for (let i = 0; i < choice.length; i++) prefix[i + 1] = Math.imul(prefix[i]!, states.occurrences[i * 3 + choice[i]!]!);
    let changing = choice.length - 1;
    while (changing >= 0 && position[changing] === Position.Init) changing--;
    this.finishLoad(prefix[choice.length]!, changing);
  }

  /**
   * Takes the enumerator's current case. After case 0 only the varying directives whose choice
   * changed are read again; the others stay in their Init state, whose occurrences are 1, so the
   * product runs over the varying directives (in order) only.
   */
  loadCase(states: IterationStates, cases: CaseEnumerator): void {
    const choice = cases.choice;
    let from = cases.changedFrom;
    if (this.follow(states) || cases.isFirst) {
      this.readStates(states, choice);
      from = 0;
    }
    const varying = cases.varying;
    const varyingCount = cases.varyingCount;
    const position = this.position;
    const isEdge = this.isEdge;
    const spatialEdgeEdge = this.spatialEdgeEdge;
    const prefix = this.prefix;
    for (let a = from; a < varyingCount; a++) {
      const i = varying[a]!;
      const k = i * 3 + choice[i]!;
      position[i] = states.position[k]!;
      isEdge[i] = states.isEdge[k]!;
      spatialEdgeEdge[i] = states.spatialEdgeEdge[k]!;
      prefix[a + 1] = Math.imul(prefix[a]!, states.occurrences[k]!);
    }
    let changing = -1;
    for (let a = varyingCount - 1; a >= 0; a--) {
      if (position[varying[a]!] !== Position.Init) {
        changing = varying[a]!;
        break;
      }
    }
    this.finishLoad(prefix[varyingCount]!, changing);
  }

  /** Starts over (`start`) when the states changed since the last load; returns whether they did. */
  private follow(states: IterationStates): boolean {
    if (states === this.states && states.version === this.statesVersion) return false;
    this.states = states;
    this.start(states);
    return true;
  }

  /** Reads the chosen state of every directive. */
  private readStates(states: IterationStates, choice: readonly number[]): void {
    const position = this.position;
    const isEdge = this.isEdge;
    const spatialEdgeEdge = this.spatialEdgeEdge;
    for (let i = 0; i < choice.length; i++) {
      const k = i * 3 + choice[i]!;
      position[i] = states.position[k]!;
      isEdge[i] = states.isEdge[k]!;
      spatialEdgeEdge[i] = states.spatialEdgeEdge[k]!;
    }
  }

  private finishLoad(occurrences: number, changing: number): void {
    this.occurrences = occurrences;
    this.changing = changing;
    this.outputReady = false;
    this.ingressReady[0] = 0;
    this.ingressReady[1] = 0;
  }

  get allInit(): boolean {
    return this.changing === -1;
  }

  /** Whether any of the directives `spatial` is at its edge (0), and if so 1, or 2 when the last of them holds a partial tile. */
  private spatialShape(spatial: readonly number[]): SpatialShape {
    let atEdge = false;
    for (let k = 0; k < spatial.length; k++) if (this.isEdge[spatial[k]!]) atEdge = true;
    if (!atEdge) return SpatialShape.Uniform;
    return this.spatialEdgeEdge[spatial[spatial.length - 1]!] === 1 ? SpatialShape.EdgePartialLast : SpatialShape.Edge;
  }

  /**
   * EGR, PS and MACS of this case into `egressTraffic`, `partialSumCount` and `macCount`. The
   * output volumes PEV are products over the reduction directives (psum only) and then the output
   * directives, in that order; one pass computes every variant used:
   * non-psum (first, other, first at the partial edge, other at the partial edge) and
   * psum (first, first at the partial edge, other at the partial edge without reuse).
   */
  computeOutput(): void {
    if (this.outputReady) return;
    this.outputReady = true;
    const level = this.level;
    const edgeWidth = level.edgeWidth;
    const position = this.position;
    const isEdge = this.isEdge;
    const spatial = level.directiveSpatial;
    // The reduction part of the psum volumes: first, first at the partial edge, other at the partial edge.
    let psumFirst = 1;
    let psumFirstEdge = 1;
    let psumOtherEdge = 1;
    const reduction = level.reductionDirectives;
    const mappedOf = level.directiveMapped;
    const uniqueOf = level.directiveUnique;
    const edgeMappedOf = level.directiveEdgeMapped;
    const edgeUniqueOf = level.directiveEdgeUnique;
    for (let k = 0; k < reduction.length; k++) {
      const i = reduction[k]!;
      const mapped = mappedOf[i]!;
      const edgeMapped = edgeMappedOf[i]!;
      if (spatial[i] === 0) {
        const tile = isEdge[i] ? edgeMapped : mapped;
        psumFirst *= tile;
        psumFirstEdge *= tile;
        psumOtherEdge *= tile;
        continue;
      }
      const unique = uniqueOf[i]!;
      const uniqueOrOne = unique !== 0 ? unique : 1;
      const state = position[i];
      if (state === Position.Init) {
        psumFirst *= mapped;
        if (isEdge[i]) {
          psumFirstEdge *= edgeMapped;
          psumOtherEdge *= edgeMapped;
        } else {
          psumFirstEdge *= mapped;
          psumOtherEdge *= uniqueOrOne;
        }
      } else if (state === Position.Steady) {
        psumFirst *= mapped;
        psumFirstEdge *= mapped;
        psumOtherEdge *= uniqueOrOne;
      } else if (edgeWidth === 1) {
        psumFirst *= edgeMapped;
        psumFirstEdge *= edgeMapped;
        psumOtherEdge *= edgeMapped;
      } else if (edgeWidth > 1) {
        const edgeUnique = edgeUniqueOf[i]!;
        psumFirst *= mapped;
        psumFirstEdge *= edgeUnique;
        psumOtherEdge *= edgeUnique;
      }
    }
    let first = 1;
    let other = 1;
    let firstEdge = 1;
    let otherEdge = 1;
    const output = level.outputDirectives;
    const tiles = level.outputTiles;
    for (let k = 0; k < output.length; k++) {
      const i = output[k]!;
      const tile = k * 5;
      const mapped = tiles[tile]!;
      const edgeMapped = tiles[tile + 2]!;
      const state = position[i];
      if (spatial[i] === 0) {
        const size = state === Position.Init ? (isEdge[i] ? edgeMapped : mapped) : state === Position.Steady ? mapped : edgeMapped;
        first *= size;
        other *= size;
        firstEdge *= size;
        otherEdge *= size;
        psumFirst *= size;
        psumFirstEdge *= size;
        psumOtherEdge *= size;
        continue;
      }
      const unique = tiles[tile + 1]!;
      const uniqueOrOne = unique !== 0 ? unique : 1;
      if (state === Position.Init) {
        first *= mapped;
        other *= uniqueOrOne;
        psumFirst *= mapped;
        if (!isEdge[i]) {
          firstEdge *= mapped;
          otherEdge *= uniqueOrOne;
          psumFirstEdge *= mapped;
          psumOtherEdge *= uniqueOrOne;
        } else if (edgeWidth === 1) {
          firstEdge *= edgeMapped;
          otherEdge *= edgeMapped;
          psumFirstEdge *= edgeMapped;
          psumOtherEdge *= edgeMapped;
        } else if (edgeWidth > 1) {
          // With reuse at the edge (all but the psum of another sub-cluster), the unique part.
          const edgeUnique = tiles[tile + 3]!;
          firstEdge *= edgeUnique;
          otherEdge *= edgeUnique;
          psumFirstEdge *= edgeUnique;
          psumOtherEdge *= edgeMapped;
        }
      } else if (state === Position.Steady) {
        first *= mapped;
        other *= uniqueOrOne;
        firstEdge *= mapped;
        otherEdge *= uniqueOrOne;
        psumFirst *= mapped;
        psumFirstEdge *= mapped;
        psumOtherEdge *= uniqueOrOne;
      } else if (edgeWidth === 1) {
        // MAESTRO looks up the untranslated dimension here (Y, not Y'); another sub-cluster off the partial edge multiplies by nothing.
        const untranslated = tiles[tile + 4]!;
        first *= untranslated;
        firstEdge *= untranslated;
        otherEdge *= untranslated;
        psumFirst *= untranslated;
        psumFirstEdge *= untranslated;
        psumOtherEdge *= untranslated;
      } else if (edgeWidth > 1) {
        const edgeUnique = tiles[tile + 3]!;
        first *= mapped;
        other *= uniqueOrOne;
        firstEdge *= edgeUnique;
        otherEdge *= edgeUnique;
        psumFirst *= mapped;
        psumFirstEdge *= edgeUnique;
        psumOtherEdge *= edgeUnique;
      }
    }

    const width = level.width;
    // EGR: one copy if the output is not spatially mapped, else the first sub-cluster's and the others'.
    const outputSpatial = this.spatialOfTensor[DataClass.Output]!;
    const outputMapped = outputSpatial.length > 0;
    const outputShape = outputMapped ? this.spatialShape(outputSpatial) : SpatialShape.Uniform;
    if (!outputMapped) {
      this.egressTraffic = first;
    } else if (outputShape === SpatialShape.Uniform) {
      this.egressTraffic = first + (width - 1) * other;
    } else {
      this.egressTraffic = edgeTotal(edgeWidth, outputShape === SpatialShape.EdgePartialLast, first, other, firstEdge, otherEdge);
    }
    // PS: the first PE's partial sums, at the partial edge when a single sub-cluster is active.
    this.partialSumCount = outputMapped && outputShape === SpatialShape.EdgePartialLast && edgeWidth === 1 ? psumFirstEdge : psumFirst;
    // MACS: every SpatialMap counts, the last one decides the partial edge.
    const spatialIndices = level.spatialIndices;
    let spatialEdge = false;
    for (let k = 0; k < spatialIndices.length; k++) if (isEdge[spatialIndices[k]!]) spatialEdge = true;
    if (!spatialEdge) {
      this.macCount = width * psumFirst;
    } else {
      this.macCount = edgeTotal(edgeWidth, this.spatialEdgeEdge[level.lastSpatial] === 1, psumFirst, psumFirst, psumFirstEdge, psumOtherEdge);
    }
  }

  /** EGR: sub-cluster -> L2 traffic of the output. */
  egress(): number {
    this.computeOutput();
    return this.egressTraffic;
  }

  /** PS: the MACs of the first PE, the critical path of this case. */
  partialSums(): number {
    this.computeOutput();
    return this.partialSumCount;
  }

  /** MACS: the MACs of all sub-clusters of this level in this case. */
  macs(): number {
    this.computeOutput();
    return this.macCount;
  }

  /** ING: L2 -> sub-cluster traffic of input or filter: multicast if not spatially mapped, else first + others' unique parts. */
  ingress(t: DataClass): number {
    if (this.ingressReady[t] === 0) {
      this.ingressTraffic[t] = this.computeIngress(t);
      this.ingressReady[t] = 1;
    }
    return this.ingressTraffic[t]!;
  }

  /**
   * ING from the four PIV variants (first sub-cluster or another, full or partial edge tile),
   * computed in one pass; PIV is PMV in the all-Init case and 0 when the tensor does not change.
   */
  private computeIngress(t: DataClass): number {
    const level = this.level;
    const coupled = level.tensorDirectives[t];
    const spatial = level.directiveSpatial;
    const mappedOf = level.directiveMapped;
    const uniqueOf = level.directiveUnique;
    const edgeMappedOf = level.directiveEdgeMapped;
    const edgeUniqueOf = level.directiveEdgeUnique;
    const edgeWidth = level.edgeWidth;
    const isEdge = this.isEdge;
    const changing = this.changing;
    let first = 1;
    let other = 1;
    let firstEdge = 1;
    let otherEdge = 1;
    if (changing === -1) {
      // PMV.
      for (let k = 0; k < coupled.length; k++) {
        const i = coupled[k]!;
        const mapped = mappedOf[i]!;
        const edgeMapped = edgeMappedOf[i]!;
        if (spatial[i] === 0) {
          const tile = isEdge[i] ? edgeMapped : mapped;
          first *= tile;
          other *= tile;
          firstEdge *= tile;
          otherEdge *= tile;
        } else if (!isEdge[i]) {
          first *= mapped;
          other *= mapped;
          firstEdge *= mapped;
          otherEdge *= mapped;
        } else if (edgeWidth === 1) {
          // Another sub-cluster off the partial edge multiplies by nothing.
          first *= edgeMapped;
          firstEdge *= edgeMapped;
          otherEdge *= edgeMapped;
        } else if (edgeWidth > 1) {
          first *= mapped;
          other *= mapped;
          firstEdge *= edgeMapped;
          otherEdge *= edgeMapped;
        }
      }
    } else if ((level.directiveTensors[changing]! & (1 << t)) === 0) {
      // The tensor does not change in this case.
      return 0;
    } else {
      const position = this.position;
      const inited = this.lastFreeInit[t]! > changing;
      let changes = false;
      for (let k = 0; k < coupled.length; k++) {
        const i = coupled[k]!;
        if (i === changing) changes = true;
        const state = position[i];
        const mapped = mappedOf[i]!;
        if (spatial[i] === 0) {
          let tile: number;
          if (state === Position.Init) {
            tile = isEdge[i] ? edgeMappedOf[i]! : mapped;
          } else if (i === changing && !inited) {
            tile = uniqueOf[i]!;
            if (tile === 0) this.zeroUnique(i);
          } else {
            tile = mapped;
          }
          first *= tile;
          other *= tile;
          firstEdge *= tile;
          otherEdge *= tile;
          continue;
        }
        // Another sub-cluster receives only its unique slice where the dimension advances past the first.
        const edgeMapped = edgeMappedOf[i]!;
        const uniqueSlice = state === Position.Init ? i > changing : !inited && i === changing;
        first *= mapped;
        firstEdge *= edgeMapped;
        if (uniqueSlice) {
          other *= uniqueOf[i]!;
          otherEdge *= edgeUniqueOf[i]!;
        } else {
          other *= mapped;
          otherEdge *= edgeMapped;
        }
      }
      if (!changes) return 0;
    }
    const tensorSpatial = this.spatialOfTensor[t]!;
    if (tensorSpatial.length === 0) return first;
    const shape = this.spatialShape(tensorSpatial);
    if (shape === SpatialShape.Uniform) return first + (level.width - 1) * other;
    return edgeTotal(edgeWidth, shape === SpatialShape.EdgePartialLast, first, other, firstEdge, otherEdge);
  }

  private zeroUnique(directive: number): never {
    throw new CostModelError(
      'zero-unique-volume',
      `dimension ${dimName(this.level.directives[directive]!.dim)} advances at cluster level ${this.level.index} although its tile covers the whole dimension of that level (a tile larger than the level's dimension); MAESTRO exits here`,
      this.layerName,
      this.layerLine,
    );
  }

  /** MappedVolume: product of the level's tile sizes over the tensor's coupled dimensions (the same in every case). */
  mappedVolume(t: DataClass): number {
    return this.level.mappedVolume[t]!;
  }
}

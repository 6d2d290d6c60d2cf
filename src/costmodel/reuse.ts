/**
 * Per-case data volumes of one cluster level (spec §4.1): what each sub-cluster loads (temporal
 * and spatial reuse), what it writes back, how many MACs the first PE and the whole level do.
 * Each volume is a product over the level's directives; the level's tables by directive index
 * (clusters.ts) keep the products to a loop over the directives that matter.
 */
import type { ClusterLevel } from './clusters.js';
import { dimName } from './dimensions.js';
import { CostModelError } from './errors.js';
import { Position, type IterationStates } from './iterations.js';
import { DataClass, type TensorTable } from './tensors.js';

const enum SpatialShape {
  /** Every sub-cluster holds a full tile. */
  Uniform,
  /** Only NE sub-clusters are active. */
  Edge,
  /** NE active, the last one with a partial tile ("spee"). */
  EdgePartialLast,
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
  private readonly inited = new Uint8Array(3);
  /** This case's most asked-for egress volumes (psum first, first, non-first); NaN until computed. */
  private readonly egressMemo = new Float64Array(3);
  /** This case's ingress of input and filter and its egress; NaN until computed. */
  private readonly trafficMemo = new Float64Array(3);
  /** The two volumes the last `ingressPair` or `egressPair` computed: the first sub-cluster's and the others'. */
  private firstVolume = 0;
  private otherVolume = 0;
  /** Each tensor's SpatialShape in this case. */
  private readonly shapes = new Uint8Array(3);
  /** Per tensor, the last coupled directive whose Init state is not unrolled (-1 if none), for this invocation. */
  private readonly lastFreeInit = [-1, -1, -1];
  /** The states (and their version) the view last read. */
  private states: IterationStates | undefined;
  private statesVersion = -1;
  /** prefix[i]: the C++ int product of the occurrences of the states of directives 0..i-1. */
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
    this.prefix = new Array<number>(n + 1).fill(1);
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

  /**
   * Takes state `choice[i]` of every directive i; the choices before `from` are those of the
   * previous case (the enumerator says which changed), so only the rest are read again.
   */
  load(states: IterationStates, choice: readonly number[], from = 0): void {
    if (states !== this.states || states.version !== this.statesVersion) {
      this.states = states;
      this.start(states);
      from = 0;
    }
    const n = choice.length;
    const position = this.position;
    const prefix = this.prefix;
    for (let i = from; i < n; i++) {
      const k = i * 3 + choice[i]!;
      position[i] = states.position[k]!;
      this.isEdge[i] = states.isEdge[k]!;
      this.spatialEdgeEdge[i] = states.spatialEdgeEdge[k]!;
      prefix[i + 1] = Math.imul(prefix[i]!, states.occurrences[k]!);
    }
    let changing = n - 1;
    while (changing >= 0 && position[changing] === Position.Init) changing--;
    this.occurrences = prefix[n]!;
    this.changing = changing;
    const egressMemo = this.egressMemo;
    egressMemo[0] = Number.NaN;
    egressMemo[1] = Number.NaN;
    egressMemo[2] = Number.NaN;
    const trafficMemo = this.trafficMemo;
    trafficMemo[0] = Number.NaN;
    trafficMemo[1] = Number.NaN;
    trafficMemo[2] = Number.NaN;
    const spatialOfTensor = this.spatialOfTensor;
    this.shapes[0] = this.spatialShape(spatialOfTensor[0]!);
    this.shapes[1] = this.spatialShape(spatialOfTensor[1]!);
    this.shapes[2] = this.spatialShape(spatialOfTensor[2]!);
    const lastFreeInit = this.lastFreeInit;
    this.inited[0] = lastFreeInit[0]! > changing ? 1 : 0;
    this.inited[1] = lastFreeInit[1]! > changing ? 1 : 0;
    this.inited[2] = lastFreeInit[2]! > changing ? 1 : 0;
  }

  get allInit(): boolean {
    return this.changing === -1;
  }

  /** PMV: the tile of tensor t held by one sub-cluster. */
  mappedVolumePerUnit(t: DataClass, first: boolean, edgeEdge: boolean): number {
    const level = this.level;
    const coupled = level.tensorDirectives[t];
    const spatial = level.directiveSpatial;
    const mapped = level.directiveMapped;
    const edgeMapped = level.directiveEdgeMapped;
    const edgeWidth = level.edgeWidth;
    const isEdge = this.isEdge;
    let volume = 1;
    for (let k = 0; k < coupled.length; k++) {
      const i = coupled[k]!;
      if (spatial[i] === 0) {
        volume *= isEdge[i] ? edgeMapped[i]! : mapped[i]!;
      } else if (isEdge[i]) {
        if (edgeWidth === 1 && (first || edgeEdge)) volume *= edgeMapped[i]!;
        else if (edgeWidth > 1) volume *= edgeEdge ? edgeMapped[i]! : mapped[i]!;
      } else {
        volume *= mapped[i]!;
      }
    }
    return volume;
  }

  /** PIV: what one sub-cluster must newly receive of tensor t in this case (temporal reuse). */
  ingressVolumePerUnit(t: DataClass, first: boolean, edgeEdge: boolean): number {
    const changing = this.changing;
    if (changing === -1) return this.mappedVolumePerUnit(t, first, edgeEdge);
    const level = this.level;
    const coupled = level.tensorDirectives[t];
    const spatial = level.directiveSpatial;
    const mapped = level.directiveMapped;
    const unique = level.directiveUnique;
    const edgeMapped = level.directiveEdgeMapped;
    const edgeUnique = level.directiveEdgeUnique;
    const position = this.position;
    const inited = this.inited[t] === 1;
    let volume = 1;
    let changes = false;
    for (let k = 0; k < coupled.length; k++) {
      const i = coupled[k]!;
      if (i === changing) changes = true;
      const state = position[i];
      if (spatial[i] === 0) {
        if (state === Position.Init) {
          volume *= this.isEdge[i] ? edgeMapped[i]! : mapped[i]!;
        } else if (i === changing && !inited) {
          if (unique[i] === 0) this.zeroUnique(i);
          volume *= unique[i]!;
        } else {
          volume *= mapped[i]!;
        }
      } else if (state === Position.Init) {
        if (first || i <= changing) volume *= edgeEdge ? edgeMapped[i]! : mapped[i]!;
        else volume *= edgeEdge ? edgeUnique[i]! : unique[i]!;
      } else if (first) {
        volume *= edgeEdge ? edgeMapped[i]! : mapped[i]!;
      } else if (!inited && i === changing) {
        volume *= edgeEdge ? edgeUnique[i]! : unique[i]!;
      } else {
        volume *= edgeEdge ? edgeMapped[i]! : mapped[i]!;
      }
    }
    return changes ? volume : 0;
  }

  /**
   * `ingressVolumePerUnit(t, true, false)` and `ingressVolumePerUnit(t, false, false)` in one pass
   * (each product in the same order), into `firstVolume` and `otherVolume`.
   */
  private ingressPair(t: DataClass): void {
    const changing = this.changing;
    const level = this.level;
    const coupled = level.tensorDirectives[t];
    const spatial = level.directiveSpatial;
    const mapped = level.directiveMapped;
    const edgeMapped = level.directiveEdgeMapped;
    const isEdge = this.isEdge;
    let first = 1;
    let other = 1;
    if (changing === -1) {
      // mappedVolumePerUnit(t, first, false).
      const edgeWidth = level.edgeWidth;
      for (let k = 0; k < coupled.length; k++) {
        const i = coupled[k]!;
        if (spatial[i] === 0) {
          const tile = isEdge[i] ? edgeMapped[i]! : mapped[i]!;
          first *= tile;
          other *= tile;
        } else if (isEdge[i]) {
          if (edgeWidth === 1) {
            first *= edgeMapped[i]!;
          } else if (edgeWidth > 1) {
            first *= mapped[i]!;
            other *= mapped[i]!;
          }
        } else {
          first *= mapped[i]!;
          other *= mapped[i]!;
        }
      }
      this.firstVolume = first;
      this.otherVolume = other;
      return;
    }
    const unique = level.directiveUnique;
    const position = this.position;
    const inited = this.inited[t] === 1;
    let changes = false;
    for (let k = 0; k < coupled.length; k++) {
      const i = coupled[k]!;
      if (i === changing) changes = true;
      const state = position[i];
      if (spatial[i] === 0) {
        let tile: number;
        if (state === Position.Init) {
          tile = isEdge[i] ? edgeMapped[i]! : mapped[i]!;
        } else if (i === changing && !inited) {
          if (unique[i] === 0) this.zeroUnique(i);
          tile = unique[i]!;
        } else {
          tile = mapped[i]!;
        }
        first *= tile;
        other *= tile;
      } else if (state === Position.Init) {
        first *= mapped[i]!;
        other *= i <= changing ? mapped[i]! : unique[i]!;
      } else {
        first *= mapped[i]!;
        other *= !inited && i === changing ? unique[i]! : mapped[i]!;
      }
    }
    this.firstVolume = changes ? first : 0;
    this.otherVolume = changes ? other : 0;
  }

  /**
   * `egressVolumePerUnit(false, true, false, true)` and `egressVolumePerUnit(false, false, false, true)`
   * in one pass (each product in the same order), into `firstVolume` and `otherVolume`; both are
   * remembered for this case as those calls remember them.
   */
  private egressPair(): void {
    const egressMemo = this.egressMemo;
    let first = egressMemo[1]!;
    let other = egressMemo[2]!;
    if (Number.isNaN(first) || Number.isNaN(other)) {
      const level = this.level;
      const edgeWidth = level.edgeWidth;
      const position = this.position;
      const isEdge = this.isEdge;
      const output = level.outputDirectives;
      const tiles = level.outputTiles;
      const spatial = level.directiveSpatial;
      first = 1;
      other = 1;
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
          continue;
        }
        const unique = tiles[tile + 1]!;
        const uniqueOrOne = unique !== 0 ? unique : 1;
        if (state === Position.Init || state === Position.Steady) {
          first *= mapped;
          other *= uniqueOrOne;
        } else if (edgeWidth === 1) {
          // MAESTRO looks up the untranslated dimension here (Y, not Y').
          first *= tiles[tile + 4]!;
        } else if (edgeWidth > 1) {
          first *= mapped;
          other *= uniqueOrOne;
        }
      }
      egressMemo[1] = first;
      egressMemo[2] = other;
    }
    this.firstVolume = first;
    this.otherVolume = other;
  }

  private zeroUnique(directive: number): never {
    throw new CostModelError(
      'zero-unique-volume',
      `dimension ${dimName(this.level.directives[directive]!.dim)} advances at cluster level ${this.level.index} although its tile covers the whole dimension of that level (a tile larger than the level's dimension); MAESTRO exits here`,
      this.layerName,
      this.layerLine,
    );
  }

  /** ING: L2 -> sub-cluster traffic of tensor t: multicast if not spatially mapped, else first + others' unique parts. */
  ingress(t: DataClass): number {
    let traffic = this.trafficMemo[t]!;
    if (Number.isNaN(traffic)) {
      traffic = this.computeIngress(t);
      this.trafficMemo[t] = traffic;
    }
    return traffic;
  }

  private computeIngress(t: DataClass): number {
    if (this.spatialOfTensor[t]!.length === 0) return this.ingressVolumePerUnit(t, true, false);
    const shape = this.shapes[t] as SpatialShape;
    if (shape === SpatialShape.Uniform) {
      this.ingressPair(t);
      return this.firstVolume + (this.level.width - 1) * this.otherVolume;
    }
    const edgeEdge = shape === SpatialShape.EdgePartialLast;
    const e = edgeEdge ? 1 : 0;
    const edgeWidth = this.level.edgeWidth;
    let total = edgeWidth === 1 && edgeEdge ? this.ingressVolumePerUnit(t, true, true) : this.ingressVolumePerUnit(t, true, false);
    if (edgeWidth > 1) {
      total += Math.max(edgeWidth - e - 1, 0) * this.ingressVolumePerUnit(t, false, false);
      total += e * this.ingressVolumePerUnit(t, false, true);
    }
    return total;
  }

  /** EGR: sub-cluster -> L2 traffic of the output. */
  egress(): number {
    let traffic = this.trafficMemo[DataClass.Output]!;
    if (Number.isNaN(traffic)) {
      traffic = this.computeEgress();
      this.trafficMemo[DataClass.Output] = traffic;
    }
    return traffic;
  }

  private computeEgress(): number {
    if (this.spatialOfTensor[DataClass.Output]!.length === 0) return this.egressVolumePerUnit(false, true, false, true);
    const shape = this.shapes[DataClass.Output] as SpatialShape;
    if (shape === SpatialShape.Uniform) {
      this.egressPair();
      return this.firstVolume + (this.level.width - 1) * this.otherVolume;
    }
    const edgeEdge = shape === SpatialShape.EdgePartialLast;
    const e = edgeEdge ? 1 : 0;
    const edgeWidth = this.level.edgeWidth;
    let total = edgeWidth === 1 && edgeEdge ? this.egressVolumePerUnit(false, true, true, true) : this.egressVolumePerUnit(false, true, false, true);
    if (edgeWidth > 1) {
      total += Math.max(edgeWidth - e - 1, 0) * this.egressVolumePerUnit(false, false, false, true);
      total += e * this.egressVolumePerUnit(false, false, true, true);
    }
    return total;
  }

  /** Whether a tensor's spatial maps are at an edge, and whether the last active sub-cluster is partial. */
  private spatialShape(spatial: readonly number[]): SpatialShape {
    let atEdge = false;
    for (let k = 0; k < spatial.length; k++) if (this.isEdge[spatial[k]!]) atEdge = true;
    if (!atEdge) return SpatialShape.Uniform;
    return this.spatialEdgeEdge[spatial[spatial.length - 1]!] === 1 ? SpatialShape.EdgePartialLast : SpatialShape.Edge;
  }

  /**
   * PEV: the output volume one sub-cluster produces; with `psum`, multiplied by the reduction
   * (output-uncoupled) tile sizes, i.e. the partial sums (MACs) it computes.
   */
  egressVolumePerUnit(psum: boolean, first: boolean, edgeEdge: boolean, reuseEdge: boolean): number {
    if (edgeEdge || (psum && !first)) return this.computeEgressVolumePerUnit(psum, first, edgeEdge, reuseEdge);
    const slot = psum ? 0 : first ? 1 : 2;
    let volume = this.egressMemo[slot]!;
    if (Number.isNaN(volume)) {
      volume = this.computeEgressVolumePerUnit(psum, first, false, reuseEdge);
      this.egressMemo[slot] = volume;
    }
    return volume;
  }

  private computeEgressVolumePerUnit(psum: boolean, first: boolean, edgeEdge: boolean, reuseEdge: boolean): number {
    const level = this.level;
    const edgeWidth = level.edgeWidth;
    const position = this.position;
    const isEdge = this.isEdge;
    let volume = 1;
    if (psum) {
      const reduction = level.reductionDirectives;
      const spatial = level.directiveSpatial;
      const mapped = level.directiveMapped;
      const unique = level.directiveUnique;
      const edgeMapped = level.directiveEdgeMapped;
      const edgeUnique = level.directiveEdgeUnique;
      for (let k = 0; k < reduction.length; k++) {
        const i = reduction[k]!;
        if (spatial[i] === 0) {
          volume *= isEdge[i] ? edgeMapped[i]! : mapped[i]!;
          continue;
        }
        const uniqueOrOne = unique[i] !== 0 ? unique[i]! : 1;
        const state = position[i];
        if (state === Position.Init) {
          if (isEdge[i] && edgeEdge) volume *= edgeMapped[i]!;
          else volume *= first ? mapped[i]! : uniqueOrOne;
        } else if (state === Position.Steady) {
          volume *= first ? mapped[i]! : uniqueOrOne;
        } else if (edgeWidth === 1 && (first || edgeEdge)) {
          volume *= edgeMapped[i]!;
        } else if (edgeWidth > 1) {
          volume *= edgeEdge ? edgeUnique[i]! : first ? mapped[i]! : uniqueOrOne;
        }
      }
    }
    const output = level.outputDirectives;
    const tiles = level.outputTiles;
    const spatial = level.directiveSpatial;
    for (let k = 0; k < output.length; k++) {
      const i = output[k]!;
      const tile = k * 5;
      const mapped = tiles[tile]!;
      const edgeMapped = tiles[tile + 2]!;
      const state = position[i];
      if (spatial[i] === 0) {
        if (state === Position.Init) volume *= isEdge[i] ? edgeMapped : mapped;
        else if (state === Position.Steady) volume *= mapped;
        else volume *= edgeMapped;
        continue;
      }
      const unique = tiles[tile + 1]!;
      const edgeUnique = tiles[tile + 3]!;
      const uniqueOrOne = unique !== 0 ? unique : 1;
      if (state === Position.Init) {
        if (isEdge[i] && edgeEdge) {
          if (edgeWidth === 1) volume *= edgeMapped;
          else if (edgeWidth > 1) volume *= reuseEdge ? edgeUnique : edgeMapped;
        } else {
          volume *= first ? mapped : uniqueOrOne;
        }
      } else if (state === Position.Steady) {
        volume *= first ? mapped : uniqueOrOne;
      } else if (edgeWidth === 1 && (first || edgeEdge)) {
        // MAESTRO looks up the untranslated dimension here (Y, not Y').
        volume *= tiles[tile + 4]!;
      } else if (edgeWidth > 1) {
        volume *= edgeEdge ? edgeUnique : first ? mapped : uniqueOrOne;
      }
    }
    return volume;
  }

  /** PS: the MACs of the first PE, the critical path of this case. */
  partialSums(): number {
    const edgeEdge =
      this.spatialOfTensor[DataClass.Output]!.length > 0 && this.level.edgeWidth === 1 && this.shapes[DataClass.Output] === SpatialShape.EdgePartialLast;
    return this.egressVolumePerUnit(true, true, edgeEdge, true);
  }

  /** MACS: the MACs of all sub-clusters of this level in this case. */
  macs(): number {
    const { spatialIndices, lastSpatial, width, edgeWidth } = this.level;
    let spatialEdge = false;
    for (let k = 0; k < spatialIndices.length; k++) if (this.isEdge[spatialIndices[k]!]) spatialEdge = true;
    if (!spatialEdge) return width * this.egressVolumePerUnit(true, true, false, true);
    const edgeEdge = this.spatialEdgeEdge[lastSpatial] === 1;
    const e = edgeEdge ? 1 : 0;
    let total = edgeWidth === 1 && edgeEdge ? this.egressVolumePerUnit(true, true, true, true) : this.egressVolumePerUnit(true, true, false, true);
    if (edgeWidth > 1) {
      total += Math.max(edgeWidth - e - 1, 0) * this.egressVolumePerUnit(true, true, false, true);
      total += e * this.egressVolumePerUnit(true, false, true, false);
    }
    return total;
  }

  /** MappedVolume: product of the level's tile sizes over the tensor's coupled dimensions (the same in every case). */
  mappedVolume(t: DataClass): number {
    return this.level.mappedVolume[t]!;
  }
}

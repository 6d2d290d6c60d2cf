/**
 * Per-case data volumes of one cluster level (spec §4.1): what each sub-cluster loads (temporal
 * and spatial reuse), what it writes back, how many MACs the first PE and the whole level do.
 */
import type { ClusterLevel } from './clusters.js';
import { Dim, dimName } from './dimensions.js';
import { CostModelError } from './errors.js';
import { Position, type IterationStates } from './iterations.js';
import { DataClass, outputCoordinate, type TensorTable } from './tensors.js';

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
  readonly position: number[];
  readonly isEdge: number[];
  readonly unrolled: number[];
  readonly spatialEdgeEdge: number[];
  /** Occurrences of this case (a C++ int product, as MAESTRO computes it). */
  occurrences = 1;
  /** Index of the innermost directive that is not in its Init state; -1 for the all-Init case. */
  changing = -1;
  private readonly inited = [0, 0, 0];
  /** This case's most asked-for egress volumes (psum first, first, non-first); NaN until computed. */
  private readonly egressMemo = [Number.NaN, Number.NaN, Number.NaN];
  /** For each tensor, the first SpatialMap of each coupled dimension that has one, in coupling order. */
  private spatialOfTensor!: readonly (readonly number[])[];
  private outputMask!: number;
  private level!: ClusterLevel;
  private table!: TensorTable;
  private layerName!: string;
  private layerLine: number | undefined;

  constructor(level: ClusterLevel, table: TensorTable, layerName: string, layerLine?: number) {
    const n = level.directives.length;
    this.position = new Array<number>(n).fill(0);
    this.isEdge = new Array<number>(n).fill(0);
    this.unrolled = new Array<number>(n).fill(0);
    this.spatialEdgeEdge = new Array<number>(n).fill(0);
    this.bind(level, table, layerName, layerLine);
  }

  /** Views cases of another level with the same number of directives. */
  bind(level: ClusterLevel, table: TensorTable, layerName: string, layerLine?: number): void {
    this.level = level;
    this.table = table;
    this.layerName = layerName;
    this.layerLine = layerLine;
    this.spatialOfTensor = level.spatialOfTensor;
    this.outputMask = table.masks[DataClass.Output];
  }

  /** Takes state `choice[i]` of every directive i. */
  load(states: IterationStates, choice: readonly number[]): void {
    const n = choice.length;
    let occurrences = 1;
    let changing = -1;
    for (let i = 0; i < n; i++) {
      const k = i * 3 + choice[i]!;
      const position = states.position[k]!;
      this.position[i] = position;
      this.isEdge[i] = states.isEdge[k]!;
      this.unrolled[i] = states.unrolled[k]!;
      this.spatialEdgeEdge[i] = states.spatialEdgeEdge[k]!;
      occurrences = Math.imul(occurrences, states.occurrences[k]!);
      if (position !== Position.Init) changing = i;
    }
    this.occurrences = occurrences;
    this.changing = changing;
    this.egressMemo[0] = Number.NaN;
    this.egressMemo[1] = Number.NaN;
    this.egressMemo[2] = Number.NaN;
    const directives = this.level.directives;
    for (let t = 0; t < 3; t++) {
      const mask = this.table.masks[t as DataClass];
      let inited = 0;
      for (let i = changing + 1; i < n; i++) {
        if (this.position[i] === Position.Init && (mask & (1 << directives[i]!.dim)) !== 0 && this.unrolled[i] === 0) {
          inited = 1;
          break;
        }
      }
      this.inited[t] = inited;
    }
  }

  get allInit(): boolean {
    return this.changing === -1;
  }

  /** PMV: the tile of tensor t held by one sub-cluster. */
  mappedVolumePerUnit(t: DataClass, first: boolean, edgeEdge: boolean): number {
    const { directives, mapped, edgeMapped, edgeWidth } = this.level;
    const mask = this.table.masks[t];
    let volume = 1;
    for (let i = 0; i < directives.length; i++) {
      const d = directives[i]!;
      if ((mask & (1 << d.dim)) === 0) continue;
      if (!d.spatial) {
        volume *= this.isEdge[i] ? edgeMapped[d.dim]! : mapped[d.dim]!;
      } else if (this.isEdge[i]) {
        if (edgeWidth === 1 && (first || edgeEdge)) volume *= edgeMapped[d.dim]!;
        else if (edgeWidth > 1) volume *= edgeEdge ? edgeMapped[d.dim]! : mapped[d.dim]!;
      } else {
        volume *= mapped[d.dim]!;
      }
    }
    return volume;
  }

  /** PIV: what one sub-cluster must newly receive of tensor t in this case (temporal reuse). */
  ingressVolumePerUnit(t: DataClass, first: boolean, edgeEdge: boolean): number {
    if (this.changing === -1) return this.mappedVolumePerUnit(t, first, edgeEdge);
    const { directives, mapped, unique, edgeMapped, edgeUnique } = this.level;
    const mask = this.table.masks[t];
    const changing = this.changing;
    const inited = this.inited[t] === 1;
    let volume = 1;
    let changes = false;
    for (let i = 0; i < directives.length; i++) {
      const d = directives[i]!;
      const dim = d.dim;
      if ((mask & (1 << dim)) === 0) continue;
      if (i === changing) changes = true;
      const position = this.position[i];
      if (!d.spatial) {
        if (position === Position.Init) {
          volume *= this.isEdge[i] ? edgeMapped[dim]! : mapped[dim]!;
        } else if (i === changing && !inited) {
          if (unique[dim] === 0) this.zeroUnique(dim);
          volume *= unique[dim]!;
        } else {
          volume *= mapped[dim]!;
        }
      } else if (position === Position.Init) {
        if (first || i <= changing) volume *= edgeEdge ? edgeMapped[dim]! : mapped[dim]!;
        else volume *= edgeEdge ? edgeUnique[dim]! : unique[dim]!;
      } else if (first) {
        volume *= edgeEdge ? edgeMapped[dim]! : mapped[dim]!;
      } else if (!inited && i === changing) {
        volume *= edgeEdge ? edgeUnique[dim]! : unique[dim]!;
      } else {
        volume *= edgeEdge ? edgeMapped[dim]! : mapped[dim]!;
      }
    }
    return changes ? volume : 0;
  }

  private zeroUnique(dim: Dim): never {
    throw new CostModelError(
      'zero-unique-volume',
      `dimension ${dimName(dim)} advances at cluster level ${this.level.index} although its tile covers the whole dimension of that level (a tile larger than the level's dimension); MAESTRO exits here`,
      this.layerName,
      this.layerLine,
    );
  }

  /** ING: L2 -> sub-cluster traffic of tensor t: multicast if not spatially mapped, else first + others' unique parts. */
  ingress(t: DataClass): number {
    const spatial = this.spatialOfTensor[t]!;
    if (spatial.length === 0) return this.ingressVolumePerUnit(t, true, false);
    const shape = this.spatialShape(spatial);
    if (shape === SpatialShape.Uniform) {
      return this.ingressVolumePerUnit(t, true, false) + (this.level.width - 1) * this.ingressVolumePerUnit(t, false, false);
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
    const spatial = this.spatialOfTensor[DataClass.Output]!;
    if (spatial.length === 0) return this.egressVolumePerUnit(false, true, false, true);
    const shape = this.spatialShape(spatial);
    if (shape === SpatialShape.Uniform) {
      return this.egressVolumePerUnit(false, true, false, true) + (this.level.width - 1) * this.egressVolumePerUnit(false, false, false, true);
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
    const { directives, mapped, unique, edgeMapped, edgeUnique, edgeWidth, firstOnDim } = this.level;
    let volume = 1;
    if (psum) {
      for (let i = 0; i < directives.length; i++) {
        const d = directives[i]!;
        const dim = d.dim;
        if ((this.outputMask & (1 << dim)) !== 0) continue;
        if (!d.spatial) {
          volume *= this.isEdge[i] ? edgeMapped[dim]! : mapped[dim]!;
          continue;
        }
        const uniqueOrOne = unique[dim] !== 0 ? unique[dim]! : 1;
        const position = this.position[i];
        if (position === Position.Init) {
          if (this.isEdge[i] && edgeEdge) volume *= edgeMapped[dim]!;
          else volume *= first ? mapped[dim]! : uniqueOrOne;
        } else if (position === Position.Steady) {
          volume *= first ? mapped[dim]! : uniqueOrOne;
        } else if (edgeWidth === 1 && (first || edgeEdge)) {
          volume *= edgeMapped[dim]!;
        } else if (edgeWidth > 1) {
          volume *= edgeEdge ? edgeUnique[dim]! : first ? mapped[dim]! : uniqueOrOne;
        }
      }
    }
    const coupled = this.table.coupled[DataClass.Output];
    for (let c = 0; c < coupled.length; c++) {
      const dim = coupled[c]!;
      const i = firstOnDim[dim]!;
      if (i < 0) continue;
      const d = directives[i]!;
      const out = this.table.hasOverlap ? outputCoordinate(dim) : dim;
      const position = this.position[i];
      if (!d.spatial) {
        if (position === Position.Init) volume *= this.isEdge[i] ? edgeMapped[out]! : mapped[out]!;
        else if (position === Position.Steady) volume *= mapped[out]!;
        else volume *= edgeMapped[out]!;
        continue;
      }
      const uniqueOrOne = unique[out] !== 0 ? unique[out]! : 1;
      if (position === Position.Init) {
        if (this.isEdge[i] && edgeEdge) {
          if (edgeWidth === 1) volume *= edgeMapped[out]!;
          else if (edgeWidth > 1) volume *= reuseEdge ? edgeUnique[out]! : edgeMapped[out]!;
        } else {
          volume *= first ? mapped[out]! : uniqueOrOne;
        }
      } else if (position === Position.Steady) {
        volume *= first ? mapped[out]! : uniqueOrOne;
      } else if (edgeWidth === 1 && (first || edgeEdge)) {
        // MAESTRO looks up the untranslated dimension here (Y, not Y').
        volume *= edgeMapped[dim]!;
      } else if (edgeWidth > 1) {
        volume *= edgeEdge ? edgeUnique[out]! : first ? mapped[out]! : uniqueOrOne;
      }
    }
    return volume;
  }

  /** PS: the MACs of the first PE, the critical path of this case. */
  partialSums(): number {
    const spatial = this.spatialOfTensor[DataClass.Output]!;
    const edgeEdge =
      spatial.length > 0 && this.level.edgeWidth === 1 && this.spatialShape(spatial) === SpatialShape.EdgePartialLast;
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

  /** MappedVolume: product of the level's tile sizes over the tensor's coupled dimensions. */
  mappedVolume(t: DataClass): number {
    const { mapped, hasTile } = this.level;
    const coupled = this.table.coupled[t];
    let volume = 1;
    for (let k = 0; k < coupled.length; k++) if (hasTile[coupled[k]!]) volume *= mapped[coupled[k]!]!;
    return volume;
  }
}

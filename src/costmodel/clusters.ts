/**
 * Static analysis of a layer's dataflow (spec §3.2-3.7): the layer's dimension table, the split of
 * the directive list into cluster levels, the completion of each level's directives, and each
 * level's static dimension table, width, spatial-edge width and tile tables.
 */
import { LAYER_TYPES, type Directive, type HardwareSpec, type LayerSpec, type MapDirective } from '../maestro/types.js';
import { Dim, DimTable, dimArray, dimName, tdiv } from './dimensions.js';
import { CostModelError } from './errors.js';
import { counterpart, isReferenceDim, outputCoordinate, type TensorTable } from './tensors.js';

/** A TemporalMap or SpatialMap of one cluster level, after completion. */
export interface LevelDirective {
  spatial: boolean;
  dim: Dim;
  size: number;
  ofs: number;
  /** Mapping-file line of the user's directive (absent for inherited or unrolled ones). */
  line: number | undefined;
}

/** One cluster level with everything that does not depend on the iteration. */
export interface ClusterLevel {
  /** 0 is the top level. */
  readonly index: number;
  readonly directives: readonly LevelDirective[];
  /** Number of sub-clusters (PEs at the innermost level), "N". */
  readonly width: number;
  /** Active sub-clusters at the spatial edge, "NE". */
  readonly edgeWidth: number;
  /** The static dimension table of the level. */
  readonly dims: DimTable;
  /** Tile tables by dimension: mapped, unique, edge-mapped, edge-unique sizes. */
  readonly mapped: readonly number[];
  readonly unique: readonly number[];
  readonly edgeMapped: readonly number[];
  readonly edgeUnique: readonly number[];
  /** 1 where `mapped` has an entry for the dimension (MappedVolume multiplies only those). */
  readonly hasTile: readonly number[];
  /** Index of the first directive on each dimension (-1 if none). */
  readonly firstOnDim: readonly number[];
  /** Index of the first SpatialMap on each dimension (-1 if none). */
  readonly firstSpatialOnDim: readonly number[];
  readonly firstSpatial: number;
  readonly lastSpatial: number;
  readonly spatialIndices: readonly number[];
  /** For each tensor, the first SpatialMap of each coupled dimension that has one, in coupling order. */
  readonly spatialOfTensor: readonly [readonly number[], readonly number[], readonly number[]];
  /** By directive index: 1 for a SpatialMap, and the tile tables at its dimension. */
  readonly directiveSpatial: readonly number[];
  readonly directiveMapped: readonly number[];
  readonly directiveUnique: readonly number[];
  readonly directiveEdgeMapped: readonly number[];
  readonly directiveEdgeUnique: readonly number[];
  /** For each tensor, the directives on its coupled dimensions, in order. */
  readonly tensorDirectives: readonly [readonly number[], readonly number[], readonly number[]];
  /** By directive index: bit t set when tensor t is coupled to the directive's dimension. */
  readonly directiveTensors: readonly number[];
  /** The directives on dimensions the output is not coupled to (the reduction), in order. */
  readonly reductionDirectives: readonly number[];
  /** The first directive of each output-coupled dimension that has one, in coupling order ... */
  readonly outputDirectives: readonly number[];
  /** ... and, five per entry, the output tile sizes there: mapped, unique, edge-mapped, edge-unique (of Y'/X' for Y/X), edge-mapped of the dimension itself. */
  readonly outputTiles: readonly number[];
  /** MappedVolume per tensor: the product of the level's tiles over the tensor's coupled dimensions. */
  readonly mappedVolume: readonly number[];
}

export interface LayerAnalysis {
  readonly name: string;
  readonly line: number | undefined;
  readonly table: TensorTable;
  /** Dimensions as written in the layer (for the "Num Total ... Pixels" columns). */
  readonly fileDimensions: LayerSpec['dimensions'];
  /** Bit d set when the layer writes dimension d (not derived). */
  readonly fileMask: number;
  /** The layer's own dimension table, derived Y'/X' (or Y/X) included. */
  readonly layerDims: DimTable;
  readonly levels: readonly ClusterLevel[];
}

const MAX_USER_CLUSTERS = 3;

function fail(code: ConstructorParameters<typeof CostModelError>[0], layer: LayerSpec, reason: string, line?: number): never {
  throw new CostModelError(code, reason, layer.name, line ?? layer.line);
}

/** A dimension's index by name, -1 for an unknown name (by character codes: names from a parser are not interned, so a switch on strings compares them one by one). */
function dimCode(name: string): number {
  if (typeof name !== 'string') return -1;
  if (name.length === 2) {
    if (name.charCodeAt(1) !== 39) return -1;
    const first = name.charCodeAt(0);
    return first === 89 ? Dim.YOut : first === 88 ? Dim.XOut : -1;
  }
  if (name.length !== 1) return -1;
  switch (name.charCodeAt(0)) {
    case 75:
      return Dim.K;
    case 67:
      return Dim.C;
    case 82:
      return Dim.R;
    case 83:
      return Dim.S;
    case 89:
      return Dim.Y;
    case 88:
      return Dim.X;
    case 78:
      return Dim.N;
    case 71:
      return Dim.G;
    case 77:
      return Dim.M;
    default:
      return -1;
  }
}

function isLayerType(type: string): boolean {
  switch (type) {
    case 'CONV':
    case 'DSCONV':
    case 'NGCONV':
    case 'GEMM':
    case 'TRCONV':
      return true;
    default:
      return false;
  }
}

const UNKNOWN_DIMENSION = "; expected one of K, C, R, S, Y, X, Y', X', N, G, M";

/** The layer dimension table (spec §2.4, §3.2). */
export function buildLayerDims(layer: LayerSpec): DimTable {
  return fillLayerDims(layer, new DimTable());
}

/** `buildLayerDims` into a table that is cleared first. */
function fillLayerDims(layer: LayerSpec, layerDims: DimTable): DimTable {
  layerDims.clear();
  if (!isLayerType(layer.type)) {
    fail('unsupported-layer-type', layer, `unknown layer type "${String(layer.type)}"; expected one of ${LAYER_TYPES.join(', ')}`);
  }
  const dimensions = layer.dimensions;
  const strides = layer.strides;
  // One pass over each table. MAESTRO's order of complaints stays: unknown names (dimensions,
  // strides, directives) first, then the first bad size, then the first bad stride.
  let badSize: string | undefined;
  for (const name in dimensions) {
    if (!Object.prototype.hasOwnProperty.call(dimensions, name)) continue;
    const code = dimCode(name);
    if (code < 0) fail('unknown-key', layer, `unknown dimension "${name}"${UNKNOWN_DIMENSION}`);
    const size = dimensions[name as keyof typeof dimensions];
    if (size === undefined || badSize !== undefined) continue;
    if (!Number.isSafeInteger(size) || size < 1) {
      badSize = `the size of ${name} must be a positive integer, got ${String(size)}`;
      continue;
    }
    layerDims.set(code as Dim, size, 1);
  }
  // Strides are taken in their own table's pass: looking each dimension's name up in the strides
  // object is a megamorphic keyed load (the tables' shapes differ from layer to layer). A stride
  // that is not a positive integer fails the layer below, so only valid strides reach the table.
  let badStride: string | undefined;
  if (strides !== undefined) {
    for (const name in strides) {
      if (!Object.prototype.hasOwnProperty.call(strides, name)) continue;
      const code = dimCode(name);
      if (code < 0) fail('unknown-key', layer, `unknown dimension "${name}"${UNKNOWN_DIMENSION}`);
      const stride = strides[name as keyof typeof strides];
      if (stride === undefined) continue;
      if (!Number.isSafeInteger(stride) || stride < 1) {
        badStride ??= `strides must be positive integers, got ${String(stride)}`;
      } else if (layerDims.present[code] === 1) {
        layerDims.stride[code] = stride;
      }
    }
  }
  const dataflow = layer.dataflow;
  if (dataflow !== undefined) {
    for (let i = 0; i < dataflow.length; i++) {
      const directive = dataflow[i]!;
      if (directive.kind !== 'Cluster' && dimCode(directive.dim) < 0) {
        fail('unknown-key', layer, `a ${directive.kind} names unknown dimension "${String(directive.dim)}"`, directive.line);
      }
    }
  }
  if (badSize !== undefined) fail('invalid-value', layer, badSize);
  if (badStride !== undefined) fail('invalid-value', layer, badStride);
  let written = 0;
  for (let dim = 0; dim < 11; dim++) if (layerDims.present[dim] === 1) written |= 1 << dim;
  layerDims.writtenMask = written;
  deriveCoordinate(layerDims, Dim.Y, Dim.YOut, Dim.R);
  deriveCoordinate(layerDims, Dim.X, Dim.XOut, Dim.S);
  return layerDims;
}

/** Input-centric layers get Y' = Y - R + 1 (stride ignored); output-centric ones Y = Y' + R - 1. */
function deriveCoordinate(dims: DimTable, input: Dim, output: Dim, filter: Dim): void {
  if (!dims.has(filter)) return;
  if (dims.has(input) && !dims.has(output)) {
    dims.set(output, dims.get(input) - dims.get(filter) + 1, dims.stride[input]!);
  } else if (dims.has(output) && !dims.has(input)) {
    dims.set(input, dims.get(output) + dims.get(filter) - 1, dims.stride[output]!);
  }
}


/**
 * Analyses a layer's dataflow into cluster levels, top first. Throws a CostModelError where MAESTRO
 * crashes or exits: no dataflow, more than 3 Cluster directives, fewer PEs than the product of the
 * Cluster sizes, a missing dimension, no or too many SpatialMaps in a level.
 */
export function analyzeLayer(layer: LayerSpec, hardware: HardwareSpec, table: TensorTable): LayerAnalysis {
  return new LayerAnalyzer().analyze(layer, hardware, table);
}

/** Level structures a `LayerAnalyzer` keeps before it drops them all and starts over (about 4 KB each, so about 4 MB). */
const MAX_LEVEL_STRUCTURES = 1024;

/** A node of the trie of level structures: one step per directive (its dimension and whether it is spatial). */
interface StructureNode {
  children: (StructureNode | undefined)[];
  level: LevelTables | undefined;
}

function structureNode(): StructureNode {
  return { children: [], level: undefined };
}

/**
 * The tables of one cluster level. Everything that follows from the level's structure alone (the
 * sequence of its directives' dimensions and kinds, and the tensor table) is computed when the
 * structure is first met; the sizes are rewritten for every layer that has the structure.
 */
class LevelTables implements ClusterLevel {
  index = 0;
  readonly directives: LevelDirective[];
  width = 0;
  edgeWidth = 0;
  dims!: DimTable;
  readonly mapped = dimArray();
  readonly unique = dimArray();
  readonly edgeMapped = dimArray();
  readonly edgeUnique = dimArray();
  readonly hasTile = dimArray();
  readonly firstOnDim = [-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1];
  readonly firstSpatialOnDim = [-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1];
  readonly firstSpatial: number;
  readonly lastSpatial: number;
  readonly spatialIndices: number[] = [];
  readonly spatialOfTensor: [number[], number[], number[]];
  readonly directiveSpatial: number[] = [];
  readonly directiveMapped: number[] = [];
  readonly directiveUnique: number[] = [];
  readonly directiveEdgeMapped: number[] = [];
  readonly directiveEdgeUnique: number[] = [];
  readonly tensorDirectives: [number[], number[], number[]] = [[], [], []];
  readonly directiveTensors: number[] = [];
  readonly reductionDirectives: number[] = [];
  readonly outputDirectives: number[] = [];
  readonly outputTiles: number[] = [];
  readonly mappedVolume = [1, 1, 1];
  /** Per output entry: the dimension of its output tile (Y'/X' for Y/X when the layer slides) and the dimension itself. */
  private readonly outputTileDims: number[] = [];
  private readonly outputDims: number[] = [];
  private readonly table: TensorTable;

  /** The structure of `directives[0..count)`, which has one or two SpatialMaps. */
  constructor(directives: readonly LevelDirective[], count: number, table: TensorTable) {
    this.table = table;
    this.directives = [];
    for (let i = 0; i < count; i++) {
      const d = directives[i]!;
      this.directives.push({ spatial: d.spatial, dim: d.dim, size: 0, ofs: 0, line: undefined });
      if (d.spatial) this.spatialIndices.push(i);
      if (this.firstOnDim[d.dim] === -1) this.firstOnDim[d.dim] = i;
      if (d.spatial && this.firstSpatialOnDim[d.dim] === -1) this.firstSpatialOnDim[d.dim] = i;
      this.hasTile[d.dim] = 1;
      this.directiveSpatial.push(d.spatial ? 1 : 0);
      this.directiveMapped.push(0);
      this.directiveUnique.push(0);
      this.directiveEdgeMapped.push(0);
      this.directiveEdgeUnique.push(0);
      let tensors = 0;
      for (let t = 0; t < 3; t++) {
        if ((table.masks[t as 0 | 1 | 2] & (1 << d.dim)) === 0) continue;
        this.tensorDirectives[t]!.push(i);
        tensors |= 1 << t;
      }
      this.directiveTensors.push(tensors);
      if ((table.masks[2] & (1 << d.dim)) === 0) this.reductionDirectives.push(i);
    }
    for (let i = 0; i < count; i++) {
      const dim = directives[i]!.dim;
      if (dim === Dim.Y || dim === Dim.X) this.hasTile[outputCoordinate(dim)] = 1;
    }
    this.firstSpatial = this.spatialIndices[0]!;
    this.lastSpatial = this.spatialIndices[this.spatialIndices.length - 1]!;
    for (const dim of table.coupled[2]) {
      const i = this.firstOnDim[dim]!;
      if (i < 0) continue;
      this.outputDirectives.push(i);
      this.outputTileDims.push(table.hasOverlap ? outputCoordinate(dim) : dim);
      this.outputDims.push(dim);
      this.outputTiles.push(0, 0, 0, 0, 0);
    }
    this.spatialOfTensor = [spatialOf(table.coupled[0], this.firstSpatialOnDim), spatialOf(table.coupled[1], this.firstSpatialOnDim), spatialOf(table.coupled[2], this.firstSpatialOnDim)];
  }

  /** Spec §3.5 and §3.7: takes the sizes of `directives` (of this structure) and fills the tile tables. */
  fill(index: number, directives: readonly LevelDirective[], width: number, dims: DimTable): void {
    this.index = index;
    this.width = width;
    this.dims = dims;
    const own = this.directives;
    const n = own.length;
    const mapped = this.mapped;
    const unique = this.unique;
    const edgeMapped = this.edgeMapped;
    const edgeUnique = this.edgeUnique;
    for (let i = 0; i < n; i++) {
      const source = directives[i]!;
      const d = own[i]!;
      d.size = source.size;
      d.ofs = source.ofs;
      d.line = source.line;
      const dim = dims.size[d.dim]!;
      const m = d.size;
      const o = d.ofs;
      const steady = Math.max(tdiv(dim - m, o), 0);
      const hasEdge = steady * o + m < dim || m > dim;
      let edgeSize = dim - (steady + 1) * o;
      if (edgeSize < 0) edgeSize = dim;
      mapped[d.dim] = m;
      unique[d.dim] = !d.spatial && dim <= m ? 0 : Math.min(m, o);
      edgeMapped[d.dim] = hasEdge ? edgeSize : m;
      edgeUnique[d.dim] = Math.max(o - (m - edgeSize), 0);
    }
    for (let i = 0; i < n; i++) {
      const d = own[i]!;
      if (d.dim !== Dim.Y && d.dim !== Dim.X) continue;
      const out = d.dim === Dim.Y ? Dim.YOut : Dim.XOut;
      const filter = d.dim === Dim.Y ? Dim.R : Dim.S;
      mapped[out] = mapped[d.dim]! - mapped[filter]! + 1;
      unique[out] = Math.min(d.ofs, d.size);
      edgeMapped[out] = edgeMapped[d.dim]! - edgeMapped[filter]! + 1;
      edgeUnique[out] = Math.min(d.ofs, edgeMapped[out]!);
    }
    for (let i = 0; i < n; i++) {
      const dim = own[i]!.dim;
      this.directiveMapped[i] = mapped[dim]!;
      this.directiveUnique[i] = unique[dim]!;
      this.directiveEdgeMapped[i] = edgeMapped[dim]!;
      this.directiveEdgeUnique[i] = edgeUnique[dim]!;
    }
    const tiles = this.outputTiles;
    for (let k = 0; k < this.outputDims.length; k++) {
      const out = this.outputTileDims[k]!;
      const tile = k * 5;
      tiles[tile] = mapped[out]!;
      tiles[tile + 1] = unique[out]!;
      tiles[tile + 2] = edgeMapped[out]!;
      tiles[tile + 3] = edgeUnique[out]!;
      tiles[tile + 4] = edgeMapped[this.outputDims[k]!]!;
    }
    const coupled = this.table.coupled;
    for (let t = 0; t < 3; t++) {
      const dimsOfTensor = coupled[t as 0 | 1 | 2];
      let volume = 1;
      for (let k = 0; k < dimsOfTensor.length; k++) {
        const dim = dimsOfTensor[k]!;
        if (this.hasTile[dim]) volume *= mapped[dim]!;
      }
      this.mappedVolume[t] = volume;
    }
    const spatial = own[this.firstSpatial]!;
    this.edgeWidth = spatialEdgeWidth(dims.size[spatial.dim]!, spatial.size, spatial.ofs, width);
  }
}

/** Index of the first directive of `list[0..count)` on a dimension, or -1. */
function indexOnDim(list: readonly LevelDirective[], count: number, dim: Dim): number {
  for (let i = 0; i < count; i++) if (list[i]!.dim === dim) return i;
  return -1;
}

/** A layer analysis that an analyzer rewrites for every layer. */
interface MutableAnalysis {
  name: string;
  line: number | undefined;
  table: TensorTable;
  fileDimensions: LayerSpec['dimensions'];
  fileMask: number;
  layerDims: DimTable;
  levels: ClusterLevel[];
}

/**
 * Analyses layers one after another into storage it reuses: a layer's analysis is valid until the
 * analyzer's next `analyze` (a cost model keeps one analyzer and plans each analysis at once).
 * Allocating the tables afresh for every layer cost more than computing them.
 */
export class LayerAnalyzer {
  private readonly layerDims = new DimTable();
  /** The static dimension table of each level below the top, by level index. */
  private readonly lowerDims: DimTable[] = [];
  /** Per level index: directive objects (`pool`) and the level's completed directive list (`lists`). */
  private readonly pools: LevelDirective[][] = [];
  private readonly lists: LevelDirective[][] = [];
  private readonly groupStarts: number[] = [];
  private readonly groupEnds: number[] = [];
  private readonly widths: number[] = [];
  /** Level structures by tensor table and level index. */
  private roots = new Map<TensorTable, StructureNode[]>();
  private structures = 0;
  /** Analyses by level count, rewritten in place. */
  private readonly analyses: MutableAnalysis[] = [];

  analyze(layer: LayerSpec, hardware: HardwareSpec, table: TensorTable): LayerAnalysis {
    const layerDims = fillLayerDims(layer, this.layerDims);
    const fileMask = layerDims.writtenMask;
    const required = table.required;
    for (let k = 0; k < required.length; k++) {
      const dim = required[k]!;
      if (!layerDims.has(dim)) {
        fail('missing-dimension', layer, `${layer.type} layers need dimension ${dimName(dim)}, which the layer does not define`);
      }
    }
    const dataflow = layer.dataflow;
    if (dataflow === undefined) {
      fail(
        'no-dataflow',
        layer,
        "the layer has no Dataflow block (MAESTRO would reuse the previous layer's directives and fail with 'No spatial map in a cluster')",
      );
    }
    const starts = this.groupStarts;
    const ends = this.groupEnds;
    const widths = this.widths;
    let groups = 1;
    starts[0] = 0;
    let clusterProduct = 1;
    for (let i = 0; i < dataflow.length; i++) {
      const directive = dataflow[i]!;
      if (!Number.isSafeInteger(directive.size) || directive.size < 1) {
        fail('invalid-value', layer, `a ${directive.kind} size must be a positive integer, got ${String(directive.size)}`, directive.line);
      }
      if (directive.kind === 'Cluster') {
        if (groups > MAX_USER_CLUSTERS) {
          fail(
            'too-many-cluster-levels',
            layer,
            `at most ${MAX_USER_CLUSTERS} Cluster directives (4 cluster levels) are supported; MAESTRO aborts on more`,
            directive.line,
          );
        }
        widths[groups] = directive.size;
        clusterProduct *= directive.size;
        ends[groups - 1] = i;
        starts[groups++] = i + 1;
      } else if (!Number.isSafeInteger(directive.offset) || directive.offset < 1) {
        fail('invalid-value', layer, `a ${directive.kind} offset must be a positive integer, got ${String(directive.offset)}`, directive.line);
      }
    }
    ends[groups - 1] = dataflow.length;
    const topWidth = tdiv(hardware.numPes, clusterProduct);
    if (topWidth === 0) {
      fail(
        'too-few-pes',
        layer,
        `the Cluster sizes multiply to ${clusterProduct} PEs but the accelerator has ${hardware.numPes}; MAESTRO divides by zero here`,
      );
    }
    widths[0] = topWidth;
    let analysis = this.analyses[groups];
    if (analysis === undefined) {
      analysis = { name: '', line: undefined, table, fileDimensions: {}, fileMask: 0, layerDims, levels: new Array<ClusterLevel>(groups) };
      this.analyses[groups] = analysis;
    }
    const levels = analysis.levels;
    let dims = layerDims;
    let previous: LevelDirective[] | undefined;
    let previousCount = 0;
    for (let index = 0; index < groups; index++) {
      const count = this.completeDirectives(layer, index, dataflow, starts[index]!, ends[index]!, previous, previousCount, dims, layerDims, table);
      const list = this.lists[index]!;
      const level = this.levelTables(layer, index, list, count, table);
      level.fill(index, list, widths[index]!, dims);
      levels[index] = level;
      previous = list;
      previousCount = count;
      dims = this.lower(index, list, count, dims, table);
    }
    analysis.name = layer.name;
    analysis.line = layer.line;
    analysis.table = table;
    analysis.fileDimensions = layer.dimensions;
    analysis.fileMask = fileMask;
    analysis.layerDims = layerDims;
    return analysis;
  }

  /** A directive object of level `index`'s pool (the `used`-th). */
  private pooled(index: number, used: number): LevelDirective {
    const pool = this.pools[index]!;
    let directive = pool[used];
    if (directive === undefined) {
      directive = { spatial: false, dim: Dim.K, size: 0, ofs: 0, line: undefined };
      pool[used] = directive;
    }
    return directive;
  }

  /**
   * Spec §3.4: Y'/X' renaming, inheritance (prepended), unrolling (appended), outer stride. Writes
   * the completed directives of level `index` to `lists[index]` and returns their count.
   */
  private completeDirectives(
    layer: LayerSpec,
    index: number,
    dataflow: readonly Directive[],
    start: number,
    end: number,
    previous: readonly LevelDirective[] | undefined,
    previousCount: number,
    dims: DimTable,
    layerDims: DimTable,
    table: TensorTable,
  ): number {
    const isTop = index === 0;
    if (this.pools[index] === undefined) {
      this.pools[index] = [];
      this.lists[index] = [];
    }
    const list = this.lists[index]!;
    let count = 0;
    for (let i = start; i < end; i++) {
      const d = dataflow[i] as MapDirective;
      const directive = this.pooled(index, count);
      directive.spatial = d.kind === 'SpatialMap';
      directive.dim = dimCode(d.dim) as Dim;
      directive.size = d.size;
      directive.ofs = d.offset;
      directive.line = d.line;
      list[count++] = directive;
    }
    let used = count;
    renameOutputCoordinate(layer, list, count, Dim.XOut, Dim.X, Dim.S);
    renameOutputCoordinate(layer, list, count, Dim.YOut, Dim.Y, Dim.R);
    // Bit d set when some directive of the list maps dimension d.
    let mappedDims = 0;
    for (let i = 0; i < count; i++) mappedDims |= 1 << list[i]!.dim;
    if (previous !== undefined) {
      for (let p = 0; p < previousCount; p++) {
        const inherited = previous[p]!;
        if ((mappedDims & (1 << inherited.dim)) !== 0) continue;
        mappedDims |= 1 << inherited.dim;
        for (let i = count; i > 0; i--) list[i] = list[i - 1]!;
        const directive = this.pooled(index, used++);
        directive.spatial = false;
        directive.dim = inherited.dim;
        directive.size = inherited.size;
        directive.ofs = inherited.ofs;
        directive.line = undefined;
        list[0] = directive;
        count++;
      }
    }
    const inputVariables = table.inputVariables;
    for (let k = 0; k < inputVariables.length; k++) {
      const dim = inputVariables[k]!;
      if (dims.has(dim) && (mappedDims & (1 << dim)) === 0) {
        mappedDims |= 1 << dim;
        const directive = this.pooled(index, used++);
        directive.spatial = false;
        directive.dim = dim;
        directive.size = dims.get(dim);
        directive.ofs = dims.get(dim);
        directive.line = undefined;
        list[count++] = directive;
      }
    }
    for (let i = 0; i < count; i++) {
      const directive = list[i]!;
      if (!dims.has(directive.dim)) {
        fail(
          'missing-dimension',
          layer,
          `dimension ${dimName(directive.dim)} not found at cluster level ${isTop ? 'top' : 'below the top'} (lower levels only know ${table.inputVariables.map(dimName).join(', ')})`,
          directive.line,
        );
      }
      const stride = dims.stride[directive.dim]!;
      if (stride === 1 || !isReferenceDim(directive.dim, table)) continue;
      const filterSize = layerDims.get(counterpart(directive.dim) as Dim);
      if (directive.size < filterSize) continue;
      const outputsPerTile = tdiv(directive.size + stride - filterSize, stride);
      const target = list[indexOnDim(list, count, directive.dim)]!;
      target.size = outputsPerTile * Math.min(stride, filterSize) + Math.max(filterSize - stride, 0);
      target.ofs = !isTop && filterSize < stride ? outputsPerTile * filterSize : outputsPerTile * stride;
    }
    // Any Y'/X' left (a level that also maps Y/X) is converted the way MAESTRO's directive table does.
    for (let i = 0; i < count; i++) {
      const directive = list[i]!;
      if (directive.dim !== Dim.YOut && directive.dim !== Dim.XOut) continue;
      const filter = directive.dim === Dim.YOut ? Dim.R : Dim.S;
      const filterIndex = indexOnDim(list, count, filter);
      directive.size += filterIndex >= 0 ? list[filterIndex]!.size : 0;
      directive.dim = directive.dim === Dim.YOut ? Dim.Y : Dim.X;
    }
    return count;
  }

  /** The tables of a level with this structure (checked: one or two SpatialMaps), made when first met. */
  private levelTables(layer: LayerSpec, index: number, list: readonly LevelDirective[], count: number, table: TensorTable): LevelTables {
    let roots = this.roots.get(table);
    if (roots === undefined) {
      roots = [];
      this.roots.set(table, roots);
    }
    let node = (roots[index] ??= structureNode());
    for (let i = 0; i < count; i++) {
      const d = list[i]!;
      const step = d.dim * 2 + (d.spatial ? 1 : 0);
      node = node.children[step] ??= structureNode();
    }
    if (node.level !== undefined) return node.level;
    let spatialCount = 0;
    let third = -1;
    for (let i = 0; i < count; i++) {
      if (!list[i]!.spatial) continue;
      if (++spatialCount === 3) third = i;
    }
    if (spatialCount === 0) {
      fail('no-spatial-map', layer, `cluster level ${index} has no SpatialMap; every level needs one`);
    }
    if (spatialCount > 2) {
      fail('too-many-spatial-maps', layer, `cluster level ${index} has ${spatialCount} SpatialMaps; MAESTRO allows at most 2 per level`, list[third]!.line);
    }
    if (this.structures >= MAX_LEVEL_STRUCTURES) {
      // Bounded memory: drop every structure (the levels in use this layer stay referenced by the analysis).
      this.roots = new Map();
      this.structures = 0;
      return this.levelTables(layer, index, list, count, table);
    }
    const level = new LevelTables(list, count, table);
    node.level = level;
    this.structures++;
    return level;
  }

  /** Spec §3.6: the next level's static table holds the input variables, clamped to this level's tiles. */
  private lower(index: number, list: readonly LevelDirective[], count: number, dims: DimTable, table: TensorTable): DimTable {
    const lower = (this.lowerDims[index] ??= new DimTable());
    lower.clear();
    const inputVariables = table.inputVariables;
    for (let k = 0; k < inputVariables.length; k++) {
      const dim = inputVariables[k]!;
      const i = indexOnDim(list, count, dim);
      if (i < 0 || !dims.has(dim)) continue;
      lower.set(dim, Math.min(list[i]!.size, dims.get(dim)), dims.stride[dim]!);
    }
    return lower;
  }
}

function renameOutputCoordinate(layer: LayerSpec, list: LevelDirective[], count: number, output: Dim, input: Dim, filter: Dim): void {
  const index = indexOnDim(list, count, output);
  if (index < 0 || indexOnDim(list, count, input) >= 0) return;
  const filterIndex = indexOnDim(list, count, filter);
  const directive = list[index]!;
  if (filterIndex < 0) {
    fail(
      'undefined-behaviour',
      layer,
      `a ${dimName(output)} directive needs a ${dimName(filter)} directive in the same cluster level (MAESTRO reads an uninitialised value here)`,
      directive.line,
    );
  }
  directive.dim = input;
  directive.size = directive.size + list[filterIndex]!.size - 1;
}

function spatialOf(coupled: readonly Dim[], firstSpatialOnDim: readonly number[]): number[] {
  const indices: number[] = [];
  for (const dim of coupled) if (firstSpatialOnDim[dim]! >= 0) indices.push(firstSpatialOnDim[dim]!);
  return indices;
}

/** Spec §3.5: how many sub-clusters are active in the last spatial step. */
export function spatialEdgeWidth(dim: number, size: number, ofs: number, width: number): number {
  if (dim <= size) return 1;
  const full = ofs * (width - 1) + size;
  if (dim > full) {
    const steady = tdiv(tdiv(dim - size, ofs) + 1, width) - 1;
    const remainder = dim - (steady + 1) * ofs * width;
    return remainder < size ? 1 : tdiv(remainder - size, ofs) + 1;
  }
  let active = tdiv(dim - size, ofs) + 1;
  if (ofs * (active - 1) + size < dim) active += 1;
  return active;
}

/**
 * Static analysis of a layer's dataflow (spec §3.2-3.7): the layer's dimension table, the split of
 * the directive list into cluster levels, the completion of each level's directives, and each
 * level's static dimension table, width, spatial-edge width and tile tables.
 */
import { LAYER_TYPES, type HardwareSpec, type LayerSpec, type MapDirective } from '../maestro/types.js';
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

/** A dimension's index by name, -1 for an unknown name (a switch on interned strings beats a lookup). */
function dimCode(name: string): number {
  switch (name) {
    case 'K':
      return Dim.K;
    case 'C':
      return Dim.C;
    case 'R':
      return Dim.R;
    case 'S':
      return Dim.S;
    case 'Y':
      return Dim.Y;
    case 'X':
      return Dim.X;
    case "Y'":
      return Dim.YOut;
    case "X'":
      return Dim.XOut;
    case 'N':
      return Dim.N;
    case 'G':
      return Dim.G;
    case 'M':
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
  const layerDims = new DimTable();
  if (!isLayerType(layer.type)) {
    fail('unsupported-layer-type', layer, `unknown layer type "${String(layer.type)}"; expected one of ${LAYER_TYPES.join(', ')}`);
  }
  const dimensions = layer.dimensions;
  const strides = layer.strides;
  for (const name in dimensions) {
    if (Object.prototype.hasOwnProperty.call(dimensions, name) && dimCode(name) < 0) fail('unknown-key', layer, `unknown dimension "${name}"${UNKNOWN_DIMENSION}`);
  }
  if (strides !== undefined) {
    for (const name in strides) {
      if (Object.prototype.hasOwnProperty.call(strides, name) && dimCode(name) < 0) fail('unknown-key', layer, `unknown dimension "${name}"${UNKNOWN_DIMENSION}`);
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
  for (const name in dimensions) {
    if (!Object.prototype.hasOwnProperty.call(dimensions, name)) continue;
    const size = dimensions[name as keyof typeof dimensions];
    if (size === undefined) continue;
    if (!Number.isSafeInteger(size) || size < 1) {
      fail('invalid-value', layer, `the size of ${name} must be a positive integer, got ${String(size)}`);
    }
    const stride = strides?.[name as keyof typeof dimensions] ?? 1;
    layerDims.set(dimCode(name) as Dim, size, stride);
  }
  if (strides !== undefined) {
    for (const name in strides) {
      if (!Object.prototype.hasOwnProperty.call(strides, name)) continue;
      const stride = strides[name as keyof typeof strides];
      if (stride !== undefined && (!Number.isSafeInteger(stride) || stride < 1)) {
        fail('invalid-value', layer, `strides must be positive integers, got ${String(stride)}`);
      }
    }
  }
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
  const layerDims = buildLayerDims(layer);
  const fileMask = layerDims.writtenMask;
  for (const dim of table.required) {
    if (!layerDims.has(dim)) {
      fail('missing-dimension', layer, `${layer.type} layers need dimension ${dimName(dim)}, which the layer does not define`);
    }
  }
  if (layer.dataflow === undefined) {
    fail(
      'no-dataflow',
      layer,
      "the layer has no Dataflow block (MAESTRO would reuse the previous layer's directives and fail with 'No spatial map in a cluster')",
    );
  }
  const groups: MapDirective[][] = [[]];
  const clusterSizes: number[] = [];
  for (const directive of layer.dataflow) {
    if (!Number.isSafeInteger(directive.size) || directive.size < 1) {
      fail('invalid-value', layer, `a ${directive.kind} size must be a positive integer, got ${String(directive.size)}`, directive.line);
    }
    if (directive.kind === 'Cluster') {
      clusterSizes.push(directive.size);
      if (clusterSizes.length > MAX_USER_CLUSTERS) {
        fail(
          'too-many-cluster-levels',
          layer,
          `at most ${MAX_USER_CLUSTERS} Cluster directives (4 cluster levels) are supported; MAESTRO aborts on more`,
          directive.line,
        );
      }
      groups.push([]);
    } else {
      if (!Number.isSafeInteger(directive.offset) || directive.offset < 1) {
        fail('invalid-value', layer, `a ${directive.kind} offset must be a positive integer, got ${String(directive.offset)}`, directive.line);
      }
      groups[groups.length - 1]!.push(directive);
    }
  }
  const clusterProduct = clusterSizes.reduce((a, b) => a * b, 1);
  const topWidth = tdiv(hardware.numPes, clusterProduct);
  if (topWidth === 0) {
    fail(
      'too-few-pes',
      layer,
      `the Cluster sizes multiply to ${clusterProduct} PEs but the accelerator has ${hardware.numPes}; MAESTRO divides by zero here`,
    );
  }
  const widths = [topWidth, ...clusterSizes];
  const levels: ClusterLevel[] = [];
  let dims = layerDims;
  let previous: LevelDirective[] | undefined;
  for (let index = 0; index < groups.length; index++) {
    const directives = completeDirectives(layer, groups[index]!, previous, dims, layerDims, table, index === 0);
    const level = buildLevel(layer, index, directives, widths[index]!, dims, table);
    levels.push(level);
    previous = directives;
    dims = lowerDims(directives, dims, table);
  }
  return { name: layer.name, line: layer.line, table, fileDimensions: layer.dimensions, fileMask, layerDims, levels };
}

/** The first directive on a dimension, or undefined. */
function onDim(directives: readonly LevelDirective[], dim: Dim): LevelDirective | undefined {
  for (let i = 0; i < directives.length; i++) if (directives[i]!.dim === dim) return directives[i];
  return undefined;
}

/** Spec §3.4: Y'/X' renaming, inheritance (prepended), unrolling (appended), outer stride. */
function completeDirectives(
  layer: LayerSpec,
  own: readonly MapDirective[],
  previous: readonly LevelDirective[] | undefined,
  dims: DimTable,
  layerDims: DimTable,
  table: TensorTable,
  isTop: boolean,
): LevelDirective[] {
  const current: LevelDirective[] = own.map((d) => ({
    spatial: d.kind === 'SpatialMap',
    dim: dimCode(d.dim) as Dim,
    size: d.size,
    ofs: d.offset,
    line: d.line,
  }));
  renameOutputCoordinate(layer, current, Dim.XOut, Dim.X, Dim.S);
  renameOutputCoordinate(layer, current, Dim.YOut, Dim.Y, Dim.R);
  if (previous !== undefined) {
    for (const inherited of previous) {
      if (onDim(current, inherited.dim) === undefined) {
        current.unshift({ spatial: false, dim: inherited.dim, size: inherited.size, ofs: inherited.ofs, line: undefined });
      }
    }
  }
  for (const dim of table.inputVariables) {
    if (dims.has(dim) && onDim(current, dim) === undefined) {
      current.push({ spatial: false, dim, size: dims.get(dim), ofs: dims.get(dim), line: undefined });
    }
  }
  for (const directive of current) {
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
    const target = onDim(current, directive.dim)!;
    target.size = outputsPerTile * Math.min(stride, filterSize) + Math.max(filterSize - stride, 0);
    target.ofs = !isTop && filterSize < stride ? outputsPerTile * filterSize : outputsPerTile * stride;
  }
  // Any Y'/X' left (a level that also maps Y/X) is converted the way MAESTRO's directive table does.
  for (const directive of current) {
    if (directive.dim !== Dim.YOut && directive.dim !== Dim.XOut) continue;
    const filter = directive.dim === Dim.YOut ? Dim.R : Dim.S;
    const filterDirective = onDim(current, filter);
    directive.size += filterDirective?.size ?? 0;
    directive.dim = directive.dim === Dim.YOut ? Dim.Y : Dim.X;
  }
  return current;
}

function renameOutputCoordinate(layer: LayerSpec, current: LevelDirective[], output: Dim, input: Dim, filter: Dim): void {
  let index = -1;
  for (let i = 0; i < current.length && index < 0; i++) if (current[i]!.dim === output) index = i;
  if (index < 0 || onDim(current, input) !== undefined) return;
  const filterDirective = onDim(current, filter);
  const directive = current[index]!;
  if (filterDirective === undefined) {
    fail(
      'undefined-behaviour',
      layer,
      `a ${dimName(output)} directive needs a ${dimName(filter)} directive in the same cluster level (MAESTRO reads an uninitialised value here)`,
      directive.line,
    );
  }
  current[index] = { spatial: directive.spatial, dim: input, size: directive.size + filterDirective.size - 1, ofs: directive.ofs, line: directive.line };
}

/** Spec §3.6: the next level's static table holds the input variables, clamped to this level's tiles. */
function lowerDims(directives: readonly LevelDirective[], dims: DimTable, table: TensorTable): DimTable {
  const lower = new DimTable();
  for (const dim of table.inputVariables) {
    const directive = onDim(directives, dim);
    if (directive === undefined || !dims.has(dim)) continue;
    lower.set(dim, Math.min(directive.size, dims.get(dim)), dims.stride[dim]!);
  }
  return lower;
}

/** Spec §3.5 and §3.7: the spatial-edge width and the tile tables of a level. */
function buildLevel(layer: LayerSpec, index: number, directives: LevelDirective[], width: number, dims: DimTable, table: TensorTable): ClusterLevel {
  const spatialIndices: number[] = [];
  for (let i = 0; i < directives.length; i++) if (directives[i]!.spatial) spatialIndices.push(i);
  if (spatialIndices.length === 0) {
    fail('no-spatial-map', layer, `cluster level ${index} has no SpatialMap; every level needs one`);
  }
  if (spatialIndices.length > 2) {
    fail(
      'too-many-spatial-maps',
      layer,
      `cluster level ${index} has ${spatialIndices.length} SpatialMaps; MAESTRO allows at most 2 per level`,
      directives[spatialIndices[2]!]!.line,
    );
  }
  const firstSpatial = spatialIndices[0]!;
  const lastSpatial = spatialIndices[spatialIndices.length - 1]!;
  const spatial = directives[firstSpatial]!;
  const firstOnDim = [-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1];
  const firstSpatialOnDim = [-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1];
  for (let i = 0; i < directives.length; i++) {
    const d = directives[i]!;
    if (firstOnDim[d.dim] === -1) firstOnDim[d.dim] = i;
    if (d.spatial && firstSpatialOnDim[d.dim] === -1) firstSpatialOnDim[d.dim] = i;
  }

  const mapped = dimArray();
  const unique = dimArray();
  const edgeMapped = dimArray();
  const edgeUnique = dimArray();
  const hasTile = dimArray();
  for (const d of directives) {
    const dim = dims.get(d.dim);
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
    hasTile[d.dim] = 1;
  }
  for (const d of directives) {
    if (d.dim !== Dim.Y && d.dim !== Dim.X) continue;
    if (counterpart(d.dim) === -1) continue;
    const out = outputCoordinate(d.dim);
    const filter = counterpart(d.dim) as Dim;
    mapped[out] = mapped[d.dim]! - mapped[filter]! + 1;
    unique[out] = Math.min(d.ofs, d.size);
    edgeMapped[out] = edgeMapped[d.dim]! - edgeMapped[filter]! + 1;
    edgeUnique[out] = Math.min(d.ofs, edgeMapped[out]!);
    hasTile[out] = 1;
  }

  // Tables by directive index (and by tensor) for the per-case volume products of reuse.ts.
  // (Plain arrays: allocating small typed arrays costs far more than filling them.)
  const n = directives.length;
  const directiveSpatial: number[] = [];
  const directiveMapped: number[] = [];
  const directiveUnique: number[] = [];
  const directiveEdgeMapped: number[] = [];
  const directiveEdgeUnique: number[] = [];
  const onTensor: [number[], number[], number[]] = [[], [], []];
  const reduction: number[] = [];
  for (let i = 0; i < n; i++) {
    const d = directives[i]!;
    directiveSpatial.push(d.spatial ? 1 : 0);
    directiveMapped.push(mapped[d.dim]!);
    directiveUnique.push(unique[d.dim]!);
    directiveEdgeMapped.push(edgeMapped[d.dim]!);
    directiveEdgeUnique.push(edgeUnique[d.dim]!);
    for (let t = 0; t < 3; t++) if ((table.masks[t as 0 | 1 | 2] & (1 << d.dim)) !== 0) onTensor[t]!.push(i);
    if ((table.masks[2] & (1 << d.dim)) === 0) reduction.push(i);
  }
  const outputDims = table.coupled[2];
  const output: number[] = [];
  const outputTiles: number[] = [];
  for (const dim of outputDims) {
    const i = firstOnDim[dim]!;
    if (i < 0) continue;
    const out = table.hasOverlap ? outputCoordinate(dim) : dim;
    output.push(i);
    outputTiles.push(mapped[out]!, unique[out]!, edgeMapped[out]!, edgeUnique[out]!, edgeMapped[dim]!);
  }
  const mappedVolume = [1, 1, 1];
  for (let t = 0; t < 3; t++) {
    for (const dim of table.coupled[t as 0 | 1 | 2]) if (hasTile[dim]) mappedVolume[t]! *= mapped[dim]!;
  }

  return {
    index,
    directives,
    width,
    edgeWidth: spatialEdgeWidth(dims.get(spatial.dim), spatial.size, spatial.ofs, width),
    directiveSpatial,
    directiveMapped,
    directiveUnique,
    directiveEdgeMapped,
    directiveEdgeUnique,
    tensorDirectives: onTensor,
    reductionDirectives: reduction,
    outputDirectives: output,
    outputTiles,
    mappedVolume,
    dims,
    mapped,
    unique,
    edgeMapped,
    edgeUnique,
    hasTile,
    firstOnDim,
    firstSpatialOnDim,
    firstSpatial,
    lastSpatial,
    spatialIndices,
    spatialOfTensor: [spatialOf(table.coupled[0], firstSpatialOnDim), spatialOf(table.coupled[1], firstSpatialOnDim), spatialOf(table.coupled[2], firstSpatialOnDim)],
  };
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

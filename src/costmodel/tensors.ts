/** Which dimensions each tensor of a layer type is coupled to (MAESTRO's tensor table, spec §3.1). */
import type { LayerType } from '../maestro/types.js';
import { Dim, dimName } from './dimensions.js';

export const enum DataClass {
  Input = 0,
  Filter = 1,
  Output = 2,
}

export const DATA_CLASS_NAMES = ['input', 'filter', 'output'] as const;

export interface TensorTable {
  /** Coupled dimensions of input, filter and output, in MAESTRO's order. */
  readonly coupled: readonly [readonly Dim[], readonly Dim[], readonly Dim[]];
  /** The same as bit masks (bit d set when coupled to dimension d). */
  readonly masks: readonly [number, number, number];
  /** Sorted union of the input and filter dimensions ("IV"): what lower cluster levels see. */
  readonly inputVariables: readonly Dim[];
  /** CONV-like layers slide R over Y and S over X; GEMM has no overlap. */
  readonly hasOverlap: boolean;
  /** Dimensions the layer must define: the coupled ones of input, filter and output, first seen first. */
  readonly required: readonly Dim[];
}

function maskOf(dims: readonly Dim[]): number {
  return dims.reduce((mask, d) => mask | (1 << d), 0);
}

function build(input: Dim[], filter: Dim[], output: Dim[], hasOverlap: boolean): TensorTable {
  const union = [...new Set([...input, ...filter])];
  union.sort((a, b) => (dimName(a) < dimName(b) ? -1 : dimName(a) > dimName(b) ? 1 : 0));
  return {
    coupled: [input, filter, output],
    masks: [maskOf(input), maskOf(filter), maskOf(output)],
    inputVariables: union,
    hasOverlap,
    required: [...new Set([...input, ...filter, ...output])],
  };
}

/**
 * The tensor table of a layer type. `withBatch` adds N to the activations; MAESTRO decides it once
 * per layer type, from the first layer of that type in the file.
 */
export function tensorTable(type: LayerType, withBatch: boolean): TensorTable {
  const key = tableIndex(type) * 2 + (withBatch ? 1 : 0);
  let table = TABLES[key];
  if (table === undefined) {
    table = buildTensorTable(type, withBatch);
    TABLES[key] = table;
  }
  return table;
}

function tableIndex(type: LayerType): number {
  switch (type) {
    case 'CONV':
    case 'TRCONV':
      return 0;
    case 'DSCONV':
      return 1;
    case 'NGCONV':
      return 2;
    case 'GEMM':
      return 3;
    default:
      // An unknown type: no table (the analysis names the type).
      return 4;
  }
}

const TABLES: (TensorTable | undefined)[] = [];

function buildTensorTable(type: LayerType, withBatch: boolean): TensorTable {
  const batch = withBatch ? [Dim.N] : [];
  switch (type) {
    case 'CONV':
    case 'TRCONV':
      return build([...batch, Dim.C, Dim.Y, Dim.X], [Dim.K, Dim.C, Dim.R, Dim.S], [...batch, Dim.K, Dim.Y, Dim.X], true);
    case 'DSCONV':
      return build([...batch, Dim.C, Dim.Y, Dim.X], [Dim.C, Dim.R, Dim.S], [...batch, Dim.C, Dim.Y, Dim.X], true);
    case 'NGCONV':
      return build(
        [...batch, Dim.G, Dim.C, Dim.Y, Dim.X],
        [Dim.G, Dim.K, Dim.C, Dim.R, Dim.S],
        [...batch, Dim.G, Dim.K, Dim.C, Dim.Y, Dim.X],
        true,
      );
    case 'GEMM':
      return build([Dim.M, Dim.K], [Dim.K, Dim.N], [Dim.M, Dim.N], false);
  }
}

/** The cache key MAESTRO effectively uses for tensor tables: TRCONV is parsed as CONV. */
export function tensorTableType(type: LayerType): LayerType {
  return type === 'TRCONV' ? 'CONV' : type;
}

/** The sliding dimension of a reference dimension and vice versa (Y-R, X-S); -1 for others. */
export function counterpart(dim: Dim): Dim | -1 {
  switch (dim) {
    case Dim.Y:
      return Dim.R;
    case Dim.R:
      return Dim.Y;
    case Dim.X:
      return Dim.S;
    case Dim.S:
      return Dim.X;
    default:
      return -1;
  }
}

/** Y and X: the input-coordinate dimensions a filter slides over. */
export function isReferenceDim(dim: Dim, table: TensorTable): boolean {
  return table.hasOverlap && (dim === Dim.Y || dim === Dim.X);
}

export function isOverlappedDim(dim: Dim, table: TensorTable): boolean {
  return table.hasOverlap && (dim === Dim.Y || dim === Dim.X || dim === Dim.R || dim === Dim.S);
}

/** The output-coordinate name of an input-coordinate dimension: Y -> Y', X -> X'. */
export function outputCoordinate(dim: Dim): Dim {
  return dim === Dim.Y ? Dim.YOut : dim === Dim.X ? Dim.XOut : dim;
}

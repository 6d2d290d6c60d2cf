/** The data MAESTRO's files describe: hardware, layers with their dimensions and dataflow directives. */

/** Layer types MAESTRO analyses (TRCONV is analysed exactly as CONV). */
export const LAYER_TYPES = ['CONV', 'DSCONV', 'NGCONV', 'GEMM', 'TRCONV'] as const;
export type LayerType = (typeof LAYER_TYPES)[number];

/** Layer types MAESTRO's parser knows but cannot analyse. */
export const UNSUPPORTED_LAYER_TYPES = ['FC', 'LSTM', 'POOL'] as const;

/**
 * Dimension names. `Y'`/`X'` are output rows/cols; `N` is the batch (CONV-like) or a matrix
 * dimension (GEMM); `G` the groups of NGCONV; `M` a GEMM dimension.
 */
export const DIMENSION_NAMES = ['K', 'C', 'R', 'S', 'Y', 'X', "Y'", "X'", 'N', 'G', 'M'] as const;
export type DimensionName = (typeof DIMENSION_NAMES)[number];

export function isDimensionName(text: string): text is DimensionName {
  switch (text) {
    case 'K':
    case 'C':
    case 'R':
    case 'S':
    case 'Y':
    case 'X':
    case "Y'":
    case "X'":
    case 'N':
    case 'G':
    case 'M':
      return true;
    default:
      return false;
  }
}

export type MapKind = 'TemporalMap' | 'SpatialMap';

/** `TemporalMap(size, offset) dim` or `SpatialMap(size, offset) dim`. */
export interface MapDirective {
  kind: MapKind;
  size: number;
  offset: number;
  dim: DimensionName;
  /** How the size was written, when not a plain integer (`Sz(R)` or a Constant name). */
  sizeText?: string | undefined;
  offsetText?: string | undefined;
  /** 1-based line in the mapping file. */
  line?: number | undefined;
}

/** `Cluster(size, P|L)`: P and L behave identically in MAESTRO. */
export interface ClusterDirective {
  kind: 'Cluster';
  size: number;
  clusterType: 'P' | 'L';
  sizeText?: string | undefined;
  line?: number | undefined;
}

export type Directive = MapDirective | ClusterDirective;

export type Dimensions = Partial<Record<DimensionName, number>>;

export interface LayerSpec {
  name: string;
  type: LayerType;
  /** Sizes in the order written (input-centric Y/X normally). */
  dimensions: Dimensions;
  /** Outer strides by dimension name; only X and Y have an effect. Absent means 1. */
  strides?: Dimensions;
  /** The directive list; absent when the layer has no Dataflow block. */
  dataflow?: Directive[];
  /** 1-based line of the `Layer` keyword. */
  line?: number;
}

export interface NetworkSpec {
  name: string;
  layers: LayerSpec[];
  /** `Constant NAME value` definitions, in file order. */
  constants?: Record<string, number>;
}

/** MAESTRO's "unconstrained" value for absent hardware limits. */
export const INT_MAX = 2147483647;

/** An accelerator as a MAESTRO hardware file describes it (plus the command-line vector width). */
export interface HardwareSpec {
  numPes: number;
  /** L1 size limit per PE, elements; MAESTRO only warns when it is exceeded. */
  l1SizeElements: number;
  /** L2 size limit, elements; warning only. */
  l2SizeElements: number;
  /** Bandwidth of every NoC level, elements/cycle. */
  nocBandwidthElemsPerCycle: number;
  /** Off-chip (DRAM to L2) bandwidth, elements/cycle. */
  offchipBandwidthElemsPerCycle: number;
  /** Head latency of every NoC transfer, cycles (the file's `NoC_NumHops`). */
  nocLatencyCycles: number;
  /** SIMD lanes per PE (MAESTRO's `--num_simd_lanes`; not a hardware-file key). */
  simdLanes: number;
}

export const DEFAULT_HARDWARE: Readonly<HardwareSpec> = Object.freeze({
  numPes: 1,
  l1SizeElements: INT_MAX,
  l2SizeElements: INT_MAX,
  nocBandwidthElemsPerCycle: INT_MAX,
  offchipBandwidthElemsPerCycle: INT_MAX,
  nocLatencyCycles: 1,
  simdLanes: 1,
});

/**
 * Freezes a layer and everything in it. The cost model recognises frozen layers by identity, which
 * makes repeated evaluations of the same layer objects almost free.
 */
export function freezeLayer<T extends LayerSpec>(layer: T): Readonly<T> {
  if (layer.dataflow !== undefined) {
    for (const directive of layer.dataflow) Object.freeze(directive);
    Object.freeze(layer.dataflow);
  }
  Object.freeze(layer.dimensions);
  if (layer.strides !== undefined) Object.freeze(layer.strides);
  return Object.freeze(layer);
}

/** Freezes a network, its layers and their contents (see `freezeLayer`). */
export function freezeNetwork<T extends NetworkSpec>(network: T): Readonly<T> {
  for (const layer of network.layers) freezeLayer(layer);
  Object.freeze(network.layers);
  if (network.constants !== undefined) Object.freeze(network.constants);
  return Object.freeze(network);
}

/** Whether a layer and everything in it is frozen (so it can never change). */
export function isLayerFrozen(layer: LayerSpec): boolean {
  if (!Object.isFrozen(layer) || !Object.isFrozen(layer.dimensions)) return false;
  if (layer.strides !== undefined && !Object.isFrozen(layer.strides)) return false;
  if (layer.dataflow !== undefined) {
    if (!Object.isFrozen(layer.dataflow)) return false;
    for (const directive of layer.dataflow) if (!Object.isFrozen(directive)) return false;
  }
  return true;
}

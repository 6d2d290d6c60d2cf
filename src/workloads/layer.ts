/** One convolution or fully connected layer of a network, with its true geometry, MACs and parameters. */
import { fail } from './errors.js';

/**
 * MAESTRO layer types a workload uses. A depthwise convolution is `DSCONV` with K = 1; a fully
 * connected layer is a `CONV` with R = S = Y = X = 1 (`linear`), as MAESTRO's frontends and the
 * co-design study record them: MAESTRO's `GEMM` dimensions (M, N, K) do not fit the conv dataflows.
 */
export const WORKLOAD_LAYER_TYPES = ['CONV', 'DSCONV'] as const;
export type WorkloadLayerType = (typeof WORKLOAD_LAYER_TYPES)[number];

/** A layer: K C R S as MAESTRO names them, Y X the input size before padding. */
export interface Layer {
  readonly name: string;
  readonly type: WorkloadLayerType;
  /** Output channels; 1 for DSCONV (one filter per input channel, as MAESTRO counts it). */
  readonly K: number;
  /** Input channels. */
  readonly C: number;
  /** Kernel rows and columns (undilated). */
  readonly R: number;
  readonly S: number;
  /** Input rows and columns, before padding. */
  readonly Y: number;
  readonly X: number;
  /** Stride in both directions. */
  readonly stride: number;
  /** Zero padding on each side, rows and columns. */
  readonly padding: number;
  /** Kernel dilation (1 = dense). */
  readonly dilation: number;
  /** A fully connected layer recorded as a 1x1 CONV on a 1x1 input (written without a Stride). */
  readonly linear: boolean;
  /** Whether the layer has a bias (one parameter per output channel). */
  readonly bias: boolean;
  /** Whether a BatchNorm follows (two parameters per output channel; no MACs counted). */
  readonly batchNorm: boolean;
}

/** What `createLayer` needs; geometry options default to a dense, unpadded, stride-1 layer. */
export interface LayerInit {
  name: string;
  type: WorkloadLayerType;
  K: number;
  C: number;
  R: number;
  S: number;
  Y: number;
  X: number;
  stride?: number;
  padding?: number;
  dilation?: number;
  linear?: boolean;
  bias?: boolean;
  batchNorm?: boolean;
}

/** Where a layer's error happened (built only when there is an error: layers are made in hot loops). */
function placeOf(name: unknown): string {
  return `layer "${String(name)}"`;
}

function positiveInteger(name: unknown, field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) fail(placeOf(name), `${field} to be a positive integer`, value);
  return value;
}

/**
 * A validated, frozen layer.
 *
 * @example
 * const conv = createLayer({ name: 'conv1', type: 'CONV', K: 64, C: 3, R: 7, S: 7, Y: 224, X: 224, stride: 2, padding: 3 });
 * layerOutputSize(conv); // { Y: 112, X: 112 }
 * layerMacs(conv);       // 118013952
 */
export function createLayer(init: LayerInit): Layer {
  if (typeof init.name !== 'string' || init.name.length === 0) fail(undefined, 'a layer name (non-empty string)', init.name);
  if (init.type !== 'CONV' && init.type !== 'DSCONV') fail(placeOf(init.name), `type to be one of ${WORKLOAD_LAYER_TYPES.join(', ')}`, init.type);
  const layer: Layer = {
    name: init.name,
    type: init.type,
    K: positiveInteger(init.name, 'K', init.K),
    C: positiveInteger(init.name, 'C', init.C),
    R: positiveInteger(init.name, 'R', init.R),
    S: positiveInteger(init.name, 'S', init.S),
    Y: positiveInteger(init.name, 'Y', init.Y),
    X: positiveInteger(init.name, 'X', init.X),
    stride: positiveInteger(init.name, 'stride', init.stride ?? 1),
    padding: init.padding ?? 0,
    dilation: positiveInteger(init.name, 'dilation', init.dilation ?? 1),
    linear: init.linear ?? false,
    bias: init.bias ?? false,
    batchNorm: init.batchNorm ?? false,
  };
  if (!Number.isSafeInteger(layer.padding) || layer.padding < 0) fail(placeOf(init.name), 'padding to be a non-negative integer', init.padding);
  if (layer.type === 'DSCONV' && layer.K !== 1) fail(placeOf(init.name), 'K = 1 for a DSCONV (depthwise) layer', layer.K);
  if (layer.linear && (layer.R !== 1 || layer.S !== 1 || layer.Y !== 1 || layer.X !== 1 || layer.type !== 'CONV')) {
    fail(placeOf(init.name), 'a linear layer to be a CONV with R = S = Y = X = 1', { type: layer.type, R: layer.R, S: layer.S, Y: layer.Y, X: layer.X });
  }
  const { Y, X } = rawOutputSize(layer);
  if (Y < 1 || X < 1) fail(placeOf(init.name), 'the kernel to fit the padded input (output size >= 1)', { Y: init.Y, X: init.X, R: init.R, S: init.S, padding: layer.padding, dilation: layer.dilation });
  return Object.freeze(layer);
}

function rawOutputSize(layer: Layer): { Y: number; X: number } {
  const extentRows = layer.dilation * (layer.R - 1) + 1;
  const extentCols = layer.dilation * (layer.S - 1) + 1;
  return {
    Y: Math.floor((layer.Y + 2 * layer.padding - extentRows) / layer.stride) + 1,
    X: Math.floor((layer.X + 2 * layer.padding - extentCols) / layer.stride) + 1,
  };
}

/** The layer's true output rows and columns (padding and dilation included). */
export function layerOutputSize(layer: Layer): { Y: number; X: number } {
  return rawOutputSize(layer);
}

/** Output channels: K for CONV, C for DSCONV. */
export function layerOutputChannels(layer: Layer): number {
  return layer.type === 'DSCONV' ? layer.C : layer.K;
}

/** Multiply-accumulates of one inference (batch 1). */
export function layerMacs(layer: Layer): number {
  const { Y, X } = rawOutputSize(layer);
  const perOutput = layer.type === 'DSCONV' ? layer.R * layer.S : layer.C * layer.R * layer.S;
  return layerOutputChannels(layer) * perOutput * Y * X;
}

/** Trainable parameters: weights, bias, BatchNorm scale and shift. */
export function layerParams(layer: Layer): number {
  const outputs = layerOutputChannels(layer);
  const weights = layer.type === 'DSCONV' ? layer.C * layer.R * layer.S : layer.K * layer.C * layer.R * layer.S;
  return weights + (layer.bias ? outputs : 0) + (layer.batchNorm ? 2 * outputs : 0);
}

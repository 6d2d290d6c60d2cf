/** A network as MAESTRO sees it: an ordered list of convolution and fully connected layers. */
import { describeValue } from '../common/describe-value.js';
import { fail } from './errors.js';
import { layerMacs, layerParams, type Layer } from './layer.js';

/**
 * How a layer's Y and X are written for MAESTRO, whose model ignores padding and dilation
 * (output = (Y - R) / stride + 1):
 * - `frontend`: the layer's input size before padding, as MAESTRO's PyTorch/Keras frontends and
 *   the co-design study write it. MAESTRO then sees a smaller output than the network computes for
 *   padded layers (a 3x3 conv on a 4x4 input gives 2x2, not 4x4).
 * - `exact`: the input rows and columns the kernel actually reads, (output - 1) * stride + R, so
 *   MAESTRO's output size and MAC count equal the network's.
 */
export const MAESTRO_CONVENTIONS = ['frontend', 'exact'] as const;
export type MaestroConvention = (typeof MAESTRO_CONVENTIONS)[number];

export interface NetworkOptions {
  /** How `toNetworkSpec` writes Y and X by default (default `exact`). */
  maestroConvention?: MaestroConvention;
  /** Parameters outside the listed layers (a standalone BatchNorm), counted in `params`. */
  extraParams?: number;
}

/**
 * An ordered, immutable list of layers with its MACs and parameter count.
 *
 * @example
 * const net = new Network('tiny', [
 *   createLayer({ name: 'conv', type: 'CONV', K: 8, C: 3, R: 3, S: 3, Y: 32, X: 32, padding: 1 }),
 *   createLayer({ name: 'fc', type: 'CONV', K: 10, C: 8, R: 1, S: 1, Y: 1, X: 1, linear: true, bias: true }),
 * ]);
 * net.macs;   // 221264: 8*3*3*3*32*32 + 10*8
 * net.params; // 306: 216 + 80 + 10
 */
export class Network {
  readonly name: string;
  readonly layers: readonly Layer[];
  readonly maestroConvention: MaestroConvention;
  /** Multiply-accumulates of one inference (batch 1), all layers. */
  readonly macs: number;
  /** Trainable parameters of the listed layers (weights, biases, BatchNorm). */
  readonly params: number;

  constructor(name: string, layers: readonly Layer[], options: NetworkOptions = {}) {
    if (typeof name !== 'string' || name.trim().length === 0 || /[{}\r\n]/.test(name)) {
      fail(undefined, 'a network name (non-empty, without braces or line breaks)', name);
    }
    if (!Array.isArray(layers) || layers.length === 0) fail(`network "${name}"`, 'a non-empty array of layers', layers);
    const convention = options.maestroConvention ?? 'exact';
    if (!(MAESTRO_CONVENTIONS as readonly string[]).includes(convention)) {
      fail(`network "${name}"`, `maestroConvention to be one of ${MAESTRO_CONVENTIONS.join(', ')}`, convention);
    }
    const extraParams = options.extraParams ?? 0;
    if (!Number.isSafeInteger(extraParams) || extraParams < 0) fail(`network "${name}"`, 'extraParams to be a non-negative integer', extraParams);
    let macs = 0;
    let params = extraParams;
    for (const layer of layers) {
      if (!Object.isFrozen(layer)) {
        fail(`network "${name}"`, 'layers made by createLayer (frozen)', describeValue(layer));
      }
      macs += layerMacs(layer);
      params += layerParams(layer);
    }
    this.name = name;
    this.layers = Object.freeze(layers.slice());
    this.maestroConvention = convention;
    this.macs = macs;
    this.params = params;
    Object.freeze(this);
  }

  /** Number of layers. */
  get length(): number {
    return this.layers.length;
  }

  toString(): string {
    return `Network(${this.name}: ${this.layers.length} layers, ${(this.macs / 1e6).toFixed(1)} MMACs, ${(this.params / 1e6).toFixed(2)} M params)`;
  }
}

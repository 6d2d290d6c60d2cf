/** Writing a network layer by layer while tracking the feature map's channels and size. */
import { fail } from './errors.js';
import { createLayer, layerOutputSize, type Layer, type LayerInit } from './layer.js';
import type { LayerPool } from './layer-pool.js';
import { Network, type NetworkOptions } from './network.js';

/** A feature map's shape (batch 1). */
export interface FeatureMap {
  readonly channels: number;
  readonly height: number;
  readonly width: number;
}

export interface ConvOptions {
  /** Output channels. */
  out: number;
  kernel: number;
  stride?: number;
  /** Per side; default `dilation * (kernel - 1) / 2` rounded down ("same" for odd kernels). */
  padding?: number;
  dilation?: number;
  bias?: boolean;
  batchNorm?: boolean;
}

export type DepthwiseOptions = Omit<ConvOptions, 'out'>;

export interface PoolOptions {
  kernel: number;
  stride?: number;
  padding?: number;
  /** Round the output size up (PyTorch's `ceil_mode`). */
  ceil?: boolean;
}

/**
 * Appends layers to a list while it tracks the current feature map, so that a network is written
 * as its forward pass reads. Pooling, activations and additions emit no layer but change the map.
 *
 * @example
 * const b = new NetworkBuilder({ channels: 3, height: 32, width: 32 });
 * b.conv('conv1', { out: 16, kernel: 3 });
 * b.pool({ kernel: 2, stride: 2 });
 * b.globalPool();
 * b.linear('fc', 10);
 * b.build('tiny').macs; // 442528: 16*3*9*32*32 + 10*16
 */
export class NetworkBuilder {
  private readonly layers: Layer[] = [];
  private current: FeatureMap;

  /** `layerPool`: where layers come from (shared across the networks of a space); default a new layer each. */
  constructor(
    input: FeatureMap,
    private readonly layerPool?: LayerPool,
  ) {
    this.current = checkMap(input);
  }

  private make(init: LayerInit): Layer {
    return this.layerPool === undefined ? createLayer(init) : this.layerPool.layer(init);
  }

  /** The current feature map. */
  get map(): FeatureMap {
    return this.current;
  }

  /** Continues from another feature map (a branch's input, a concatenation's result). */
  at(map: FeatureMap): this {
    this.current = checkMap(map);
    return this;
  }

  conv(name: string, options: ConvOptions): FeatureMap {
    return this.push(this.squareKernelLayer(name, 'CONV', options.out, options), options.out);
  }

  depthwise(name: string, options: DepthwiseOptions): FeatureMap {
    return this.push(this.squareKernelLayer(name, 'DSCONV', 1, options), this.current.channels);
  }

  /** A k x k convolution over the current feature map (MAESTRO's K is 1 for a depthwise one). */
  private squareKernelLayer(name: string, type: 'CONV' | 'DSCONV', outputs: number, options: DepthwiseOptions): Layer {
    const dilation = options.dilation ?? 1;
    return this.make({
      name,
      type,
      K: outputs,
      C: this.current.channels,
      R: options.kernel,
      S: options.kernel,
      Y: this.current.height,
      X: this.current.width,
      stride: options.stride ?? 1,
      padding: options.padding ?? Math.floor((dilation * (options.kernel - 1)) / 2),
      dilation,
      bias: options.bias ?? false,
      batchNorm: options.batchNorm ?? false,
    });
  }

  /** A fully connected layer; the feature map must be 1x1 (after a global pool). */
  linear(name: string, out: number, options: { bias?: boolean } = {}): FeatureMap {
    if (this.current.height !== 1 || this.current.width !== 1) {
      fail(`layer "${name}"`, 'a 1x1 feature map before a linear layer (add globalPool)', this.current);
    }
    const layer = this.make({
      name,
      type: 'CONV',
      K: out,
      C: this.current.channels,
      R: 1,
      S: 1,
      Y: 1,
      X: 1,
      linear: true,
      bias: options.bias ?? true,
    });
    return this.push(layer, out);
  }

  /** Max or average pooling: no layer, a smaller map. */
  pool(options: PoolOptions): FeatureMap {
    const stride = options.stride ?? options.kernel;
    const padding = options.padding ?? 0;
    const size = (n: number): number => {
      const span = n + 2 * padding - options.kernel;
      let out = (options.ceil ? Math.ceil(span / stride) : Math.floor(span / stride)) + 1;
      // PyTorch drops a last window that would start in the padding only.
      if (options.ceil && (out - 1) * stride >= n + padding) out--;
      return out;
    };
    this.current = checkMap({ channels: this.current.channels, height: size(this.current.height), width: size(this.current.width) });
    return this.current;
  }

  /** Global average pooling to 1x1. */
  globalPool(): FeatureMap {
    this.current = { channels: this.current.channels, height: 1, width: 1 };
    return this.current;
  }

  /** Appends an already made layer and moves to its output. */
  push(layer: Layer, outChannels: number): FeatureMap {
    this.layers.push(layer);
    const { Y, X } = layerOutputSize(layer);
    this.current = { channels: outChannels, height: Y, width: X };
    return this.current;
  }

  build(name: string, options: NetworkOptions = {}): Network {
    return new Network(name, this.layers, options);
  }
}

function checkMap(map: FeatureMap): FeatureMap {
  for (const field of ['channels', 'height', 'width'] as const) {
    const value = map[field];
    if (!Number.isSafeInteger(value) || value < 1) fail('feature map', `${field} to be a positive integer`, value);
  }
  return Object.freeze({ channels: map.channels, height: map.height, width: map.width });
}

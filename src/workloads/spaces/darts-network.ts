/** The DARTS CIFAR network (NetworkCIFAR, 36 channels, 20 cells) of a cell genotype, as MAESTRO layers. */
import { createLayer, type Layer, type LayerInit } from '../layer.js';
import { Network, type MaestroConvention } from '../network.js';
import type { DartsArch, DartsOp } from './darts-arch.js';

/** What differs between the two presets of the darts space. */
export interface DartsNetworkConfig {
  networkName: string;
  /** Input rows and columns (square). */
  inputSize: number;
  /** Whether the auxiliary head's layers (training mode) follow cell 13. */
  auxiliaryHead: boolean;
  /** `study`: Conv2d-<n> / Linear-<n> as the study's PyTorch summary named them; `descriptive`: where each layer sits. */
  naming: 'study' | 'descriptive';
  convention: MaestroConvention;
}

const INITIAL_CHANNELS = 36;
const CELLS = 20;
const STEM_MULTIPLIER = 3;
const CLASSES = 10;
const MULTIPLIER = 4;
const REDUCTION_CELLS: ReadonlySet<number> = new Set([Math.floor(CELLS / 3), Math.floor((2 * CELLS) / 3)]);
const AUXILIARY_AFTER = Math.floor((2 * CELLS) / 3);

/** Layers kept for reuse before the table is dropped (about 200 bytes each). */
const INTERNED_LAYERS = 50_000;

/**
 * Equal layers of different architectures share one frozen Layer: a network of a new genotype is
 * mostly layers seen before (same position or description, same shape), so building it costs a
 * lookup per layer instead of a validated, frozen object, and cached networks share their layers.
 */
class LayerInterner {
  private readonly byName = new Map<number | string, Layer[]>();
  private count = 0;

  /** The layer named by `key` (a position or a description) with these fields, made once. */
  layer(key: number | string, name: () => string, init: Omit<LayerInit, 'name'>): Layer {
    let candidates = this.byName.get(key);
    if (candidates !== undefined) {
      for (let i = 0; i < candidates.length; i++) {
        const layer = candidates[i]!;
        if (
          layer.type === init.type &&
          layer.K === init.K &&
          layer.C === init.C &&
          layer.R === init.R &&
          layer.S === init.S &&
          layer.Y === init.Y &&
          layer.X === init.X &&
          layer.stride === (init.stride ?? 1) &&
          layer.padding === (init.padding ?? 0) &&
          layer.dilation === (init.dilation ?? 1) &&
          layer.linear === (init.linear ?? false) &&
          layer.bias === (init.bias ?? false) &&
          layer.batchNorm === (init.batchNorm ?? false)
        ) {
          return layer;
        }
      }
    }
    // One fresh literal with every field, so that `createLayer` always sees one object shape.
    const layer = createLayer({
      name: name(),
      type: init.type,
      K: init.K,
      C: init.C,
      R: init.R,
      S: init.S,
      Y: init.Y,
      X: init.X,
      stride: init.stride ?? 1,
      padding: init.padding ?? 0,
      dilation: init.dilation ?? 1,
      linear: init.linear ?? false,
      bias: init.bias ?? false,
      batchNorm: init.batchNorm ?? false,
    });
    if (this.count >= INTERNED_LAYERS) {
      this.byName.clear();
      this.count = 0;
      candidates = undefined;
    }
    if (candidates === undefined) this.byName.set(key, [layer]);
    else candidates.push(layer);
    this.count++;
    return layer;
  }
}

const interner = new LayerInterner();

class LayerList {
  readonly layers: Layer[] = [];
  /** Whether layers are named where they sit (else Conv2d-<n>, and descriptions are never built). */
  readonly descriptive: boolean;
  constructor(naming: DartsNetworkConfig['naming']) {
    this.descriptive = naming === 'descriptive';
  }

  /** This runs for every layer of every sampled network (see `LayerInterner`). */
  add(description: string, init: Omit<LayerInit, 'name'>): void {
    const n = this.layers.length + 1;
    const linear = init.linear ?? false;
    // In the study's naming a layer's name is its position (and whether it is linear).
    const key = this.descriptive ? description : linear ? -n : n;
    this.layers.push(interner.layer(key, () => (this.descriptive ? description : `${linear ? 'Linear' : 'Conv2d'}-${n}`), init));
  }

  /** FactorizedReduce(C_in -> C_out): two strided 1x1 convs, the second on x[:, :, 1:, 1:]. */
  factorizedReduce(where: string, channelsIn: number, channelsOut: number, size: number): void {
    const half = channelsOut / 2;
    this.add(`${where}.conv_1`, { type: 'CONV', K: half, C: channelsIn, R: 1, S: 1, Y: size, X: size, stride: 2, batchNorm: true });
    this.add(`${where}.conv_2`, { type: 'CONV', K: half, C: channelsIn, R: 1, S: 1, Y: size - 1, X: size - 1, stride: 2, batchNorm: true });
  }

  /** The layers of one edge's operation (pooling and identity emit none). */
  edge(where: string, op: DartsOp, channels: number, size: number, stride: number): void {
    const c = channels;
    const out = size / stride;
    switch (op) {
      case 'sep_conv_3x3':
      case 'sep_conv_5x5': {
        const k = op === 'sep_conv_3x3' ? 3 : 5;
        const pad = (k - 1) / 2;
        this.add(`${where}.dw1`, { type: 'DSCONV', K: 1, C: c, R: k, S: k, Y: size, X: size, stride, padding: pad });
        this.add(`${where}.pw1`, { type: 'CONV', K: c, C: c, R: 1, S: 1, Y: out, X: out, batchNorm: true });
        this.add(`${where}.dw2`, { type: 'DSCONV', K: 1, C: c, R: k, S: k, Y: out, X: out, padding: pad });
        this.add(`${where}.pw2`, { type: 'CONV', K: c, C: c, R: 1, S: 1, Y: out, X: out, batchNorm: true });
        return;
      }
      case 'dil_conv_3x3':
      case 'dil_conv_5x5': {
        const k = op === 'dil_conv_3x3' ? 3 : 5;
        this.add(`${where}.dw`, { type: 'DSCONV', K: 1, C: c, R: k, S: k, Y: size, X: size, stride, padding: k - 1, dilation: 2 });
        this.add(`${where}.pw`, { type: 'CONV', K: c, C: c, R: 1, S: 1, Y: out, X: out, batchNorm: true });
        return;
      }
      case 'skip_connect':
        if (stride === 2) this.factorizedReduce(`${where}.reduce`, c, c, size);
        return;
      case 'max_pool_3x3':
      case 'avg_pool_3x3':
        return;
    }
  }
}

/**
 * Follows NetworkCIFAR's forward pass, emitting every convolution and linear layer in the order it
 * runs (the construction rules of `docs/darts-layers.md`, section 3).
 */
export function dartsNetwork(arch: DartsArch, config: DartsNetworkConfig): Network {
  const list = new LayerList(config.naming);
  const stemChannels = STEM_MULTIPLIER * INITIAL_CHANNELS;
  const input = config.inputSize;
  list.add('stem', { type: 'CONV', K: stemChannels, C: 3, R: 3, S: 3, Y: input, X: input, padding: 1, batchNorm: true });
  let channelsPrevPrev = stemChannels;
  let channelsPrev = stemChannels;
  let sizePrevPrev = input;
  let sizePrev = input;
  let channels = INITIAL_CHANNELS;
  let reductionPrev = false;
  for (let i = 0; i < CELLS; i++) {
    const reduction = REDUCTION_CELLS.has(i);
    if (reduction) channels *= 2;
    const where = `cells.${i}`;
    if (reductionPrev) list.factorizedReduce(`${where}.preprocess0`, channelsPrevPrev, channels, sizePrevPrev);
    else list.add(`${where}.preprocess0`, { type: 'CONV', K: channels, C: channelsPrevPrev, R: 1, S: 1, Y: sizePrevPrev, X: sizePrevPrev, batchNorm: true });
    list.add(`${where}.preprocess1`, { type: 'CONV', K: channels, C: channelsPrev, R: 1, S: 1, Y: sizePrev, X: sizePrev, batchNorm: true });
    const sizeIn = sizePrev;
    const sizeNodes = reduction ? sizeIn / 2 : sizeIn;
    const edges = reduction ? arch.reduce : arch.normal;
    edges.forEach((edge, e) => {
      const source = edge[1];
      const stride = reduction && source < 2 ? 2 : 1;
      const size = source < 2 ? sizeIn : sizeNodes;
      list.edge(`${where}.edge${e}.${edge[0]}`, edge[0], channels, size, stride);
    });
    channelsPrevPrev = channelsPrev;
    channelsPrev = MULTIPLIER * channels;
    sizePrevPrev = sizePrev;
    sizePrev = sizeNodes;
    reductionPrev = reduction;
    if (config.auxiliaryHead && i === AUXILIARY_AFTER) {
      // After ReLU and AvgPool2d(5, stride 3, padding 2) the 4x4 map is 2x2.
      const pooled = Math.floor((sizePrev + 4 - 5) / 3) + 1;
      list.add('auxiliary.conv1', { type: 'CONV', K: 128, C: channelsPrev, R: 1, S: 1, Y: pooled, X: pooled, batchNorm: true });
      list.add('auxiliary.conv2', { type: 'CONV', K: 768, C: 128, R: 2, S: 2, Y: pooled, X: pooled, batchNorm: true });
      list.add('auxiliary.classifier', { type: 'CONV', K: CLASSES, C: 768, R: 1, S: 1, Y: 1, X: 1, linear: true, bias: true });
    }
  }
  list.add('classifier', { type: 'CONV', K: CLASSES, C: channelsPrev, R: 1, S: 1, Y: 1, X: 1, linear: true, bias: true });
  return new Network(config.networkName, list.layers, { maestroConvention: config.convention });
}

/** Turning a Network into MAESTRO layers: a NetworkSpec for the cost model, or mapping-file text. */
import { applyDataflow, type DataflowAdjustment, type DataflowName } from '../dataflows/index.js';
import { writeMapping } from '../maestro/mapping-file.js';
import { freezeLayer, type HardwareSpec, type LayerSpec, type NetworkSpec } from '../maestro/types.js';
import { fail } from './errors.js';
import { layerOutputSize, type Layer } from './layer.js';
import { MAESTRO_CONVENTIONS, type MaestroConvention, type Network } from './network.js';

export interface ExportOptions {
  /** Overrides the network's own convention for Y and X (see `MaestroConvention`). */
  convention?: MaestroConvention;
  /** Use `dpt` for depthwise layers whatever dataflow is asked for (default true, as the study did). */
  depthwiseAsDpt?: boolean;
}

/** A layer's dataflow change, with the layer it applies to. */
export interface LayerAdjustment extends DataflowAdjustment {
  layer: string;
}

/** A network mapped onto an accelerator with a dataflow. */
export interface MappedNetwork {
  /** Frozen; its layers are interned, so the cost model's identity cache recognises repeats. */
  spec: Readonly<NetworkSpec>;
  /** Every change a template needed to fit the accelerator (clusters larger than the PE count). */
  adjustments: readonly LayerAdjustment[];
}

/** The MAESTRO rows and columns of a layer under a convention. */
export function maestroInputSize(layer: Layer, convention: MaestroConvention): { Y: number; X: number } {
  if (convention === 'frontend') return { Y: layer.Y, X: layer.X };
  const out = layerOutputSize(layer);
  return { Y: (out.Y - 1) * layer.stride + layer.R, X: (out.X - 1) * layer.stride + layer.S };
}

/** The layer as MAESTRO reads it, without a dataflow (a model-file layer). */
export function toLayerSpec(layer: Layer, convention: MaestroConvention): LayerSpec {
  const { Y, X } = maestroInputSize(layer, convention);
  const spec: LayerSpec = { name: layer.name, type: layer.type, dimensions: { K: layer.K, C: layer.C, R: layer.R, S: layer.S, Y, X } };
  // MAESTRO's frontends write no Stride line for a Linear layer (stride 1 by default).
  if (!layer.linear) spec.strides = { X: layer.stride, Y: layer.stride };
  return spec;
}

const INTERN_LIMIT = 200_000;
const interned = new Map<string, { layer: Readonly<LayerSpec>; adjustments: readonly DataflowAdjustment[] }>();
const mappedCache = new WeakMap<Network, Map<string, MappedNetwork>>();

function checkConvention(convention: unknown): MaestroConvention {
  if (!(MAESTRO_CONVENTIONS as readonly unknown[]).includes(convention)) fail(undefined, `a convention among ${MAESTRO_CONVENTIONS.join(', ')}`, convention);
  return convention as MaestroConvention;
}

/**
 * Maps every layer with the dataflow (`dpt` for depthwise layers), adapting each template to the
 * PE count. Results are cached per network object, and equal layers share one frozen LayerSpec.
 */
export function mapNetwork(
  network: Network,
  dataflow: DataflowName,
  hardware: Pick<HardwareSpec, 'numPes'>,
  options: ExportOptions = {},
): MappedNetwork {
  const convention = checkConvention(options.convention ?? network.maestroConvention);
  const depthwiseAsDpt = options.depthwiseAsDpt ?? true;
  const cacheKey = `${dataflow}|${hardware.numPes}|${convention}|${depthwiseAsDpt ? 1 : 0}`;
  let byOptions = mappedCache.get(network);
  const cached = byOptions?.get(cacheKey);
  if (cached !== undefined) return cached;
  const layers: Readonly<LayerSpec>[] = [];
  const adjustments: LayerAdjustment[] = [];
  const suffix = `|${dataflow}|${hardware.numPes}|${depthwiseAsDpt ? 1 : 0}`;
  for (const layer of network.layers) {
    const { Y, X } = maestroInputSize(layer, convention);
    const key = `${layer.name}|${layer.type}|${layer.K},${layer.C},${layer.R},${layer.S},${Y},${X}|${layer.linear ? 0 : layer.stride}${suffix}`;
    let entry = interned.get(key);
    if (entry === undefined) {
      const mapped = applyDataflow(toLayerSpec(layer, convention), dataflow, hardware, { depthwiseAsDpt });
      entry = { layer: mapped.layer, adjustments: Object.freeze(mapped.adjustments.map((a) => Object.freeze({ ...a }))) };
      if (interned.size >= INTERN_LIMIT) interned.clear();
      interned.set(key, entry);
    }
    layers.push(entry.layer);
    for (const adjustment of entry.adjustments) adjustments.push({ layer: layer.name, ...adjustment });
  }
  const spec = Object.freeze({ name: network.name, layers: Object.freeze(layers) as LayerSpec[] });
  const result: MappedNetwork = Object.freeze({ spec, adjustments: Object.freeze(adjustments) });
  if (byOptions === undefined) {
    byOptions = new Map();
    mappedCache.set(network, byOptions);
  }
  byOptions.set(cacheKey, result);
  return result;
}

/**
 * The network as the cost model takes it: frozen, interned layers with the dataflow.
 *
 * @example
 * const spec = toNetworkSpec(zooNetwork('resnet50'), 'kcp_ws', { numPes: 256 });
 * spec.layers.length; // 54
 * new CostModel().evaluateTotals(spec, { ...DEFAULT_HARDWARE, numPes: 256 }).macs; // 4089184256
 */
export function toNetworkSpec(
  network: Network,
  dataflow: DataflowName,
  hardware: Pick<HardwareSpec, 'numPes'>,
  options: ExportOptions = {},
): Readonly<NetworkSpec> {
  return mapNetwork(network, dataflow, hardware, options).spec;
}

/** A MAESTRO mapping file (layers with their Dataflow blocks) for the network. */
export function toMaestroMapping(
  network: Network,
  dataflow: DataflowName,
  hardware: Pick<HardwareSpec, 'numPes'>,
  options: ExportOptions = {},
): string {
  return writeMapping(toNetworkSpec(network, dataflow, hardware, options));
}

/** A MAESTRO model file (layers without dataflows) for the network. */
export function toMaestroModel(network: Network, options: Pick<ExportOptions, 'convention'> = {}): string {
  const convention = checkConvention(options.convention ?? network.maestroConvention);
  return writeMapping({ name: network.name, layers: network.layers.map((layer) => freezeLayer(toLayerSpec(layer, convention))) });
}

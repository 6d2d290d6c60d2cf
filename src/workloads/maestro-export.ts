/** Turning a Network into MAESTRO layers: a NetworkSpec for the cost model, or mapping-file text. */
import { applyDataflow, DATAFLOW_NAMES, type DataflowAdjustment, type DataflowName } from '../dataflows/index.js';
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
  /** Frozen; layers of equal shape share frozen parts, so the cost model recognises repeats by identity. */
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

/** Bytes the shared mapped layer shapes may hold by default (see `configureMappingCache`). */
export const DEFAULT_MAPPING_CACHE_BYTES = 32 * 2 ** 20;
/** Mappings (dataflow, PE count, options) remembered per network object, by `mapNetwork` and by `mapNetworkShapes`. */
export const MAPPINGS_PER_NETWORK = 8;

/** A layer shape's MAESTRO layer with one dataflow on one PE count: the parts every layer of that shape shares. */
interface MappedShape {
  /** The mapped layer of the first layer met with this shape (frozen); others share its parts. */
  readonly template: Readonly<LayerSpec>;
  readonly adjustments: readonly DataflowAdjustment[];
}

/** A layer's shape as MAESTRO sees it under a convention (everything but its name). */
interface ShapeRecord {
  readonly type: number;
  readonly K: number;
  readonly C: number;
  readonly R: number;
  readonly S: number;
  readonly Y: number;
  readonly X: number;
  /** The stride, 0 for a linear layer (written without strides). */
  readonly stride: number;
  next: ShapeRecord | undefined;
  readonly mappings: Map<number, MappedShape>;
}

/** A network's layers as shapes under one convention: its distinct shapes and each layer's index among them. */
interface ShapeProgram {
  /** The mapping cache's generation the records belong to. */
  readonly epoch: number;
  readonly records: readonly ShapeRecord[];
  /** For each distinct shape, the first layer that has it. */
  readonly samples: readonly Layer[];
  readonly layerShape: Int32Array;
}

/**
 * Layer shapes and their mapped layers, bounded in bytes: layers of equal shape, dataflow and PE
 * count share one frozen dimension table, stride table and directive list (so the cost model
 * recognises them by identity). Dropped as a whole when it passes its budget.
 */
class MappingCache {
  private shapes = new Map<number, ShapeRecord>();
  bytes = 0;
  maxBytes = DEFAULT_MAPPING_CACHE_BYTES;
  epoch = 0;

  shape(layer: Layer, Y: number, X: number): ShapeRecord {
    const type = layer.type === 'CONV' ? 0 : 1;
    const stride = layer.linear ? 0 : layer.stride;
    let hash = Math.imul(0x811c9dc5 ^ type, 0x01000193);
    hash = Math.imul(hash ^ layer.K, 0x01000193);
    hash = Math.imul(hash ^ layer.C, 0x01000193);
    hash = Math.imul(hash ^ layer.R, 0x01000193);
    hash = Math.imul(hash ^ layer.S, 0x01000193);
    hash = Math.imul(hash ^ Y, 0x01000193);
    hash = Math.imul(hash ^ X, 0x01000193);
    hash = Math.imul(hash ^ stride, 0x01000193);
    for (let record = this.shapes.get(hash); record !== undefined; record = record.next) {
      if (record.type === type && record.K === layer.K && record.C === layer.C && record.R === layer.R && record.S === layer.S && record.Y === Y && record.X === X && record.stride === stride) {
        return record;
      }
    }
    const record: ShapeRecord = { type, K: layer.K, C: layer.C, R: layer.R, S: layer.S, Y, X, stride, next: this.shapes.get(hash), mappings: new Map() };
    this.shapes.set(hash, record);
    this.account(160);
    return record;
  }

  mapped(record: ShapeRecord, mappingKey: number, layer: Layer, convention: MaestroConvention, dataflow: DataflowName, hardware: Pick<HardwareSpec, 'numPes'>, depthwiseAsDpt: boolean): MappedShape {
    let mapped = record.mappings.get(mappingKey);
    if (mapped === undefined) {
      const result = applyDataflow(toLayerSpec(layer, convention), dataflow, hardware, { depthwiseAsDpt });
      mapped = { template: result.layer, adjustments: Object.freeze(result.adjustments.map((a) => Object.freeze({ ...a }))) };
      record.mappings.set(mappingKey, mapped);
      this.account(300 + 120 * (result.layer.dataflow?.length ?? 0));
    }
    return mapped;
  }

  /** The network's shapes under a convention (remembered per network while this cache's generation lasts). */
  program(network: Network, convention: MaestroConvention): ShapeProgram {
    let byConvention = programs.get(network);
    const index = convention === 'exact' ? 1 : 0;
    const known = byConvention?.[index];
    if (known !== undefined && known.epoch === this.epoch) return known;
    const count = network.layers.length;
    const layerShape = new Int32Array(count);
    const records: ShapeRecord[] = [];
    const samples: Layer[] = [];
    const slots = new Map<ShapeRecord, number>();
    const frontend = convention === 'frontend';
    for (let i = 0; i < count; i++) {
      const layer = network.layers[i]!;
      let Y = layer.Y;
      let X = layer.X;
      if (!frontend) {
        // maestroInputSize: the rows and columns the kernel reads.
        const out = layerOutputSize(layer);
        Y = (out.Y - 1) * layer.stride + layer.R;
        X = (out.X - 1) * layer.stride + layer.S;
      }
      const record = this.shape(layer, Y, X);
      let slot = slots.get(record);
      if (slot === undefined) {
        slot = records.length;
        slots.set(record, slot);
        records.push(record);
        samples.push(layer);
      }
      layerShape[i] = slot;
    }
    const program: ShapeProgram = { epoch: this.epoch, records, samples, layerShape };
    if (byConvention === undefined) {
      byConvention = [undefined, undefined];
      programs.set(network, byConvention);
    }
    byConvention[index] = program;
    return program;
  }

  private account(bytes: number): void {
    this.bytes += bytes;
    if (this.bytes > this.maxBytes) this.clear();
  }

  clear(): void {
    this.shapes = new Map();
    this.bytes = 0;
    this.epoch++;
  }
}

/** A named layer of a mapped shape (frozen; its parts are shared). */
function namedLayer(template: Readonly<LayerSpec>, name: string): Readonly<LayerSpec> {
  if (template.name === name) return template;
  // The field order of applyDataflow's layers.
  const layer: LayerSpec = { name, type: template.type, dimensions: template.dimensions, dataflow: template.dataflow! };
  if (template.strides !== undefined) layer.strides = template.strides;
  return Object.freeze(layer);
}

const mappingCache = new MappingCache();
const programs = new WeakMap<Network, [ShapeProgram | undefined, ShapeProgram | undefined]>();
const mappedCache = new WeakMap<Network, Map<number, MappedNetwork>>();
const shapesCache = new WeakMap<Network, Map<number, MappedShapes>>();

/**
 * Sets the memory budget of the layer shapes and mapped layers that `mapNetwork` shares between
 * networks (default 32 MiB), and returns what it holds now. Passing the budget drops them;
 * networks already mapped keep theirs.
 *
 * @example
 * configureMappingCache({ maxBytes: 64 * 2 ** 20 }).maxBytes;   // 67108864
 */
export function configureMappingCache(limits: { maxBytes?: number } = {}): { bytes: number; maxBytes: number } {
  if (limits.maxBytes !== undefined) {
    if (!(limits.maxBytes === Infinity || (Number.isSafeInteger(limits.maxBytes) && limits.maxBytes >= 0))) {
      fail('mapping cache', 'maxBytes to be a non-negative integer or Infinity', limits.maxBytes);
    }
    mappingCache.maxBytes = limits.maxBytes;
    if (mappingCache.bytes > mappingCache.maxBytes) mappingCache.clear();
  }
  return { bytes: mappingCache.bytes, maxBytes: mappingCache.maxBytes };
}

function checkConvention(convention: unknown): MaestroConvention {
  if (!(MAESTRO_CONVENTIONS as readonly unknown[]).includes(convention)) fail(undefined, `a convention among ${MAESTRO_CONVENTIONS.join(', ')}`, convention);
  return convention as MaestroConvention;
}

/** The numeric key of a mapping, or undefined where the arguments cannot be one (an unknown dataflow, a strange PE count). */
function mappingKeyOf(dataflow: string, numPes: number, convention: MaestroConvention, depthwiseAsDpt: boolean): number | undefined {
  const dataflowIndex = DATAFLOW_NAMES.indexOf(dataflow as DataflowName);
  if (dataflowIndex < 0 || !Number.isSafeInteger(numPes) || numPes < 0 || numPes > 2 ** 40) return undefined;
  return ((numPes * 8 + dataflowIndex) * 2 + (convention === 'exact' ? 1 : 0)) * 2 + (depthwiseAsDpt ? 1 : 0);
}

/** Remembers a mapping of a network, the last `MAPPINGS_PER_NETWORK` per network (mapping again costs a pass over its distinct shapes). */
function remember<T>(cache: WeakMap<Network, Map<number, T>>, network: Network, key: number, value: T): T {
  let byMapping = cache.get(network);
  if (byMapping === undefined) {
    byMapping = new Map();
    cache.set(network, byMapping);
  }
  if (byMapping.size >= MAPPINGS_PER_NETWORK) byMapping.delete(byMapping.keys().next().value as number);
  byMapping.set(key, value);
  return value;
}

/** Maps layer by layer, without sharing (for arguments that are no key; applyDataflow names an unknown dataflow). */
function mapEachLayer(network: Network, dataflow: DataflowName, hardware: Pick<HardwareSpec, 'numPes'>, convention: MaestroConvention, depthwiseAsDpt: boolean): MappedNetwork {
  const mapped = network.layers.map((layer) => applyDataflow(toLayerSpec(layer, convention), dataflow, hardware, { depthwiseAsDpt }));
  return Object.freeze({
    spec: Object.freeze({ name: network.name, layers: Object.freeze(mapped.map((m) => m.layer)) as LayerSpec[] }),
    adjustments: Object.freeze(mapped.flatMap((m) => m.adjustments.map((a) => ({ layer: m.layer.name, ...a })))),
  });
}

/** Each distinct shape of a network mapped with a dataflow (in the order of the program's records). */
function mapShapes(program: ShapeProgram, key: number, convention: MaestroConvention, dataflow: DataflowName, hardware: Pick<HardwareSpec, 'numPes'>, depthwiseAsDpt: boolean): MappedShape[] {
  const mapped = new Array<MappedShape>(program.records.length);
  for (let u = 0; u < mapped.length; u++) mapped[u] = mappingCache.mapped(program.records[u]!, key, program.samples[u]!, convention, dataflow, hardware, depthwiseAsDpt);
  return mapped;
}

/**
 * Maps every layer with the dataflow (`dpt` for depthwise layers), adapting each template to the
 * PE count. Results are remembered per network object (its last 8 mappings); layers of equal
 * shape share their frozen dimensions, strides and directives, and each distinct shape is mapped
 * once.
 */
export function mapNetwork(
  network: Network,
  dataflow: DataflowName,
  hardware: Pick<HardwareSpec, 'numPes'>,
  options: ExportOptions = {},
): MappedNetwork {
  const convention = checkConvention(options.convention ?? network.maestroConvention);
  const depthwiseAsDpt = options.depthwiseAsDpt ?? true;
  const key = mappingKeyOf(dataflow, hardware.numPes, convention, depthwiseAsDpt);
  if (key === undefined) return mapEachLayer(network, dataflow, hardware, convention, depthwiseAsDpt);
  const cached = mappedCache.get(network)?.get(key);
  if (cached !== undefined) return cached;
  const program = mappingCache.program(network, convention);
  const shapes = mapShapes(program, key, convention, dataflow, hardware, depthwiseAsDpt);
  const count = network.layers.length;
  const layers = new Array<Readonly<LayerSpec>>(count);
  let adjustments: LayerAdjustment[] | undefined;
  for (let i = 0; i < count; i++) {
    const layer = network.layers[i]!;
    const mapped = shapes[program.layerShape[i]!]!;
    layers[i] = namedLayer(mapped.template, layer.name);
    for (const adjustment of mapped.adjustments) (adjustments ??= []).push({ layer: layer.name, ...adjustment });
  }
  const spec = Object.freeze({ name: network.name, layers: Object.freeze(layers) as LayerSpec[] });
  return remember(mappedCache, network, key, Object.freeze({ spec, adjustments: Object.freeze(adjustments ?? []) }));
}

/** A network mapped for evaluation only: what `mapNetwork` gives, without the layers' own names. */
export interface MappedShapes {
  /**
   * Frozen; each layer is the shared mapped layer of its shape, whose name is that of the first
   * layer met with the shape (maybe in another network). Results equal `mapNetwork`'s; where a
   * layer's name matters (rows, errors), use `mapNetwork`.
   */
  spec: Readonly<NetworkSpec>;
  /** How many layers needed a change to fit the accelerator (see `MappedNetwork.adjustments`). */
  adjustedLayers: number;
}

/**
 * The fast path of `mapNetwork` for search loops: the same mapped layers, but one shared object
 * per distinct shape instead of one per layer, so a new network costs a pass over its layers and
 * a new mapping a pass over its distinct shapes. Remembered per network (its last 8 mappings).
 *
 * @example
 * const net = zooNetwork('resnet50');
 * const { spec, adjustedLayers } = mapNetworkShapes(net, 'kcp_ws', { numPes: 32 });
 * spec.layers.length;   // 54
 * adjustedLayers;       // 54: Cluster(64) -> Cluster(32) in every layer (the template groups 64 PEs)
 * new Set(spec.layers).size < spec.layers.length;   // true: repeated shapes share one layer
 */
export function mapNetworkShapes(
  network: Network,
  dataflow: DataflowName,
  hardware: Pick<HardwareSpec, 'numPes'>,
  options: ExportOptions = {},
): MappedShapes {
  const convention = checkConvention(options.convention ?? network.maestroConvention);
  const depthwiseAsDpt = options.depthwiseAsDpt ?? true;
  const key = mappingKeyOf(dataflow, hardware.numPes, convention, depthwiseAsDpt);
  if (key === undefined) {
    const mapped = mapEachLayer(network, dataflow, hardware, convention, depthwiseAsDpt);
    return { spec: mapped.spec, adjustedLayers: mapped.adjustments.length };
  }
  const cached = shapesCache.get(network)?.get(key);
  if (cached !== undefined) return cached;
  const program = mappingCache.program(network, convention);
  const shapes = mapShapes(program, key, convention, dataflow, hardware, depthwiseAsDpt);
  const count = network.layers.length;
  const layers = new Array<Readonly<LayerSpec>>(count);
  let adjustedLayers = 0;
  for (let i = 0; i < count; i++) {
    const mapped = shapes[program.layerShape[i]!]!;
    layers[i] = mapped.template;
    adjustedLayers += mapped.adjustments.length;
  }
  const spec = Object.freeze({ name: network.name, layers: Object.freeze(layers) as LayerSpec[] });
  return remember(shapesCache, network, key, Object.freeze({ spec, adjustedLayers }));
}

/**
 * The network as the cost model takes it: frozen layers with the dataflow, equal shapes sharing their parts.
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

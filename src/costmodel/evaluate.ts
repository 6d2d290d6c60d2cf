/** Evaluating layers and networks on an accelerator: MAESTRO's numbers, with a layer cache. */
import type { MaestroCsvRow } from '../maestro/csv.js';
import { MaestroError } from '../maestro/errors.js';
import type { HardwareSpec, LayerSpec, LayerType, NetworkSpec } from '../maestro/types.js';
import { analyzeLayer, type LayerAnalysis } from './clusters.js';
import { LayerEngine } from './engine.js';
import { CostModelError } from './errors.js';
import { layerReport, withEnergy, type LayerReport } from './metrics.js';
import { tensorTable, tensorTableType } from './tensors.js';

/** A network's per-layer results and totals. */
export interface NetworkCost {
  networkName: string;
  /** One MAESTRO CSV row per layer, in order. */
  layers: MaestroCsvRow[];
  /** Sum of the layers' runtimes, cycles. */
  runtimeCycles: number;
  /** Sum of the layers' CSV energies, nJ. */
  energyNJ: number;
  /** Sum of the layers' MACs. */
  macs: number;
}

export interface CostModelOptions {
  /** Keep at most this many distinct layer results (0 disables caching). Default 100,000. */
  cacheSize?: number;
}

export interface CacheStatistics {
  hits: number;
  misses: number;
  size: number;
}

/**
 * Which layer types get a batch dimension N in their tensors: MAESTRO decides it from the first layer
 * of each type in the file (Q16).
 */
export function batchedLayerTypes(layers: readonly LayerSpec[]): ReadonlySet<LayerType> {
  const decided = new Set<LayerType>();
  const batched = new Set<LayerType>();
  for (const layer of layers) {
    const type = tensorTableType(layer.type);
    if (decided.has(type)) continue;
    decided.add(type);
    if (layer.dimensions.N !== undefined && type !== 'GEMM') batched.add(type);
  }
  return batched;
}

function hardwareKey(hardware: HardwareSpec): string {
  // L1/L2 size limits only produce warnings in MAESTRO: they are not part of the result.
  return `${hardware.numPes},${hardware.nocBandwidthElemsPerCycle},${hardware.offchipBandwidthElemsPerCycle},${hardware.nocLatencyCycles},${hardware.simdLanes}`;
}

function layerKey(layer: LayerSpec, batched: boolean): string {
  let key = `${tensorTableType(layer.type)}${batched ? 'b' : ''}|`;
  for (const name in layer.dimensions) key += `${name}${layer.dimensions[name as keyof typeof layer.dimensions]},`;
  key += '|';
  if (layer.strides !== undefined) {
    for (const name in layer.strides) key += `${name}${layer.strides[name as keyof typeof layer.strides]},`;
  }
  key += '|';
  if (layer.dataflow === undefined) return `${key}-`;
  for (const d of layer.dataflow) {
    key += d.kind === 'Cluster' ? `C${d.size};` : `${d.kind === 'SpatialMap' ? 'S' : 'T'}${d.size},${d.offset}${d.dim};`;
  }
  return key;
}

function checkHardware(hardware: HardwareSpec): void {
  const positive: (keyof HardwareSpec)[] = ['numPes', 'nocBandwidthElemsPerCycle', 'offchipBandwidthElemsPerCycle', 'simdLanes'];
  for (const field of positive) {
    const value = hardware[field];
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new CostModelError('invalid-value', `hardware ${field} must be a positive integer, got ${String(value)}`);
    }
  }
  if (!Number.isSafeInteger(hardware.nocLatencyCycles) || hardware.nocLatencyCycles < 0) {
    throw new CostModelError('invalid-value', `hardware nocLatencyCycles must be a non-negative integer, got ${String(hardware.nocLatencyCycles)}`);
  }
}

/** The same failure, reported for another layer with the same shape. */
function relocate(error: MaestroError, layer: LayerSpec): MaestroError {
  if (error.layer === layer.name && error.line === layer.line) return error;
  return new CostModelError(error.code, error.reason, layer.name, layer.line);
}

type CacheEntry = LayerReport | MaestroError;

/**
 * MAESTRO's cost model, in-process. Results of layers with the same shape, dataflow and hardware
 * are cached; MAESTRO's energy of a multi-level layer depends on the previous layer (Q2), so the
 * cache keeps energy's parts and the network evaluation puts them together.
 *
 * @example
 * const model = new CostModel();
 * const cost = model.evaluateNetwork(parseMapping(text), parseHardware(hwText));
 * cost.runtimeCycles; cost.layers[0].energyNJ;
 */
export class CostModel {
  private readonly cache = new Map<string, CacheEntry>();
  private readonly cacheSize: number;
  private hits = 0;
  private misses = 0;

  constructor(options: CostModelOptions = {}) {
    this.cacheSize = options.cacheSize ?? 100_000;
  }

  get statistics(): CacheStatistics {
    return { hits: this.hits, misses: this.misses, size: this.cache.size };
  }

  clearCache(): void {
    this.cache.clear();
    this.hits = 0;
    this.misses = 0;
  }

  /**
   * Evaluates every layer of a network as MAESTRO does: all layers' dataflows are analysed first,
   * then each layer's costs. Throws the first CostModelError, as MAESTRO stops at the first failure.
   */
  evaluateNetwork(network: NetworkSpec, hardware: HardwareSpec): NetworkCost {
    checkHardware(hardware);
    const batched = batchedLayerTypes(network.layers);
    const hwKey = hardwareKey(hardware);
    const keys: string[] = [];
    const entries: (CacheEntry | undefined)[] = [];
    const analyses: (LayerAnalysis | undefined)[] = [];
    for (const layer of network.layers) {
      const withBatch = batched.has(tensorTableType(layer.type));
      const key = `${hwKey}#${layerKey(layer, withBatch)}`;
      keys.push(key);
      const cached = this.cacheSize > 0 ? this.cache.get(key) : undefined;
      entries.push(cached);
      if (cached !== undefined) {
        this.hits++;
        if (cached instanceof MaestroError && cached.code !== 'division-by-zero' && cached.code !== 'zero-unique-volume') {
          throw relocate(cached, layer);
        }
        analyses.push(undefined);
        continue;
      }
      this.misses++;
      try {
        analyses.push(analyzeLayer(layer, hardware, tensorTable(layer.type, withBatch)));
      } catch (error) {
        if (error instanceof MaestroError) this.remember(key, error);
        throw error;
      }
    }
    const rows: MaestroCsvRow[] = [];
    let previousL1 = 0;
    let runtimeCycles = 0;
    let energyNJ = 0;
    let macs = 0;
    network.layers.forEach((layer, i) => {
      let entry = entries[i];
      if (entry === undefined) {
        const analysis = analyses[i]!;
        try {
          entry = layerReport(network.name, analysis, new LayerEngine(analysis, hardware).run(), hardware);
        } catch (error) {
          if (error instanceof MaestroError) this.remember(keys[i]!, error);
          throw error;
        }
        this.remember(keys[i]!, entry);
      }
      if (entry instanceof MaestroError) throw relocate(entry, layer);
      const row = withEnergy(entry, previousL1);
      row.networkName = network.name;
      row.layerName = layer.name;
      previousL1 = entry.l1Accesses;
      rows.push(row);
      runtimeCycles += row.runtimeCycles;
      energyNJ += row.energyNJ;
      macs += row.numMacs;
    });
    return { networkName: network.name, layers: rows, runtimeCycles, energyNJ, macs };
  }

  /** Evaluates one layer as if it were a network of its own. */
  evaluateLayer(layer: LayerSpec, hardware: HardwareSpec, networkName = 'Network'): MaestroCsvRow {
    return this.evaluateNetwork({ name: networkName, layers: [layer] }, hardware).layers[0]!;
  }

  private remember(key: string, entry: CacheEntry): void {
    if (this.cacheSize <= 0) return;
    if (this.cache.size >= this.cacheSize) this.cache.clear();
    this.cache.set(key, entry);
  }
}

/** Evaluates a network without caching (a fresh model each call). */
export function evaluateNetwork(network: NetworkSpec, hardware: HardwareSpec): NetworkCost {
  return new CostModel({ cacheSize: 0 }).evaluateNetwork(network, hardware);
}

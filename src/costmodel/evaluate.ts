/** Evaluating layers and networks on an accelerator: MAESTRO's numbers, with a layer cache. */
import type { MaestroCsvRow } from '../maestro/csv.js';
import { MaestroError } from '../maestro/errors.js';
import { isLayerFrozen, type HardwareSpec, type LayerSpec, type LayerType, type NetworkSpec } from '../maestro/types.js';
import { analyzeLayer, type LayerAnalysis } from './clusters.js';
import { LayerEngine } from './engine.js';
import { CostModelError } from './errors.js';
import { LayerCache, LayerSignature } from './layer-cache.js';
import { accessEnergyNJ, areaPower, layerReport, withEnergy, type LayerReport } from './metrics.js';
import { tensorTable, tensorTableType } from './tensors.js';

/** A network's per-layer results and totals. */
export interface NetworkCost extends NetworkTotals {
  networkName: string;
  /** One MAESTRO CSV row per layer, in order. */
  layers: MaestroCsvRow[];
}

/** What a search loop needs of a network, without per-layer rows. */
export interface NetworkTotals {
  /** Sum of the layers' runtimes, cycles (layers run one after another). */
  runtimeCycles: number;
  /** Sum of the layers' CSV energies, nJ. */
  energyNJ: number;
  /** Sum of the layers' MACs. */
  macs: number;
  /**
   * Layers whose every iteration is invalid (an output tile of size <= 0): MAESTRO reports them with
   * runtime 0 and NaN ratios. A search should treat a network with any of them as infeasible.
   */
  invalidLayers: number;
  /** Largest per-layer L1 requirement, elements (per PE). */
  l1SizeReqElements: number;
  /** Largest per-layer L2 requirement, elements. */
  l2SizeReqElements: number;
  /** Largest per-layer peak NoC bandwidth requirement, elements/cycle. */
  nocBandwidthReqElemsPerCycle: number;
  /** Largest per-layer off-chip bandwidth requirement, elements/cycle. */
  offchipBandwidthReqElemsPerCycle: number;
  /** Area (um^2) and power (mW) of the accelerator with L1/L2 sized for the largest requirements. */
  areaUm2: number;
  powerMW: number;
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

const TABLE_TYPES: readonly LayerType[] = ['CONV', 'DSCONV', 'NGCONV', 'GEMM'];

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

function checkHardware(hardware: HardwareSpec): void {
  const positive = ['numPes', 'nocBandwidthElemsPerCycle', 'offchipBandwidthElemsPerCycle', 'simdLanes'] as const;
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

/** Failures of the cost analysis proper, which MAESTRO meets only after analysing every layer's dataflow. */
function isCostAnalysisFailure(error: MaestroError): boolean {
  return error.code === 'division-by-zero' || error.code === 'zero-unique-volume';
}

type CacheEntry = LayerReport | MaestroError;

/** A layer whose costs pass 2 computes (or whose cached failure it raises in MAESTRO's order). */
interface PendingLayer {
  index: number;
  work: LayerAnalysis | MaestroError;
  hash: number;
  signature: Float64Array | undefined;
  identityKey: string;
}

/**
 * MAESTRO's cost model, in-process. Results of layers with the same shape, dataflow and hardware
 * are cached; MAESTRO's energy of a multi-level layer depends on the previous layer (Q2), so the
 * cache keeps energy's parts and each network evaluation puts them together.
 *
 * @example
 * const model = new CostModel();
 * const cost = model.evaluateNetwork(parseMapping(mappingText), parseHardware(hardwareText));
 * cost.runtimeCycles;          // total cycles
 * cost.layers[0].energyNJ;     // MAESTRO's CSV energy of the first layer
 */
export class CostModel {
  private readonly cache: LayerCache<CacheEntry>;
  private readonly signature = new LayerSignature();
  /** Results of deep-frozen layers by identity, then by hardware (frozen layers cannot change). */
  private frozen = new WeakMap<LayerSpec, Map<string, CacheEntry>>();
  private readonly notFrozen = new WeakSet<LayerSpec>();
  private hits = 0;
  private misses = 0;
  private readonly batchDecision = new Int8Array(TABLE_TYPES.length);

  constructor(options: CostModelOptions = {}) {
    this.cache = new LayerCache(options.cacheSize ?? 100_000);
  }

  get statistics(): CacheStatistics {
    return { hits: this.hits, misses: this.misses, size: this.cache.size };
  }

  clearCache(): void {
    this.cache.clear();
    this.frozen = new WeakMap();
    this.hits = 0;
    this.misses = 0;
  }

  /**
   * Evaluates every layer of a network as MAESTRO does: all layers' dataflows are analysed first,
   * then each layer's costs. Throws the first error, as MAESTRO stops at the first failure.
   */
  evaluateNetwork(network: NetworkSpec, hardware: HardwareSpec): NetworkCost {
    const reports = this.reports(network, hardware);
    const layers: MaestroCsvRow[] = [];
    let previousL1 = 0;
    reports.forEach((report, i) => {
      const row = withEnergy(report, previousL1);
      row.networkName = network.name;
      row.layerName = network.layers[i]!.name;
      previousL1 = report.l1Accesses;
      layers.push(row);
    });
    return { networkName: network.name, layers, ...totals(reports, hardware) };
  }

  /** The network's totals only (no per-layer rows): the fast path for search loops. */
  evaluateTotals(network: NetworkSpec, hardware: HardwareSpec): NetworkTotals {
    return totals(this.reports(network, hardware), hardware);
  }

  /** Evaluates one layer as if it were a network of its own. */
  evaluateLayer(layer: LayerSpec, hardware: HardwareSpec, networkName = 'Network'): MaestroCsvRow {
    return this.evaluateNetwork({ name: networkName, layers: [layer] }, hardware).layers[0]!;
  }

  private reports(network: NetworkSpec, hardware: HardwareSpec): LayerReport[] {
    checkHardware(hardware);
    const layers = network.layers;
    const reports: LayerReport[] = new Array<LayerReport>(layers.length);
    const decision = this.batchDecision.fill(-1);
    const hardwareKey = `${hardware.numPes},${hardware.nocBandwidthElemsPerCycle},${hardware.offchipBandwidthElemsPerCycle},${hardware.nocLatencyCycles},${hardware.simdLanes}`;
    let pending: PendingLayer[] | undefined;
    // Pass 1, as MAESTRO's AnalyzeClusters: every layer's dataflow, in order.
    for (let i = 0; i < layers.length; i++) {
      const layer = layers[i]!;
      const type = tensorTableType(layer.type);
      const typeIndex = TABLE_TYPES.indexOf(type);
      if (typeIndex >= 0 && decision[typeIndex] === -1) decision[typeIndex] = layer.dimensions.N !== undefined && type !== 'GEMM' ? 1 : 0;
      const batched = typeIndex >= 0 && decision[typeIndex] === 1;
      const identityKey = batched ? `${hardwareKey}+N` : hardwareKey;
      const byHardware = this.frozen.get(layer);
      let cached = byHardware?.get(identityKey);
      let keyed = false;
      if (cached === undefined) {
        keyed = this.signature.build(layer, batched, hardware);
        cached = keyed ? this.cache.get(this.signature) : undefined;
        if (cached !== undefined) this.rememberFrozen(layer, identityKey, cached);
      }
      if (cached !== undefined) {
        this.hits++;
        if (cached instanceof MaestroError) {
          if (!isCostAnalysisFailure(cached)) throw relocate(cached, layer);
          (pending ??= []).push({ index: i, work: cached, hash: 0, signature: undefined, identityKey });
          continue;
        }
        reports[i] = cached;
        continue;
      }
      this.misses++;
      const hash = this.signature.hash;
      const signature = keyed ? this.signature.copy() : undefined;
      try {
        const analysis = analyzeLayer(layer, hardware, tensorTable(layer.type, batched));
        (pending ??= []).push({ index: i, work: analysis, hash, signature, identityKey });
      } catch (error) {
        if (error instanceof MaestroError) {
          if (signature !== undefined) this.cache.setRaw(hash, signature, error);
          this.rememberFrozen(layer, identityKey, error);
        }
        throw error;
      }
    }
    // Pass 2, as MAESTRO's AnalyzeNeuralNetwork: each layer's costs.
    if (pending !== undefined) {
      for (const { index, work: analysis, hash, signature, identityKey } of pending) {
        const layer = layers[index]!;
        if (analysis instanceof MaestroError) throw relocate(analysis, layer);
        let report: LayerReport;
        try {
          report = layerReport(network.name, analysis, new LayerEngine(analysis, hardware).run(), hardware);
        } catch (error) {
          if (error instanceof MaestroError) {
            if (signature !== undefined) this.cache.setRaw(hash, signature, error);
            this.rememberFrozen(layer, identityKey, error);
          }
          throw error;
        }
        if (signature !== undefined) this.cache.setRaw(hash, signature, report);
        this.rememberFrozen(layer, identityKey, report);
        reports[index] = report;
      }
    }
    return reports;
  }

  private rememberFrozen(layer: LayerSpec, key: string, entry: CacheEntry): void {
    if (this.cache.capacity <= 0 || this.notFrozen.has(layer)) return;
    let byHardware = this.frozen.get(layer);
    if (byHardware === undefined) {
      if (!isLayerFrozen(layer)) {
        this.notFrozen.add(layer);
        return;
      }
      byHardware = new Map();
      this.frozen.set(layer, byHardware);
    }
    if (byHardware.size >= 64) byHardware.clear();
    byHardware.set(key, entry);
  }
}

function totals(reports: readonly LayerReport[], hardware: HardwareSpec): NetworkTotals {
  let runtimeCycles = 0;
  let energyNJ = 0;
  let macs = 0;
  let l1 = 0;
  let l2 = 0;
  let noc = 0;
  let offchip = 0;
  let previousL1 = 0;
  let invalidLayers = 0;
  for (let i = 0; i < reports.length; i++) {
    const report = reports[i]!;
    const row = report.row;
    if (row.runtimeCycles <= 0) invalidLayers++;
    runtimeCycles += row.runtimeCycles;
    energyNJ += accessEnergyNJ(report.l2Accesses, report.multiLevel ? previousL1 : report.l1Accesses);
    previousL1 = report.l1Accesses;
    macs += row.numMacs;
    if (row.l1SizeReqElements > l1) l1 = row.l1SizeReqElements;
    if (row.l2SizeReqElements > l2) l2 = row.l2SizeReqElements;
    if (row.peakBandwidthReqElemsPerCycle > noc) noc = row.peakBandwidthReqElemsPerCycle;
    if (row.offchipBandwidthReqElemsPerCycle > offchip) offchip = row.offchipBandwidthReqElemsPerCycle;
  }
  const power = areaPower(hardware, l1, l2);
  return {
    runtimeCycles,
    energyNJ,
    macs,
    invalidLayers,
    l1SizeReqElements: l1,
    l2SizeReqElements: l2,
    nocBandwidthReqElemsPerCycle: noc,
    offchipBandwidthReqElemsPerCycle: offchip,
    areaUm2: power.areaUm2,
    powerMW: power.powerMW,
  };
}

/** Evaluates a network without caching. */
export function evaluateNetwork(network: NetworkSpec, hardware: HardwareSpec): NetworkCost {
  return new CostModel({ cacheSize: 0 }).evaluateNetwork(network, hardware);
}

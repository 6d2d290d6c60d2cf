/** Evaluating layers and networks on an accelerator: MAESTRO's numbers, with a layer cache. */
import { MAESTRO_CSV_HEADER, type MaestroCsvRow } from '../maestro/csv.js';
import { MaestroError } from '../maestro/errors.js';
import type { HardwareSpec, LayerSpec, LayerType, NetworkSpec } from '../maestro/types.js';
import { LayerAnalyzer } from './clusters.js';
import { LayerPlanner, type LayerPlan } from './engine.js';
import { CostModelError } from './errors.js';
import { copyRecord, LayerCache, PlanEntry, ShapeEntry, ShapeSignature } from './layer-cache.js';
import { areaPower, layerEnergyNJ, layerRow } from './metrics.js';
import { MAX_ROW_TEXT_PIECES, putRowText, rowText, type RowText } from './row-text.js';
import { tensorTable, tensorTableType } from './tensors.js';
import { TIMING_DIVISION_BY_ZERO, TIMING_STRIDE, TimingField, timeLayer } from './timing.js'; 

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
  /**
   * Keep at most this many distinct layer results (a layer shape on one accelerator); 0 disables
   * caching. Default 1,000,000.
   */
  cacheSize?: number;
  /**
   * Keep at most about this many bytes in the cache (shapes, plans and results); when either limit
   * is passed the cache is dropped and refills. Default 128 MiB (`DEFAULT_COST_MODEL_CACHE_BYTES`).
   */
  cacheBytes?: number;
}

/** The default memory budget of a cost model's cache, bytes. */
export const DEFAULT_COST_MODEL_CACHE_BYTES = 128 * 2 ** 20;
/** The default number of layer results a cost model's cache keeps. */
export const DEFAULT_COST_MODEL_CACHE_SIZE = 1_000_000;

export interface CacheStatistics {
  /** Layer evaluations served from the cache (a repeated shape within a network included). */
  hits: number;
  /** Layer evaluations that computed a plan or a timing record. */
  misses: number;
  /** Layer results held (a shape on one accelerator). */
  size: number;
}

/** What the cache holds and may hold. */
export interface CacheMemory {
  /** Estimated bytes held. */
  bytes: number;
  /** The budget (`cacheBytes`). */
  limitBytes: number;
  /** Layer results held and their limit (`cacheSize`). */
  records: number;
  limitRecords: number;
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
function relocate(entry: PlanEntry, layer: LayerSpec): MaestroError {
  const error = entry.error!;
  if (error.layer === layer.name && entry.errorLayerLine === layer.line) return error;
  return new CostModelError(error.code, error.reason, layer.name, layer.line);
}

/** The shapes of a frozen network, resolved once: its distinct shapes and each layer's index among them. */
interface NetworkShapes {
  epoch: number;
  shapes: ShapeEntry[];
  /** For each unique shape, the first layer that has it, and whether its tensors take a batch dimension. */
  firstLayer: Int32Array;
  batched: Uint8Array;
  layerShape: Int32Array;
}

/** The parts besides its dimension table that decide a frozen layer's shape. */
interface FrozenParts {
  type: LayerType;
  strides: LayerSpec['strides'];
  dataflow: LayerSpec['dataflow'];
  batched: boolean;
  shape: ShapeEntry;
}

const MAX_PARTS_PER_DIMENSIONS = 16;

/** Layers per network beyond which the per-evaluation scratch arrays grow. */
const INITIAL_SCRATCH = 256;

const DIVISION_BY_ZERO_REASON =
  'every iteration of the sub-clusters is invalid (an output tile of size <= 0: a Y/X tile smaller than R/S), so their runtime is 0 and MAESTRO divides by zero';

/**
 * MAESTRO's cost model, in-process. Each layer's analysis is split in two and both halves are
 * cached by value: its plan (iteration cases, reuse, access counts; per layer shape, dataflow, PE
 * count and vector width) and its timing (delays and runtime; per NoC bandwidth, NoC latency and
 * off-chip bandwidth, one pass over the plan's cases). A network's repeated shapes are evaluated
 * once. MAESTRO's energy of a multi-level layer depends on the previous layer (Q2), so the cache
 * keeps energy's parts and each network evaluation puts them together.
 *
 * @example
 * const model = new CostModel();
 * const cost = model.evaluateNetwork(parseMapping(mappingText), parseHardware(hardwareText));
 * cost.runtimeCycles;          // total cycles
 * cost.layers[0].energyNJ;     // MAESTRO's CSV energy of the first layer
 */
export class CostModel {
  private readonly cache: LayerCache;
  private readonly signature = new ShapeSignature();
  private readonly analyzer = new LayerAnalyzer();
  private readonly planner = new LayerPlanner();
  /** Shapes of layers whose parts are frozen (so they cannot change), by the identity of their dimension table. */
  private byParts = new WeakMap<object, FrozenParts[]>();
  private byLayer = new WeakMap<LayerSpec, ShapeEntry>();
  private byLayerBatched = new WeakMap<LayerSpec, ShapeEntry>();
  private readonly frozenDataflows = new WeakSet<object>();
  private networks = new WeakMap<NetworkSpec, NetworkShapes>();
  private readonly batchDecision = new Int8Array(TABLE_TYPES.length);
  private hits = 0;
  private misses = 0;
  private frozenEpoch = 0;
  private stamp = 0;
  // Scratch of one evaluation: each unique shape's plan entry and timing record, each layer's shape.
  private uniquePlans: (PlanEntry | undefined)[] = [];
  /** Each unique shape's CSV text, once `evaluateNetworkCsv` has found or written it. */
  private uniqueTexts: (RowText | undefined)[] = [];
  private timings = new Float64Array(INITIAL_SCRATCH * TIMING_STRIDE);
  private runtimes = new Float64Array(64);
  private layerShape = new Int32Array(INITIAL_SCRATCH);
  private shapes: (ShapeEntry | undefined)[] = [];
  /** Entries of `shapes` and `uniquePlans` the last evaluation filled. */
  private scratchUsed = 0;
  private firstLayer = new Int32Array(INITIAL_SCRATCH);
  private uniqueBatched = new Uint8Array(INITIAL_SCRATCH);
  private batchedFlags = new Uint8Array(INITIAL_SCRATCH);

  constructor(options: CostModelOptions = {}) {
    const cacheSize = options.cacheSize ?? DEFAULT_COST_MODEL_CACHE_SIZE;
    const cacheBytes = options.cacheBytes ?? DEFAULT_COST_MODEL_CACHE_BYTES;
    for (const [name, value] of [['cacheSize', cacheSize], ['cacheBytes', cacheBytes]] as const) {
      if (!(Number.isSafeInteger(value) && value >= 0) && value !== Infinity) {
        throw new RangeError(`CostModel: ${name} must be a non-negative integer, got ${String(value)}`);
      }
    }
    this.cache = new LayerCache({ maxRecords: cacheSize, maxBytes: cacheBytes });
  }

  get statistics(): CacheStatistics {
    return { hits: this.hits, misses: this.misses, size: this.cache.records };
  }

  /** What the cache holds now, against its limits. */
  get memory(): CacheMemory {
    return { bytes: this.cache.bytes, limitBytes: this.cache.limits.maxBytes, records: this.cache.records, limitRecords: this.cache.limits.maxRecords };
  }

  clearCache(): void {
    this.cache.clear();
    this.hits = 0;
    this.misses = 0;
  }

  /**
   * Evaluates every layer of a network as MAESTRO does: all layers' dataflows are analysed first,
   * then each layer's costs. Throws the first error, as MAESTRO stops at the first failure.
   */
  evaluateNetwork(network: NetworkSpec, hardware: HardwareSpec): NetworkCost {
    const count = this.resolve(network, hardware);
    const layers: MaestroCsvRow[] = new Array<MaestroCsvRow>(count);
    const timings = this.timings;
    let previousL1 = 0;
    for (let i = 0; i < count; i++) {
      const shape = this.layerShape[i]!;
      const plan = this.uniquePlans[shape]!.plan!;
      layers[i] = layerRow(network.name, network.layers[i]!.name, plan, timings, shape * TIMING_STRIDE, hardware, previousL1);
      previousL1 = plan.l1Accesses;
    }
    const t = this.totals(count, hardware);
    this.releaseScratch();
    // Field by field: spreading into a literal with other keys is many times slower in V8.
    return {
      networkName: network.name,
      layers,
      runtimeCycles: t.runtimeCycles,
      energyNJ: t.energyNJ,
      macs: t.macs,
      invalidLayers: t.invalidLayers,
      l1SizeReqElements: t.l1SizeReqElements,
      l2SizeReqElements: t.l2SizeReqElements,
      nocBandwidthReqElemsPerCycle: t.nocBandwidthReqElemsPerCycle,
      offchipBandwidthReqElemsPerCycle: t.offchipBandwidthReqElemsPerCycle,
      areaUm2: t.areaUm2,
      powerMW: t.powerMW,
    };
  }

  /**
   * MAESTRO's CSV text of a network: the same bytes as `writeMaestroCsv(evaluateNetwork(network,
   * hardware).layers)`, without building the rows of layers whose text is known. The cache keeps the
   * text of each layer result's numeric cells once printed (counted in its byte budget), and a
   * network's repeated shapes print theirs once. Throws as `evaluateNetwork` does.
   */
  evaluateNetworkCsv(network: NetworkSpec, hardware: HardwareSpec): string {
    const count = this.resolve(network, hardware);
    const layers = network.layers;
    const timings = this.timings;
    const layerShape = this.layerShape;
    const uniquePlans = this.uniquePlans;
    const uniqueTexts = this.uniqueTexts;
    const pieces = new Array<string>(2 + count * (4 + MAX_ROW_TEXT_PIECES));
    pieces[0] = MAESTRO_CSV_HEADER;
    pieces[1] = '\n';
    let at = 2;
    const rowStart = `${network.name},`;
    // Released however the loop ends: a text left in the scratch would print for another network's shape.
    try {
      let previousL1 = 0;
      for (let i = 0; i < count; i++) {
        const shape = layerShape[i]!;
        const entry = uniquePlans[shape]!;
        const plan = entry.plan!;
        const offset = shape * TIMING_STRIDE;
        const layerName = layers[i]!.name;
        let text = uniqueTexts[shape];
        if (text === undefined) {
          text = this.cachedRowText(entry, hardware);
          if (text === undefined) {
            text = rowText(layerRow(network.name, layerName, plan, timings, offset, hardware, previousL1), plan.multiLevel);
            if (this.cache.enabled) {
              this.cache.addRowText(entry, hardware.nocBandwidthElemsPerCycle, hardware.nocLatencyCycles, hardware.offchipBandwidthElemsPerCycle, text);
            }
          }
          uniqueTexts[shape] = text;
        }
        pieces[at++] = rowStart;
        pieces[at++] = layerName;
        pieces[at++] = ',';
        at = putRowText(pieces, at, text, plan, timings[offset + TimingField.RuntimeCycles]!, previousL1);
        pieces[at++] = '\n';
        previousL1 = plan.l1Accesses;
      }
    } finally {
      this.releaseScratch();
    }
    pieces.length = at;
    return pieces.join('');
  }

  private cachedRowText(entry: PlanEntry, hardware: HardwareSpec): RowText | undefined {
    if (!this.cache.enabled) return undefined;
    return this.cache.findRowText(entry, hardware.nocBandwidthElemsPerCycle, hardware.nocLatencyCycles, hardware.offchipBandwidthElemsPerCycle);
  }

  /** The network's totals only (no per-layer rows): the fast path for search loops. */
  evaluateTotals(network: NetworkSpec, hardware: HardwareSpec): NetworkTotals {
    const totals = this.totals(this.resolve(network, hardware), hardware);
    this.releaseScratch();
    return totals;
  }

  /** Evaluates one layer as if it were a network of its own. */
  evaluateLayer(layer: LayerSpec, hardware: HardwareSpec, networkName = 'Network'): MaestroCsvRow {
    return this.evaluateNetwork({ name: networkName, layers: [layer] }, hardware).layers[0]!;
  }

  private totals(count: number, hardware: HardwareSpec): NetworkTotals {
    let runtimeCycles = 0;
    let energyNJ = 0;
    let macs = 0;
    let l1 = 0;
    let l2 = 0;
    let noc = 0;
    let offchip = 0;
    let previousL1 = 0;
    let invalidLayers = 0;
    const timings = this.timings;
    const layerShape = this.layerShape;
    const uniquePlans = this.uniquePlans;
    for (let i = 0; i < count; i++) {
      const shape = layerShape[i]!;
      const plan = uniquePlans[shape]!.plan!;
      const offset = shape * TIMING_STRIDE;
      const runtime = timings[offset + TimingField.RuntimeCycles]!;
      if (runtime <= 0) invalidLayers++;
      runtimeCycles += runtime;
      energyNJ += layerEnergyNJ(plan, previousL1);
      previousL1 = plan.l1Accesses;
      macs += plan.macs;
      if (plan.l1SizeReq > l1) l1 = plan.l1SizeReq;
      if (plan.l2SizeReq > l2) l2 = plan.l2SizeReq;
      const peak = timings[offset + TimingField.PeakBandwidth]!;
      if (peak > noc) noc = peak;
      const offchipReq = timings[offset + TimingField.OffchipBandwidthReq]!;
      if (offchipReq > offchip) offchip = offchipReq;
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

  /**
   * Resolves every layer's plan and timing into the scratch arrays (`layerShape`, `uniquePlans`,
   * `timings`) and returns the layer count. Throws the error MAESTRO would meet first.
   */
  private resolve(network: NetworkSpec, hardware: HardwareSpec): number {
    checkHardware(hardware);
    const layers = network.layers;
    const count = layers.length;
    const cached = this.cache.enabled;
    const uniqueCount = this.shapesOf(network, cached);
    if (this.timings.length < uniqueCount * TIMING_STRIDE) this.timings = new Float64Array(uniqueCount * 2 * TIMING_STRIDE);
    const shapes = this.shapes;
    const firstLayer = this.firstLayer;
    const numPes = hardware.numPes;
    const simdLanes = hardware.simdLanes;
    const noc = hardware.nocBandwidthElemsPerCycle;
    const latency = hardware.nocLatencyCycles;
    const offchip = hardware.offchipBandwidthElemsPerCycle;
    let costFailure = -1;
    let hits = 0;
    for (let u = 0; u < uniqueCount; u++) {
      const shape = shapes[u]!;
      const layerIndex = firstLayer[u]!;
      const layer = layers[layerIndex]!;
      let hit = true;
      let entry = cached ? shape.findPlan(numPes, simdLanes) : undefined;
      if (entry === undefined) {
        hit = false;
        entry = this.planEntry(layer, this.uniqueBatched[u] === 1, hardware);
        if (cached) this.cache.addPlan(shape, entry);
      }
      this.uniquePlans[u] = entry;
      if (entry.errorPass === 1) {
        if (hit) this.hits++;
        else this.misses++;
        this.releaseScratch();
        throw relocate(entry, layer);
      }
      const offset = u * TIMING_STRIDE;
      if (entry.plan !== undefined) {
        const found = cached ? this.cache.findTiming(entry, noc, latency, offchip) : -1;
        if (found >= 0) {
          copyRecord(this.cache.timings.values, found, this.timings, offset);
        } else {
          hit = false;
          if (this.runtimes.length < entry.plan.invocations.length) this.runtimes = new Float64Array(entry.plan.invocations.length);
          timeLayer(entry.plan, hardware, this.timings, offset, this.runtimes);
          if (cached) this.cache.addTiming(entry, noc, latency, offchip, this.timings, offset);
        }
        if (this.timings[offset + TimingField.Failure] === TIMING_DIVISION_BY_ZERO && costFailure < 0) costFailure = u;
      } else if (costFailure < 0) {
        costFailure = u;
      }
      if (hit) hits++;
      else this.misses++;
    }
    this.hits += hits + count - uniqueCount;
    if (costFailure >= 0) {
      const layer = layers[firstLayer[costFailure]!]!;
      const entry = this.uniquePlans[costFailure]!;
      this.releaseScratch();
      throw entry.error !== undefined
        ? relocate(entry, layer)
        : new CostModelError('division-by-zero', DIVISION_BY_ZERO_REASON, layer.name, layer.line);
    }
    return count;
  }

  /** Analyses and plans a layer on a hardware's PE count and vector width; a failure becomes the entry's error. */
  private planEntry(layer: LayerSpec, batched: boolean, hardware: HardwareSpec): PlanEntry {
    let analysis;
    try {
      analysis = this.analyzer.analyze(layer, hardware, tensorTable(layer.type, batched));
    } catch (error) {
      if (error instanceof MaestroError) return new PlanEntry(-1, hardware.numPes, hardware.simdLanes, undefined, error, 1, layer.line);
      throw error;
    }
    let plan: LayerPlan;
    try {
      plan = this.planner.plan(analysis, hardware);
    } catch (error) {
      if (error instanceof MaestroError) return new PlanEntry(-1, hardware.numPes, hardware.simdLanes, undefined, error, 2, layer.line);
      throw error;
    }
    return new PlanEntry(-1, hardware.numPes, hardware.simdLanes, plan, undefined, 0, undefined);
  }


  /**
   * Fills `shapes`, `firstLayer`, `uniqueBatched` and `layerShape` for a network and returns the
   * number of distinct shapes. A frozen network's answer is remembered.
   */
  private shapesOf(network: NetworkSpec, cached: boolean): number {
    if (this.frozenEpoch !== this.cache.epoch) {
      this.byParts = new WeakMap();
      this.byLayer = new WeakMap();
      this.byLayerBatched = new WeakMap();
      this.networks = new WeakMap();
      this.frozenEpoch = this.cache.epoch;
    }
    const layers = network.layers;
    const count = layers.length;
    if (this.layerShape.length < count) {
      this.layerShape = new Int32Array(count * 2);
      this.batchedFlags = new Uint8Array(count * 2);
      this.firstLayer = new Int32Array(count * 2);
      this.uniqueBatched = new Uint8Array(count * 2);
    }
    const known = cached ? this.networks.get(network) : undefined;
    if (known !== undefined) {
      const unique = known.shapes.length;
      this.layerShape.set(known.layerShape);
      this.firstLayer.set(known.firstLayer);
      this.uniqueBatched.set(known.batched);
      for (let u = 0; u < unique; u++) this.shapes[u] = known.shapes[u]!;
      this.scratchUsed = unique;
      return unique;
    }
    this.decideBatches(layers);
    const stamp = ++this.stamp;
    let unique = 0;
    let allFrozen = cached && Object.isFrozen(network) && Object.isFrozen(layers);
    for (let i = 0; i < count; i++) {
      const layer = layers[i]!;
      const batched = this.batchedFlags[i] === 1;
      let shape: ShapeEntry | undefined;
      if (cached) {
        // A deep-frozen layer object seen before; else a layer whose parts were seen; else by value.
        const byLayer = batched ? this.byLayerBatched : this.byLayer;
        shape = byLayer.get(layer);
        if (shape === undefined) {
          const frozen = this.partsFrozen(layer);
          if (frozen) shape = this.byIdentity(layer, batched);
          else allFrozen = false;
          if (shape === undefined) {
            if (this.signature.build(layer, batched)) {
              shape = this.cache.lookup(this.signature) ?? this.cache.insert(this.signature);
              if (frozen && this.frozenEpoch === this.cache.epoch) this.rememberIdentity(layer, batched, shape);
            } else {
              allFrozen = false;
            }
          }
          if (!Object.isFrozen(layer)) allFrozen = false;
          else if (frozen && shape !== undefined && this.frozenEpoch === this.cache.epoch) byLayer.set(layer, shape);
        }
      }
      if (shape === undefined || !shape.live) {
        // Not cached: a shape of its own, never stored (not live).
        shape = new ShapeEntry(undefined, 0);
        shape.live = false;
      }
      if (shape.mark !== stamp) {
        shape.mark = stamp;
        shape.slot = unique;
        this.firstLayer[unique] = i;
        this.uniqueBatched[unique] = batched ? 1 : 0;
        this.shapes[unique++] = shape;
      }
      this.layerShape[i] = shape.slot;
    }
    if (allFrozen && this.frozenEpoch === this.cache.epoch) {
      this.networks.set(network, {
        epoch: this.cache.epoch,
        // Every entry below `unique` was just set.
        shapes: this.shapes.slice(0, unique) as ShapeEntry[],
        firstLayer: this.firstLayer.slice(0, unique),
        batched: this.uniqueBatched.slice(0, unique),
        layerShape: this.layerShape.slice(0, count),
      });
    }
    this.scratchUsed = unique;
    return unique;
  }

  /** MAESTRO decides a batch dimension per layer type from the first layer of that type (Q16). */
  private decideBatches(layers: readonly LayerSpec[]): void {
    const decision = this.batchDecision;
    for (let t = 0; t < decision.length; t++) decision[t] = -1;
    for (let i = 0; i < layers.length; i++) {
      const layer = layers[i]!;
      const type = tensorTableType(layer.type);
      const typeIndex = TABLE_TYPES.indexOf(type);
      if (typeIndex >= 0 && decision[typeIndex] === -1) decision[typeIndex] = layer.dimensions.N !== undefined && type !== 'GEMM' ? 1 : 0;
      this.batchedFlags[i] = typeIndex >= 0 && decision[typeIndex] === 1 ? 1 : 0;
    }
  }

  /** Whether the parts that decide a layer's shape (dimensions, strides, directives) are frozen. */
  private partsFrozen(layer: LayerSpec): boolean {
    if (!Object.isFrozen(layer.dimensions)) return false;
    if (layer.strides !== undefined && !Object.isFrozen(layer.strides)) return false;
    const dataflow = layer.dataflow;
    if (dataflow === undefined || this.frozenDataflows.has(dataflow)) return true;
    if (!Object.isFrozen(dataflow)) return false;
    for (let i = 0; i < dataflow.length; i++) if (!Object.isFrozen(dataflow[i])) return false;
    this.frozenDataflows.add(dataflow);
    return true;
  }

  private byIdentity(layer: LayerSpec, batched: boolean): ShapeEntry | undefined {
    const known = this.byParts.get(layer.dimensions);
    if (known === undefined) return undefined;
    for (let k = 0; k < known.length; k++) {
      const parts = known[k]!;
      if (parts.dataflow === layer.dataflow && parts.strides === layer.strides && parts.type === layer.type && parts.batched === batched) return parts.shape;
    }
    return undefined;
  }

  private rememberIdentity(layer: LayerSpec, batched: boolean, shape: ShapeEntry): void {
    let known = this.byParts.get(layer.dimensions);
    if (known === undefined) {
      known = [];
      this.byParts.set(layer.dimensions, known);
    }
    // A dimension table shared by many layouts keeps only the latest few.
    if (known.length >= MAX_PARTS_PER_DIMENSIONS) known.length = 0;
    known.push({ type: layer.type, strides: layer.strides, dataflow: layer.dataflow, batched, shape });
  }

  /** Drops the scratch's references to cache entries, so a dropped cache's memory is freed. */
  private releaseScratch(): void {
    // Emptied in place: setting an array's length calls into the runtime, and it would grow again.
    const shapes = this.shapes;
    const uniquePlans = this.uniquePlans;
    const uniqueTexts = this.uniqueTexts;
    for (let u = 0; u < this.scratchUsed; u++) {
      shapes[u] = undefined;
      uniquePlans[u] = undefined;
      uniqueTexts[u] = undefined;
    }
    this.scratchUsed = 0;
  }
}

/** Evaluates a network without caching. */
export function evaluateNetwork(network: NetworkSpec, hardware: HardwareSpec): NetworkCost {
  return new CostModel({ cacheSize: 0 }).evaluateNetwork(network, hardware);
}

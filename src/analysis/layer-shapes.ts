/**
 * Networks as sequences of distinct layer shapes. A network's latency and energy are sums over its
 * layers, and a space's networks share few shapes, so on each accelerator the cost model evaluates
 * every shape once and every network's totals follow by summing over its layers.
 */
import { CostModel } from '../costmodel/evaluate.js';
import type { DataflowName } from '../dataflows/index.js';
import type { HardwareSpec, LayerSpec } from '../maestro/types.js';
import { createLayer, maestroInputSize, mapNetwork, Network, type Layer, type MaestroConvention } from '../workloads/index.js';
import { AnalysisError } from './errors.js';

/** An accelerator with its dataflow. */
export interface AcceleratorInstance {
  name?: string;
  hardware: HardwareSpec;
  dataflow: DataflowName;
}

/**
 * The cost model's results for every shape and consecutive pair of shapes on one accelerator.
 * MAESTRO's energy of a layer mapped over several cluster levels takes the previous layer's L1
 * accesses (its quirk Q2), so energy is kept per pair (previous shape, shape).
 */
export interface ShapeCosts {
  /** Runtime of each shape, cycles (MAESTRO's, 0 or less for a layer without a valid iteration). */
  runtimeCycles: Float64Array;
  /** 1 where the cost model evaluates the shape with a positive runtime, else 0 (the network is then infeasible). */
  feasible: Uint8Array;
  /** L1 (per PE) and L2 requirement of each shape, elements. */
  l1SizeReqElements: Float64Array;
  l2SizeReqElements: Float64Array;
  /** MAESTRO's CSV energy of each pair's second layer after its first (nJ); NaN where either shape is infeasible. */
  pairEnergyNJ: Float64Array;
}

/** Every network's totals on one accelerator, in network order. */
export interface ShapeNetworkMetrics {
  /** Sum of the layers' runtimes, cycles. */
  latencyCycles: Float64Array;
  /** Sum of the layers' CSV energies, nJ. */
  energyNJ: Float64Array;
  /** 1 where every layer is evaluable with a positive runtime. */
  feasible: Uint8Array;
  /** Largest per-layer L1 and L2 requirements, elements. */
  l1SizeReqElements: Float64Array;
  l2SizeReqElements: Float64Array;
}

interface ShapeEntry {
  layer: Layer;
  convention: MaestroConvention;
}

/**
 * What evaluating the shapes needs, as plain data (for a worker thread): each shape's representative
 * layer and convention, and the pairs. `LayerShapes.fromParts` rebuilds shapes that evaluate alike.
 */
export interface LayerShapeParts {
  shapes: { layer: Layer; convention: MaestroConvention }[];
  pairs: [number, number][];
}

/** The key of a layer as MAESTRO sees it (without its name): type, dimensions under the convention, stride. */
function shapeKey(layer: Layer, convention: MaestroConvention): string {
  const { Y, X } = maestroInputSize(layer, convention);
  return `${convention}|${layer.type}|${layer.K},${layer.C},${layer.R},${layer.S},${Y},${X}|${layer.linear ? 0 : layer.stride}`;
}

/**
 * A list of networks decomposed into distinct layer shapes, consecutive shape pairs and distinct
 * layer sequences (identical networks are evaluated once). Totals are summed layer by layer in the
 * network's order, exactly as the cost model sums them, so they equal `CostModel.evaluateTotals`
 * bit for bit.
 *
 * @example
 * const space = new Nasbench201Space();
 * const networks = [[3, 3, 3, 3, 3, 3], [1, 1, 1, 1, 1, 1], [2, 2, 2, 2, 2, 2]].map((vector) => space.toNetwork(space.decode(vector)));
 * const shapes = LayerShapes.of(networks);
 * [shapes.shapeCount, shapes.sequenceCount];   // [12, 3]
 * const accelerator = { hardware: hardwareSpec(REFERENCE_ACCELERATOR), dataflow: 'kcp_ws' as const };
 * const metrics = shapes.networkMetrics(shapes.evaluate(accelerator, new CostModel()));
 * metrics.latencyCycles[0];   // 2290886: as the cost model sums the 3x3 network's layers
 */
export class LayerShapes {
  /** How many networks were decomposed. */
  readonly networkCount: number;
  /** Each network's sequence (networks with the same layer shapes in the same order share one). */
  readonly networkSequence: Int32Array;
  /** For each sequence, where its layers start in `layerShape` and `layerPair` (one more entry: the end). */
  readonly sequenceStart: Int32Array;
  /** Each layer's shape and pair (previous shape, shape), sequence by sequence. */
  readonly layerShape: Int32Array;
  readonly layerPair: Int32Array;
  /** Each pair's first shape (-1 for a network's first layer) and second shape. */
  readonly pairPrevious: Int32Array;
  readonly pairShape: Int32Array;
  /** For each sequence, its distinct shapes and how many layers have each (where they start; one more entry: the end). */
  private readonly distinctStart: Int32Array;
  private readonly distinctShape: Int32Array;
  private readonly distinctCount: Float64Array;
  private readonly shapes: ShapeEntry[];
  /** Per convention: a network made of the representative layers, and each representative's shape. */
  private readonly representatives: { network: Network; shapes: number[] }[];

  private constructor(networkCount: number, shapes: ShapeEntry[], sequences: number[][], networkSequence: Int32Array, pairs: [number, number][]) {
    this.networkCount = networkCount;
    this.networkSequence = networkSequence;
    this.shapes = shapes;
    const pairIndex = new Map(pairs.map(([previous, shape], i) => [previous * 1_000_000 + shape, i]));
    this.pairPrevious = Int32Array.from(pairs.map((p) => p[0]));
    this.pairShape = Int32Array.from(pairs.map((p) => p[1]));
    this.sequenceStart = new Int32Array(sequences.length + 1);
    const layers = sequences.reduce((n, s) => n + s.length, 0);
    this.layerShape = new Int32Array(layers);
    this.layerPair = new Int32Array(layers);
    let at = 0;
    sequences.forEach((sequence, s) => {
      this.sequenceStart[s] = at;
      let previous = -1;
      for (const shape of sequence) {
        this.layerShape[at] = shape;
        this.layerPair[at] = pairIndex.get(previous * 1_000_000 + shape)!;
        previous = shape;
        at++;
      }
    });
    this.sequenceStart[sequences.length] = at;
    const distinct = sequences.map((sequence) => {
      const counts = new Map<number, number>();
      for (const shape of sequence) counts.set(shape, (counts.get(shape) ?? 0) + 1);
      return [...counts];
    });
    this.distinctStart = new Int32Array(sequences.length + 1);
    this.distinctShape = new Int32Array(distinct.reduce((n, d) => n + d.length, 0));
    this.distinctCount = new Float64Array(this.distinctShape.length);
    let d = 0;
    distinct.forEach((entries, s) => {
      this.distinctStart[s] = d;
      for (const [shape, count] of entries) {
        this.distinctShape[d] = shape;
        this.distinctCount[d++] = count;
      }
    });
    this.distinctStart[sequences.length] = d;
    const byConvention = new Map<MaestroConvention, number[]>();
    shapes.forEach((entry, i) => {
      const list = byConvention.get(entry.convention) ?? [];
      list.push(i);
      byConvention.set(entry.convention, list);
    });
    this.representatives = [...byConvention].map(([convention, ids]) => ({
      network: new Network('layer-shapes', ids.map((i) => shapes[i]!.layer), { maestroConvention: convention }),
      shapes: ids,
    }));
  }

  /** Decomposes networks (in order); throws an AnalysisError for an empty list. */
  static of(networks: readonly Network[]): LayerShapes {
    if (!Array.isArray(networks) || networks.length === 0) throw new AnalysisError('LayerShapes.of expects a non-empty array of networks');
    const shapeIds = new Map<string, number>();
    const shapes: ShapeEntry[] = [];
    const sequenceIds = new Map<string, number>();
    const sequences: number[][] = [];
    const pairIds = new Map<number, number>();
    const pairs: [number, number][] = [];
    const networkSequence = new Int32Array(networks.length);
    // A space may return the same (frozen) Network for many architectures: decompose it once.
    const sequenceOfNetwork = new Map<Network, number>();
    networks.forEach((network, n) => {
      if (!(network instanceof Network)) throw new AnalysisError(`network ${n} is not a Network (${String(network)})`);
      const known = sequenceOfNetwork.get(network);
      if (known !== undefined) {
        networkSequence[n] = known;
        return;
      }
      const convention = network.maestroConvention;
      const sequence = network.layers.map((layer) => {
        const key = shapeKey(layer, convention);
        let id = shapeIds.get(key);
        if (id === undefined) {
          id = shapes.length;
          shapeIds.set(key, id);
          shapes.push({ layer, convention });
        }
        return id;
      });
      const sequenceKey = sequence.join(',');
      let s = sequenceIds.get(sequenceKey);
      if (s === undefined) {
        s = sequences.length;
        sequenceIds.set(sequenceKey, s);
        sequences.push(sequence);
        let previous = -1;
        for (const shape of sequence) {
          const pairKey = previous * 1_000_000 + shape;
          if (!pairIds.has(pairKey)) {
            pairIds.set(pairKey, pairs.length);
            pairs.push([previous, shape]);
          }
          previous = shape;
        }
      }
      networkSequence[n] = s;
      sequenceOfNetwork.set(network, s);
    });
    return new LayerShapes(networks.length, shapes, sequences, networkSequence, pairs);
  }

  /** Shapes and pairs without the networks: enough to evaluate them elsewhere (see `fromParts`). */
  parts(): LayerShapeParts {
    return { shapes: this.shapes.map((s) => ({ layer: { ...s.layer }, convention: s.convention })), pairs: Array.from(this.pairShape, (shape, p) => [this.pairPrevious[p]!, shape] as [number, number]) };
  }

  /** Shapes and pairs from `parts()` (of no network: `evaluate` works, `networkMetrics` has no networks to sum). */
  static fromParts(parts: LayerShapeParts): LayerShapes {
    const shapes = parts.shapes.map((s) => ({ layer: createLayer(s.layer), convention: s.convention }));
    for (const [previous, shape] of parts.pairs) {
      if (!(previous >= -1 && previous < shapes.length && shape >= 0 && shape < shapes.length)) throw new AnalysisError(`pair (${previous}, ${shape}) names a shape outside 0..${shapes.length - 1}`);
    }
    return new LayerShapes(0, shapes, [], new Int32Array(0), parts.pairs);
  }

  /** Each shape's key (convention, type, MAESTRO dimensions, stride): equal keys, equal costs on any accelerator. */
  get shapeKeys(): string[] {
    return this.shapes.map((s) => shapeKey(s.layer, s.convention));
  }

  get shapeCount(): number {
    return this.shapes.length;
  }

  get pairCount(): number {
    return this.pairShape.length;
  }

  get sequenceCount(): number {
    return this.sequenceStart.length - 1;
  }

  /** A representative layer of each shape (in shape order). */
  get shapeLayers(): Layer[] {
    return this.shapes.map((s) => s.layer);
  }

  /** The MAESTRO layer of every shape mapped with a dataflow onto a PE count (depthwise layers use dpt). */
  mappedLayers(dataflow: DataflowName, hardware: Pick<HardwareSpec, 'numPes'>): Readonly<LayerSpec>[] {
    const mapped: Readonly<LayerSpec>[] = new Array<Readonly<LayerSpec>>(this.shapes.length);
    for (const { network, shapes } of this.representatives) {
      const spec = mapNetwork(network, dataflow, hardware).spec;
      shapes.forEach((shape, i) => {
        mapped[shape] = spec.layers[i]!;
      });
    }
    return mapped;
  }

  /**
   * A chain of shapes in which every pair (previous shape, shape) of the networks occurs as two
   * consecutive layers and every shape at least once, leaving out `failing` shapes: one cost-model
   * evaluation of the chain gives every shape's runtime and every pair's energy. Returns the chain
   * and, for each pair, the position of its second layer (-1 for a first-layer pair or a failing one).
   */
  private chain(failing: ReadonlySet<number>): { chain: number[]; position: Int32Array } {
    const chain: number[] = [];
    const position = new Int32Array(this.pairCount).fill(-1);
    const seen = new Uint8Array(this.shapes.length);
    for (let p = 0; p < this.pairCount; p++) {
      const previous = this.pairPrevious[p]!;
      const shape = this.pairShape[p]!;
      if (previous < 0 || failing.has(previous) || failing.has(shape)) continue;
      if (chain.length === 0 || chain[chain.length - 1] !== previous) chain.push(previous);
      chain.push(shape);
      position[p] = chain.length - 1;
      seen[previous] = 1;
      seen[shape] = 1;
    }
    for (let s = 0; s < this.shapes.length; s++) if (seen[s] === 0 && !failing.has(s)) chain.push(s);
    return { chain, position };
  }

  /** Evaluates every shape and pair on an accelerator. */
  evaluate(accelerator: AcceleratorInstance, model: CostModel): ShapeCosts {
    const { hardware, dataflow } = accelerator;
    const layers = this.mappedLayers(dataflow, hardware);
    const count = this.shapes.length;
    const costs: ShapeCosts = {
      runtimeCycles: new Float64Array(count).fill(Number.NaN),
      feasible: new Uint8Array(count),
      l1SizeReqElements: new Float64Array(count).fill(Number.NaN),
      l2SizeReqElements: new Float64Array(count).fill(Number.NaN),
      pairEnergyNJ: new Float64Array(this.pairCount).fill(Number.NaN),
    };
    const evaluate = (shapes: readonly number[]) => model.evaluateNetwork({ name: 'layer-shapes', layers: shapes.map((s) => layers[s]!) }, hardware).layers;
    // The cost model stops at a network's first failing layer: find the failing shapes one by one, then chain the others.
    let failing = new Set<number>();
    let { chain, position } = this.chain(failing);
    let rows;
    try {
      rows = evaluate(chain);
    } catch {
      failing = new Set(Array.from({ length: count }, (_, s) => s).filter((s) => {
        try {
          evaluate([s]);
          return false;
        } catch {
          return true;
        }
      }));
      ({ chain, position } = this.chain(failing));
      rows = chain.length === 0 ? [] : evaluate(chain);
    }
    rows.forEach((row, i) => {
      const s = chain[i]!;
      costs.runtimeCycles[s] = row.runtimeCycles;
      costs.feasible[s] = row.runtimeCycles > 0 ? 1 : 0;
      costs.l1SizeReqElements[s] = row.l1SizeReqElements;
      costs.l2SizeReqElements[s] = row.l2SizeReqElements;
    });
    for (let p = 0; p < this.pairCount; p++) {
      const previous = this.pairPrevious[p]!;
      const shape = this.pairShape[p]!;
      if (costs.feasible[shape] === 0 || (previous >= 0 && costs.feasible[previous] === 0)) continue;
      // A network's first layer: its energy with no previous layer (MAESTRO counts 0 previous L1 accesses).
      costs.pairEnergyNJ[p] = previous < 0 ? evaluate([shape])[0]!.energyNJ : rows[position[p]!]!.energyNJ;
    }
    return costs;
  }

  /** Every network's totals from its shapes' costs (into `out` when given, to reuse its arrays). */
  networkMetrics(costs: ShapeCosts, out?: ShapeNetworkMetrics): ShapeNetworkMetrics {
    if (costs.runtimeCycles.length !== this.shapes.length || costs.pairEnergyNJ.length !== this.pairCount) {
      throw new AnalysisError(`shape costs of ${costs.runtimeCycles.length} shapes and ${costs.pairEnergyNJ.length} pairs do not fit ${this.shapes.length} shapes and ${this.pairCount} pairs`);
    }
    const sequences = this.sequenceCount;
    const latency = new Float64Array(sequences);
    const energy = new Float64Array(sequences);
    const feasible = new Uint8Array(sequences);
    const l1 = new Float64Array(sequences);
    const l2 = new Float64Array(sequences);
    const { runtimeCycles, pairEnergyNJ, l1SizeReqElements, l2SizeReqElements } = costs;
    const shapeFeasible = costs.feasible;
    // Integer runtimes add up exactly in any order (below 2^53): then a shape's layers are counted, not visited.
    let integral = true;
    for (let s = 0; s < runtimeCycles.length; s++) if (shapeFeasible[s] === 1 && !Number.isInteger(runtimeCycles[s]!)) integral = false;
    const { distinctStart, distinctShape, distinctCount, sequenceStart, layerShape, layerPair } = this;
    for (let s = 0; s < sequences; s++) {
      let ok = 1;
      let latencyCycles = 0;
      let l1Max = 0;
      let l2Max = 0;
      for (let d = distinctStart[s]!; d < distinctStart[s + 1]!; d++) {
        const shape = distinctShape[d]!;
        if (shapeFeasible[shape] === 0) {
          ok = 0;
          break;
        }
        latencyCycles += distinctCount[d]! * runtimeCycles[shape]!;
        if (l1SizeReqElements[shape]! > l1Max) l1Max = l1SizeReqElements[shape]!;
        if (l2SizeReqElements[shape]! > l2Max) l2Max = l2SizeReqElements[shape]!;
      }
      feasible[s] = ok;
      l1[s] = l1Max;
      l2[s] = l2Max;
      if (ok === 0) {
        latency[s] = Number.NaN;
        energy[s] = Number.NaN;
        continue;
      }
      // Energy in the network's order, as the cost model sums it (bit for bit).
      const end = sequenceStart[s + 1]!;
      let energyNJ = 0;
      for (let i = sequenceStart[s]!; i < end; i++) energyNJ += pairEnergyNJ[layerPair[i]!]!;
      if (!(integral && latencyCycles <= Number.MAX_SAFE_INTEGER)) {
        latencyCycles = 0;
        for (let i = sequenceStart[s]!; i < end; i++) latencyCycles += runtimeCycles[layerShape[i]!]!;
      }
      latency[s] = latencyCycles;
      energy[s] = energyNJ;
    }
    const n = this.networkCount;
    const result = out ?? {
      latencyCycles: new Float64Array(n),
      energyNJ: new Float64Array(n),
      feasible: new Uint8Array(n),
      l1SizeReqElements: new Float64Array(n),
      l2SizeReqElements: new Float64Array(n),
    };
    for (let k = 0; k < n; k++) {
      const s = this.networkSequence[k]!;
      result.latencyCycles[k] = latency[s]!;
      result.energyNJ[k] = energy[s]!;
      result.feasible[k] = feasible[s]!;
      result.l1SizeReqElements[k] = l1[s]!;
      result.l2SizeReqElements[k] = l2[s]!;
    }
    return result;
  }
}

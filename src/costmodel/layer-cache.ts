/**
 * The cost model's cache, in three tiers with numeric keys and a memory budget:
 * - layer shapes (type, dimensions, strides, dataflow), flattened into numbers, hashed, and compared
 *   in full on a hit, so a mutated or colliding layer never returns a stale result;
 * - per shape, one plan per PE count and vector width (`LayerPlan`: everything bandwidth leaves alone);
 * - per plan, one timing record per NoC bandwidth, NoC latency and off-chip bandwidth.
 * When the records or the bytes held pass their limits, the whole cache is dropped and refills.
 */
import type { MaestroError } from '../maestro/errors.js';
import type { Dimensions, LayerSpec } from '../maestro/types.js';
import type { LayerPlan } from './engine.js';
import { TIMING_STRIDE } from './timing.js';

/** Small codes for names; a switch on interned strings is much faster than a keyed lookup. */
function typeCode(type: string): number {
  switch (type) {
    case 'CONV':
    case 'TRCONV':
      return 0;
    case 'DSCONV':
      return 1;
    case 'NGCONV':
      return 2;
    case 'GEMM':
      return 3;
    default:
      return -1;
  }
}

function dimCode(dim: string): number {
  switch (dim) {
    case 'K':
      return 0;
    case 'C':
      return 1;
    case 'R':
      return 2;
    case 'S':
      return 3;
    case 'Y':
      return 4;
    case 'X':
      return 5;
    case "Y'":
      return 6;
    case "X'":
      return 7;
    case 'N':
      return 8;
    case 'G':
      return 9;
    case 'M':
      return 10;
    default:
      return -1;
  }
}

/** Mixes a number (a safe integer or any finite double) into a 32-bit FNV-style hash. */
function mix(hash: number, value: number): number {
  hash = Math.imul(hash ^ (value | 0), 0x01000193);
  return Math.imul(hash ^ ((value / 4294967296) | 0), 0x01000193);
}

/** Flattens a layer's shape into numbers; one builder is reused for every lookup. */
export class ShapeSignature {
  private buffer = new Float64Array(128);
  length = 0;
  hash = 0;

  /**
   * Writes the signature of a layer. Returns false when the layer cannot be keyed (unknown names,
   * non-numeric values): it is then evaluated without the cache.
   */
  build(layer: LayerSpec, batched: boolean): boolean {
    this.length = 0;
    const type = typeCode(layer.type);
    if (type < 0) return false;
    this.push(type * 2 + (batched ? 1 : 0));
    if (!this.pushDimensions(layer.dimensions)) return false;
    if (layer.strides === undefined) this.push(-1);
    else if (!this.pushDimensions(layer.strides)) return false;
    const dataflow = layer.dataflow;
    if (dataflow === undefined) {
      this.push(-1);
    } else {
      this.push(dataflow.length);
      for (let i = 0; i < dataflow.length; i++) {
        const d = dataflow[i]!;
        if (d.kind === 'Cluster') {
          this.push(-2);
          this.push(d.size);
        } else {
          const code = dimCode(d.dim);
          if (code < 0) return false;
          this.push(d.kind === 'SpatialMap' ? code + 16 : code);
          this.push(d.size);
          this.push(d.offset);
        }
      }
    }
    let hash = 0x811c9dc5;
    const buffer = this.buffer;
    for (let i = 0; i < this.length; i++) {
      const value = buffer[i]!;
      if (!Number.isFinite(value)) return false;
      hash = mix(hash, value);
    }
    this.hash = hash;
    return true;
  }

  /** Sizes by fixed name (order-free); any other own key makes the layer unkeyable. */
  private pushDimensions(dimensions: Dimensions): boolean {
    let count = 0;
    count += this.pushDimension(dimensions.K);
    count += this.pushDimension(dimensions.C);
    count += this.pushDimension(dimensions.R);
    count += this.pushDimension(dimensions.S);
    count += this.pushDimension(dimensions.Y);
    count += this.pushDimension(dimensions.X);
    count += this.pushDimension(dimensions["Y'"]);
    count += this.pushDimension(dimensions["X'"]);
    count += this.pushDimension(dimensions.N);
    count += this.pushDimension(dimensions.G);
    count += this.pushDimension(dimensions.M);
    let keys = 0;
    for (const key in dimensions) if (Object.prototype.hasOwnProperty.call(dimensions, key)) keys++;
    return count === keys;
  }

  private pushDimension(size: number | undefined): number {
    this.push(size ?? 0);
    return size === undefined ? 0 : 1;
  }

  private push(value: number): void {
    if (this.length === this.buffer.length) {
      const grown = new Float64Array(this.buffer.length * 2);
      grown.set(this.buffer);
      this.buffer = grown;
    }
    this.buffer[this.length++] = value;
  }

  matches(signature: readonly number[]): boolean {
    if (signature.length !== this.length) return false;
    const buffer = this.buffer;
    for (let i = 0; i < signature.length; i++) if (signature[i] !== buffer[i]) return false;
    return true;
  }

  /** The signature as a plain array (allocating a small typed array costs far more). */
  copy(): number[] {
    const copy: number[] = [];
    for (let i = 0; i < this.length; i++) copy.push(this.buffer[i]!);
    return copy;
  }
}

/** Timing records of one plan, by NoC bandwidth, NoC latency and off-chip bandwidth (open addressing). */
export class TimingTable {
  // Plain arrays of doubles: allocating typed arrays costs far more for tables this small.
  private keys: number[];
  /** `TIMING_STRIDE` numbers per slot. */
  values: number[];
  size = 0;

  constructor(private capacity = 8) {
    this.keys = filled(capacity * 3, -1);
    this.values = filled(capacity * TIMING_STRIDE, 0);
  }

  get bytes(): number {
    return 8 * (this.keys.length + this.values.length) + 64;
  }

  private slot(noc: number, latency: number, offchip: number): number {
    let hash = mix(mix(mix(0x811c9dc5, noc), latency), offchip);
    hash ^= hash >>> 15;
    const mask = this.capacity - 1;
    let slot = hash & mask;
    const keys = this.keys;
    for (;;) {
      const k = slot * 3;
      if (keys[k] === -1 || (keys[k] === noc && keys[k + 1] === latency && keys[k + 2] === offchip)) return slot;
      slot = (slot + 1) & mask;
    }
  }

  /** The offset of a record in `values`, or -1. */
  find(noc: number, latency: number, offchip: number): number {
    const slot = this.slot(noc, latency, offchip);
    return this.keys[slot * 3] === -1 ? -1 : slot * TIMING_STRIDE;
  }

  /** Stores a record copied from `source` at `offset`. */
  insert(noc: number, latency: number, offchip: number, source: ArrayLike<number>, offset: number): void {
    if ((this.size + 1) * 2 > this.capacity) this.grow();
    const slot = this.slot(noc, latency, offchip);
    const k = slot * 3;
    if (this.keys[k] === -1) this.size++;
    this.keys[k] = noc;
    this.keys[k + 1] = latency;
    this.keys[k + 2] = offchip;
    copyRecord(source, offset, this.values, slot * TIMING_STRIDE);
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldValues = this.values;
    const oldCapacity = this.capacity;
    this.capacity *= 2;
    this.keys = filled(this.capacity * 3, -1);
    this.values = filled(this.capacity * TIMING_STRIDE, 0);
    for (let s = 0; s < oldCapacity; s++) {
      const k = s * 3;
      if (oldKeys[k] === -1) continue;
      const slot = this.slot(oldKeys[k]!, oldKeys[k + 1]!, oldKeys[k + 2]!);
      this.keys[slot * 3] = oldKeys[k]!;
      this.keys[slot * 3 + 1] = oldKeys[k + 1]!;
      this.keys[slot * 3 + 2] = oldKeys[k + 2]!;
      copyRecord(oldValues, s * TIMING_STRIDE, this.values, slot * TIMING_STRIDE);
    }
  }
}

/** A plain array of doubles (packed, not holey). */
function filled(length: number, value: number): number[] {
  const array: number[] = [];
  for (let i = 0; i < length; i++) array.push(value);
  return array;
}

/** Copies one timing record (a loop: `subarray` would allocate a view per call). */
export function copyRecord(source: ArrayLike<number>, from: number, target: { [index: number]: number }, to: number): void {
  for (let i = 0; i < TIMING_STRIDE; i++) target[to + i] = source[from + i]!;
}

/** A layer shape's plan on one PE count and vector width, or the error its analysis met. */
export class PlanEntry {
  /** Created on the first stored timing (an uncached evaluation never needs one). */
  private table: TimingTable | undefined;

  constructor(
    readonly numPes: number,
    readonly simdLanes: number,
    readonly plan: LayerPlan | undefined,
    readonly error: MaestroError | undefined,
    /** 1: the dataflow analysis failed (MAESTRO stops before any cost); 2: the cost analysis failed. */
    readonly errorPass: 0 | 1 | 2,
    /** The mapping-file line of the layer whose analysis met the error. */
    readonly errorLayerLine: number | undefined,
  ) {}

  get timings(): TimingTable {
    return (this.table ??= new TimingTable());
  }

  /** The offset of a timing record in `timings.values`, or -1. */
  findTiming(noc: number, latency: number, offchip: number): number {
    return this.table === undefined ? -1 : this.table.find(noc, latency, offchip);
  }

  get bytes(): number {
    return 160 + (this.plan?.bytes ?? 600) + (this.table?.bytes ?? 0);
  }
}

/** One layer shape: its signature and its plans. */
export class ShapeEntry {
  /** False once the cache has dropped it (holders look it up again). */
  live = true;
  plans: PlanEntry[] = [];
  next: ShapeEntry | undefined = undefined;
  /** Scratch for one network evaluation: which unique shape of the network this is. */
  mark = 0;
  slot = 0;

  constructor(
    readonly signature: readonly number[] | undefined,
    readonly hash: number,
  ) {}

  findPlan(numPes: number, simdLanes: number): PlanEntry | undefined {
    const plans = this.plans;
    for (let i = 0; i < plans.length; i++) {
      const p = plans[i]!;
      if (p.numPes === numPes && p.simdLanes === simdLanes) return p;
    }
    return undefined;
  }
}

export interface LayerCacheLimits {
  /** Most timing records (distinct layer results) kept; 0 keeps nothing. */
  maxRecords: number;
  /** Most bytes kept (an estimate of what shapes, plans and timing tables hold). */
  maxBytes: number;
}

/** The shape table with its plans and timing records, dropped as a whole when it passes its limits. */
export class LayerCache {
  private slots = new Map<number, ShapeEntry>();
  private live: ShapeEntry[] = [];
  /** Changes whenever the cache is dropped, so that holders of entries know they are stale. */
  epoch = 0;
  bytes = 0;
  records = 0;

  constructor(readonly limits: LayerCacheLimits) {}

  get enabled(): boolean {
    return this.limits.maxRecords > 0 && this.limits.maxBytes > 0;
  }

  lookup(signature: ShapeSignature): ShapeEntry | undefined {
    for (let entry = this.slots.get(signature.hash); entry !== undefined; entry = entry.next) {
      if (signature.matches(entry.signature!)) return entry;
    }
    return undefined;
  }

  insert(signature: ShapeSignature): ShapeEntry {
    const entry = new ShapeEntry(signature.copy(), signature.hash);
    entry.next = this.slots.get(signature.hash);
    this.slots.set(signature.hash, entry);
    this.live.push(entry);
    this.account(200 + 8 * entry.signature!.length);
    return entry;
  }

  addPlan(shape: ShapeEntry, plan: PlanEntry): void {
    if (!shape.live) return;
    shape.plans.push(plan);
    this.account(plan.bytes);
  }

  addTiming(shape: ShapeEntry, plan: PlanEntry, noc: number, latency: number, offchip: number, source: Float64Array, offset: number): void {
    if (!shape.live) return;
    this.records++;
    const before = plan.bytes;
    plan.timings.insert(noc, latency, offchip, source, offset);
    this.account(plan.bytes - before);
    if (this.records > this.limits.maxRecords) this.clear();
  }

  private account(bytes: number): void {
    this.bytes += bytes;
    if (this.bytes > this.limits.maxBytes) this.clear();
  }

  clear(): void {
    for (const entry of this.live) entry.live = false;
    this.live = [];
    this.slots = new Map();
    this.bytes = 0;
    this.records = 0;
    this.epoch++;
  }
}

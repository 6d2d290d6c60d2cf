/**
 * The cost model's cache, in three tiers with numeric keys and a memory budget:
 * - layer shapes (type, dimensions, strides, dataflow), flattened into numbers, hashed, and compared
 *   in full on a hit, so a mutated or colliding layer never returns a stale result;
 * - per shape, one plan per PE count and vector width (`LayerPlan`: everything bandwidth leaves alone);
 * - per plan, one timing record per NoC bandwidth, NoC latency and off-chip bandwidth, and the
 *   text of the record's CSV cells once a network's CSV has printed them (`RowText`).
 * When the records or the bytes held pass their limits, the whole cache is dropped and refills.
 */
import type { MaestroError } from '../maestro/errors.js';
import type { Dimensions, LayerSpec } from '../maestro/types.js';
import type { LayerPlan } from './engine.js';
import type { RowText } from './row-text.js';
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

/**
 * Every timing record of the cache in one open-addressing table, keyed by the plan's id and the
 * NoC bandwidth, NoC latency and off-chip bandwidth. One table (not one per plan) grows rarely, and
 * its typed arrays live off the JavaScript heap, so the collector never copies them.
 */
export class TimingStore {
  private keys: Float64Array;
  /** `TIMING_STRIDE` numbers per slot. */
  values: Float64Array;
  /** Per slot, the record's CSV text once printed (its bytes are counted by the cache that adds it). */
  private texts: (RowText | undefined)[];
  size = 0;

  constructor(private capacity = 64) {
    this.keys = new Float64Array(capacity * 4).fill(-1);
    this.values = new Float64Array(capacity * TIMING_STRIDE);
    this.texts = new Array<RowText | undefined>(capacity);
  }

  /** The tables' bytes (a text slot counted as one 8-byte reference). */
  get bytes(): number {
    return this.keys.byteLength + this.values.byteLength + this.capacity * 8;
  }

  private slot(plan: number, noc: number, latency: number, offchip: number): number {
    let hash = mix(mix(mix(mix(0x811c9dc5, plan), noc), latency), offchip);
    hash ^= hash >>> 15;
    hash = Math.imul(hash, 0x2c1b3c6d);
    hash ^= hash >>> 12;
    const mask = this.capacity - 1;
    let slot = hash & mask;
    const keys = this.keys;
    for (;;) {
      const k = slot * 4;
      const key = keys[k];
      if (key === -1 || (key === plan && keys[k + 1] === noc && keys[k + 2] === latency && keys[k + 3] === offchip)) return slot;
      slot = (slot + 1) & mask;
    }
  }

  /** The offset of a record in `values`, or -1. */
  find(plan: number, noc: number, latency: number, offchip: number): number {
    const slot = this.slot(plan, noc, latency, offchip);
    return this.keys[slot * 4] === -1 ? -1 : slot * TIMING_STRIDE;
  }

  /** A record's CSV text, or undefined if it has none or there is no such record. */
  findText(plan: number, noc: number, latency: number, offchip: number): RowText | undefined {
    const slot = this.slot(plan, noc, latency, offchip);
    return this.keys[slot * 4] === -1 ? undefined : this.texts[slot];
  }

  /** Keeps a record's CSV text; false if there is no such record or it has a text already. */
  setText(plan: number, noc: number, latency: number, offchip: number, text: RowText): boolean {
    const slot = this.slot(plan, noc, latency, offchip);
    if (this.keys[slot * 4] === -1 || this.texts[slot] !== undefined) return false;
    this.texts[slot] = text;
    return true;
  }

  /** Stores a record copied from `source` at `offset`. */
  insert(plan: number, noc: number, latency: number, offchip: number, source: ArrayLike<number>, offset: number): void {
    if ((this.size + 1) * 2 > this.capacity) this.grow();
    const slot = this.slot(plan, noc, latency, offchip);
    const k = slot * 4;
    if (this.keys[k] === -1) this.size++;
    this.keys[k] = plan;
    this.keys[k + 1] = noc;
    this.keys[k + 2] = latency;
    this.keys[k + 3] = offchip;
    copyRecord(source, offset, this.values, slot * TIMING_STRIDE);
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldValues = this.values;
    const oldTexts = this.texts;
    const oldCapacity = this.capacity;
    this.capacity *= 2;
    this.keys = new Float64Array(this.capacity * 4).fill(-1);
    this.values = new Float64Array(this.capacity * TIMING_STRIDE);
    this.texts = new Array<RowText | undefined>(this.capacity);
    for (let s = 0; s < oldCapacity; s++) {
      const k = s * 4;
      if (oldKeys[k] === -1) continue;
      const slot = this.slot(oldKeys[k]!, oldKeys[k + 1]!, oldKeys[k + 2]!, oldKeys[k + 3]!);
      for (let j = 0; j < 4; j++) this.keys[slot * 4 + j] = oldKeys[k + j]!;
      copyRecord(oldValues, s * TIMING_STRIDE, this.values, slot * TIMING_STRIDE);
      this.texts[slot] = oldTexts[s];
    }
  }
}

/** Copies one timing record (a loop: `subarray` would allocate a view per call). */
export function copyRecord(source: ArrayLike<number>, from: number, target: { [index: number]: number }, to: number): void {
  for (let i = 0; i < TIMING_STRIDE; i++) target[to + i] = source[from + i]!;
}

/** A layer shape's plan on one PE count and vector width, or the error its analysis met. */
export class PlanEntry {
  constructor(
    /** The plan's key in the timing store (-1 until the cache keeps the plan). */
    public id: number,
    readonly numPes: number,
    readonly simdLanes: number,
    readonly plan: LayerPlan | undefined,
    readonly error: MaestroError | undefined,
    /** 1: the dataflow analysis failed (MAESTRO stops before any cost); 2: the cost analysis failed. */
    readonly errorPass: 0 | 1 | 2,
    /** The mapping-file line of the layer whose analysis met the error. */
    readonly errorLayerLine: number | undefined,
  ) {}

  get bytes(): number {
    return 160 + (this.plan?.bytes ?? 600);
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
  timings = new TimingStore();
  private nextPlanId = 0;
  bytes = this.timings.bytes;
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
    plan.id = this.nextPlanId++;
    shape.plans.push(plan);
    this.account(plan.bytes);
  }

  /** The offset of a plan's timing record in `timings.values`, or -1. */
  findTiming(plan: PlanEntry, noc: number, latency: number, offchip: number): number {
    return plan.id < 0 ? -1 : this.timings.find(plan.id, noc, latency, offchip);
  }

  addTiming(plan: PlanEntry, noc: number, latency: number, offchip: number, source: Float64Array, offset: number): void {
    if (plan.id < 0) return;
    const before = this.timings.bytes;
    this.timings.insert(plan.id, noc, latency, offchip, source, offset);
    this.records = this.timings.size;
    this.account(this.timings.bytes - before);
    if (this.records > this.limits.maxRecords) this.clear();
  }

  /** The CSV text kept with a plan's timing record, or undefined. */
  findRowText(plan: PlanEntry, noc: number, latency: number, offchip: number): RowText | undefined {
    return plan.id < 0 ? undefined : this.timings.findText(plan.id, noc, latency, offchip);
  }

  /** Keeps the CSV text of a plan's timing record with it (nothing if the record is not held). */
  addRowText(plan: PlanEntry, noc: number, latency: number, offchip: number, text: RowText): void {
    if (plan.id < 0) return;
    if (this.timings.setText(plan.id, noc, latency, offchip, text)) this.account(text.bytes);
  }

  private account(bytes: number): void {
    this.bytes += bytes;
    if (this.bytes > this.limits.maxBytes) this.clear();
  }

  clear(): void {
    for (const entry of this.live) {
      entry.live = false;
      // Ids start again in the new store: old plans must not find records that are not theirs.
      for (const plan of entry.plans) plan.id = -1;
    }
    this.live = [];
    this.slots = new Map();
    this.timings = new TimingStore();
    this.nextPlanId = 0;
    this.bytes = this.timings.bytes;
    this.records = 0;
    this.epoch++;
  }
}

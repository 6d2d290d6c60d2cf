/**
 * A cache of layer results keyed by value: the layer's type, dimensions, strides, dataflow and the
 * hardware parameters that change results, flattened into numbers, hashed, and compared in full on
 * a hit (so a mutated or colliding layer never returns a stale result).
 */
import type { Dimensions, HardwareSpec, LayerSpec } from '../maestro/types.js';

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

interface Slot<T> {
  signature: Float64Array;
  value: T;
  next: Slot<T> | undefined;
}

/** Flattens layers into numeric signatures; one builder is reused for every lookup. */
export class LayerSignature {
  private buffer = new Float64Array(128);
  length = 0;
  hash = 0;

  /**
   * Writes the signature of a layer on a hardware configuration. Returns false when the layer cannot
   * be keyed (unknown names, non-numeric values): it is then evaluated without the cache.
   */
  build(layer: LayerSpec, batched: boolean, hardware: HardwareSpec): boolean {
    this.length = 0;
    // L1/L2 size limits only produce warnings in MAESTRO: they do not change results.
    this.push(hardware.numPes);
    this.push(hardware.nocBandwidthElemsPerCycle);
    this.push(hardware.offchipBandwidthElemsPerCycle);
    this.push(hardware.nocLatencyCycles);
    this.push(hardware.simdLanes);
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
      hash = Math.imul(hash ^ (value | 0), 0x01000193);
      hash = Math.imul(hash ^ ((value / 4294967296) | 0), 0x01000193);
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
    return count === Object.keys(dimensions).length;
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

  matches(signature: Float64Array): boolean {
    if (signature.length !== this.length) return false;
    const buffer = this.buffer;
    for (let i = 0; i < signature.length; i++) if (signature[i] !== buffer[i]) return false;
    return true;
  }

  copy(): Float64Array {
    return this.buffer.slice(0, this.length);
  }
}

/** A bounded map from layer signatures to values; cleared when full. */
export class LayerCache<T> {
  private readonly slots = new Map<number, Slot<T>>();
  private entries = 0;

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.entries;
  }

  get(signature: LayerSignature): T | undefined {
    for (let slot = this.slots.get(signature.hash); slot !== undefined; slot = slot.next) {
      if (signature.matches(slot.signature)) return slot.value;
    }
    return undefined;
  }

  set(signature: LayerSignature, value: T): void {
    this.setRaw(signature.hash, signature.copy(), value);
  }

  /** Stores a value under a signature copied earlier (`LayerSignature.copy()`) and its hash. */
  setRaw(hash: number, signature: Float64Array, value: T): void {
    if (this.capacity <= 0) return;
    if (this.entries >= this.capacity) this.clear();
    this.slots.set(hash, { signature, value, next: this.slots.get(hash) });
    this.entries++;
  }

  clear(): void {
    this.slots.clear();
    this.entries = 0;
  }
}

/** The architecture part of a design: the whole space (its integer encoding) or a list of architectures. */
import type { AccuracyOracle } from '../src/accuracy/oracle.js';
import { BoundedCache } from '../src/common/bounded-cache.js';
import { MAPPINGS_PER_NETWORK, type ArchitectureSpace, type Network } from '../src/workloads/index.js';
import type { Decision, DecisionKind } from './design-env.js';

/** How architectures are chosen: decisions, their decoding, and how many architectures they reach. */
export interface ArchitectureChooser<A> {
  readonly space: ArchitectureSpace<A>;
  readonly decisions: readonly Decision[];
  /** How many architectures the decisions reach. */
  readonly size: bigint;
  decode(choices: readonly number[]): A;
}

/** Every architecture of the space, through its MultiDiscrete encoding (kinds from `space.encodingKinds`, else categorical). */
export function fullSpaceChooser<A>(space: ArchitectureSpace<A>): ArchitectureChooser<A> {
  return {
    space,
    decisions: space.nvec.map((n, i) => ({ name: `arch[${i}]`, choices: Array.from({ length: n }, (_, c) => c), kind: space.encodingKinds?.[i] ?? 'categorical' })),
    size: space.size,
    decode: (choices) => space.decode(choices),
  };
}

/**
 * Only the listed architectures (by key), as one decision: `ordinal` when the list is ordered by
 * something that matters (a reduced set along its front), else `categorical`.
 */
export function listChooser<A>(space: ArchitectureSpace<A>, keys: readonly string[], kind: DecisionKind = 'categorical'): ArchitectureChooser<A> {
  const architectures = keys.map((key) => space.fromKey(key));
  return {
    space,
    decisions: [{ name: 'architecture', choices: keys, kind }],
    size: BigInt(keys.length),
    decode: (choices) => architectures[choices[0]!]!,
  };
}

/** An architecture's accuracy as the environments use it: larger is better. */
export interface OracleValue {
  /** Top-1 accuracy (%), or a proxy's score (no unit). */
  value: number;
  kind: 'top1' | 'score';
  /** Which oracle: its source and description, e.g. `table: NAS-Bench-301 ...`. */
  source: string;
}

/** Reads an oracle's answer. */
export function oracleValue<A>(oracle: AccuracyOracle<A>, arch: A): OracleValue {
  const result = oracle.accuracy(arch);
  const value = result.kind === 'top1' ? result.top1 : result.score;
  if (!Number.isFinite(value)) throw new TypeError(`the ${result.source} oracle gave ${String(value)}`);
  return { value, kind: result.kind, source: `${result.source}: ${result.oracle}` };
}

/** The default memory budget of an environment's architecture networks and accuracies, bytes. */
export const DEFAULT_ARCHITECTURE_CACHE_BYTES = 128 * 2 ** 20;

/**
 * What a network holds, bytes, as the architecture cache counts it: its layers, and the mapped
 * layers `mapNetworkShapes` remembers for it (up to `MAPPINGS_PER_NETWORK` mappings, two slots per layer each).
 */
export function networkBytes(network: Network): number {
  return 400 + 2 * network.name.length + network.layers.length * (LAYER_BYTES + MAPPINGS_PER_NETWORK * MAPPED_LAYER_BYTES);
}

/** A frozen Layer (14 fields and a name; DARTS networks share theirs, so this errs high) and its slots in the network. */
const LAYER_BYTES = 220;
/** A mapping's slot for a layer (mapNetworkShapes shares the layer objects) and the cost model's shape index. */
const MAPPED_LAYER_BYTES = 16;

/**
 * Networks and accuracies of architectures, built once per architecture key and kept within a
 * memory budget (least recently used first out).
 *
 * @example
 * const cache = new ArchitectureCache(new Nasbench201Space(), undefined);
 * const arch = cache.space.decode([3, 3, 3, 3, 3, 3]);
 * const key = cache.space.key(arch);
 * cache.network(arch, key) === cache.network(arch, key);   // true: built once
 * cache.network(arch, key).layers.length;   // 98
 * cache.accuracy(arch, key);   // undefined (no oracle)
 * cache.bytes < cache.maxBytes;   // true
 */
export class ArchitectureCache<A> {
  private readonly networks: BoundedCache<string, Network>;
  private readonly accuracies: BoundedCache<string, OracleValue>;

  constructor(
    readonly space: ArchitectureSpace<A>,
    readonly oracle: AccuracyOracle<A> | undefined,
    /** Bytes the networks and accuracies may hold together. */
    readonly maxBytes: number = DEFAULT_ARCHITECTURE_CACHE_BYTES,
  ) {
    // Networks are large, accuracies small: nine tenths of the budget for networks.
    this.networks = new BoundedCache({ maxBytes: Math.floor(maxBytes * 0.9) }, (network, key) => networkBytes(network) + 2 * key.length);
    this.accuracies = new BoundedCache({ maxBytes: maxBytes - this.networks.maxBytes }, (value, key) => 120 + 2 * (key.length + value.source.length));
  }

  /** Bytes held now. */
  get bytes(): number {
    return this.networks.bytes + this.accuracies.bytes;
  }

  network(arch: A, key: string): Network {
    let network = this.networks.get(key);
    if (network === undefined) {
      network = this.space.toNetwork(arch);
      this.networks.set(key, network);
    }
    return network;
  }

  accuracy(arch: A, key: string): OracleValue | undefined {
    if (this.oracle === undefined) return undefined;
    let result = this.accuracies.get(key);
    if (result === undefined) {
      result = oracleValue(this.oracle, arch);
      this.accuracies.set(key, result);
    }
    return result;
  }
}

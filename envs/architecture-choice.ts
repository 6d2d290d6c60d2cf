/** The architecture part of a design: the whole space (its integer encoding) or a list of architectures. */
import type { ArchitectureSpace, Network } from '../src/workloads/index.js';
import type { Decision } from './design-env.js';

/** How architectures are chosen: decisions, their decoding, and how many architectures they reach. */
export interface ArchitectureChooser<A> {
  readonly space: ArchitectureSpace<A>;
  readonly decisions: readonly Decision[];
  /** How many architectures the decisions reach. */
  readonly size: bigint;
  decode(choices: readonly number[]): A;
}

/** Every architecture of the space, through its MultiDiscrete encoding. */
export function fullSpaceChooser<A>(space: ArchitectureSpace<A>): ArchitectureChooser<A> {
  return {
    space,
    decisions: space.nvec.map((n, i) => ({ name: `arch[${i}]`, choices: Array.from({ length: n }, (_, c) => c) })),
    size: space.size,
    decode: (choices) => space.decode(choices),
  };
}

/** Only the listed architectures (by key), as one decision. */
export function listChooser<A>(space: ArchitectureSpace<A>, keys: readonly string[]): ArchitectureChooser<A> {
  const architectures = keys.map((key) => space.fromKey(key));
  return {
    space,
    decisions: [{ name: 'architecture', choices: keys }],
    size: BigInt(keys.length),
    decode: (choices) => architectures[choices[0]!]!,
  };
}

/** An accuracy (or a proxy score) for an architecture, and which oracle gave it. */
export interface AccuracyResult {
  /** Larger is better: top-1 accuracy in %, or a proxy's score. */
  value: number;
  source: string;
}

/** What the environments need of an accuracy oracle. */
export interface ArchitectureOracle<A> {
  accuracy(arch: A): AccuracyResult;
}

/** Networks and accuracies of architectures, built once per architecture key. */
export class ArchitectureCache<A> {
  private readonly networks = new Map<string, Network>();
  private readonly accuracies = new Map<string, AccuracyResult>();

  constructor(
    readonly space: ArchitectureSpace<A>,
    readonly oracle: ArchitectureOracle<A> | undefined,
    private readonly capacity = 100_000,
  ) {}

  network(arch: A, key: string): Network {
    let network = this.networks.get(key);
    if (network === undefined) {
      if (this.networks.size >= this.capacity) this.networks.clear();
      network = this.space.toNetwork(arch);
      this.networks.set(key, network);
    }
    return network;
  }

  accuracy(arch: A, key: string): AccuracyResult | undefined {
    if (this.oracle === undefined) return undefined;
    let result = this.accuracies.get(key);
    if (result === undefined) {
      result = this.oracle.accuracy(arch);
      if (!Number.isFinite(result.value)) throw new TypeError(`the accuracy oracle gave ${String(result.value)} for ${key}`);
      this.accuracies.set(key, result);
    }
    return result;
  }
}

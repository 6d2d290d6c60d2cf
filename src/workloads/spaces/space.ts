/** What every architecture space offers: typed architectures, keys, sampling, integer encodings, networks. */
import { describeValue } from '../../common/describe-value.js';
import type { Rng } from '../../random/rng.js';
import { fail } from '../errors.js';
import type { Network } from '../network.js';

/**
 * How the values of an encoding dimension relate: `ordinal` values are ordered (depths, widths,
 * kernel sizes), `categorical` ones are unordered labels (operations, input nodes).
 */
export type EncodingKind = 'ordinal' | 'categorical';

/**
 * A space of architectures of type `A`. The integer encoding is an agent's `MultiDiscrete(nvec)`
 * action: `decode` maps every vector inside `nvec` to a valid architecture and `encode` inverts it,
 * so sampling a uniform vector samples a uniform architecture.
 */
export interface ArchitectureSpace<A> {
  /** The space's name (`darts`, `nasbench201`, `alphanet`). */
  readonly name: string;
  /** The preset (which network and conventions an architecture turns into). */
  readonly preset: string;
  readonly description: string;
  /** How many architectures the space holds. */
  readonly size: bigint;
  /** Sizes of the encoding's dimensions; every dimension has at least two values. */
  readonly nvec: readonly number[];
  /** The kind of each encoding dimension (one per `nvec` entry); without it, agents take them as categorical. */
  readonly encodingKinds?: readonly EncodingKind[];
  /** A typed architecture from JSON (unknown fields ignored); throws a WorkloadError saying what is wrong. */
  parse(json: unknown): A;
  /** Whether a value is a valid architecture of this space. */
  contains(value: unknown): value is A;
  /** The canonical string key: equal architectures, equal keys. */
  key(arch: A): string;
  /** The architecture of a key (inverse of `key`). */
  fromKey(key: string): A;
  /** A uniformly random architecture. */
  sample(rng: Rng): A;
  encode(arch: A): number[];
  decode(vector: readonly number[]): A;
  /** Every architecture, in encoding order; only where the space is small (else undefined). */
  enumerate?(): Generator<A>;
  /** The network the architecture turns into under this preset. */
  toNetwork(arch: A): Network;
}

/** A uniformly random vector inside `nvec`. */
export function sampleVector(nvec: readonly number[], rng: Rng): number[] {
  return nvec.map((n) => rng.int(0, n - 1));
}

/** Throws unless `vector` is an integer vector inside `nvec`. */
export function checkVector(nvec: readonly number[], vector: readonly number[], space: string): void {
  if (!Array.isArray(vector) || vector.length !== nvec.length) {
    fail(`${space} encoding`, `an array of ${nvec.length} integers`, vector);
  }
  vector.forEach((value, i) => {
    if (!Number.isSafeInteger(value) || value < 0 || value >= nvec[i]!) {
      fail(`${space} encoding[${i}]`, `an integer in [0, ${nvec[i]! - 1}]`, value);
    }
  });
}

/** The product of `nvec` as a bigint. */
export function spaceSize(nvec: readonly number[]): bigint {
  return nvec.reduce((product, n) => product * BigInt(n), 1n);
}

/** Iterates every vector inside `nvec`, the last dimension fastest. */
export function* allVectors(nvec: readonly number[]): Generator<number[]> {
  const vector = nvec.map(() => 0);
  for (;;) {
    yield vector.slice();
    let i = nvec.length - 1;
    while (i >= 0 && ++vector[i]! === nvec[i]!) vector[i--] = 0;
    if (i < 0) return;
  }
}

/** The index of `value` in `choices`, or a clear error. */
export function indexOf<T>(choices: readonly T[], value: T, where: string): number {
  const index = choices.indexOf(value);
  if (index < 0) fail(where, `one of ${describeValue(choices)}`, value);
  return index;
}

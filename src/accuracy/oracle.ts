/** The one accuracy interface: every oracle answers `accuracy(arch)` and says which oracle produced the figure. */

/** Where a figure comes from. */
export const ACCURACY_SOURCES = ['published', 'table', 'fitted', 'synflow'] as const;
export type AccuracySource = (typeof ACCURACY_SOURCES)[number];

/** A top-1 accuracy (%): published (shipped with the package), looked up in a user's table, or predicted by a regressor fitted on one. */
export interface Top1Result {
  readonly kind: 'top1';
  /** Top-1 accuracy, percent. */
  readonly top1: number;
  readonly source: 'published' | 'table' | 'fitted';
  /** Which oracle, in words (the table's name, the regressor and what it was fitted on). */
  readonly oracle: string;
}

/** A zero-cost proxy score: it ranks architectures, it is not an accuracy and has no unit. */
export interface ScoreResult {
  readonly kind: 'score';
  readonly score: number;
  readonly source: 'synflow';
  readonly oracle: string;
  /** Whether the score came from the disk cache. */
  readonly cached: boolean;
}

export type AccuracyResult = Top1Result | ScoreResult;

/**
 * An accuracy oracle for the architectures of one space.
 *
 * @example
 * const result = oracle.accuracy(arch);
 * const text = result.kind === 'top1' ? `${result.top1}% (${result.source})` : `proxy score ${result.score} (${result.source}, not an accuracy)`;
 */
export interface AccuracyOracle<A> {
  /** What `accuracy` returns: a top-1 percentage or a proxy score. */
  readonly kind: 'top1' | 'score';
  readonly source: AccuracySource;
  /** Describes the oracle (as results' `oracle` field). */
  readonly description: string;
  /**
   * The keys of the architectures this oracle can answer, where that is not the whole space (a
   * table). Environments then range over these architectures only.
   */
  readonly architectureKeys?: readonly string[];
  accuracy(arch: A): AccuracyResult;
}

/**
 * An oracle could not answer (an architecture missing from a table, an unsupported space, a bad file).
 *
 * @example
 * const error = new AccuracyError('table "t" has no entry for nasbench201 architecture |none~0|+|none~0|none~1|+|none~0|none~1|none~2|');
 * error.name; // 'AccuracyError'
 */
export class AccuracyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AccuracyError';
  }
}

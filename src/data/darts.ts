/** The co-design study's 1,018 DARTS (NAS-Bench-301) architectures with their NB301 predicted accuracy. */
import { DataFileError, lazily, readDataJson } from './files.js';

/** One edge of a DARTS cell: [op, input node]. */
export type DartsStudyEdge = readonly [string, number];

/** One architecture of the study, as published. */
export interface DartsStudyRecord {
  /** The study's order (0..1017). */
  readonly position: number;
  /** The study drew architecture i after seeding its generator with i. */
  readonly seed_index: number;
  readonly normal: readonly DartsStudyEdge[];
  readonly reduce: readonly DartsStudyEdge[];
  /** CIFAR-10 validation accuracy (%) predicted by the NAS-Bench-301 v0.9 XGB surrogate. */
  readonly nb301_predicted_top1: number;
}

const FILE = 'darts/architectures.json.gz';

/**
 * The study's DARTS architectures, in the study's order (loaded on first call).
 *
 * @example
 * const archs = dartsStudyArchitectures();
 * [archs.length, archs[0].nb301_predicted_top1];   // [1018, 92.6078]
 */
export const dartsStudyArchitectures: () => readonly DartsStudyRecord[] = lazily(() => {
  const records = readDataJson(FILE);
  if (!Array.isArray(records) || records.length !== 1018) throw new DataFileError(`the package's data file ${FILE}: Expects 1018 architectures`);
  return Object.freeze(records as DartsStudyRecord[]);
});

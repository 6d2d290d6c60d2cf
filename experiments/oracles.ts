/** Accuracy oracles named in experiment options (JSON), so that runs, workers and resumes agree. */
import * as z from 'zod';
import type { AccuracyOracle } from '../src/accuracy/oracle.js';
import { ALPHANET_SETS, defaultPublishedAccuracy, NASBENCH201_DATASETS, NASBENCH201_SPLITS, publishedAccuracy } from '../src/accuracy/published.js';
import type { ArchitectureSpace } from '../src/workloads/index.js';

export const oracleSpecSchema = z.union([
  /**
   * The space's published accuracy shipped with the package: nasbench201's dataset follows the
   * preset unless given, `split` picks test (default) or cifar10-valid's valid accuracy; `set` picks
   * alphanet's 1,046 selected samples (default) or all 9,999.
   */
  z.strictObject({
    kind: z.literal('published'),
    dataset: z.enum(NASBENCH201_DATASETS).optional(),
    split: z.enum(NASBENCH201_SPLITS).optional(),
    set: z.enum(ALPHANET_SETS).optional(),
  }),
  /** The synflow zero-cost proxy (nasbench201), a score, cached on disk. */
  z.strictObject({ kind: z.literal('synflow'), seed: z.number().int().nonnegative() }),
  /** A TF.js regressor fitted on the space's published accuracies: it predicts every architecture of the space. */
  z.strictObject({ kind: z.literal('fitted'), seed: z.number().int().nonnegative() }),
  /** A table of top-1 accuracies (JSON, JSONL or CSV; see TableOracle.fromFile). */
  z.strictObject({ kind: z.literal('table'), path: z.string(), top1Field: z.string(), archField: z.string().optional() }),
]);
export type OracleSpec = z.infer<typeof oracleSpecSchema>;

/** The default: the space's published accuracy. */
export const PUBLISHED_ORACLE: OracleSpec = { kind: 'published' };

/** The published oracle a spec names (dataset from the preset unless the spec gives one). */
function publishedOracle(spec: Extract<OracleSpec, { kind: 'published' }>, space: ArchitectureSpace<unknown>): AccuracyOracle<unknown> {
  const { kind: _kind, ...options } = spec;
  if (Object.keys(options).length === 0) return defaultPublishedAccuracy(space);
  const dataset = options.dataset ?? (space.name === 'nasbench201' ? defaultPublishedAccuracy(space).dataset : undefined);
  return publishedAccuracy(space.name, { ...options, ...(dataset === undefined ? {} : { dataset }) });
}

export async function loadOracle(spec: OracleSpec, space: ArchitectureSpace<unknown>): Promise<AccuracyOracle<unknown>> {
  switch (spec.kind) {
    case 'published':
      return publishedOracle(spec, space);
    case 'synflow': {
      // Synflow and the fitted regressor load TF.js: only when asked for.
      const { SynflowOracle } = await import('../src/accuracy/synflow.js');
      return (await SynflowOracle.create(space, { seed: spec.seed })) as AccuracyOracle<unknown>;
    }
    case 'fitted': {
      const { FittedOracle } = await import('../src/accuracy/fitted.js');
      const published = defaultPublishedAccuracy(space);
      const rows = published.keys.map((key) => ({ arch: space.fromKey(key), top1: published.top1OfKey(key)! }));
      return (await FittedOracle.fit(space, rows, { seed: spec.seed, tableName: `the published accuracies (${published.description})` })).oracle;
    }
    case 'table': {
      const { TableOracle } = await import('../src/accuracy/table.js');
      const options = spec.archField === undefined ? { top1Field: spec.top1Field } : { top1Field: spec.top1Field, archField: spec.archField };
      return TableOracle.fromFile(space, spec.path, options) as AccuracyOracle<unknown>;
    }
  }
}

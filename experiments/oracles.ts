/** Accuracy oracles named in experiment options (JSON), so that runs, workers and resumes agree. */
import * as z from 'zod';
import type { AccuracyOracle } from '../src/accuracy/oracle.js';
import type { ArchitectureSpace } from '../src/workloads/index.js';

export const oracleSpecSchema = z.union([
  /** The synflow zero-cost proxy (nasbench201), a score, cached on disk. */
  z.strictObject({ kind: z.literal('synflow'), seed: z.number().int().nonnegative() }),
  /** A table of top-1 accuracies (JSON, JSONL or CSV; see TableOracle.fromFile). */
  z.strictObject({ kind: z.literal('table'), path: z.string(), top1Field: z.string(), archField: z.string().optional() }),
]);
export type OracleSpec = z.infer<typeof oracleSpecSchema>;

export async function loadOracle(spec: OracleSpec, space: ArchitectureSpace<unknown>): Promise<AccuracyOracle<unknown>> {
  // Synflow loads TF.js: only when an oracle is needed.
  const { SynflowOracle } = await import('../src/accuracy/synflow.js');
  const { TableOracle } = await import('../src/accuracy/table.js');
  if (spec.kind === 'synflow') return (await SynflowOracle.create(space, { seed: spec.seed })) as AccuracyOracle<unknown>;
  const options = spec.archField === undefined ? { top1Field: spec.top1Field } : { top1Field: spec.top1Field, archField: spec.archField };
  return TableOracle.fromFile(space, spec.path, options) as AccuracyOracle<unknown>;
}

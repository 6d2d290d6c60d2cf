/** Worker thread of the semi-decoupled experiment: evaluates a batch of candidates (a piscina task). */
import { createSpace, type ArchitectureSpace } from '../src/workloads/index.js';
import { loadOracle } from './oracles.js';
import { CandidateEvaluator, type CandidateRecord, type SemiDecoupledPayload } from './semi-decoupled.js';
import type { WorkItem } from './task-runner.js';

let evaluator: Promise<CandidateEvaluator> | undefined;

export default async function evaluate(item: WorkItem<SemiDecoupledPayload>): Promise<CandidateRecord[]> {
  const { options } = item.payload;
  evaluator ??= loadOracle(options.accuracy, createSpace(options.space, options.preset) as ArchitectureSpace<unknown>).then((oracle) => new CandidateEvaluator(options, oracle));
  const ready = await evaluator;
  return item.indices.map((index) => ready.evaluate(index, item.payload.keys[index]!));
}

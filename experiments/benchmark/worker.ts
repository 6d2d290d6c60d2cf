/** Worker thread of the agent benchmark: one run (a piscina task); the thread keeps its cost model and environments. */
import { CostModel } from '../../src/costmodel/evaluate.js';
import type { WorkItem } from '../task-runner.js';
import { runBenchmarkRun, type BenchmarkPayload, type BenchmarkRunRecord } from './run.js';

const model = new CostModel();

export default async function evaluate(item: WorkItem<BenchmarkPayload>): Promise<BenchmarkRunRecord[]> {
  return [await runBenchmarkRun(item.payload, model)];
}

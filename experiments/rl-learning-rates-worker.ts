/** Worker thread of the learning-rate sweep: one benchmark run with a learning rate (a piscina task). */
import { CostModel } from '../src/costmodel/evaluate.js';
import { runBenchmarkRun, type BenchmarkPayload, type BenchmarkRunRecord } from './benchmark/run.js';
import type { WorkItem } from './task-runner.js';

const model = new CostModel();

export default async function evaluate(item: WorkItem<BenchmarkPayload>): Promise<(BenchmarkRunRecord & { learningRate: unknown })[]> {
  return [{ ...(await runBenchmarkRun(item.payload, model)), learningRate: item.payload.hyperparameters?.['learningRate'] }];
}

/** Worker thread of the agents experiment: one agent run (a piscina task); the thread keeps its cost model, problem and environments. */
import { CostModel } from '../src/costmodel/evaluate.js';
import type { BenchmarkRunRecord } from './benchmark/run.js';
import { runAgent, type AgentsPayload } from './agents.js';
import type { WorkItem } from './task-runner.js';

const model = new CostModel();

export default async function evaluate(item: WorkItem<AgentsPayload>): Promise<BenchmarkRunRecord[]> {
  return [await runAgent(item.payload.options, item.payload.run, model)];
}

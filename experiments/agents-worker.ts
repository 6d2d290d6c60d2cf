/** Worker thread of the agents experiment: one agent run (a piscina task). */
import { CostModel } from '../src/costmodel/evaluate.js';
import { agentsProblem, runAgent, type AgentRunRecord, type AgentsPayload, type AgentsProblem } from './agents.js';
import type { WorkItem } from './task-runner.js';

const model = new CostModel();
let problem: Promise<AgentsProblem> | undefined;

export default async function evaluate(item: WorkItem<AgentsPayload>): Promise<AgentRunRecord[]> {
  problem ??= agentsProblem(item.payload.options);
  return [await runAgent(item.payload.options, await problem, item.payload.task, model)];
}

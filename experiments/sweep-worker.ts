/** Worker thread of a sweep: evaluates one architecture on its accelerators (a piscina task). */
import { CostModel } from '../src/costmodel/evaluate.js';
import { createSpace, type ArchitectureSpace } from '../src/workloads/index.js';
import { evaluateArchitecture, sweepTasks, type SweepPayload, type SweepRecord } from './sweep.js';
import type { WorkItem } from './task-runner.js';

// One cost model per worker thread: its cache serves every item this thread runs.
const model = new CostModel();
const spaces = new Map<string, ArchitectureSpace<unknown>>();

export default function evaluate(item: WorkItem<SweepPayload>): SweepRecord[] {
  const id = `${item.payload.space}/${item.payload.preset}`;
  let space = spaces.get(id);
  if (space === undefined) {
    space = createSpace(item.payload.space, item.payload.preset) as ArchitectureSpace<unknown>;
    spaces.set(id, space);
  }
  return evaluateArchitecture(space, item.payload.key, sweepTasks(item), model);
}

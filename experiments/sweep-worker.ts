/** Worker thread of a sweep: evaluates one architecture on its accelerators (piscina task). */
import { CostModel } from '../src/costmodel/evaluate.js';
import { createSpace, type ArchitectureSpace } from '../src/workloads/index.js';
import type { HardwareDesign } from '../envs/hardware-grid.js';
import { evaluateArchitecture, type SweepRecord } from './sweep.js';

interface SweepTask {
  space: string;
  preset: string;
  key: string;
  tasks: { index: number; accelerator: HardwareDesign }[];
}

// One cost model per worker thread: its cache serves every task this thread runs.
const model = new CostModel();
const spaces = new Map<string, ArchitectureSpace<unknown>>();

export default function evaluate(task: SweepTask): SweepRecord[] {
  const id = `${task.space}/${task.preset}`;
  let space = spaces.get(id);
  if (space === undefined) {
    space = createSpace(task.space, task.preset) as ArchitectureSpace<unknown>;
    spaces.set(id, space);
  }
  return evaluateArchitecture(space, task.key, task.tasks, model);
}

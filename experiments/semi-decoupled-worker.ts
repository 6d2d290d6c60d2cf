/** Worker thread of the semi-decoupled experiment: evaluates the layer shapes on a batch of accelerators (a piscina task). */
import { CostModel } from '../src/costmodel/evaluate.js';
import { LayerShapes } from '../src/analysis/layer-shapes.js';
import { evaluateItem, type SemiDecoupledPayload, type ShapeCostRecord } from './semi-decoupled.js';
import type { WorkItem } from './task-runner.js';

// One cost model per worker thread; the shapes are rebuilt once per distinct layout.
const model = new CostModel();
let cached: { key: string; shapes: LayerShapes } | undefined;

export default function evaluate(item: WorkItem<SemiDecoupledPayload>): ShapeCostRecord[] {
  const key = JSON.stringify(item.payload.parts);
  if (cached?.key !== key) cached = { key, shapes: LayerShapes.fromParts(item.payload.parts) };
  return evaluateItem(item, cached.shapes, model);
}

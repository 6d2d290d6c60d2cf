/** A design's evaluation: its workload on its accelerator, checked against the objective's constraints. */
import type { CostModel } from '../src/costmodel/evaluate.js';
import type { Network } from '../src/workloads/index.js';
import { costModelViolation, evaluateWorkload, type HardwareDesign } from './hardware-grid.js';
import type { DesignMetrics, Evaluation } from './metrics.js';
import { violations, type ObjectiveOptions } from './objective.js';

/**
 * Evaluates `networks` on `hardware` and lists the constraints the result breaks. `addMetrics`
 * completes the metrics of an evaluable design (e.g. with an oracle's accuracy). A design MAESTRO
 * cannot evaluate is infeasible with the cost model's reason; other errors propagate.
 */
export function evaluateDesign<Design>(
  design: Design,
  networks: readonly Network[],
  hardware: HardwareDesign,
  model: CostModel,
  objective: ObjectiveOptions,
  addMetrics: (metrics: DesignMetrics) => DesignMetrics = (metrics) => metrics,
): Evaluation<Design> {
  try {
    const evaluated = evaluateWorkload(networks, hardware, model);
    const metrics = addMetrics(evaluated.metrics);
    const broken = violations(metrics, objective, hardware);
    if (evaluated.invalidLayers > 0) broken.unshift(`${evaluated.invalidLayers} layer(s) without a valid iteration (MAESTRO reports runtime 0)`);
    return { design, metrics, feasible: broken.length === 0, violations: broken };
  } catch (error) {
    return { design, metrics: undefined, feasible: false, violations: [costModelViolation(error)] };
  }
}

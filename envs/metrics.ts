/** What an environment reports about an evaluated design. */

/** Metrics of one design (a workload or an architecture on an accelerator). */
export interface DesignMetrics {
  /** Sum over the workload's layers, cycles. */
  latencyCycles: number;
  /** Sum over the workload's layers (MAESTRO's CSV energy), nJ. */
  energyNJ: number;
  /** Energy-delay product, cycles * nJ. */
  edp: number;
  /** Area of the accelerator with its chosen L1/L2 sizes, um^2 (MAESTRO's area model). */
  areaUm2: number;
  /** Power of the same, mW. */
  powerMW: number;
  macs: number;
  /** Largest per-layer L1 and L2 requirements, elements. */
  l1SizeReqElements: number;
  l2SizeReqElements: number;
  /** From the environment's oracle, when it has one: top-1 % or, for a proxy, its score (see `accuracyKind`). */
  accuracy?: number;
  /** `top1`: a (looked-up or predicted) accuracy in %; `score`: a zero-cost proxy's score, not an accuracy. */
  accuracyKind?: 'top1' | 'score';
  /** Which oracle produced `accuracy`. */
  accuracySource?: string;
}

/** The result of evaluating one design. */
export interface Evaluation<Design> {
  design: Design;
  /** Absent when the design could not be evaluated at all (a cost-model error). */
  metrics: DesignMetrics | undefined;
  feasible: boolean;
  /** Why the design is infeasible (empty when feasible). */
  violations: string[];
}

/** The metrics reported for a design the cost model cannot evaluate: every figure NaN. */
export const UNEVALUATED_METRICS: Readonly<DesignMetrics> = Object.freeze({
  latencyCycles: Number.NaN,
  energyNJ: Number.NaN,
  edp: Number.NaN,
  areaUm2: Number.NaN,
  powerMW: Number.NaN,
  macs: Number.NaN,
  l1SizeReqElements: Number.NaN,
  l2SizeReqElements: Number.NaN,
});

/** MAESTRO's analytical cost model, in-process: evaluate layers and networks on an accelerator. */
export { CostModel, evaluateNetwork, batchedLayerTypes } from './evaluate.js';
export type { NetworkCost, NetworkTotals, CostModelOptions, CacheStatistics } from './evaluate.js';
export { CostModelError } from './errors.js';
export { areaPower, accessEnergyNJ, ENERGY } from './metrics.js';
export type { AreaPower } from './metrics.js';
export { MAX_CASES_PER_LEVEL } from './engine.js';

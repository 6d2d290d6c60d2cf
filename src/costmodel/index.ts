/** MAESTRO's analytical cost model, in-process: evaluate layers and networks on an accelerator. */
export { CostModel, evaluateNetwork, batchedLayerTypes, DEFAULT_COST_MODEL_CACHE_BYTES, DEFAULT_COST_MODEL_CACHE_SIZE } from './evaluate.js';
export type { NetworkCost, NetworkTotals, CostModelOptions, CacheStatistics, CacheMemory } from './evaluate.js';
export { analyzeLayer } from './clusters.js';
export type { LayerAnalysis } from './clusters.js';
export { tensorTable } from './tensors.js';
export { LayerPlanner, planLayer } from './engine.js';
export type { LayerPlan } from './engine.js';
export { timeLayer, TIMING_STRIDE } from './timing.js';
export type { TimingHardware } from './timing.js';
export { CostModelError } from './errors.js';
export { areaPower, accessEnergyNJ, ENERGY } from './metrics.js';
export type { AreaPower } from './metrics.js';
export { MAX_CASES_PER_LEVEL } from './engine.js';

/** Workloads: layers and networks, their MAESTRO export, a network zoo and architecture spaces. */
export * from './errors.js';
export * from './layer.js';
export * from './network.js';
export * from './network-builder.js';
export * from './maestro-export.js';
export * from './zoo/index.js';
export * from './spaces/space.js';
export * from './spaces/darts-arch.js';
export * from './spaces/darts.js';
export * from './spaces/nasbench201.js';
export * from './spaces/alphanet.js';
export * from './spaces/registry.js';
export { LayerPool } from './layer-pool.js';

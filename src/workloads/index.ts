/** Workloads: layers and networks, their MAESTRO export, a network zoo and architecture spaces. */
export * from './errors.js';
export * from './layer.js';
export * from './network.js';
export * from './network-builder.js';
export * from './maestro-export.js';
export * from './zoo/index.js';

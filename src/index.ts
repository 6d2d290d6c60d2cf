/** codesign-gym: hardware-software co-design of neural accelerators as a gym. */
export * from './maestro/index.js';
export * from './costmodel/index.js';
export * from './dataflows/index.js';
export * from './gym/index.js';
export { createRng, Rng } from './random/rng.js';
export { formatTable } from './report/table.js';
export type { TableColumn } from './report/table.js';
export * from '../envs/index.js';

/** codesign-gym: hardware-software co-design of neural accelerators as a gym. */
export * from './maestro/index.js';
export * from './costmodel/index.js';
export * from './dataflows/index.js';
export * from './gym/index.js';
export { createRng, Rng } from './random/rng.js';
export { formatTable } from './report/table.js';
export type { TableColumn } from './report/table.js';
export * from '../envs/index.js';
export * from '../agents/index.js';
export * from './workloads/index.js';
export * from './accuracy/index.js';
export * from './data/index.js';
export * from './analysis/index.js';
export { loadTfjs } from './tfjs/backend.js';
export type { TfjsBackendName as TfjsBackend } from './tfjs/backend.js';
export { renderPlot, renderSvg, svgToPng, heatmapSpec } from './report/plots.js';
export { ResultLog, mergeResults, parseShard } from './report/result-log.js';
export { formatMarkdownTable } from './report/table.js';

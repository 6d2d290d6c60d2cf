/** Rank correlation, Pareto fronts and the semi-decoupled reduced architecture set. */
export * from './errors.js';
export * from './rank-correlation.js';
export * from './pareto.js';
export * from './reduced-set.js';
export * from './layer-shapes.js';
export * from './front-stability.js';

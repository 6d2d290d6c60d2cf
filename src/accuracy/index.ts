/** Accuracy oracles: published tables, a fitted TF.js regressor, and the synflow zero-cost proxy. */
export * from './oracle.js';
export * from './prediction-quality.js';
export * from './table.js';
export * from './fitted.js';
export * from './synflow.js';
export * from './published.js';

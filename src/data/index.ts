/** Published data the package ships (data/): NAS-Bench-201, the study's DARTS and AlphaNet sets. */
export { DATA_DIR, DataFileError, readDataText } from './files.js';
export * from './nasbench201.js';
export * from './darts.js';
export * from './alphanet.js';

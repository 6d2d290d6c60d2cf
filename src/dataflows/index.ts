/** Named dataflow templates and their application to layers. */
export * from './templates.js';
export * from './apply.js';

/** Re-exported for the gym's modules: a short rendering of any value for error messages. */
export { describeValue } from '../common/describe-value.js';

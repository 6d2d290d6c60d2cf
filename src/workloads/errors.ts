/** The error every workload function raises on bad input: what it expected and what arrived. */
import { describeValue } from '../common/describe-value.js';

/**
 * A layer, network, architecture or space option that cannot be used.
 *
 * @example
 * let message = '';
 * try { createLayer({ name: 'c', type: 'CONV', K: 0, C: 3, R: 3, S: 3, Y: 8, X: 8 }); } catch (error) { message = error.message; }
 * message; // 'layer "c": Expects K to be a positive integer, actual: 0'
 */
export class WorkloadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkloadError';
  }
}

/** Throws `Expects <what>, actual: <value>` (prefixed with where it happened). */
export function fail(where: string | undefined, what: string, actual: unknown): never {
  const prefix = where === undefined ? '' : `${where}: `;
  throw new WorkloadError(`${prefix}Expects ${what}, actual: ${describeValue(actual)}`);
}

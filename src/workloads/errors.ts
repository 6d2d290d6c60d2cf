/** The error every workload function raises on bad input: what it expected and what arrived. */

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

/** A short, readable rendering of any value for error messages. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return String(value);
  if (typeof value === 'bigint') return `${value}n`;
  try {
    const text = JSON.stringify(value);
    if (text === undefined) return typeof value;
    return text.length > 120 ? `${text.slice(0, 117)}...` : text;
  } catch {
    return typeof value;
  }
}

/** Throws `Expects <what>, actual: <value>` (prefixed with where it happened). */
export function fail(where: string | undefined, what: string, actual: unknown): never {
  const prefix = where === undefined ? '' : `${where}: `;
  throw new WorkloadError(`${prefix}Expects ${what}, actual: ${describeValue(actual)}`);
}

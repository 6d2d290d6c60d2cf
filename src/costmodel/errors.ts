/** Errors the cost model raises where MAESTRO would crash or exit. */
import { MaestroError, type MaestroErrorCode } from '../maestro/errors.js';

/**
 * The cost model cannot evaluate a layer; MAESTRO would crash or exit on the same input.
 *
 * @example
 * const error = new CostModelError('division-by-zero', 'the tile of K is 0', 'conv2', 7);
 * error.message;          // 'layer "conv2", mapping file line 7: the tile of K is 0'
 * error instanceof MaestroError;   // true
 */
export class CostModelError extends MaestroError {
  constructor(code: MaestroErrorCode, reason: string, layer?: string, line?: number) {
    super({ code, reason, layer, line, file: line === undefined ? undefined : 'mapping' });
    this.name = 'CostModelError';
  }
}

/** Errors the cost model raises where MAESTRO would crash or exit. */
import { MaestroError, type MaestroErrorCode } from '../maestro/errors.js';

/** The cost model cannot evaluate a layer; MAESTRO would crash or exit on the same input. */
export class CostModelError extends MaestroError {
  constructor(code: MaestroErrorCode, reason: string, layer?: string, line?: number) {
    super({ code, reason, layer, line, file: line === undefined ? undefined : 'mapping' });
    this.name = 'CostModelError';
  }
}

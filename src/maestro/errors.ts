/** Typed errors for everything MAESTRO rejects: each names the layer, the line and the reason. */

export type MaestroErrorCode =
  | 'parse'
  | 'unknown-key'
  | 'invalid-value'
  | 'unsupported-layer-type'
  | 'rs-map-mismatch'
  | 'missing-dimension'
  | 'no-dataflow'
  | 'no-spatial-map'
  | 'too-many-spatial-maps'
  | 'too-many-cluster-levels'
  | 'too-few-pes'
  | 'division-by-zero'
  | 'zero-unique-volume'
  | 'too-many-cases'
  | 'undefined-behaviour';

export interface MaestroErrorDetails {
  code: MaestroErrorCode;
  reason: string;
  layer?: string | undefined;
  line?: number | undefined;
  /** Which file the line refers to. */
  file?: 'hardware' | 'mapping' | undefined;
}

/**
 * Base class of every error the MAESTRO readers and the cost model raise on bad input.
 *
 * @example
 * const error = new MaestroError({ code: 'too-few-pes', reason: 'needs 64 PEs, has 16', layer: 'conv1', line: 4, file: 'mapping' });
 * error.message;   // 'layer "conv1", mapping file line 4: needs 64 PEs, has 16'
 * error.code;      // 'too-few-pes'
 */
export class MaestroError extends Error {
  readonly code: MaestroErrorCode;
  readonly reason: string;
  readonly layer: string | undefined;
  readonly line: number | undefined;
  readonly file: 'hardware' | 'mapping' | undefined;

  constructor(details: MaestroErrorDetails) {
    super(formatMessage(details));
    this.name = 'MaestroError';
    this.code = details.code;
    this.reason = details.reason;
    this.layer = details.layer;
    this.line = details.line;
    this.file = details.file;
  }
}

/**
 * The text of a file could not be read as MAESTRO's grammar.
 *
 * @example
 * let caught: unknown;
 * try { parseHardware('num_pes: many'); } catch (error) { caught = error; }
 * caught instanceof MaestroParseError;   // true
 * caught instanceof MaestroError;        // true
 */
export class MaestroParseError extends MaestroError {
  constructor(details: MaestroErrorDetails) {
    super(details);
    this.name = 'MaestroParseError';
  }
}

function formatMessage(details: MaestroErrorDetails): string {
  const where: string[] = [];
  if (details.layer !== undefined) where.push(`layer "${details.layer}"`);
  if (details.line !== undefined) where.push(`${details.file ? `${details.file} file ` : ''}line ${details.line}`);
  return where.length > 0 ? `${where.join(', ')}: ${details.reason}` : details.reason;
}

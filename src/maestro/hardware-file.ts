/** Reading and writing MAESTRO hardware files (`num_pes: 256`, ...). */
import { MaestroParseError } from './errors.js';
import { tokenize } from './tokenizer.js';
import { DEFAULT_HARDWARE, INT_MAX, type HardwareSpec } from './types.js';

type HardwareField = Exclude<keyof HardwareSpec, 'simdLanes'>;

interface HardwareKey {
  field: HardwareField;
  /** Smallest accepted value: a zero PE count or bandwidth would make MAESTRO divide by zero. */
  min: number;
}

/** The file's keys, in the order MAESTRO's documentation lists them. */
export const HARDWARE_KEYS: Readonly<Record<string, HardwareKey>> = {
  num_pes: { field: 'numPes', min: 1 },
  l1_size_cstr: { field: 'l1SizeElements', min: 0 },
  l2_size_cstr: { field: 'l2SizeElements', min: 0 },
  noc_bw_cstr: { field: 'nocBandwidthElemsPerCycle', min: 1 },
  offchip_bw_cstr: { field: 'offchipBandwidthElemsPerCycle', min: 1 },
  NoC_NumHops: { field: 'nocLatencyCycles', min: 0 },
};

const INTEGER = /^[0-9]+$/;

/**
 * Parses a hardware file: a flat sequence of `key value` pairs. Absent keys take MAESTRO's defaults
 * (1 PE, unconstrained sizes and bandwidths, NoC latency 1).
 *
 * @example
 * parseHardware('num_pes: 256\nnoc_bw_cstr: 64').numPes; // 256
 */
export function parseHardware(text: string, options: { simdLanes?: number } = {}): HardwareSpec {
  const hardware: HardwareSpec = { ...DEFAULT_HARDWARE };
  if (options.simdLanes !== undefined) hardware.simdLanes = checkSimdLanes(options.simdLanes);
  const tokens = tokenize(text);
  for (let i = 0; i < tokens.length; i += 2) {
    const keyToken = tokens[i]!;
    const key = HARDWARE_KEYS[keyToken.text];
    if (key === undefined || !Object.hasOwn(HARDWARE_KEYS, keyToken.text)) {
      throw new MaestroParseError({
        code: 'unknown-key',
        file: 'hardware',
        line: keyToken.line,
        reason: `unknown key "${keyToken.text}"; expected one of ${Object.keys(HARDWARE_KEYS).join(', ')}`,
      });
    }
    const valueToken = tokens[i + 1];
    if (valueToken === undefined) {
      throw new MaestroParseError({
        code: 'parse',
        file: 'hardware',
        line: keyToken.line,
        reason: `key "${keyToken.text}" has no value`,
      });
    }
    if (!INTEGER.test(valueToken.text)) {
      throw new MaestroParseError({
        code: 'invalid-value',
        file: 'hardware',
        line: valueToken.line,
        reason: `"${keyToken.text}" expects a non-negative integer, got "${valueToken.text}"`,
      });
    }
    const value = Number(valueToken.text);
    if (value < key.min || value > INT_MAX) {
      throw new MaestroParseError({
        code: 'invalid-value',
        file: 'hardware',
        line: valueToken.line,
        reason: `"${keyToken.text}" must be an integer in [${key.min}, ${INT_MAX}], got ${valueToken.text}`,
      });
    }
    hardware[key.field] = value;
  }
  return hardware;
}

/** Writes a hardware file; keys at MAESTRO's defaults are omitted, so parsing gives the same spec back. */
export function writeHardware(hardware: HardwareSpec): string {
  const lines: string[] = [];
  for (const [key, { field }] of Object.entries(HARDWARE_KEYS)) {
    const value = hardware[field];
    if (field !== 'numPes' && value === DEFAULT_HARDWARE[field]) continue;
    lines.push(`${key}: ${value}`);
  }
  return `${lines.join('\n')}\n`;
}

export function checkSimdLanes(simdLanes: number): number {
  if (!Number.isSafeInteger(simdLanes) || simdLanes < 1) {
    throw new MaestroParseError({
      code: 'invalid-value',
      reason: `the vector width (SIMD lanes) must be a positive integer, got ${String(simdLanes)}`,
    });
  }
  return simdLanes;
}

/** An estimate of the heap bytes a plain value holds (for caches bounded in memory). */

/** V8's sizes, roughly: object and array headers, a field or slot, a string's header. */
const OBJECT_BYTES = 24;
const SLOT_BYTES = 8;
const STRING_BYTES = 16;
const MAX_DEPTH = 8;

/**
 * Sums headers, fields and contents of plain objects, arrays, typed arrays and strings, to a
 * depth of 8 (deeper values count as one slot). Shared sub-objects are counted where they occur,
 * so the estimate errs on the high side.
 *
 * @example
 * approximateBytes(42);                  // 8
 * approximateBytes('abcd');              // 24: 16 + 2 per character
 * approximateBytes([1, 2, 3]);           // 72: 24 + 3 slots + 3 numbers
 * approximateBytes({ a: 1, b: 'xy' });   // 68
 */
export function approximateBytes(value: unknown): number {
  return bytesOf(value, MAX_DEPTH);
}

function bytesOf(value: unknown, depth: number): number {
  switch (typeof value) {
    case 'number':
    case 'bigint':
      return SLOT_BYTES;
    case 'string':
      return STRING_BYTES + 2 * value.length;
    case 'object': {
      if (value === null) return 0;
      if (depth === 0) return SLOT_BYTES;
      if (ArrayBuffer.isView(value)) return OBJECT_BYTES + value.byteLength;
      let total = OBJECT_BYTES;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) total += SLOT_BYTES + bytesOf(value[i], depth - 1);
        return total;
      }
      for (const key in value) {
        if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
        total += SLOT_BYTES + bytesOf((value as Record<string, unknown>)[key], depth - 1);
      }
      return total;
    }
    default:
      return 0;
  }
}

/** A value just outside a space (an out-of-range choice, a missing key), to check that actions outside it are refused. */
import { Box } from '../spaces/box.js';
import { Dict } from '../spaces/dict.js';
import { Discrete } from '../spaces/discrete.js';
import { MultiDiscrete } from '../spaces/multi-discrete.js';
import type { AnySpace } from '../spaces/space.js';
import { Tuple } from '../spaces/tuple.js';

const GENERIC_CANDIDATES: readonly unknown[] = [undefined, null, Number.NaN, -1, 'not an action', {}, []];

/** A value of the right kind but outside `space` when one is known, else any value it does not contain. */
export function valueOutside(space: AnySpace): { found: true; value: unknown } | { found: false } {
  const specific = specificOutside(space);
  if (specific !== undefined && !space.contains(specific.value)) return { found: true, value: specific.value };
  for (const candidate of GENERIC_CANDIDATES) {
    if (!space.contains(candidate)) return { found: true, value: candidate };
  }
  return { found: false };
}

function specificOutside(space: AnySpace): { value: unknown } | undefined {
  if (space instanceof Discrete) return { value: space.start + space.n };
  if (space instanceof MultiDiscrete) return { value: space.nvec.map((count, i) => (space.start[i] as number) + count) };
  if (space instanceof Box) {
    return {
      value: space.high.map((high, i) => (high < Infinity ? high + 1 : (space.low[i] as number) > -Infinity ? (space.low[i] as number) - 1 : Number.NaN)),
    };
  }
  if (space instanceof Dict) return space.keys.length > 0 ? { value: {} } : undefined;
  if (space instanceof Tuple) return space.spaces.length > 0 ? { value: [] } : undefined;
  return undefined;
}

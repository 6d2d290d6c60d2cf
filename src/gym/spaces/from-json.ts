/** Reading spaces back from their JSON descriptions (validated, with messages that say what is wrong). */
import * as z from 'zod';
import { Box } from './box.js';
import { Dict } from './dict.js';
import { Discrete } from './discrete.js';
import type { SpaceJSON } from './json.js';
import { MultiDiscrete } from './multi-discrete.js';
import type { AnySpace } from './space.js';
import { Tuple } from './tuple.js';

const bound = z.number().nullable();

const spaceJSONSchema: z.ZodType<SpaceJSON> = z.lazy(() =>
  z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('Discrete'), n: z.number(), start: z.number() }),
    z.strictObject({ type: z.literal('MultiDiscrete'), nvec: z.array(z.number()), start: z.array(z.number()) }),
    z.strictObject({
      type: z.literal('Box'),
      low: z.array(bound),
      high: z.array(bound),
      shape: z.array(z.number()),
      dtype: z.enum(['float', 'int']),
    }),
    z.strictObject({ type: z.literal('Dict'), spaces: z.record(z.string(), spaceJSONSchema) }),
    z.strictObject({ type: z.literal('Tuple'), spaces: z.array(spaceJSONSchema) }),
  ]),
);

/**
 * The space described by `json` (what `space.toJSON()` produced, possibly through `JSON.stringify`
 * and `JSON.parse`). Throws a TypeError listing every problem when `json` is not a space description.
 */
export function spaceFromJSON(json: unknown): AnySpace {
  const parsed = spaceJSONSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(root)'}: ${issue.message}`);
    throw new TypeError(`Expects a space description ({ type: 'Discrete' | 'MultiDiscrete' | 'Box' | 'Dict' | 'Tuple', ... }); ${problems.join('; ')}`);
  }
  return build(parsed.data);
}

function build(json: SpaceJSON): AnySpace {
  switch (json.type) {
    case 'Discrete':
      return new Discrete(json.n, json.start);
    case 'MultiDiscrete':
      return new MultiDiscrete(json.nvec, json.start);
    case 'Box':
      return new Box(
        json.low.map((value) => value ?? -Infinity),
        json.high.map((value) => value ?? Infinity),
        json.shape,
        json.dtype,
      );
    case 'Dict': {
      const spaces: Record<string, AnySpace> = {};
      for (const [key, value] of Object.entries(json.spaces)) spaces[key] = build(value);
      return new Dict(spaces);
    }
    case 'Tuple':
      return new Tuple(json.spaces.map(build));
  }
}

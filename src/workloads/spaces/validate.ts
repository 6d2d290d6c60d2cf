/** Validating user JSON against a zod schema, with one "Expects ..., actual: ..." message. */
import { describeValue } from '../../common/describe-value.js';
import type { z } from 'zod';
import { WorkloadError } from '../errors.js';

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.map((key) => (typeof key === 'number' ? `[${key}]` : `.${String(key)}`)).join('');
}

/**
 * The parsed value, or a WorkloadError naming the first problem: where it is, what was expected,
 * what arrived. Schema messages are written as expectations ("an op among ...").
 */
export function parseWithSchema<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const path = formatPath(issue.path);
  const expected = issue.message.replace(/^Invalid input: expected /, '');
  const actual = issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : describeValue(valueAt(value, issue.path));
  throw new WorkloadError(`${what}${path}: Expects ${expected}, actual: ${actual}`);
}

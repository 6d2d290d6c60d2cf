/** Validation of environment options with zod, turned into one readable error. */
import type * as z from 'zod';
import { InvalidOptionsError } from './errors.js';

/** One line per problem: "`arms`: Too small: expected number to be >=1" or "unknown key `foo`". */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .map((issue) => {
      if (issue.code === 'unrecognized_keys') return `unknown option${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((key) => `\`${key}\``).join(', ')}`;
      const path = issue.path.map(String).join('.');
      return path === '' ? issue.message : `\`${path}\`: ${issue.message}`;
    })
    .join('; ');
}

/** `options` parsed by `schema`; throws a InvalidOptionsError naming `owner` and every problem. */
export function parseOptions<Schema extends z.ZodType>(owner: string, schema: Schema, options: unknown): z.output<Schema> {
  const parsed = schema.safeParse(options);
  if (!parsed.success) throw new InvalidOptionsError(`Invalid options for ${owner}: ${describeIssues(parsed.error.issues)}`);
  return parsed.data;
}

/** Validation of environment options with zod, turned into one readable error. */
import type * as z from 'zod';
import { InvalidOptionsError } from './errors.js';

interface SchemaDefinition {
  readonly type: string;
  readonly shape?: Record<string, z.ZodType>;
  readonly innerType?: z.ZodType;
  readonly element?: z.ZodType;
  readonly in?: z.ZodType;
}

function definitionOf(schema: z.ZodType): SchemaDefinition {
  return (schema as unknown as { _zod: { def: SchemaDefinition } })._zod.def;
}

/** The keys of the object schema at `path` inside `schema` (through optional, default, array and pipe schemas), if it is one. */
export function objectKeysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] | undefined {
  let current: z.ZodType | undefined = schema;
  let index = 0;
  while (current !== undefined) {
    const definition = definitionOf(current);
    if (definition.innerType !== undefined) current = definition.innerType;
    else if (definition.type === 'pipe') current = definition.in;
    else if (index === path.length) return definition.type === 'object' && definition.shape !== undefined ? Object.keys(definition.shape) : undefined;
    else if (definition.type === 'object' && definition.shape !== undefined) current = definition.shape[String(path[index++])];
    else if (definition.type === 'array') {
      current = definition.element;
      index++;
    } else return undefined;
  }
  return undefined;
}

/**
 * One clause per problem: "`arms`: Too small: expected number to be >=1", "unknown option `foo`
 * (options: arms, pulls)" or "`weights`: unknown key `speed` (keys: latency, energy)"; the keys an
 * object takes are listed when `schema` is given.
 */
export function describeIssues(issues: readonly z.core.$ZodIssue[], schema?: z.ZodType): string {
  return issues
    .map((issue) => {
      const path = issue.path.map(String).join('.');
      if (issue.code === 'unrecognized_keys') {
        const plural = issue.keys.length > 1 ? 's' : '';
        const listed = issue.keys.map((key) => `\`${key}\``).join(', ');
        const keys = schema === undefined ? undefined : objectKeysAt(schema, issue.path);
        if (path === '') return `unknown option${plural} ${listed}${keys === undefined ? '' : ` (options: ${keys.join(', ')})`}`;
        return `\`${path}\`: unknown key${plural} ${listed}${keys === undefined ? '' : ` (keys: ${keys.join(', ')})`}`;
      }
      return path === '' ? issue.message : `\`${path}\`: ${issue.message}`;
    })
    .join('; ');
}

/** `options` parsed by `schema`; throws a InvalidOptionsError naming `owner` and every problem. */
export function parseOptions<Schema extends z.ZodType>(owner: string, schema: Schema, options: unknown): z.output<Schema> {
  const parsed = schema.safeParse(options);
  if (!parsed.success) throw new InvalidOptionsError(`Invalid options for ${owner}: ${describeIssues(parsed.error.issues, schema)}`);
  return parsed.data;
}

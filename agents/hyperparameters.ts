/** Validation of agent hyperparameters with zod, turned into one readable error that shows what arrived. */
import * as z from 'zod';
import { describeValue, MAX_SEED } from '../src/gym/index.js';
import { InvalidHyperparametersError } from './errors.js';

/**
 * What one evaluation is: `design`, a design not evaluated before (steps that evaluate no design, such
 * as the decisions of sequential episodes, and repeated designs cost nothing and are flagged
 * `repeat`); `step`, every environment step.
 */
export const EVALUATION_UNITS = ['design', 'step'] as const;
export type EvaluationUnit = (typeof EVALUATION_UNITS)[number];

/** Consecutive steps that cost nothing after which a `design`-unit search stops (reason `stalled`), by default. */
export const DEFAULT_MAX_FREE_STEPS = 10_000;

/** What every agent's `run` takes besides its own hyperparameters. */
export const runSettingsShape = {
  /** Evaluations the search may spend (in `evaluationUnit`s); required. */
  budget: z.number().int().min(1).max(1e9),
  /** Seeds the agent and the environment's first reset; default 0. */
  seed: z.number().int().min(0).max(MAX_SEED),
  /** What an evaluation is; default `design` for deterministic environments (`env.unwrapped.deterministic`), else `step`. */
  evaluationUnit: z.enum(EVALUATION_UNITS).optional(),
  /** `design` unit: stop (reason `stalled`) after this many consecutive steps that spent nothing. Default 10,000. */
  maxFreeSteps: z.number().int().min(1).max(1e9).optional(),
};

export interface RunSettings {
  readonly budget: number;
  readonly seed?: number | undefined;
  readonly evaluationUnit?: EvaluationUnit | undefined;
  readonly maxFreeSteps?: number | undefined;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** One clause per problem: "`budget`: Too small: expected number to be >=1 (actual: 0)" or "unknown hyperparameter `foo`". */
export function describeHyperparameterIssues(issues: readonly z.core.$ZodIssue[], input: unknown): string {
  return issues
    .map((issue) => {
      if (issue.code === 'unrecognized_keys') {
        const plural = issue.keys.length > 1 ? 's' : '';
        return `unknown hyperparameter${plural} ${issue.keys.map((key) => `\`${key}\``).join(', ')}`;
      }
      const path = issue.path.map(String).join('.');
      const actual = `(actual: ${describeValue(valueAt(input, issue.path))})`;
      return path === '' ? `${issue.message} ${actual}` : `\`${path}\`: ${issue.message} ${actual}`;
    })
    .join('; ');
}

/** `input` parsed by `schema`; throws an `InvalidHyperparametersError` naming `agent` and every problem. */
export function parseHyperparameters<Schema extends z.ZodType>(agent: string, schema: Schema, input: unknown): z.output<Schema> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    throw new InvalidHyperparametersError(
      `Invalid hyperparameters for ${agent}: ${describeHyperparameterIssues(parsed.error.issues, input)}`,
    );
  }
  return parsed.data;
}

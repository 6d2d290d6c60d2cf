/** `checkEnv`: executable documentation of the environment contract. */
import { describeValue } from '../describe-value.js';
import { EnvCheckError } from '../errors.js';
import { validateSeed } from '../seed.js';
import { envCheckRules, type AnyEnv } from './rules.js';

export interface EnvCheckSettings {
  /** Seed of resets and sampled actions (default 0). */
  readonly seed?: number;
  /** Steps per rollout (default 50). */
  readonly steps?: number;
  /** Skip the `render` rule. */
  readonly skipRenderCheck?: boolean;
  /** Skip the `close-twice` rule (which leaves the environment closed). */
  readonly skipCloseCheck?: boolean;
}

/**
 * Applies `envCheckRules` in order and throws an `EnvCheckError` (its `rule` names the failed rule)
 * at the first broken one; an unexpected exception inside a rule is reported under that rule too.
 * The environment is reset and stepped, and closed at the end unless `skipCloseCheck`.
 *
 * @example
 * checkEnv(make('GridWalk-v0'));   // passes silently
 * class Broken extends Env {
 *   observationSpace = new Discrete(2);
 *   actionSpace = new Discrete(2);
 *   onReset() { return { observation: 0, info: {} }; }
 *   onStep() { return { observation: 0, reward: Number.NaN, terminated: false, truncated: false, info: {} }; }
 * }
 * let failedRule;
 * try { checkEnv(new Broken()); } catch (error) { failedRule = error.rule; }
 * failedRule;   // 'finite-reward'
 */
export function checkEnv(env: unknown, settings: EnvCheckSettings = {}): void {
  const { seed = 0, steps = 50, skipRenderCheck = false, skipCloseCheck = false } = settings;
  validateSeed(seed, '`seed` of checkEnv');
  if (!Number.isSafeInteger(steps) || steps < 1) {
    throw new TypeError(`Expects \`steps\` of checkEnv to be a positive integer, actual: ${describeValue(steps)}`);
  }
  const context = { seed, steps };
  for (const rule of envCheckRules) {
    if (skipRenderCheck && rule.name === 'render') continue;
    if (skipCloseCheck && rule.name === 'close-twice') continue;
    try {
      rule.check(env as AnyEnv, context);
    } catch (error) {
      if (error instanceof EnvCheckError) throw error;
      const detail = error instanceof Error ? `${error.name}: ${error.message}` : describeValue(error);
      throw new EnvCheckError(rule.name, `${rule.demand} Checking it threw ${detail}`);
    }
  }
}

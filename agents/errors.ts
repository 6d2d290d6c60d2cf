/** The errors the agents raise: bad hyperparameters, unsupported environments and unknown agent names. */

/**
 * Hyperparameters (or `budget` / `seed`) of an agent that fail validation; the message names the
 * agent, every bad key, what was expected and what arrived.
 *
 * @example
 * let caught;
 * try { new RandomAgent().run(make('Bandit-v0'), { budget: 0 }); } catch (error) { caught = error; }
 * caught.message;   // 'Invalid hyperparameters for random: `budget`: Too small: expected number to be >=1 (actual: 0)'
 */
export class InvalidHyperparametersError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * An environment an agent cannot search, e.g. one whose action space is not `Discrete` or `MultiDiscrete`.
 *
 * @example
 * const error = new UnsupportedEnvError('Expects a Discrete or MultiDiscrete action space, actual: Box(0, 1, (2,), float)');
 * error.name;   // 'UnsupportedEnvError'
 */
export class UnsupportedEnvError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * `makeAgent` was given a name that is not in the agent table.
 *
 * @example
 * let caught;
 * try { makeAgent('sa'); } catch (error) { caught = error; }
 * caught.message;   // 'Unknown agent `sa`; expected one of: random, evolution, bo, reinforce, ppo'
 */
export class UnknownAgentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * A policy file that cannot be read back: not JSON, the wrong format, or a policy for another
 * observation or action shape.
 *
 * @example
 * const error = new PolicyFileError('Expects a codesign-gym-policy file at policy.json, actual format: "keras"');
 * error.name;   // 'PolicyFileError'
 */
export class PolicyFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

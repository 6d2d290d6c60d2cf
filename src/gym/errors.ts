/** The errors the gym core raises, so callers can tell a broken contract from a bug. */

/** The base of every error raised by the gym core. */
export class GymError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** `step()` was called before `reset()`, or after the episode ended without a new `reset()`. */
export class ResetNeededError extends GymError {}

/** An action outside the environment's action space. */
export class InvalidActionError extends GymError {}

/** A malformed environment id, or an unknown or duplicate registration. */
export class RegistryError extends GymError {}

/** Environment options (of `make()` or an environment constructor) that fail validation. */
export class InvalidOptionsError extends GymError {}

/** `checkEnv` found a broken contract; `rule` names the check that failed. */
export class EnvCheckError extends GymError {
  readonly rule: string;

  constructor(rule: string, message: string) {
    super(`${rule}: ${message}`);
    this.rule = rule;
  }
}

/** A vector environment was used after `close()`, or one of its workers failed. */
export class VectorEnvError extends GymError {}

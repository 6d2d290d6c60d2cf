/** The errors the gym core raises, so callers can tell a broken contract from a bug. */

/**
 * The base of every error raised by the gym core.
 *
 * @example
 * let caught;
 * try { make('Bandit-v0').step(0); } catch (error) { caught = error; }
 * caught instanceof GymError;   // true
 */
export class GymError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * `step()` was called before `reset()`, or after the episode ended without a new `reset()`.
 *
 * @example
 * let caught;
 * try { make('Bandit-v0').step(0); } catch (error) { caught = error; }
 * caught.name;   // 'ResetNeededError'
 */
export class ResetNeededError extends GymError {}

/**
 * An action outside the environment's action space.
 *
 * @example
 * const env = make('Bandit-v0', { arms: 2 });
 * env.reset({ seed: 0 });
 * let caught;
 * try { env.step(2); } catch (error) { caught = error; }
 * caught.message;   // 'Expects an action inside Discrete(2) for Bandit<Bandit-v0>, actual: 2'
 */
export class InvalidActionError extends GymError {}

/**
 * A malformed environment id, or an unknown or duplicate registration.
 *
 * @example
 * let caught;
 * try { make('Bandit-v9'); } catch (error) { caught = error; }
 * caught.message;   // 'No environment registered as Bandit-v9; registered versions: Bandit-v0'
 */
export class RegistryError extends GymError {}

/**
 * Environment options (of `make()` or an environment constructor) that fail validation.
 *
 * @example
 * let caught;
 * try { make('GridWalk-v0', { slip: 2 }); } catch (error) { caught = error; }
 * caught.message;   // 'Invalid options for GridWalk-v0: `slip`: Too big: expected number to be <=1'
 */
export class InvalidOptionsError extends GymError {}

/**
 * `checkEnv` found a broken contract; `rule` names the check that failed.
 *
 * @example
 * const error = new EnvCheckError('finite-reward', 'Rewards must be finite numbers');
 * error.message;   // 'finite-reward: Rewards must be finite numbers'
 */
export class EnvCheckError extends GymError {
  readonly rule: string;

  constructor(rule: string, message: string) {
    super(`${rule}: ${message}`);
    this.rule = rule;
  }
}

/**
 * A vector environment was used after `close()`, or one of its workers failed.
 *
 * @example
 * const envs = makeVec('Bandit-v0', { numEnvs: 2 });
 * envs.close();
 * let caught;
 * try { envs.reset(); } catch (error) { caught = error; }
 * caught instanceof VectorEnvError;   // true
 */
export class VectorEnvError extends GymError {}

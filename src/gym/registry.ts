/** The environment registry: versioned ids, factories with validated options, and `make()`. */
import * as z from 'zod';
import { isEnv } from './capabilities/guards.js';
import { describeValue } from './describe-value.js';
import type { Env, EnvSpec } from './env.js';
import { formatEnvId, parseEnvId } from './env-id.js';
import { InvalidOptionsError, RegistryError } from './errors.js';
import { describeIssues } from './options.js';
import { TimeLimit } from './wrappers/time-limit.js';

/** Builds an environment from validated options. */
export type EnvFactory<Opts> = (options: Opts) => Env<unknown, unknown>;

export interface RegisterSettings<Opts> {
  /**
   * Validates the options (defaults merged with the caller's) and may transform them; by default a
   * schema is derived from the types of the defaults. Use `z.strictObject` for clear unknown-key errors.
   */
  readonly schema?: z.ZodType<Opts> | undefined;
  /** Wraps every made environment in `TimeLimit(maxEpisodeSteps)`. */
  readonly maxEpisodeSteps?: number | undefined;
  /** One line for listings. */
  readonly description?: string | undefined;
  /** Replace an existing registration instead of throwing. */
  readonly overwrite?: boolean | undefined;
}

export interface MakeSettings {
  /** Overrides the registered time limit. */
  readonly maxEpisodeSteps?: number | undefined;
}

interface Registration {
  readonly id: string;
  readonly factory: EnvFactory<unknown>;
  readonly defaults: Readonly<Record<string, unknown>>;
  readonly schema: z.ZodType;
  readonly optionKeys: ReadonlySet<string>;
  readonly maxEpisodeSteps: number | undefined;
  readonly description: string | undefined;
}

/**
 * Environments by id (Gymnasium's registry). `register(id, factory, defaults)` records how to build
 * one; `make(id, options)` validates `options` against the defaults (unknown keys, wrong types, the
 * registration's zod schema) and builds it, wrapped in `TimeLimit` when the registration has one.
 * The package keeps one default registry (`register`, `make`, `listEnvs`, `envSpec`); separate `Registry`
 * objects are handy in tests.
 *
 * @example
 * const local = new Registry();
 * local.register('Coin-v0', ({ arms }) => new Bandit({ arms, pulls: 1 }), { arms: 2 });
 * const env = local.make('Coin-v0', { arms: 3 });
 * env.actionSpace.n;          // 3
 * env.spec.kwargs;            // { arms: 3 }
 * local.listEnvs();           // ['Coin-v0']
 * // local.make('Coin-v0', { arm: 3 }) throws: Invalid options for Coin-v0: unknown option `arm` (options: arms)
 */
export class Registry {
  private readonly registrations = new Map<string, Registration>();

  register<Opts extends object>(
    id: string,
    factory: EnvFactory<Opts>,
    defaults: Opts,
    settings: RegisterSettings<Opts> = {},
  ): EnvSpec {
    const canonicalId = formatEnvId(parseEnvId(id));
    if (canonicalId !== id) throw new RegistryError(`Expects a canonical environment id '${canonicalId}', actual: '${id}'`);
    if (typeof factory !== 'function') {
      throw new RegistryError(`Expects the factory of ${id} to be a function, actual: ${describeValue(factory)}`);
    }
    if (typeof defaults !== 'object' || defaults === null || Array.isArray(defaults)) {
      throw new RegistryError(`Expects the defaults of ${id} to be an object of options, actual: ${describeValue(defaults)}`);
    }
    if (this.registrations.has(id) && settings.overwrite !== true) {
      throw new RegistryError(`${id} is already registered; pass { overwrite: true } to replace it`);
    }
    const { maxEpisodeSteps, description } = settings;
    if (maxEpisodeSteps !== undefined && (!Number.isSafeInteger(maxEpisodeSteps) || maxEpisodeSteps < 1)) {
      throw new RegistryError(`Expects \`maxEpisodeSteps\` of ${id} to be a positive integer, actual: ${describeValue(maxEpisodeSteps)}`);
    }
    const defaultRecord = { ...(defaults as Record<string, unknown>) };
    const schema: z.ZodType = settings.schema ?? schemaFromDefaults(defaultRecord);
    const optionKeys = new Set(Object.keys(defaultRecord));
    if (schema instanceof z.ZodObject) for (const key of Object.keys(schema.shape)) optionKeys.add(key);
    const checked = schema.safeParse(defaultRecord);
    if (!checked.success) {
      throw new RegistryError(`The defaults of ${id} fail its schema: ${describeIssues(checked.error.issues)}`);
    }
    const registration: Registration = {
      id,
      factory: factory as EnvFactory<unknown>,
      defaults: Object.freeze(defaultRecord),
      schema,
      optionKeys,
      maxEpisodeSteps,
      description,
    };
    this.registrations.set(id, registration);
    return specOf(registration, registration.defaults);
  }

  /** A new environment built from `id`'s factory with the defaults overridden by `options`. */
  make(id: string, options: Readonly<Record<string, unknown>> = {}, settings: MakeSettings = {}): Env<unknown, unknown> {
    const registration = this.lookup(id);
    if (typeof options !== 'object' || options === null || Array.isArray(options)) {
      throw new InvalidOptionsError(`Expects the options of ${id} to be an object, actual: ${describeValue(options)}`);
    }
    const unknownKeys = Object.keys(options).filter((key) => !registration.optionKeys.has(key));
    if (unknownKeys.length > 0) {
      const listed = unknownKeys.map((key) => `\`${key}\``).join(', ');
      const allowed = [...registration.optionKeys].join(', ') || 'none';
      throw new InvalidOptionsError(
        `Invalid options for ${id}: unknown option${unknownKeys.length > 1 ? 's' : ''} ${listed} (options: ${allowed})`,
      );
    }
    const parsed = registration.schema.safeParse({ ...registration.defaults, ...options });
    if (!parsed.success) throw new InvalidOptionsError(`Invalid options for ${id}: ${describeIssues(parsed.error.issues, registration.schema)}`);
    const kwargs = parsed.data as Record<string, unknown>;
    const env: unknown = registration.factory(kwargs);
    if (!isEnv(env)) throw new RegistryError(`Expects the factory of ${id} to return an Env, actual: ${describeValue(env)}`);
    const maxEpisodeSteps = settings.maxEpisodeSteps ?? registration.maxEpisodeSteps;
    env.spec = { ...specOf(registration, kwargs), maxEpisodeSteps };
    return maxEpisodeSteps === undefined ? env : new TimeLimit(env, maxEpisodeSteps);
  }

  /** The registered ids, sorted. */
  listEnvs(): string[] {
    return [...this.registrations.keys()].sort();
  }

  /** Whether `id` is registered. */
  has(id: string): boolean {
    return this.registrations.has(id);
  }

  /** The registration of `id`, with its default options as `kwargs`. */
  spec(id: string): EnvSpec {
    const registration = this.lookup(id);
    return specOf(registration, registration.defaults);
  }

  private lookup(id: string): Registration {
    const { namespace, name } = parseEnvId(id);
    const registration = this.registrations.get(id);
    if (registration !== undefined) return registration;
    const sameName = this.listEnvs().filter((other) => {
      const parsed = parseEnvId(other);
      return parsed.namespace === namespace && parsed.name === name;
    });
    if (sameName.length > 0) {
      throw new RegistryError(`No environment registered as ${id}; registered versions: ${sameName.join(', ')}`);
    }
    const lowered = name.toLowerCase();
    const similar = this.listEnvs().filter((other) => parseEnvId(other).name.toLowerCase() === lowered);
    const hint = similar.length > 0 ? `; did you mean ${similar.join(' or ')}?` : `; registered: ${this.listEnvs().join(', ') || 'none'}`;
    throw new RegistryError(`No environment registered as ${id}${hint}`);
  }
}

function specOf(registration: Registration, kwargs: Readonly<Record<string, unknown>>): EnvSpec {
  return {
    id: registration.id,
    kwargs: Object.freeze({ ...kwargs }),
    maxEpisodeSteps: registration.maxEpisodeSteps,
    description: registration.description,
  };
}

/** A strict schema whose every key takes the type of its default value. */
function schemaFromDefaults(defaults: Readonly<Record<string, unknown>>): z.ZodType {
  const shape: Record<string, z.ZodType> = {};
  for (const [key, value] of Object.entries(defaults)) shape[key] = schemaLike(value);
  return z.strictObject(shape);
}

function schemaLike(value: unknown): z.ZodType {
  if (Array.isArray(value)) return z.array(z.unknown());
  switch (typeof value) {
    case 'number':
      return z.number();
    case 'string':
      return z.string();
    case 'boolean':
      return z.boolean();
    case 'object':
      return value === null ? z.unknown() : z.record(z.string(), z.unknown());
    default:
      return z.unknown();
  }
}

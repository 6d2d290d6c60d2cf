/** Versioned environment ids: `[namespace/]Name-vN`, e.g. `CoDesign-v0` or `codesign/GridWalk-v1`. */
import { describeValue } from './describe-value.js';
import { RegistryError } from './errors.js';

export interface EnvId {
  readonly namespace: string | undefined;
  readonly name: string;
  readonly version: number;
}

const ENV_ID = /^(?:([A-Za-z][\w.-]*)\/)?([A-Za-z][\w.-]*?)-v(0|[1-9]\d*)$/;

/**
 * The parts of an id; throws a RegistryError for anything else (no version, bad characters,
 * leading zeros in the version).
 *
 * @example
 * parseEnvId('codesign/GridWalk-v1');   // { namespace: 'codesign', name: 'GridWalk', version: 1 }
 */
export function parseEnvId(id: unknown): EnvId {
  const match = typeof id === 'string' ? ENV_ID.exec(id) : null;
  if (match === null) {
    throw new RegistryError(
      `Expects an environment id like 'Name-v0' (letters, digits, '_', '.', '-'; optional 'namespace/' prefix; version after '-v'), actual: ${describeValue(id)}`,
    );
  }
  return { namespace: match[1], name: match[2] as string, version: Number(match[3]) };
}

/** The id written from its parts. */
export function formatEnvId({ namespace, name, version }: EnvId): string {
  return `${namespace === undefined ? '' : `${namespace}/`}${name}-v${version}`;
}

/** Agents from the user's own modules: `--agent ./my-agent.js` places a new algorithm beside the shipped ones. */
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describeValue } from '../src/gym/index.js';
import type { Agent } from './agent.js';
import { makeAgent } from './agent-table.js';
import { UnknownAgentError } from './errors.js';

/**
 * Whether a command-line agent argument names a module file rather than a shipped agent.
 *
 * @example
 * [isAgentModulePath('./my-agent.js'), isAgentModulePath('bo')];   // [true, false]
 */
export function isAgentModulePath(name: string): boolean {
  return /[\\/]/.test(name) || /\.(c|m)?js$/.test(name);
}

function isAgent(value: unknown): value is Agent<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && typeof (value as { run?: unknown }).run === 'function' && typeof (value as { name?: unknown }).name === 'string';
}

/**
 * The agent a module exports (its default export, else an export named `agent`): an agent object
 * (with `name` and `run(env, { budget, seed })`), a class whose instances are agents, or a function
 * that returns one (called with `hyperparameters`). Throws `UnknownAgentError` saying what the module
 * holds instead.
 *
 * @example
 * const file = join(mkdtempSync(join(tmpdir(), 'agent-')), 'named.mjs');
 * writeFileSync(file, "export default { name: 'named', run() { throw new Error('not run in this example'); } };");
 * (await loadAgentModule(file)).name;   // 'named': the name its results are filed under
 */
export async function loadAgentModule(path: string, hyperparameters: Record<string, unknown> = {}): Promise<Agent<Record<string, unknown>>> {
  const absolute = isAbsolute(path) ? path : resolve(process.cwd(), path);
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(absolute).href)) as Record<string, unknown>;
  } catch (error) {
    throw new UnknownAgentError(`Cannot load the agent module ${absolute}: ${(error as Error).message}`);
  }
  const exported = module['default'] ?? module['agent'];
  if (isAgent(exported)) return exported;
  if (typeof exported === 'function') {
    let made: unknown;
    try {
      made = /^class\b/.test(Function.prototype.toString.call(exported))
        ? new (exported as new (h: Record<string, unknown>) => unknown)(hyperparameters)
        : (exported as (h: Record<string, unknown>) => unknown)(hyperparameters);
    } catch (error) {
      throw new UnknownAgentError(`The agent module ${absolute} failed to build its agent: ${(error as Error).message}`);
    }
    if (isAgent(made)) return made;
    throw new UnknownAgentError(`Expects the agent module ${absolute} to build an agent (an object with \`name\` and \`run(env, settings)\`), actual: ${describeValue(made)}`);
  }
  throw new UnknownAgentError(
    `Expects the agent module ${absolute} to export (as default, or as \`agent\`) an agent, an agent class or a function returning an agent, actual: ${describeValue(exported)}`,
  );
}

/**
 * A shipped agent by name, or the agent of a module file (see `isAgentModulePath`).
 *
 * @example
 * (await resolveAgent('random')).name;   // 'random'
 */
export async function resolveAgent(name: string, hyperparameters: Record<string, unknown> = {}): Promise<Agent<Record<string, unknown>>> {
  return isAgentModulePath(name) ? loadAgentModule(name, hyperparameters) : makeAgent(name, hyperparameters);
}

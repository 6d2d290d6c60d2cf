/** The agents by name, so that a command line can say `--agent bo`. */
import type { Agent } from './agent.js';
import { BayesianOptimizationAgent } from './bayesian/bayesian-optimization-agent.js';
import { UnknownAgentError } from './errors.js';
import { EvolutionAgent } from './evolution-agent.js';
import { PpoAgent } from './ppo-agent.js';
import { RandomAgent } from './random-agent.js';
import { ReinforceAgent } from './reinforce-agent.js';

/** Builds an agent from (validated) hyperparameters. */
export type AgentFactory = (hyperparameters?: Record<string, unknown>) => Agent<Record<string, unknown>>;

/** Every agent of the package by its short name; `tfjs` says whether it runs TF.js networks. */
export const AGENTS: Readonly<Record<string, { readonly factory: AgentFactory; readonly description: string; readonly tfjs: boolean }>> = Object.freeze({
  random: { factory: (h) => new RandomAgent(h), description: 'uniform random search (the baseline)', tfjs: false },
  evolution: { factory: (h) => new EvolutionAgent(h), description: 'regularised (aging) evolution with tournament selection', tfjs: false },
  bo: { factory: (h) => new BayesianOptimizationAgent(h), description: 'Bayesian optimisation: Matern 5/2 GP with expected improvement', tfjs: false },
  reinforce: { factory: (h) => new ReinforceAgent(h), description: 'REINFORCE with a moving-average baseline (TF.js)', tfjs: true },
  ppo: { factory: (h) => new PpoAgent(h), description: 'PPO actor-critic with GAE (TF.js)', tfjs: true },
});

/** The names `makeAgent` accepts, in the table's order. */
export function listAgents(): string[] {
  return Object.keys(AGENTS);
}

/**
 * The agent called `name`, with `hyperparameters` overriding its defaults; throws `UnknownAgentError`
 * for a name not in `AGENTS` and `InvalidHyperparametersError` for bad hyperparameters.
 *
 * @example
 * makeAgent('bo', { acquisition: 'ucb' }).hyperparameters.acquisition;   // 'ucb'
 * listAgents();   // ['random', 'evolution', 'bo', 'reinforce', 'ppo']
 */
export function makeAgent(name: string, hyperparameters: Record<string, unknown> = {}): Agent<Record<string, unknown>> {
  const entry = Object.hasOwn(AGENTS, name) ? AGENTS[name] : undefined;
  if (entry === undefined) throw new UnknownAgentError(`Unknown agent \`${name}\`; expected one of: ${listAgents().join(', ')}`);
  return entry.factory(hyperparameters);
}

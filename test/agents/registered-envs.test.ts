import { expect } from 'chai';
import { listAgents, makeAgent } from '../../agents/index.js';
import '../../envs/index.js';
import { Discrete, listEnvs, make, MultiDiscrete, type Env } from '../../src/gym/index.js';
import { collect, comparable, doneOf, stepsOf } from './support.js';

/** Small networks and few initial points keep the runs short; the defaults are what the other tests run. */
const FAST: Record<string, Record<string, unknown>> = {
  bo: { initialPoints: 3, fitSteps: 5 },
  reinforce: { hiddenUnits: [8], batchEpisodes: 2 },
  ppo: { hiddenUnits: [8], rolloutEpisodes: 2, minibatchSize: 4, epochs: 1 },
};
const BUDGET = 6;

/** The design environments take both episode modes; the toy ones have their own episodes. */
function settingsOf(id: string): Record<string, unknown>[] {
  return ['Bandit-v0', 'GridWalk-v0'].includes(id) ? [{}] : [{ episodeMode: 'complete' }, { episodeMode: 'sequential' }];
}

describe('every agent on every registered environment with Discrete or MultiDiscrete actions', function () {
  this.timeout(300_000);

  const ids = listEnvs().filter((id) => {
    const space = make(id).actionSpace;
    return space instanceof Discrete || space instanceof MultiDiscrete;
  });

  it('covers the shipped design environments and the toy ones', () => {
    expect(ids).to.include.members(['AcceleratorDesign-v0', 'ArchitectureSelection-v0', 'CoDesign-v0', 'SemiDecoupled-v0', 'Bandit-v0', 'GridWalk-v0']);
  });

  // One instance per setting, shared by every run: an agent resets it first, so a run may not depend on
  // what ran on it before (and building the semi-decoupled reduced set takes seconds).
  const instances = new Map<string, Env<unknown, unknown>>();
  const instance = (id: string, options: Record<string, unknown>): Env<unknown, unknown> => {
    const key = `${id} ${JSON.stringify(options)}`;
    if (!instances.has(key)) instances.set(key, make(id, options) as Env<unknown, unknown>);
    return instances.get(key)!;
  };

  for (const id of ids) {
    for (const options of settingsOf(id)) {
      for (const name of listAgents()) {
        it(`${name} on ${id} ${JSON.stringify(options)}: spends the budget, and the same seed gives the same events`, async () => {
          const agent = makeAgent(name, FAST[name]);
          const first = await collect(agent, instance(id, options), { budget: BUDGET, seed: 11 });
          const second = await collect(agent, instance(id, options), { budget: BUDGET, seed: 11 });
          expect(comparable(second)).to.deep.equal(comparable(first));
          const done = doneOf(first);
          expect(done.agent).to.equal(name);
          expect(done.evaluations).to.equal(BUDGET);
          expect(stepsOf(first)).to.have.length(done.steps);
        });
      }
    }
  }
});

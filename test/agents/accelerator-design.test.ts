import { expect } from 'chai';
import { listAgents, makeAgent } from '../../agents/index.js';
import '../../envs/index.js';
import { listEnvs, make, type Env } from '../../src/gym/index.js';
import { collect, comparable, doneOf, stepsOf } from './support.js';

const ID = 'AcceleratorDesign-v0';
const FAST: Record<string, Record<string, unknown>> = {
  bo: { initialPoints: 5, fitSteps: 10 },
  reinforce: { hiddenUnits: [16], batchEpisodes: 4 },
  ppo: { hiddenUnits: [16], rolloutEpisodes: 4, minibatchSize: 4 },
};

describe(`agents on ${ID}`, function () {
  this.timeout(60_000);

  before(function () {
    if (!listEnvs().includes(ID)) {
      // The environment comes from envs/; without it there is nothing to run against.
      this.skip();
    }
  });

  for (const episodeMode of ['complete', 'sequential'] as const) {
    for (const name of listAgents()) {
      it(`${name} (${episodeMode} episodes): the same seed twice gives identical event streams`, async () => {
        const env = (): Env<unknown, unknown> => make(ID, { networks: ['resnet50'], episodeMode });
        const agent = makeAgent(name, FAST[name]);
        const budget = episodeMode === 'complete' ? 24 : 8;
        const first = await collect(agent, env(), { budget, seed: 3 });
        const second = await collect(agent, env(), { budget, seed: 3 });
        expect(comparable(second)).to.deep.equal(comparable(first));
        const steps = stepsOf(first);
        // Evaluations count new designs: each costs one step in complete episodes, four decisions in sequential ones.
        expect(steps.filter((step) => step.design !== null && !step.repeat)).to.have.length(budget);
        expect(steps).to.have.length(doneOf(first).steps);
        expect(doneOf(first).evaluationUnit).to.equal('design');
        const evaluated = steps.filter((step) => step.design !== null);
        expect(evaluated.length).to.be.greaterThan(0);
        for (const step of evaluated) {
          expect(step.design).to.have.property('numPes');
          expect(step.design).to.have.property('dataflow');
          expect(step.metrics).to.have.property('feasible');
          if (step.metrics['feasible'] === true) expect(step.metrics['latencyCycles']).to.be.a('number');
        }
        const done = doneOf(first);
        expect(done.best?.design).to.not.equal(null);
        expect(done.evaluations).to.equal(budget);
      });
    }
  }
});

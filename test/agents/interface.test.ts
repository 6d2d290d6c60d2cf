import { expect } from 'chai';
import { take } from 'rxjs';
import {
  AGENTS,
  listAgents,
  makeAgent,
  SearchAgent,
  UnsupportedEnvError,
  type SearchEvent,
} from '../../agents/index.js';
import { Box, Env, make, type ResetResult, type StepResult } from '../../src/gym/index.js';
import { QuadraticDesignEnv, SequentialDesignEnv } from './fixtures.js';
import { collect, comparable, doneOf, settle, stepsOf } from './support.js';

/** Small networks keep the TF.js agents quick in tests. */
const FAST: Record<string, Record<string, unknown>> = {
  bo: { initialPoints: 4, fitSteps: 10 },
  reinforce: { hiddenUnits: [16], batchEpisodes: 4 },
  ppo: { hiddenUnits: [16], rolloutEpisodes: 4, minibatchSize: 4, epochs: 2 },
};

const TOY_ENVS: Record<string, () => Env<unknown, unknown>> = {
  'Bandit-v0': () => make('Bandit-v0', { arms: 5, pulls: 7 }),
  'GridWalk-v0': () => make('GridWalk-v0', { width: 3, height: 3 }),
  'quadratic MultiDiscrete': () => new QuadraticDesignEnv([4, 3, 5], [2, 0, 4], 3) as Env<unknown, unknown>,
  'sequential decisions': () => new SequentialDesignEnv([4, 3, 5], [2, 0, 4]) as Env<unknown, unknown>,
};

/** Counts its steps, and can be told to fail at a given step. */
class CountingEnv extends QuadraticDesignEnv {
  stepCount = 0;
  failAt = Infinity;

  constructor() {
    super([5, 5], [1, 3], 4);
  }

  protected override onStep(action: number[]): StepResult<number[]> {
    this.stepCount++;
    if (this.stepCount === this.failAt) throw new RangeError('cost model exploded');
    return super.onStep(action);
  }
}

function checkStream(events: readonly SearchEvent[], budget: number): void {
  const steps = stepsOf(events);
  expect(steps.map((step) => step.evaluation)).to.deep.equal(Array.from({ length: budget }, (_, i) => i + 1));
  let best = -Infinity;
  let bestHasDesign = false;
  events.forEach((event, i) => {
    if (event.type === 'best') {
      const previous = events[i - 1];
      expect(previous?.type).to.equal('step');
      expect(event.evaluation).to.equal((previous as { evaluation: number }).evaluation);
      const firstDesign = event.design !== null && !bestHasDesign;
      if (!firstDesign) expect(event.reward).to.be.greaterThan(best);
      best = event.reward;
      bestHasDesign = event.design !== null;
    }
    if (event.type === 'episode') {
      const step = [...events.slice(0, i)].reverse().find((e) => e.type === 'step');
      expect(step !== undefined && step.type === 'step' && (step.terminated || step.truncated)).to.equal(true);
    }
  });
  const done = doneOf(events);
  expect(done.evaluations).to.equal(budget);
  expect(done.best?.reward).to.equal(best);
  expect(events.filter((event) => event.type === 'done')).to.have.length(1);
}

describe('agents: one interface', function () {
  this.timeout(60_000);

  for (const name of listAgents()) {
    describe(name, () => {
      for (const [envName, makeEnv] of Object.entries(TOY_ENVS)) {
        it(`runs on ${envName}, and the same seed gives the same events (wall time aside)`, async () => {
          const agent = makeAgent(name, FAST[name]);
          const budget = 20;
          const first = await collect(agent, makeEnv(), { budget, seed: 7 });
          const second = await collect(agent, makeEnv(), { budget, seed: 7 });
          checkStream(first, budget);
          expect(comparable(second)).to.deep.equal(comparable(first));
          const done = doneOf(first);
          expect(done.agent).to.equal(name);
          expect(done.hyperparameters).to.deep.equal(agent.hyperparameters);
          expect(done.tfjsBackend === null).to.equal(!AGENTS[name]?.tfjs);
          if (done.tfjsBackend !== null) expect(['tensorflow', 'wasm', 'cpu']).to.include(done.tfjsBackend);
        });
      }

      it('gives a different search for a different seed', async () => {
        const agent = makeAgent(name, FAST[name]);
        const env = (): Env<unknown, unknown> => new QuadraticDesignEnv([6, 6, 6], [1, 2, 3]) as Env<unknown, unknown>;
        const first = stepsOf(await collect(agent, env(), { budget: 12, seed: 1 })).map((step) => step.action);
        const second = stepsOf(await collect(agent, env(), { budget: 12, seed: 2 })).map((step) => step.action);
        expect(second).to.not.deep.equal(first);
      });

      it('stops stepping the environment when unsubscribed', async () => {
        const env = new CountingEnv();
        const seen: SearchEvent[] = [];
        await new Promise<void>((resolve, reject) => {
          makeAgent(name, FAST[name])
            .run(env as Env<unknown, unknown>, { budget: 1000, seed: 0 })
            .pipe(take(5))
            .subscribe({ next: (event) => seen.push(event), complete: resolve, error: reject });
        });
        await settle();
        expect(seen).to.have.length(5);
        expect(env.stepCount).to.be.at.most(5);
      });

      it('reports an error of the environment as an error notification', async () => {
        const env = new CountingEnv();
        env.failAt = 3;
        let caught: unknown;
        try {
          await collect(makeAgent(name, FAST[name]), env as Env<unknown, unknown>, { budget: 10, seed: 0 });
        } catch (error) {
          caught = error;
        }
        expect(caught).to.be.instanceOf(RangeError);
        expect((caught as Error).message).to.equal('cost model exploded');
      });

      it('refuses an environment whose action space is not Discrete or MultiDiscrete', () => {
        class BoxEnv extends Env<number[], number[]> {
          readonly observationSpace = new Box(0, 1, [1]);
          readonly actionSpace = new Box(0, 1, [2]);
          protected onReset(): ResetResult<number[]> {
            return { observation: [0], info: {} };
          }
          protected onStep(): StepResult<number[]> {
            return { observation: [0], reward: 0, terminated: true, truncated: false, info: {} };
          }
        }
        expect(() => makeAgent(name).run(new BoxEnv() as Env<unknown, unknown>, { budget: 1 })).to.throw(
          UnsupportedEnvError,
          'Expects a Discrete or MultiDiscrete action space, actual: Box(0, 1, (2,), float)',
        );
        expect(() => makeAgent(name).run({} as Env<unknown, unknown>, { budget: 1 })).to.throw(UnsupportedEnvError, 'Expects an environment (Env), actual: {}');
      });
    });
  }

  it('emits step, best, episode and done events in the documented order', async () => {
    class ScriptedAgent extends SearchAgent<object> {
      constructor() {
        super('scripted', {}, {}, {});
      }
      protected async search(session: Parameters<SearchAgent<object>['search']>[0]): Promise<void> {
        for (const choices of [[0, 0], [1, 3], [4, 4]]) await session.step(choices);
      }
    }
    const events = await collect(new ScriptedAgent(), new QuadraticDesignEnv([5, 5], [1, 3], 2) as Env<unknown, unknown>, { budget: 3, seed: 0 });
    expect(events.map((event) => event.type)).to.deep.equal(['step', 'best', 'step', 'best', 'episode', 'step', 'done']);
    const [firstStep] = stepsOf(events);
    expect(firstStep).to.include({ evaluation: 1, episode: 0, step: 1, terminated: false });
    expect(firstStep?.action).to.deep.equal([0, 0]);
    expect(firstStep?.design).to.deep.equal({ knobs: [0, 0] });
    expect(firstStep?.metrics).to.deep.include({ feasible: true });
    expect(doneOf(events)).to.include({ evaluations: 3, episodes: 2, reason: 'budget', seed: 0, budget: 3 });
    expect(doneOf(events).best?.evaluation).to.equal(2);
  });

  it('prefers steps that evaluated a design when choosing the best (sequential episodes)', async () => {
    const events = await collect(makeAgent('random'), new SequentialDesignEnv([4, 3, 5], [3, 0, 4]) as Env<unknown, unknown>, { budget: 9, seed: 0 });
    const bests = events.filter((event) => event.type === 'best');
    expect(bests[0]?.design).to.equal(null);
    expect(bests[1]?.evaluation).to.equal(3);
    expect(bests[1]?.design).to.not.equal(null);
    expect(doneOf(events).best?.design).to.not.equal(null);
  });

  it('seeds the first reset of the environment with the run seed', async () => {
    const first = stepsOf(await collect(makeAgent('random'), make('Bandit-v0', { arms: 3 }), { budget: 5, seed: 11 }));
    const second = stepsOf(await collect(makeAgent('random'), make('Bandit-v0', { arms: 3 }), { budget: 5, seed: 11 }));
    expect(second.map((step) => step.reward)).to.deep.equal(first.map((step) => step.reward));
  });

  it('runs with seed 0 when none is given', async () => {
    const events = await collect(makeAgent('random'), make('Bandit-v0'), { budget: 2 } as { budget: number; seed: number });
    expect(doneOf(events).seed).to.equal(0);
  });
});

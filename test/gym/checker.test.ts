import { expect } from 'chai';
import {
  Discrete,
  Env,
  EnvCheckError,
  FlattenObservation,
  RecordEpisodeStatistics,
  Space,
  TimeLimit,
  checkEnv,
  envCheckRules,
  make,
  type DiscreteJSON,
  type ResetArgs,
  type ResetResult,
  type StepResult,
} from '../../src/gym/index.js';
import { Countdown } from './fixtures.js';

/** A valid environment that each broken variant below changes in one way. */
class Valid extends Env<number, number> {
  observationSpace: Space<number, unknown> = new Discrete(3);
  actionSpace: Space<number, unknown> = new Discrete(2);
  protected position = 0;

  protected onReset(_args: ResetArgs): ResetResult<number> {
    this.position = 0;
    return { observation: 0, info: {} };
  }

  protected onStep(action: number): StepResult<number> {
    this.position += action;
    return { observation: this.position, reward: action, terminated: this.position >= 2, truncated: false, info: { position: this.position } };
  }
}

/** A space whose samples fall outside itself. */
class LeakySpace extends Discrete {
  override sample(): number {
    return this.n;
  }
  override toJSON(): DiscreteJSON {
    return super.toJSON();
  }
}

let globalCounter = 0;

const brokenEnvs: Record<string, () => unknown> = {
  'env-type': () => ({ reset() {}, step() {} }),
  'observation-space': () => Object.assign(new Valid(), { observationSpace: 'Discrete(3)' }),
  'action-space': () => Object.assign(new Valid(), { actionSpace: undefined }),
  'space-samples': () => Object.assign(new Valid(), { actionSpace: new LeakySpace(2) }),
  'reset-result': () =>
    new (class extends Valid {
      protected override onReset(): ResetResult<number> {
        return { observation: 0 } as ResetResult<number>;
      }
    })(),
  'reset-observation': () =>
    new (class extends Valid {
      protected override onReset(): ResetResult<number> {
        return { observation: 7, info: {} };
      }
    })(),
  'reset-options': () =>
    new (class extends Valid {
      protected override onReset(args: ResetArgs): ResetResult<number> {
        if (args.options !== undefined) throw new Error('options are not supported');
        return super.onReset(args);
      }
    })(),
  'reset-seed-determinism': () =>
    new (class extends Valid {
      private resets = 0;
      protected override onReset(args: ResetArgs): ResetResult<number> {
        super.onReset(args);
        return { observation: 0, info: { resets: ++this.resets } };
      }
    })(),
  'step-result': () =>
    new (class extends Valid {
      protected override onStep(action: number): StepResult<number> {
        return { ...super.onStep(action), terminated: 0 as unknown as boolean };
      }
    })(),
  'step-observation': () =>
    new (class extends Valid {
      protected override onStep(action: number): StepResult<number> {
        return { ...super.onStep(action), observation: 3 };
      }
    })(),
  'finite-reward': () =>
    new (class extends Valid {
      protected override onStep(action: number): StepResult<number> {
        return { ...super.onStep(action), reward: Number.POSITIVE_INFINITY };
      }
    })(),
  'step-determinism': () =>
    new (class extends Valid {
      protected override onStep(action: number): StepResult<number> {
        return { ...super.onStep(action), reward: globalCounter++ };
      }
    })(),
  'invalid-action': () =>
    new (class extends Valid {
      override step(action: number): StepResult<number> {
        return this.onStep(action);
      }
    })(),
  'step-after-end': () =>
    new (class extends Valid {
      override step(action: number): StepResult<number> {
        if (!this.actionSpace.contains(action)) throw new Error('bad action');
        return this.onStep(action);
      }
    })(),
  render: () =>
    new (class extends Valid {
      override render(): string {
        return 42 as unknown as string;
      }
    })(),
  'close-twice': () =>
    new (class extends Valid {
      private isShut = false;
      override close(): void {
        if (this.isShut) throw new Error('already closed');
        this.isShut = true;
      }
    })(),
};

const expectedMessages: Record<string, string> = {
  'env-type': 'env-type: checkEnv expects an environment built on Env (directly or through Mixin), actual: {',
  'observation-space': 'observation-space: `observationSpace` must be a Space (Discrete, MultiDiscrete, Box, Dict, Tuple or a subclass of Space), actual: "Discrete(3)"',
  'action-space': 'action-space: `actionSpace` must be a Space (Discrete, MultiDiscrete, Box, Dict, Tuple or a subclass of Space), actual: undefined',
  'space-samples': 'space-samples: `actionSpace` (Discrete(2)) sampled 2, which its contains() rejects',
  'reset-result': 'reset-result: reset({ seed }) must return { observation, info } with info a plain object, actual: { observation: 0 }',
  'reset-observation': 'reset-observation: The observation of reset() is not inside Discrete(3): 7',
  'reset-options': 'reset-options: reset({ seed, options: {} }) must accept empty options, but it threw: Error: options are not supported',
  'reset-seed-determinism': 'reset-seed-determinism: reset({ seed: 0 }) twice must give the same observation and info, actual: { observation: 0, info: { resets: ',
  'step-result': 'step-result: step() must return { observation, reward: number, terminated: boolean, truncated: boolean, info: plain object }, actual: {',
  'step-observation': 'step-observation: The observation of step 1 is not inside Discrete(3): 3',
  'finite-reward': 'finite-reward: Rewards must be finite numbers (penalise infeasible designs instead), actual at step 1: Infinity',
  'step-determinism': 'step-determinism: The same seed and actions must give the same trajectory; record 1 (resets included) differs',
  'invalid-action': 'invalid-action: step() must throw for an action outside Discrete(2), but it accepted 2',
  'step-after-end': 'step-after-end: step() must throw after the episode ended (at step',
  render: 'render: render() must return a string, actual: 42',
  'close-twice': 'close-twice: close() must be safe to call twice, but it threw: Error: already closed',
};

describe('gym/checker/checkEnv', () => {
  it('passes the toy environments, raw, made and wrapped', () => {
    checkEnv(new Countdown());
    checkEnv(make('Bandit-v0'));
    checkEnv(make('Bandit-v0', { arms: 1, pulls: 1 }), { steps: 5 });
    checkEnv(make('GridWalk-v0', { slip: 0.5 }), { seed: 123, steps: 300 });
    checkEnv(new RecordEpisodeStatistics(new TimeLimit(make('GridWalk-v0', { width: 2, height: 2 }), 3), { clock: () => 0 }));
    checkEnv(new FlattenObservation(make('GridWalk-v0')));
    checkEnv(new Valid());
  });

  it('has one rule per broken environment below, with distinct names', () => {
    const names = envCheckRules.map((rule) => rule.name);
    expect(new Set(names).size).to.equal(names.length);
    expect(Object.keys(brokenEnvs).sort()).to.deep.equal(names.slice().sort());
    for (const rule of envCheckRules) expect(rule.demand).to.match(/\.$/);
  });

  for (const [rule, build] of Object.entries(brokenEnvs)) {
    it(`fails rule ${rule} with its message`, () => {
      let caught: unknown;
      try {
        checkEnv(build());
      } catch (error) {
        caught = error;
      }
      expect(caught, `checkEnv should have failed rule ${rule}`).to.be.instanceOf(EnvCheckError);
      const error = caught as EnvCheckError;
      expect(error.rule).to.equal(rule);
      expect(error.message).to.contain(expectedMessages[rule]);
    });
  }

  it('reports an unexpected exception under the rule that met it', () => {
    const env = new (class extends Valid {
      protected override onStep(): StepResult<number> {
        throw new RangeError('cost model crashed');
      }
    })();
    expect(() => checkEnv(env)).to.throw(EnvCheckError, 'step-result: step() returns { observation, reward, terminated, truncated, info }. Checking it threw RangeError: cost model crashed');
  });

  it('skips the render and close checks on request, leaving the env open', () => {
    const env = brokenEnvs['render']?.() as Valid;
    expect(() => checkEnv(env, { skipRenderCheck: true, skipCloseCheck: true })).to.not.throw();
    expect(env.closed).to.equal(false);
    const closing = new Valid();
    checkEnv(closing);
    expect(closing.closed).to.equal(true);
  });

  it('rejects bad settings clearly', () => {
    expect(() => checkEnv(new Valid(), { steps: 0 })).to.throw(TypeError, 'Expects `steps` of checkEnv to be a positive integer, actual: 0');
    expect(() => checkEnv(new Valid(), { seed: -5 })).to.throw(TypeError, 'Expects `seed` of checkEnv to be an integer in [0, 2^32), actual: -5');
  });
});

import * as tf from '@tensorflow/tfjs';
import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  buildValueNetwork,
  CategoricalPolicy,
  deserializeModel,
  enumerateChoices,
  ObservationEncoder,
  optimizerStep,
  PolicyFileError,
  PpoAgent,
  readPolicyFile,
  ReinforceAgent,
  sampleCategorical,
  seededDense,
  serializeModel,
  softmax,
  trainableVariables,
  trunk,
  UnsupportedEnvError,
  writePolicyFile,
  type PolicyShape,
} from '../../agents/index.js';
import { Box, Dict, Discrete, MultiDiscrete, type Env } from '../../src/gym/index.js';
import { createRng } from '../../src/random/rng.js';
import { loadTfjs } from '../../src/tfjs/backend.js';
import { QuadraticDesignEnv, SequentialDesignEnv } from './fixtures.js';
import { collect, doneOf, stepsOf } from './support.js';

const SHAPES: PolicyShape[] = [
  { observationSize: 3, choiceCounts: [3, 2, 4], hiddenUnits: [8], heads: 'independent' },
  { observationSize: 3, choiceCounts: [3, 2, 4], hiddenUnits: [8, 8], heads: 'autoregressive' },
];

function meanReward(steps: { reward: number }[]): number {
  return steps.reduce((sum, step) => sum + step.reward, 0) / steps.length;
}

describe('TF.js agents', function () {
  this.timeout(60_000);
  let folder: string;

  before(async () => {
    await loadTfjs();
    folder = mkdtempSync(join(tmpdir(), 'codesign-gym-agents-'));
  });

  after(() => rmSync(folder, { recursive: true, force: true }));

  describe('categorical helpers', () => {
    it('softmax is stable for large logits and sampleCategorical follows the probabilities', () => {
      const probabilities = softmax([1000, 1000 + Math.log(3)]);
      expect(probabilities[0]).to.be.closeTo(0.25, 1e-12);
      const rng = createRng(5);
      const ones = Array.from({ length: 4000 }, () => sampleCategorical(probabilities, rng)).filter((index) => index === 1).length;
      expect(ones / 4000).to.be.closeTo(0.75, 0.03);
      expect(sampleCategorical([0.5, 0.5, 0], createRng(1))).to.be.oneOf([0, 1]);
    });
  });

  describe('ObservationEncoder', () => {
    it('flattens and clips', () => {
      const encoder = new ObservationEncoder(new Dict({ a: new Discrete(2), b: new Box(-Infinity, Infinity, [2]) }));
      expect(encoder.size).to.equal(4);
      expect(encoder.encode({ a: 1, b: [1e9, -Infinity] })).to.deep.equal([0, 1, 1000, -1000]);
      expect(new ObservationEncoder(new MultiDiscrete([2, 3])).encode([1, 2])).to.deep.equal([0, 1, 0, 0, 1]);
    });
  });

  describe('CategoricalPolicy', () => {
    for (const shape of SHAPES) {
      it(`(${shape.heads}) is a distribution over every action, and samples from it`, () => {
        const policy = CategoricalPolicy.create(shape, createRng(0));
        const actions = enumerateChoices(shape.choiceCounts);
        const observation = [0.2, -0.4, 1];
        const total = tf.tidy(() => {
          const { logProbabilities } = policy.evaluate(tf.tensor2d(actions.map(() => observation)), actions);
          return logProbabilities.exp().sum().dataSync()[0] as number;
        });
        expect(total).to.be.closeTo(1, 1e-4);
        const rng = createRng(1);
        for (let i = 0; i < 20; i++) {
          const choices = policy.sample(observation, rng);
          expect(new MultiDiscrete(shape.choiceCounts).contains(choices)).to.equal(true);
        }
        const greedy = policy.sample(observation, createRng(2), true);
        expect(policy.sample(observation, createRng(3), true)).to.deep.equal(greedy);
        expect(policy.trainableVariables.length).to.be.greaterThan(0);
        policy.dispose();
      });
    }

    it('starts nearly uniform (entropy close to the maximum) and builds the same weights from the same seed', () => {
      const shape = SHAPES[0] as PolicyShape;
      const first = CategoricalPolicy.create(shape, createRng(9));
      const second = CategoricalPolicy.create(shape, createRng(9));
      const entropy = tf.tidy(() => first.evaluate(tf.tensor2d([[0.1, 0.2, 0.3]]), [[0, 0, 0]]).entropy.dataSync()[0] as number);
      expect(entropy).to.be.closeTo(Math.log(3) + Math.log(2) + Math.log(4), 0.02);
      const weights = (policy: CategoricalPolicy): number[][] => policy.model.getWeights().map((w) => Array.from(w.dataSync()));
      expect(weights(second)).to.deep.equal(weights(first));
      first.dispose();
      second.dispose();
    });

    it('refuses a model of another shape', () => {
      const policy = CategoricalPolicy.create(SHAPES[0] as PolicyShape, createRng(0));
      expect(() => CategoricalPolicy.fromModel({ ...(SHAPES[0] as PolicyShape), choiceCounts: [3, 2] }, policy.model)).to.throw(
        PolicyFileError,
        'Expects a policy model with observation size 3, 1 input(s) and heads [3, 2], actual: observation size 3, 1 input(s) and heads [3, 2, 4]',
      );
      policy.dispose();
    });
  });

  describe('network pieces', () => {
    it('seededDense and trunk build seeded layers; trainableVariables lists what the optimiser updates', () => {
      const input = tf.input({ shape: [2] });
      const output = seededDense(1, createRng(0), 'linear').apply(trunk(input, [4, 3], createRng(1))) as tf.SymbolicTensor;
      const model = tf.model({ inputs: input, outputs: output });
      expect(trainableVariables(model)).to.have.length(6);
      const critic = buildValueNetwork(2, [], createRng(0));
      expect(trainableVariables(critic)).to.have.length(2);
      model.dispose();
      critic.dispose();
    });

    it('optimizerStep descends the loss and clips the gradient norm', () => {
      const weight = tf.variable(tf.tensor1d([3, 4]));
      const optimizer = tf.train.sgd(0.5);
      const first = optimizerStep(optimizer, () => weight.square().sum() as tf.Scalar, [weight], Infinity);
      expect(first.loss).to.equal(25);
      expect(first.gradientNorm).to.be.closeTo(10, 1e-5);
      expect(Array.from(weight.dataSync())).to.deep.equal([0, 0]);
      weight.assign(tf.tensor1d([3, 4]));
      optimizerStep(optimizer, () => weight.square().sum() as tf.Scalar, [weight], 1);
      const after = Array.from(weight.dataSync());
      expect(after[0]).to.be.closeTo(3 - 0.5 * 0.6, 1e-5);
      weight.dispose();
      optimizer.dispose();
    });
  });

  describe('policy files', () => {
    it('round-trip a model through the custom save handler and a JSON file', async () => {
      const critic = buildValueNetwork(3, [5], createRng(4));
      const path = join(folder, 'critic', 'model.json');
      const shape = SHAPES[0] as PolicyShape;
      await writePolicyFile(path, { format: 'codesign-gym-policy', version: 1, agent: 'test', shape, policy: await serializeModel(critic), value: null });
      const file = await readPolicyFile(path);
      expect(file.shape).to.deep.equal(shape);
      const loaded = await deserializeModel(file.policy);
      const input = tf.tensor2d([[0.1, 0.2, 0.3]]);
      expect(Array.from((loaded.predict(input) as tf.Tensor).dataSync())).to.deep.equal(Array.from((critic.predict(input) as tf.Tensor).dataSync()));
      critic.dispose();
      loaded.dispose();
    });

    it('say what is wrong with a file that is not a policy', async () => {
      const notJson = join(folder, 'not.json');
      writeFileSync(notJson, 'hello');
      const other = join(folder, 'other.json');
      writeFileSync(other, JSON.stringify({ format: 'keras' }));
      const broken = join(folder, 'broken.json');
      writeFileSync(broken, JSON.stringify({ format: 'codesign-gym-policy', version: 1, agent: 'x' }));
      const failures = await Promise.all(
        [notJson, other, broken, join(folder, 'missing.json')].map((path) => readPolicyFile(path).then(() => null, (error: unknown) => error as Error)),
      );
      failures.forEach((error) => expect(error).to.be.instanceOf(PolicyFileError));
      expect(failures[0]?.message).to.equal(`Expects a JSON policy file at ${notJson}, actual: text that is not JSON`);
      expect(failures[1]?.message).to.equal(`Expects a codesign-gym-policy file at ${other}, actual format: "keras"`);
      expect(failures[2]?.message).to.include(`Malformed policy file ${broken}: \`shape\``);
      expect(failures[3]?.message).to.include('Cannot read the policy file');
    });
  });

  for (const [name, makeAgent] of [
    ['reinforce', (h: Record<string, unknown>) => new ReinforceAgent(h)],
    ['ppo', (h: Record<string, unknown>) => new PpoAgent(h)],
  ] as const) {
    describe(name, () => {
      it('learns: the mean reward rises over a run on a quadratic design space', async () => {
        const env = new QuadraticDesignEnv([5, 5, 5], [4, 0, 2], 4) as Env<unknown, unknown>;
        const steps = stepsOf(await collect(makeAgent({}), env, { budget: 400, seed: 0 }));
        expect(meanReward(steps.slice(-100))).to.be.greaterThan(meanReward(steps.slice(0, 100)) + 0.3);
      });

      it('works in the sequential episode mode (reward only at the end)', async () => {
        const env = new SequentialDesignEnv([4, 3, 5], [3, 0, 4]) as Env<unknown, unknown>;
        const events = await collect(makeAgent({ heads: 'autoregressive' }), env, { budget: 60, seed: 1 });
        expect(events.filter((event) => event.type === 'episode')).to.have.length(20);
        expect(doneOf(events).details['updates']).to.be.greaterThan(0);
      });

      it('saves its policy to JSON and starts a later run from it', async () => {
        const agent = makeAgent({ hiddenUnits: [8] });
        const env = (): Env<unknown, unknown> => new QuadraticDesignEnv([4, 4], [1, 2], 2) as Env<unknown, unknown>;
        await collect(agent, env(), { budget: 64, seed: 0 });
        const path = join(folder, `${name}.json`);
        await agent.savePolicy(path);
        const saved = await readPolicyFile(path);
        expect(saved.agent).to.equal(name);
        expect(saved.value === null).to.equal(name === 'reinforce');
        const greedy = (agent.networks?.policy as CategoricalPolicy).sample([0], createRng(0), true);
        const warm = makeAgent({ hiddenUnits: [8], learningRate: 1e-9 });
        const events = await collect(warm, env(), { budget: 4, seed: 5, policyFile: path });
        expect(doneOf(events).hyperparameters['policyFile']).to.equal(path);
        expect((warm.networks?.policy as CategoricalPolicy).sample([0], createRng(0), true)).to.deep.equal(greedy);
      });

      it('refuses a policy file of another shape, and saving before any run', async () => {
        const agent = makeAgent({ hiddenUnits: [8] });
        await collect(agent, new QuadraticDesignEnv([4, 4], [1, 2]) as Env<unknown, unknown>, { budget: 8, seed: 0 });
        const path = join(folder, `${name}-small.json`);
        await agent.savePolicy(path);
        let caught: unknown;
        try {
          await collect(makeAgent({ hiddenUnits: [8] }), new QuadraticDesignEnv([4, 5], [1, 2]) as Env<unknown, unknown>, { budget: 4, seed: 0, policyFile: path });
        } catch (error) {
          caught = error;
        }
        expect(caught).to.be.instanceOf(PolicyFileError);
        expect((caught as Error).message).to.include('"choiceCounts":[4,5]');
        let early: unknown;
        await makeAgent({}).savePolicy(path).catch((error: unknown) => (early = error));
        expect((early as Error).message).to.equal(`${name} has no policy to save yet: run it first`);
      });
    });
  }

  it('refuses an observation space that does not flatten', async () => {
    expect(() => new ObservationEncoder({ flatDim: 0 } as never)).to.throw(UnsupportedEnvError);
  });
});

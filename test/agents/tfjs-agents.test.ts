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
  POLICY_FILE_VERSION,
  type PolicyShape,
} from '../../agents/index.js';
import { Box, Dict, Discrete, MultiDiscrete, type Env } from '../../src/gym/index.js';
import { createRng } from '../../src/random/rng.js';
import { loadTfjs } from '../../src/tfjs/backend.js';
import { QuadraticDesignEnv, SequentialDesignEnv } from './fixtures.js';
import { collect, doneOf } from './support.js';

const SHAPES: PolicyShape[] = [
  { observationSize: 3, choiceCounts: [3, 2, 4], hiddenUnits: [8], heads: 'independent' },
  { observationSize: 3, choiceCounts: [3, 2, 4], hiddenUnits: [8, 8], heads: 'autoregressive' },
];


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
          const { choices } = policy.sample(observation, rng);
          expect(new MultiDiscrete(shape.choiceCounts).contains(choices)).to.equal(true);
        }
        const greedy = policy.sample(observation, createRng(2), { greedy: true }).choices;
        expect(policy.sample(observation, createRng(3), { greedy: true }).choices).to.deep.equal(greedy);
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

    it('samples and scores within masks: masked choices get probability 0 and the rest sum to 1', () => {
      const shape = SHAPES[1] as PolicyShape;
      const policy = CategoricalPolicy.create(shape, createRng(4));
      const masks = (head: number, decided: readonly number[]): number[] | undefined =>
        head === 0 ? [0, 1, 1] : head === 2 && decided[1] === 1 ? [1, 0, 0, 0] : undefined;
      const rng = createRng(0);
      for (let i = 0; i < 30; i++) {
        const { choices } = policy.sample([0, 0, 0], rng, { masks });
        expect(choices[0]).to.not.equal(0);
        if (choices[1] === 1) expect(choices[2]).to.equal(0);
      }
      const actions = enumerateChoices(shape.choiceCounts).filter((a) => a[0] !== 0 && (a[1] !== 1 || a[2] === 0));
      const rowMasks = actions.map((a) => [masks(0, []), masks(1, a.slice(0, 1)), masks(2, a.slice(0, 2))]);
      const total = tf.tidy(() => policy.evaluate(tf.tensor2d(actions.map(() => [0, 0, 0])), actions, rowMasks).logProbabilities.exp().sum().dataSync()[0] as number);
      expect(total).to.be.closeTo(1, 1e-4);
      policy.dispose();
    });

    it('gives every weight a gradient at the first update, even when the observation is all zeros (single-step episodes)', () => {
      for (const shape of SHAPES) {
        const policy = CategoricalPolicy.create(shape, createRng(2));
        const choices = [[0, 1, 2], [2, 0, 3], [1, 1, 0]];
        const { grads } = tf.variableGrads(() => {
          const { logProbabilities } = policy.evaluate(tf.zeros([3, 3]) as tf.Tensor2D, choices);
          return logProbabilities.mul(tf.tensor1d([1, -0.5, -0.5])).sum() as tf.Scalar;
        }, policy.trainableVariables);
        const norms = Object.entries(grads).map(([name, grad]) => [name, grad.abs().max().dataSync()[0] as number] as const);
        expect(norms.length).to.equal(policy.trainableVariables.length);
        for (const [name, norm] of norms) expect(norm, `${shape.heads}: ${name}`).to.be.greaterThan(0);
        policy.dispose();
      }
    });

    it('refuses a model of another shape', () => {
      const policy = CategoricalPolicy.create(SHAPES[0] as PolicyShape, createRng(0));
      expect(() => CategoricalPolicy.fromModel({ ...(SHAPES[0] as PolicyShape), choiceCounts: [3, 2] }, policy.model)).to.throw(
        PolicyFileError,
        'Expects a policy model with observation size 3, 2 input(s) and heads [3, 2], actual: observation size 3, 2 input(s) and heads [3, 2, 4]',
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
      expect(trainableVariables(critic)).to.have.length(3);
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
      await writePolicyFile(path, { format: 'codesign-gym-policy', version: POLICY_FILE_VERSION, agent: 'test', shape, policy: await serializeModel(critic), value: null });
      const file = await readPolicyFile(path);
      expect(file.shape).to.deep.equal(shape);
      const loaded = await deserializeModel(file.policy);
      const input = [tf.tensor2d([[0.1, 0.2, 0.3]]), tf.ones([1, 1])];
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
      writeFileSync(broken, JSON.stringify({ format: 'codesign-gym-policy', version: POLICY_FILE_VERSION, agent: 'x' }));
      const old = join(folder, 'old.json');
      writeFileSync(old, JSON.stringify({ format: 'codesign-gym-policy', version: 1, agent: 'x' }));
      const failures = await Promise.all(
        [notJson, other, broken, join(folder, 'missing.json'), old].map((path) => readPolicyFile(path).then(() => null, (error: unknown) => error as Error)),
      );
      failures.forEach((error) => expect(error).to.be.instanceOf(PolicyFileError));
      expect(failures[0]?.message).to.equal(`Expects a JSON policy file at ${notJson}, actual: text that is not JSON`);
      expect(failures[1]?.message).to.equal(`Expects a codesign-gym-policy file at ${other}, actual format: "keras"`);
      expect(failures[2]?.message).to.include(`Malformed policy file ${broken}: \`shape\``);
      expect(failures[3]?.message).to.include('Cannot read the policy file');
      expect(failures[4]?.message).to.include(`Expects version ${POLICY_FILE_VERSION} of the codesign-gym-policy format at ${old}, actual: version 1`);
    });
  });

  for (const [name, makeAgent] of [
    ['reinforce', (h: Record<string, unknown>) => new ReinforceAgent(h)],
    ['ppo', (h: Record<string, unknown>) => new PpoAgent(h)],
  ] as const) {
    describe(name, () => {
      it('works on a stochastic environment whose evaluations count steps (episodes of several steps)', async () => {
        const env = new SequentialDesignEnv([4, 3, 5], [3, 0, 4]) as Env<unknown, unknown>;
        const events = await collect(makeAgent({}), env, { budget: 60, seed: 1 });
        expect(events.filter((event) => event.type === 'episode')).to.have.length(20);
        expect(doneOf(events).evaluationUnit).to.equal('step');
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
        const greedy = (agent.networks?.policy as CategoricalPolicy).sample([0], createRng(0), { greedy: true }).choices;
        const warm = makeAgent({ hiddenUnits: [8], learningRate: 1e-9 });
        const events = await collect(warm, env(), { budget: 4, seed: 5, policyFile: path });
        expect(doneOf(events).hyperparameters['policyFile']).to.equal(path);
        expect((warm.networks?.policy as CategoricalPolicy).sample([0], createRng(0), { greedy: true }).choices).to.deep.equal(greedy);
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

import { expect } from 'chai';
import * as z from 'zod';
import {
  BAYESIAN_OPTIMIZATION_DEFAULTS,
  describeHyperparameterIssues,
  EVOLUTION_DEFAULTS,
  InvalidHyperparametersError,
  listAgents,
  makeAgent,
  parseHyperparameters,
  PPO_DEFAULTS,
  RANDOM_DEFAULTS,
  REINFORCE_DEFAULTS,
  UnknownAgentError,
} from '../../agents/index.js';
import { make } from '../../src/gym/index.js';

/** One bad value per hyperparameter, with the start of the clause its error must contain. */
const NETWORK_CASES: [string, unknown, string][] = [
  ['heads', 'tree', 'Invalid option: expected one of "independent"|"autoregressive" (actual: "tree")'],
  ['hiddenUnits', [0], '`hiddenUnits.0`: Too small: expected number to be >=1 (actual: 0)'],
  ['hiddenUnits', 64, '`hiddenUnits`: Invalid input: expected array, received number (actual: 64)'],
  ['learningRate', 0, '`learningRate`: Too small: expected number to be >0 (actual: 0)'],
  ['gamma', 1.5, '`gamma`: Too big: expected number to be <=1 (actual: 1.5)'],
  ['entropyCoefficient', -0.1, '`entropyCoefficient`: Too small: expected number to be >=0 (actual: -0.1)'],
  ['finalEntropyCoefficient', -1, '`finalEntropyCoefficient`: Too small: expected number to be >=0 (actual: -1)'],
  ['advantages', 'mean', '`advantages`: Invalid option: expected one of "rank"|"standardise" (actual: "mean")'],
  ['maxGradientNorm', 0, '`maxGradientNorm`: Too small: expected number to be >0 (actual: 0)'],
  ['withoutReplacement', 'no', '`withoutReplacement`: Invalid input: expected boolean, received string (actual: "no")'],
  ['policyFile', '', '`policyFile`: Too small: expected string to have >=1 characters (actual: "")'],
];

const CASES: Record<string, [string, unknown, string][]> = {
  random: [['withoutReplacement', 'yes', '`withoutReplacement`: Invalid input: expected boolean, received string (actual: "yes")']],
  evolution: [
    ['populationSize', 1, '`populationSize`: Too small: expected number to be >=2 (actual: 1)'],
    ['populationSize', 2.5, '`populationSize`: Invalid input: expected int, received number (actual: 2.5)'],
    ['tournamentSize', 0, '`tournamentSize`: Too small: expected number to be >=1 (actual: 0)'],
    ['mutationProbability', 0, '`mutationProbability`: Too small: expected number to be >0 (actual: 0)'],
    ['mutationProbability', 'sometimes', "`mutationProbability`: Invalid input: expected 'auto' or a number in (0, 1] (actual: \"sometimes\")"],
    ['crossoverProbability', 1.5, '`crossoverProbability`: Too big: expected number to be <=1 (actual: 1.5)'],
    ['avoidDuplicates', 1, '`avoidDuplicates`: Invalid input: expected boolean, received number (actual: 1)'],
  ],
  bo: [
    ['initialPoints', 0, '`initialPoints`: Too small: expected number to be >=1 (actual: 0)'],
    ['acquisition', 'pi', '`acquisition`: Invalid option: expected one of "ei"|"ucb" (actual: "pi")'],
    ['explorationXi', -1, '`explorationXi`: Too small: expected number to be >=0 (actual: -1)'],
    ['ucbBeta', -1, '`ucbBeta`: Too small: expected number to be >=0 (actual: -1)'],
    ['exhaustiveLimit', -1, '`exhaustiveLimit`: Too small: expected number to be >=0 (actual: -1)'],
    ['localStarts', -1, '`localStarts`: Too small: expected number to be >=0 (actual: -1)'],
    ['randomStarts', 1.5, '`randomStarts`: Invalid input: expected int, received number (actual: 1.5)'],
    ['refitEvery', 0, '`refitEvery`: Too small: expected number to be >=1 (actual: 0)'],
    ['fitPoints', 1, '`fitPoints`: Too small: expected number to be >=2 (actual: 1)'],
    ['fitSteps', -1, '`fitSteps`: Too small: expected number to be >=0 (actual: -1)'],
    ['outputWarping', 'log', '`outputWarping`: Invalid option: expected one of "copula"|"standardize" (actual: "log")'],
  ],
  reinforce: [
    ...NETWORK_CASES,
    ['batchEpisodes', 0, '`batchEpisodes`: Too small: expected number to be >=1 (actual: 0)'],
    ['riskQuantile', 0, '`riskQuantile`: Too small: expected number to be >0 (actual: 0)'],
    ['riskMemory', -1, '`riskMemory`: Too small: expected number to be >=0 (actual: -1)'],
  ],
  ppo: [
    ...NETWORK_CASES,
    ['rolloutEpisodes', 0, '`rolloutEpisodes`: Too small: expected number to be >=1 (actual: 0)'],
    ['epochs', 0, '`epochs`: Too small: expected number to be >=1 (actual: 0)'],
    ['minibatchSize', -1, '`minibatchSize`: Too small: expected number to be >=0 (actual: -1)'],
    ['clipRatio', 0, '`clipRatio`: Too small: expected number to be >0 (actual: 0)'],
    ['gaeLambda', 2, '`gaeLambda`: Too big: expected number to be <=1 (actual: 2)'],
    ['valueCoefficient', -1, '`valueCoefficient`: Too small: expected number to be >=0 (actual: -1)'],
  ],
};

const DEFAULTS: Record<string, object> = {
  random: RANDOM_DEFAULTS,
  evolution: EVOLUTION_DEFAULTS,
  bo: BAYESIAN_OPTIMIZATION_DEFAULTS,
  reinforce: REINFORCE_DEFAULTS,
  ppo: PPO_DEFAULTS,
};

function errorOf(action: () => unknown): Error {
  try {
    action();
  } catch (error) {
    return error as Error;
  }
  throw new Error('Expected an error');
}

describe('agent hyperparameters', () => {
  it('has a case for every hyperparameter of every agent', () => {
    for (const name of listAgents()) {
      const covered = new Set((CASES[name] ?? []).map(([key]) => key));
      expect([...covered].sort(), name).to.deep.equal(Object.keys(DEFAULTS[name] as object).sort());
    }
  });

  for (const name of listAgents()) {
    describe(name, () => {
      it('documents its defaults and uses them', () => {
        expect(makeAgent(name).hyperparameters).to.deep.equal(DEFAULTS[name]);
      });

      for (const [key, value, clause] of CASES[name] ?? []) {
        it(`rejects ${key} = ${JSON.stringify(value)} with a clear message, in run() and in the constructor`, () => {
          const env = make('Bandit-v0');
          const inRun = errorOf(() => makeAgent(name).run(env, { budget: 5, [key]: value }));
          expect(inRun).to.be.instanceOf(InvalidHyperparametersError);
          expect(inRun.message).to.match(new RegExp(`^Invalid hyperparameters for ${name}: `));
          expect(inRun.message).to.include(clause);
          expect(inRun.message).to.include('expected');
          expect(inRun.message).to.include('(actual: ');
          const inConstructor = errorOf(() => makeAgent(name, { [key]: value }));
          expect(inConstructor).to.be.instanceOf(InvalidHyperparametersError);
          expect(inConstructor.message).to.include(clause);
        });
      }

      it('rejects a bad budget, a bad seed and unknown keys', () => {
        const env = make('Bandit-v0');
        const agent = makeAgent(name);
        expect(() => agent.run(env, { budget: 0 })).to.throw(InvalidHyperparametersError, '`budget`: Too small: expected number to be >=1 (actual: 0)');
        expect(() => agent.run(env, { budget: 2.5 })).to.throw(InvalidHyperparametersError, '`budget`: Invalid input: expected int, received number (actual: 2.5)');
        expect(() => agent.run(env, {} as { budget: number })).to.throw(InvalidHyperparametersError, '`budget`: Invalid input: expected number, received undefined (actual: undefined)');
        expect(() => agent.run(env, { budget: 1, seed: -1 })).to.throw(InvalidHyperparametersError, '`seed`: Too small: expected number to be >=0 (actual: -1)');
        expect(() => agent.run(env, { budget: 1, seed: 2 ** 32 })).to.throw(InvalidHyperparametersError, '`seed`: Too big: expected number to be <=4294967295 (actual: 4294967296)');
        expect(() => agent.run(env, { budget: 1, learningrate: 1 } as { budget: number })).to.throw(InvalidHyperparametersError, 'unknown hyperparameter `learningrate`');
        expect(() => makeAgent(name, { colour: 'red', size: 2 })).to.throw(InvalidHyperparametersError, 'unknown hyperparameters `colour`, `size`');
      });
    });
  }

  it('rejects a tournament larger than the population', () => {
    expect(() => makeAgent('evolution').run(make('Bandit-v0'), { budget: 5, tournamentSize: 30 } as { budget: number })).to.throw(
      InvalidHyperparametersError,
      'Invalid hyperparameters for evolution: `tournamentSize` (actual: 30) must be at most `populationSize` (actual: 20)',
    );
  });

  it('names the agents it knows when asked for another', () => {
    expect(() => makeAgent('annealing')).to.throw(UnknownAgentError, 'Unknown agent `annealing`; expected one of: random, evolution, bo, reinforce, ppo');
    expect(() => makeAgent('toString')).to.throw(UnknownAgentError);
    expect(listAgents()).to.deep.equal(['random', 'evolution', 'bo', 'reinforce', 'ppo']);
  });

  it('parseHyperparameters returns the parsed value or lists every problem', () => {
    const schema = z.strictObject({ a: z.number().int(), b: z.boolean() });
    expect(parseHyperparameters('x', schema, { a: 1, b: true })).to.deep.equal({ a: 1, b: true });
    expect(() => parseHyperparameters('x', schema, { a: 0.5, b: 'no' })).to.throw(
      InvalidHyperparametersError,
      'Invalid hyperparameters for x: `a`: Invalid input: expected int, received number (actual: 0.5); `b`: Invalid input: expected boolean, received string (actual: "no")',
    );
  });

  it('describeHyperparameterIssues renders zod issues with the values that arrived', () => {
    const input = { n: -1 };
    const parsed = z.strictObject({ n: z.number().min(0) }).safeParse(input);
    expect(parsed.success).to.equal(false);
    if (!parsed.success) {
      expect(describeHyperparameterIssues(parsed.error.issues, input)).to.equal('`n`: Too small: expected number to be >=0 (actual: -1)');
    }
  });
});

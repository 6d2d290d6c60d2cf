/** The base of the TF.js agents: backend loading through src/tfjs, the trained policy kept after a run, and policy files. */
import type * as tf from '@tensorflow/tfjs';
import * as z from 'zod';
import { loadTfjs } from '../../src/tfjs/backend.js';
import type { Rng } from '../../src/random/rng.js';
import { SearchAgent } from '../agent.js';
import { PolicyFileError } from '../errors.js';
import type { TfjsBackendName } from '../search-event.js';
import type { SearchSession, Transition } from '../search-session.js';
import { ADVANTAGE_NORMALISATIONS, type AdvantageNormalisation } from './advantages.js';
import { ObservationEncoder } from './observation-encoder.js';
import { EvaluatedDesigns } from '../evaluated-designs.js';
import { deserializeModel, readPolicyFile, serializeModel, writePolicyFile, POLICY_FILE_FORMAT, POLICY_FILE_VERSION } from './policy-file.js';
import { CategoricalPolicy, type PolicySample, type PolicyHeads, type PolicyShape } from './policy-network.js';
import { buildValueNetwork } from './value-network.js';

/** Hyperparameters both TF.js agents share. */
export const networkHyperparameterShape = {
  /** 'autoregressive' heads (head i sees the choices before i, as in ConfuciuX) or 'independent' heads per action dimension. Default 'autoregressive'. */
  heads: z.enum(['independent', 'autoregressive']),
  /** Units of the tanh hidden layers (policy and critic alike). Default [64]. */
  hiddenUnits: z.array(z.number().int().min(1).max(4096)).max(8),
  /** Adam's learning rate (the defaults come from the learning-rate sweep, see the README). */
  learningRate: z.number().gt(0).max(1),
  /** Discount of future rewards. Default 1: design episodes are short and only their end is rewarded. */
  gamma: z.number().min(0).max(1),
  /** Weight of the entropy bonus at the start of the run. */
  entropyCoefficient: z.number().min(0).max(100),
  /** Weight of the entropy bonus once the budget is spent; it moves linearly from `entropyCoefficient` with the evaluations spent. */
  finalEntropyCoefficient: z.number().min(0).max(100),
  /** How returns become advantages over the whole batch: centred 'rank's or 'standardise'd values (both to standard deviation 1). Default 'rank'. */
  advantages: z.enum(ADVANTAGE_NORMALISATIONS),
  /** Gradients are scaled down to this global norm. */
  maxGradientNorm: z.number().gt(0).max(1e9),
  /**
   * While every step evaluates a design and evaluations count designs (`evaluationUnit` 'design'), never
   * propose a design already evaluated: each head is masked to the choices that still lead to a new
   * design. Default true.
   */
  withoutReplacement: z.boolean(),
  /** Start from the policy saved in this JSON file (by `savePolicy`) instead of a new one. Default null. */
  policyFile: z.string().min(1).nullable(),
};

/** The shared hyperparameters as the TF.js agents' code reads them. */
export interface NetworkHyperparameters {
  heads: PolicyHeads;
  hiddenUnits: number[];
  learningRate: number;
  gamma: number;
  entropyCoefficient: number;
  finalEntropyCoefficient: number;
  advantages: AdvantageNormalisation;
  maxGradientNorm: number;
  withoutReplacement: boolean;
  policyFile: string | null;
}

/** The networks a TF.js agent trains. */
export interface TrainedNetworks {
  readonly policy: CategoricalPolicy;
  readonly value: tf.LayersModel | null;
}

/** Everything a TF.js search starts from. */
export interface NetworkSetup extends TrainedNetworks {
  readonly tf: typeof tf;
  readonly backend: TfjsBackendName;
  readonly encoder: ObservationEncoder;
}

/**
 * A `SearchAgent` with TF.js networks: `setUp` loads the backend (through `loadTfjs`, the one place
 * that chooses it) and builds or loads the networks; the networks of the last run stay with the agent
 * so that `savePolicy(path)` can write them to a JSON file, which the `policyFile` hyperparameter reads back.
 * Run one search per agent at a time: a new run replaces (and disposes) the previous run's networks.
 *
 * @example
 * const agent = new ReinforceAgent({ hiddenUnits: [8], batchEpisodes: 4 });
 * await lastValueFrom(agent.run(make('Bandit-v0', { arms: 3 }), { budget: 8, seed: 0 }));
 * agent instanceof TfjsSearchAgent;        // true
 * agent.networks.policy.shape.choiceCounts;   // [3]
 */
export abstract class TfjsSearchAgent<Hyperparameters extends NetworkHyperparameters> extends SearchAgent<Hyperparameters> {
  private trained: TrainedNetworks | null = null;

  /** The networks of the last run (null before the first run). */
  get networks(): TrainedNetworks | null {
    return this.trained;
  }

  /**
   * Writes the last run's policy (and critic) to `path` as JSON.
   *
   * @example
   * await lastValueFrom(agent.run(env, { budget: 16, seed: 0 }));
   * await agent.savePolicy('policy.json');
   * agent.run(env, { budget: 16, seed: 1, policyFile: 'policy.json' });   // starts from the saved policy
   */
  async savePolicy(path: string): Promise<void> {
    const trained = this.trained;
    if (trained === null) throw new PolicyFileError(`${this.name} has no policy to save yet: run it first`);
    await writePolicyFile(path, {
      format: POLICY_FILE_FORMAT,
      version: POLICY_FILE_VERSION,
      agent: this.name,
      shape: trained.policy.shape,
      policy: await serializeModel(trained.policy.model),
      value: trained.value === null ? null : await serializeModel(trained.value),
    });
  }

  /** Loads the backend and builds (or loads) the networks for `session`'s environment. */
  protected async setUp(session: SearchSession, hyperparameters: Hyperparameters, rng: Rng, withValue: boolean): Promise<NetworkSetup> {
    const { tf, backend } = await loadTfjs();
    const encoder = new ObservationEncoder(session.observationSpace);
    const shape: PolicyShape = {
      observationSize: encoder.size,
      choiceCounts: session.codec.choiceCounts.slice(),
      hiddenUnits: hyperparameters.hiddenUnits.slice(),
      heads: hyperparameters.heads,
    };
    const policyRng = rng.fork();
    const valueRng = rng.fork();
    let policy: CategoricalPolicy;
    let value: tf.LayersModel | null = null;
    if (hyperparameters.policyFile === null) {
      policy = CategoricalPolicy.create(shape, policyRng);
    } else {
      const file = await readPolicyFile(hyperparameters.policyFile);
      const expected = JSON.stringify(shape);
      if (JSON.stringify(file.shape) !== expected) {
        throw new PolicyFileError(
          `Expects a policy of shape ${expected} for this environment and these hyperparameters, actual in ${hyperparameters.policyFile}: ${JSON.stringify(file.shape)}`,
        );
      }
      policy = CategoricalPolicy.fromModel(shape, await deserializeModel(file.policy));
      if (withValue && file.value !== null) value = await deserializeModel(file.value);
    }
    if (withValue && value === null) value = buildValueNetwork(shape.observationSize, shape.hiddenUnits, valueRng);
    this.trained?.policy.dispose();
    this.trained?.value?.dispose();
    this.trained = { policy, value };
    return { tf, backend: backend as TfjsBackendName, encoder, policy, value };
  }
}

/**
 * How a TF.js agent proposes its next action: a sample of the policy within the environment's action
 * mask and, with `withoutReplacement` (in the `design` unit, whose environments are deterministic),
 * within the choices that still lead to a design not evaluated yet. The path to a design is the
 * choices since the last step that evaluated one: the dimensions of a complete-design action, or the
 * decisions of a sequential episode.
 *
 * @example
 * await loadTfjs();
 * const env = make('AcceleratorDesign-v0', { grid: { numPes: [16, 32, 64], nocBandwidthElemsPerCycle: [300], offchipBandwidthElemsPerCycle: [50], dataflows: ['kcp_ws'] } });
 * const proposed = [];
 * const run = new Observable((subscriber) => {
 *   const session = new SearchSession(env, new ActionCodec(env.actionSpace), subscriber, { budget: 10, seed: 0, evaluationUnit: 'design' });
 *   const policy = CategoricalPolicy.create({ observationSize: 6, choiceCounts: [3], hiddenUnits: [4], heads: 'autoregressive' }, createRng(0));
 *   const proposer = new PolicyProposer(session, policy, true);
 *   const encoder = new ObservationEncoder(env.observationSpace);
 *   const loop = async () => {
 *     while (!proposer.exhausted) {
 *       const { choices } = proposer.propose(encoder.encode(session.observe()), createRng(session.evaluations));
 *       proposer.record(choices, await session.step(choices));
 *       proposed.push(choices[0]);
 *     }
 *     subscriber.complete();
 *   };
 *   void loop();
 * });
 * await lastValueFrom(run.pipe(toArray()));
 * proposed.sort();   // [0, 1, 2]: three proposals, three different designs, then exhausted
 */
export class PolicyProposer {
  private readonly designs = new EvaluatedDesigns();
  private path: number[] = [];

  constructor(
    private readonly session: SearchSession,
    private readonly policy: CategoricalPolicy,
    private readonly withoutReplacement: boolean,
  ) {}

  /** Whether proposals avoid evaluated designs. */
  get tracking(): boolean {
    return this.withoutReplacement && this.session.evaluationUnit === 'design';
  }

  /** Whether every design has been evaluated (only known while tracking). */
  get exhausted(): boolean {
    return this.tracking && this.designs.exhausted;
  }

  /** A sample of the policy for `observation` within the masks. */
  propose(observation: readonly number[], rng: Rng): PolicySample {
    const environmentMask = this.session.actionMask;
    const codec = this.session.codec;
    const tracking = this.tracking;
    return this.policy.sample(observation, rng, {
      masks: (head, decided) => {
        const fromEnv = environmentMask?.[head];
        if (!tracking) return fromEnv;
        return this.designs.allowed([...this.path, ...decided], codec.allowedChoices(head, environmentMask)) ?? fromEnv;
      },
    });
  }

  /** Records a step: its choices extend the path, and a step that evaluated a design (or ended the episode) completes it. */
  record(choices: readonly number[], transition: Transition): void {
    if (!this.tracking) return;
    this.path.push(...choices);
    const design = transition.info['design'];
    if ((design !== undefined && design !== null) || transition.terminated || transition.truncated) {
      this.designs.complete(this.path);
      this.path = [];
    }
  }
}

/** The entropy weight after `spent` of `budget` evaluations: linear from the initial to the final coefficient. */
export function entropyWeight(hyperparameters: Pick<NetworkHyperparameters, 'entropyCoefficient' | 'finalEntropyCoefficient'>, spent: number, budget: number): number {
  const progress = Math.min(1, Math.max(0, spent / budget));
  return hyperparameters.entropyCoefficient + (hyperparameters.finalEntropyCoefficient - hyperparameters.entropyCoefficient) * progress;
}

/** The base of the TF.js agents: backend loading through src/tfjs, the trained policy kept after a run, and policy files. */
import type * as tf from '@tensorflow/tfjs';
import * as z from 'zod';
import { loadTfjs } from '../../src/tfjs/backend.js';
import type { Rng } from '../../src/random/rng.js';
import { SearchAgent } from '../agent.js';
import { PolicyFileError } from '../errors.js';
import type { TfjsBackendName } from '../search-event.js';
import type { SearchSession } from '../search-session.js';
import { ObservationEncoder } from './observation-encoder.js';
import { deserializeModel, readPolicyFile, serializeModel, writePolicyFile, POLICY_FILE_FORMAT, POLICY_FILE_VERSION } from './policy-file.js';
import { CategoricalPolicy, type PolicyHeads, type PolicyShape } from './policy-network.js';
import { buildValueNetwork } from './value-network.js';

/** Hyperparameters both TF.js agents share. */
export const networkHyperparameterShape = {
  /** 'independent' heads per action dimension, or 'autoregressive' heads (head i sees the choices before i, as in ConfuciuX). Default 'independent'. */
  heads: z.enum(['independent', 'autoregressive']),
  /** Units of the tanh hidden layers (policy and critic alike). Default [64]. */
  hiddenUnits: z.array(z.number().int().min(1).max(4096)).max(8),
  /** Adam's learning rate. */
  learningRate: z.number().gt(0).max(1),
  /** Discount of future rewards. Default 0.99. */
  gamma: z.number().min(0).max(1),
  /** Weight of the entropy bonus. Default 0.01. */
  entropyCoefficient: z.number().min(0).max(100),
  /** Gradients are scaled down to this global norm. */
  maxGradientNorm: z.number().gt(0).max(1e9),
  /** Start from the policy saved in this JSON file (by `savePolicy`) instead of a new one. Default null. */
  policyFile: z.string().min(1).nullable(),
};

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
 * const agent = new ReinforceAgent({ hiddenUnits: [8], batchSteps: 4 });
 * await lastValueFrom(agent.run(make('Bandit-v0', { arms: 3 }), { budget: 8, seed: 0 }));
 * agent instanceof TfjsSearchAgent;        // true
 * agent.networks.policy.shape.choiceCounts;   // [3]
 */
export abstract class TfjsSearchAgent<
  Hyperparameters extends { heads: PolicyHeads; hiddenUnits: number[]; policyFile: string | null },
> extends SearchAgent<Hyperparameters> {
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

/** Policies saved to and loaded from one JSON file, through TF.js's custom save handler (file:// needs tfjs-node). */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import * as z from 'zod';
import { PolicyFileError } from '../errors.js';
import type { PolicyShape } from './policy-network.js';

export const POLICY_FILE_FORMAT = 'codesign-gym-policy';
/** Version 2: policies and critics take the observation through a learnable input embedding (inputs `[observation, constant, ...]`). */
export const POLICY_FILE_VERSION = 2;

/** A TF.js model's artifacts with the weights as base64 text. */
export interface SerializedModel {
  readonly modelTopology: Record<string, unknown>;
  readonly weightSpecs: tf.io.WeightsManifestEntry[];
  readonly weightData: string;
}

/** The contents of a policy file. */
export interface PolicyFile {
  readonly format: typeof POLICY_FILE_FORMAT;
  readonly version: typeof POLICY_FILE_VERSION;
  /** The agent that trained it (`reinforce`, `ppo`). */
  readonly agent: string;
  readonly shape: PolicyShape;
  readonly policy: SerializedModel;
  /** The critic, for actor-critic agents. */
  readonly value: SerializedModel | null;
}

const serializedModelSchema = z.object({
  modelTopology: z.record(z.string(), z.unknown()),
  weightSpecs: z.array(z.object({ name: z.string(), shape: z.array(z.number()), dtype: z.string() }).passthrough()),
  weightData: z.string(),
});

const policyFileSchema = z.object({
  format: z.literal(POLICY_FILE_FORMAT),
  version: z.literal(POLICY_FILE_VERSION),
  agent: z.string(),
  shape: z.object({
    observationSize: z.number().int().min(1),
    choiceCounts: z.array(z.number().int().min(1)).min(1),
    hiddenUnits: z.array(z.number().int().min(1)),
    heads: z.enum(['independent', 'autoregressive']),
  }),
  policy: serializedModelSchema,
  value: serializedModelSchema.nullable(),
});

/**
 * A model's topology and weights, captured with `tf.io.withSaveHandler`.
 *
 * @example
 * await loadTfjs();
 * const model = buildValueNetwork(2, [4], createRng(0));
 * const serialized = await serializeModel(model);
 * typeof serialized.weightData;   // 'string'
 */
export async function serializeModel(model: tf.LayersModel): Promise<SerializedModel> {
  let captured: SerializedModel | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const data = artifacts.weightData;
      const buffer = data === undefined ? new ArrayBuffer(0) : tf.io.CompositeArrayBuffer.join(data);
      captured = {
        modelTopology: artifacts.modelTopology as Record<string, unknown>,
        weightSpecs: artifacts.weightSpecs ?? [],
        weightData: Buffer.from(buffer).toString('base64'),
      };
      return { modelArtifactsInfo: { dateSaved: new Date(0), modelTopologyType: 'JSON' } };
    }),
  );
  if (captured === undefined) throw new PolicyFileError('TF.js did not hand the model artifacts to the save handler');
  return captured;
}

/** The model `serializeModel` captured. */
export async function deserializeModel(serialized: SerializedModel): Promise<tf.LayersModel> {
  const bytes = Buffer.from(serialized.weightData, 'base64');
  const weightData = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  return tf.loadLayersModel(
    tf.io.fromMemory({ modelTopology: serialized.modelTopology, weightSpecs: serialized.weightSpecs, weightData }),
  );
}

/** Writes `file` as JSON to `path` (creating its folder). */
export async function writePolicyFile(path: string, file: PolicyFile): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(file)}\n`, 'utf8');
}

/** Reads and checks a policy file; throws `PolicyFileError` saying what is wrong. */
export async function readPolicyFile(path: string): Promise<PolicyFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new PolicyFileError(`Cannot read the policy file ${path}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new PolicyFileError(`Expects a JSON policy file at ${path}, actual: text that is not JSON`);
  }
  const format = (json as { format?: unknown } | null)?.format;
  if (format !== POLICY_FILE_FORMAT) {
    throw new PolicyFileError(`Expects a ${POLICY_FILE_FORMAT} file at ${path}, actual format: ${JSON.stringify(format) ?? 'undefined'}`);
  }
  const version = (json as { version?: unknown }).version;
  if (version !== POLICY_FILE_VERSION) {
    throw new PolicyFileError(
      `Expects version ${POLICY_FILE_VERSION} of the ${POLICY_FILE_FORMAT} format at ${path}, actual: version ${JSON.stringify(version) ?? 'undefined'} (policies of other versions have other networks: train and save again)`,
    );
  }
  const parsed = policyFileSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `\`${issue.path.join('.')}\`: ${issue.message}`).join('; ');
    throw new PolicyFileError(`Malformed policy file ${path}: ${problems}`);
  }
  return parsed.data as PolicyFile;
}

/** The messages between `AsyncVectorEnv` and its worker threads. */
import type { MessagePort } from 'node:worker_threads';
import type { SpaceJSON } from '../spaces/json.js';
import type { AutoresetMode, VectorResetResult, VectorStepResult } from './vector-env.js';

/** What a worker is started with (its `workerData`). */
export interface WorkerSetup {
  readonly id: string;
  readonly options: Readonly<Record<string, unknown>>;
  readonly maxEpisodeSteps: number | undefined;
  readonly imports: readonly string[];
  /** How many sub-environments this worker hosts, and the global index of its first one. */
  readonly count: number;
  readonly firstIndex: number;
  readonly autoresetMode: AutoresetMode;
  /**
   * Int32 counters: `[slot]` is bumped by the worker after every reply, `[workerCount + slot]` by the
   * main thread after every command, so that each side can block until the other has written.
   */
  readonly signals: SharedArrayBuffer;
  readonly slot: number;
  readonly workerCount: number;
  readonly port: MessagePort;
}

export type WorkerCommand =
  | { readonly type: 'reset'; readonly seeds: readonly (number | undefined)[]; readonly options: Readonly<Record<string, unknown>> | undefined }
  | { readonly type: 'step'; readonly actions: readonly unknown[] }
  | { readonly type: 'close' };

export type WorkerReply =
  | { readonly ok: true; readonly type: 'ready'; readonly observationSpace: SpaceJSON; readonly actionSpace: SpaceJSON; readonly envName: string }
  | { readonly ok: true; readonly type: 'reset'; readonly result: VectorResetResult<unknown> }
  | { readonly ok: true; readonly type: 'step'; readonly result: VectorStepResult<unknown> }
  | { readonly ok: true; readonly type: 'closed' }
  | { readonly ok: false; readonly name: string; readonly message: string };

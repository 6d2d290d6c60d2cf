/**
 * A vector environment whose sub-environments live in worker threads, stepped in parallel.
 *
 * Measured on the 2-core development machine (Node 20.20, `node dist/experiments/bench-gym.js`,
 * 8 sub-environments on 2 workers against `SyncVectorEnv` over the same 8, medians of 3 runs):
 * - a round trip to the workers costs ~30 us with 1 worker and ~50-80 us with 2 (both cores busy);
 * - toy GridWalk (~0.1 us per step): async 50-135 k env-steps/s against sync 9-12 M: 100x slower;
 * - ~3 us per step: async/sync 0.2-0.3x;
 * - ~30 us per step: 0.8-1.1x, the break-even;
 * - ~300 us per step: 1.8x;  ~3 ms per step: 1.9x (the 2-core ceiling is 2x).
 * So it pays off once a step costs more than ~30 us (a cost-model evaluation of a whole network
 * typically does); for cheap environments use `SyncVectorEnv`. It returns exactly what
 * `SyncVectorEnv` returns for the same id, options and seeds (tested).
 */
import { availableParallelism } from 'node:os';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import * as z from 'zod';
import { GymError, InvalidActionError, InvalidOptionsError, RegistryError, ResetNeededError, VectorEnvError } from '../errors.js';
import { describeValue } from '../describe-value.js';
import { describeIssues } from '../options.js';
import { spaceFromJSON } from '../spaces/from-json.js';
import type { Space } from '../spaces/space.js';
import type { WorkerCommand, WorkerReply, WorkerSetup } from './async-protocol.js';
import { seedsFor } from './seeds.js';
import { batchSpace } from './sync-vector-env.js';
import {
  AUTORESET_MODES,
  type AutoresetMode,
  type VectorEnv,
  type VectorResetArgs,
  type VectorResetResult,
  type VectorStepResult,
} from './vector-env.js';

const settingsSchema = z.strictObject({
  /** A registered id; each worker builds its sub-environments with `make(id, options)`. */
  id: z.string(),
  numEnvs: z.number().int().min(1),
  options: z.record(z.string(), z.unknown()).default({}),
  maxEpisodeSteps: z.number().int().min(1).optional(),
  /** Worker threads (default: min(numEnvs, available cores)). */
  workers: z.number().int().min(1).optional(),
  /** Modules each worker imports before `make` (absolute file URLs or package names) to register environments. */
  imports: z.array(z.string()).default([]),
  autoresetMode: z.enum(AUTORESET_MODES as [AutoresetMode, ...AutoresetMode[]]).default('next-step'),
  /** How long to wait for a worker's answer before giving up. */
  timeoutMs: z.number().int().min(1).default(60_000),
});

export type AsyncVectorEnvSettings = z.input<typeof settingsSchema>;

interface WorkerHandle {
  readonly worker: Worker;
  readonly port: MessagePort;
  readonly count: number;
}

const ERROR_CLASSES: Readonly<Record<string, new (message: string) => Error>> = {
  InvalidActionError,
  ResetNeededError,
  RegistryError,
  InvalidOptionsError,
  VectorEnvError,
  GymError,
  TypeError,
  RangeError,
};

/**
 * Gymnasium's `AsyncVectorEnv` with the same synchronous interface as `SyncVectorEnv`: `step`
 * sends each worker its slice of actions, then blocks (Atomics.wait) until all have answered.
 * Sub-environment i is built in a worker with `make(id, options)` and reset with `seed + i`, so
 * results equal those of `SyncVectorEnv` over the same ids. Observations and infos cross threads
 * by structured clone. Call `close()` to stop the workers.
 *
 * @example
 * const envs = new AsyncVectorEnv({ id: 'GridWalk-v0', numEnvs: 4, workers: 2 });
 * envs.reset({ seed: 42 });
 * const { rewards } = envs.step([1, 1, 0, 0]);   // Float64Array(4)
 * envs.close();
 */
export class AsyncVectorEnv<Obs = unknown, Act = unknown> implements VectorEnv<Obs, Act> {
  readonly numEnvs: number;
  readonly singleObservationSpace: Space<Obs, unknown>;
  readonly singleActionSpace: Space<Act, unknown>;
  readonly actionSpace: Space<Act[], unknown>;
  readonly autoresetMode: AutoresetMode;
  private readonly workers: readonly WorkerHandle[];
  private readonly signals: Int32Array;
  private readonly timeoutMs: number;
  private readonly envName: string;
  private isClosed = false;

  constructor(settings: AsyncVectorEnvSettings) {
    const parsed = settingsSchema.safeParse(settings);
    if (!parsed.success) throw new TypeError(`Invalid AsyncVectorEnv settings: ${describeIssues(parsed.error.issues)}`);
    const { id, numEnvs, options, maxEpisodeSteps, imports, autoresetMode, timeoutMs } = parsed.data;
    const workerCount = Math.min(numEnvs, parsed.data.workers ?? availableParallelism());
    this.numEnvs = numEnvs;
    this.autoresetMode = autoresetMode;
    this.timeoutMs = timeoutMs;
    const sharedSignals = new SharedArrayBuffer(8 * workerCount);
    this.signals = new Int32Array(sharedSignals);
    const workerUrl = new URL('./async-worker.js', import.meta.url);
    const handles: WorkerHandle[] = [];
    let firstIndex = 0;
    for (let slot = 0; slot < workerCount; slot++) {
      const count = Math.floor(numEnvs / workerCount) + (slot < numEnvs % workerCount ? 1 : 0);
      const { port1, port2 } = new MessageChannel();
      const setup: WorkerSetup = {
        id, options, maxEpisodeSteps, imports, count, firstIndex, autoresetMode, signals: sharedSignals, slot, workerCount, port: port2,
      };
      const worker = new Worker(workerUrl, { workerData: setup, transferList: [port2] });
      worker.unref();
      handles.push({ worker, port: port1, count });
      firstIndex += count;
    }
    this.workers = handles;
    const ready = handles.map((_, slot) => this.receive(slot));
    const failed = ready.find((answer) => !answer.ok);
    if (failed !== undefined) {
      this.terminate();
      throw rebuildError(failed);
    }
    const first = ready[0] as Extract<WorkerReply, { type: 'ready' }>;
    this.singleObservationSpace = spaceFromJSON(first.observationSpace) as Space<Obs, unknown>;
    this.singleActionSpace = spaceFromJSON(first.actionSpace) as Space<Act, unknown>;
    this.actionSpace = batchSpace(this.singleActionSpace, numEnvs);
    this.envName = first.envName;
  }

  get closed(): boolean {
    return this.isClosed;
  }

  /** How many worker threads host the sub-environments. */
  get workerCount(): number {
    return this.workers.length;
  }

  reset(args: VectorResetArgs = {}): VectorResetResult<Obs> {
    this.assertOpen('reset');
    if (typeof args !== 'object' || args === null) {
      throw new TypeError(`Expects reset() arguments as { seed?, options? }, actual: ${describeValue(args)}`);
    }
    const seeds = seedsFor(args.seed, this.numEnvs);
    let offset = 0;
    this.workers.forEach((handle, slot) => {
      this.send(slot, { type: 'reset', seeds: seeds.slice(offset, offset + handle.count), options: args.options });
      offset += handle.count;
    });
    const results = this.gather('reset');
    return {
      observations: results.flatMap((result) => result.observations) as Obs[],
      infos: results.flatMap((result) => result.infos),
    };
  }

  step(actions: readonly Act[]): VectorStepResult<Obs> {
    this.assertOpen('step');
    if (!Array.isArray(actions) || actions.length !== this.numEnvs) {
      throw new TypeError(`Expects ${this.numEnvs} actions (one per sub-environment), actual: ${describeValue(actions)}`);
    }
    let offset = 0;
    this.workers.forEach((handle, slot) => {
      this.send(slot, { type: 'step', actions: actions.slice(offset, offset + handle.count) });
      offset += handle.count;
    });
    const results = this.gather('step');
    const rewards = new Float64Array(this.numEnvs);
    let position = 0;
    for (const result of results) {
      rewards.set(result.rewards, position);
      position += result.rewards.length;
    }
    return {
      observations: results.flatMap((result) => result.observations) as Obs[],
      rewards,
      terminations: results.flatMap((result) => result.terminations),
      truncations: results.flatMap((result) => result.truncations),
      infos: results.flatMap((result) => result.infos),
    };
  }

  /** Closes the sub-environments and stops the workers; safe to call more than once. */
  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.workers.forEach((_, slot) => this.send(slot, { type: 'close' }));
    try {
      this.workers.forEach((_, slot) => this.receive(slot));
    } finally {
      this.terminate();
    }
  }

  toString(): string {
    return `AsyncVectorEnv(${this.numEnvs} x ${this.envName}, ${this.workers.length} workers)`;
  }

  private assertOpen(operation: string): void {
    if (this.isClosed) throw new VectorEnvError(`Cannot ${operation}() a closed ${this.toString()}`);
  }

  private send(slot: number, command: WorkerCommand): void {
    (this.workers[slot] as WorkerHandle).port.postMessage(command);
    const commandSlot = this.workers.length + slot;
    Atomics.add(this.signals, commandSlot, 1);
    Atomics.notify(this.signals, commandSlot);
  }

  /** Every worker's result for the command just sent, in order; throws the first error after all answered. */
  private gather(type: 'reset'): VectorResetResult<unknown>[];
  private gather(type: 'step'): VectorStepResult<unknown>[];
  private gather(type: 'reset' | 'step'): (VectorResetResult<unknown> | VectorStepResult<unknown>)[] {
    const answers = this.workers.map((_, slot) => this.receive(slot));
    const failed = answers.find((answer) => !answer.ok);
    if (failed !== undefined) throw rebuildError(failed);
    return answers.map((answer) => {
      if (answer.ok && answer.type === type && (answer.type === 'reset' || answer.type === 'step')) return answer.result;
      throw new VectorEnvError(`Expected a '${type}' answer from a worker, actual: ${describeValue(answer)}`);
    });
  }

  /** Blocks until worker `slot` answers. */
  private receive(slot: number): WorkerReply {
    const port = (this.workers[slot] as WorkerHandle).port;
    const deadline = Date.now() + this.timeoutMs;
    for (;;) {
      const seen = Atomics.load(this.signals, slot);
      const message = receiveMessageOnPort(port);
      if (message !== undefined) return message.message as WorkerReply;
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        this.isClosed = true;
        this.terminate();
        throw new VectorEnvError(`Worker ${slot} of ${this.toString()} did not answer within ${this.timeoutMs} ms; the workers were stopped`);
      }
      Atomics.wait(this.signals, slot, seen, Math.min(remaining, 1000));
    }
  }

  private terminate(): void {
    for (const { worker, port } of this.workers) {
      port.close();
      void worker.terminate();
    }
  }
}

function rebuildError(reply: WorkerReply): Error {
  if (reply.ok) return new VectorEnvError(`Unexpected worker answer: ${describeValue(reply)}`);
  const ErrorClass = ERROR_CLASSES[reply.name];
  return ErrorClass === undefined ? new VectorEnvError(`${reply.name} in a worker: ${reply.message}`) : new ErrorClass(reply.message);
}

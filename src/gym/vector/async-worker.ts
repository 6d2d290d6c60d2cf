/** The worker thread of `AsyncVectorEnv`: hosts a `SyncVectorEnv` slice and answers commands. */
import { receiveMessageOnPort, workerData } from 'node:worker_threads';
import { make } from '../default-registry.js';
import type { WorkerCommand, WorkerReply, WorkerSetup } from './async-protocol.js';
import { SyncVectorEnv } from './sync-vector-env.js';

const setup = workerData as WorkerSetup;
const signals = new Int32Array(setup.signals);
const replySlot = setup.slot;
const commandSlot = setup.workerCount + setup.slot;
const port = setup.port;

function reply(message: WorkerReply): void {
  try {
    port.postMessage(message);
  } catch (error) {
    port.postMessage(failure(error));
  }
  Atomics.add(signals, replySlot, 1);
  Atomics.notify(signals, replySlot);
}

/** The error as a message; sub-environment indices are made global. */
function failure(error: unknown): WorkerReply {
  const name = error instanceof Error ? error.name : 'Error';
  const message = error instanceof Error ? error.message : String(error);
  const global = message.replace(/^sub-environment (\d+): /, (_, local: string) => `sub-environment ${setup.firstIndex + Number(local)}: `);
  return { ok: false, name, message: global };
}

/** Answers one command; returns false once the worker should stop. */
function handle(envs: SyncVectorEnv<unknown, unknown>, command: WorkerCommand): boolean {
  try {
    switch (command.type) {
      case 'reset':
        reply({ ok: true, type: 'reset', result: envs.reset({ seed: command.seeds, options: command.options }) });
        return true;
      case 'step':
        reply({ ok: true, type: 'step', result: envs.step(command.actions) });
        return true;
      case 'close':
        envs.close();
        reply({ ok: true, type: 'closed' });
        return false;
    }
  } catch (error) {
    reply(failure(error));
  }
  return true;
}

/**
 * Blocks on the command counter instead of waiting for 'message' events: the worker has nothing
 * else to do, and this halves the round-trip latency.
 */
function serve(envs: SyncVectorEnv<unknown, unknown>): void {
  for (;;) {
    const seen = Atomics.load(signals, commandSlot);
    const message = receiveMessageOnPort(port);
    if (message === undefined) {
      Atomics.wait(signals, commandSlot, seen);
      continue;
    }
    if (!handle(envs, message.message as WorkerCommand)) break;
  }
  port.close();
}

async function start(): Promise<void> {
  try {
    for (const specifier of setup.imports) await import(specifier);
    const factories = Array.from({ length: setup.count }, () => () =>
      make(setup.id, setup.options, { maxEpisodeSteps: setup.maxEpisodeSteps }),
    );
    const envs = new SyncVectorEnv(factories, { autoresetMode: setup.autoresetMode });
    reply({
      ok: true,
      type: 'ready',
      observationSpace: envs.singleObservationSpace.toJSON(),
      actionSpace: envs.singleActionSpace.toJSON(),
      envName: envs.envs[0]?.toString() ?? setup.id,
    });
    serve(envs);
  } catch (error) {
    reply(failure(error));
    port.close();
  }
}

void start();

/** The one place that chooses TF.js's backend: tfjs-node when installed, else WASM, else the plain CPU backend. */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs';

export const TFJS_BACKENDS = ['tensorflow', 'wasm', 'cpu'] as const;
/** `tensorflow` is @tensorflow/tfjs-node (native libtensorflow). */
export type TfjsBackendName = (typeof TFJS_BACKENDS)[number];

/** A backend that could not be used, and why. */
export interface BackendAttempt {
  backend: TfjsBackendName;
  reason: string;
}

export interface TfjsRuntime {
  /** The TF.js namespace, with `backend` active. */
  tf: typeof tf;
  backend: TfjsBackendName;
  /** Backends tried before it, with the reason each was passed over. */
  skipped: readonly BackendAttempt[];
}

export interface LoadTfjsOptions {
  /**
   * Force a backend instead of the first that works (also settable with the environment variable
   * CODESIGN_GYM_TFJS_BACKEND). Loading fails if it is unavailable.
   */
  backend?: TfjsBackendName;
}

let loading: Promise<TfjsRuntime> | undefined;

async function tryNode(): Promise<void> {
  // A variable specifier: tfjs-node is an optional dependency that may be absent at build time.
  const specifier = '@tensorflow/tfjs-node';
  await import(specifier);
  if (!(await tf.setBackend('tensorflow'))) throw new Error('tfjs-node loaded but its backend did not initialise');
}

async function tryWasm(): Promise<void> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  // The .wasm binaries ship in the package's dist folder: load them from there, never from a CDN.
  const entry = createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm');
  wasm.setWasmPaths(`${dirname(entry)}/`);
  if (!(await tf.setBackend('wasm'))) throw new Error('the WASM backend did not initialise');
}

async function tryCpu(): Promise<void> {
  if (!(await tf.setBackend('cpu'))) throw new Error('the CPU backend did not initialise');
}

const LOADERS: Readonly<Record<TfjsBackendName, () => Promise<void>>> = { tensorflow: tryNode, wasm: tryWasm, cpu: tryCpu };

function requestedBackend(options: LoadTfjsOptions): TfjsBackendName | undefined {
  const requested = options.backend ?? process.env['CODESIGN_GYM_TFJS_BACKEND'];
  if (requested === undefined || requested === '') return undefined;
  if (!(TFJS_BACKENDS as readonly string[]).includes(requested)) {
    throw new Error(`Expects a TF.js backend among ${TFJS_BACKENDS.join(', ')}, actual: "${requested}"`);
  }
  return requested as TfjsBackendName;
}

async function load(forced: TfjsBackendName | undefined): Promise<TfjsRuntime> {
  // The library never prints: PROD silences TF.js's console advice (e.g. "install tfjs-node").
  tf.env().set('PROD', true);
  const skipped: BackendAttempt[] = [];
  for (const backend of forced === undefined ? TFJS_BACKENDS : [forced]) {
    try {
      await LOADERS[backend]();
      await tf.ready();
      return { tf, backend, skipped };
    } catch (error) {
      skipped.push({ backend, reason: error instanceof Error ? error.message.split('\n')[0]! : String(error) });
    }
  }
  throw new Error(`no TF.js backend could be initialised: ${skipped.map((s) => `${s.backend} (${s.reason})`).join('; ')}`);
}

/**
 * Initialises TF.js once for the whole process and says which backend is in use. Every part of
 * the package that uses TF.js (accuracy oracles, agents) goes through here.
 *
 * @example
 * const { tf, backend } = await loadTfjs();
 * backend;                        // 'wasm' where tfjs-node is not installed
 * tf.tensor([1, 2, 3]).sum().dataSync()[0]; // 6
 */
export function loadTfjs(options: LoadTfjsOptions = {}): Promise<TfjsRuntime> {
  let forced: TfjsBackendName | undefined;
  try {
    forced = requestedBackend(options);
  } catch (error) {
    return Promise.reject(error as Error);
  }
  const previous = loading;
  loading = (previous === undefined ? load(forced) : previous.then((runtime) => (forced === undefined || runtime.backend === forced ? runtime : load(forced)))).catch(
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}

/** The backend in use, or undefined before `loadTfjs` was called. */
export function activeTfjsBackend(): string | undefined {
  return loading === undefined ? undefined : tf.getBackend();
}

/**
 * Loading the lean evaluate path: `evaluate-lean.cjs`, the bundle `npm run build` writes, compiled
 * with `evaluate-lean.cache`, V8's code cache of it that the build writes after running the bundle
 * on the zoo's networks. With the cache a cold process neither parses the bundle nor compiles the
 * functions a batch calls. A cache from another V8 (another Node version) is rejected and the
 * bundle compiles as usual.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { Script } from 'node:vm';
import type * as EvaluateRun from './commands/evaluate-run.js' with { 'resolution-mode': 'import' };

export const BUNDLE_PATH = join(__dirname, 'evaluate-lean.cjs');
export const CODE_CACHE_PATH = join(__dirname, 'evaluate-lean.cache');

/**
 * Sets V8's flags for an evaluate run, before its code compiles (V8 accepts a code cache only
 * under the flags it was written with). An evaluate run is short and CPU-bound: V8 should optimize
 * only the code that stays hot (by default it compiles much code that a short run finishes before
 * the compiled code pays off, which doubles a cold batch's CPU time). The interrupt budget is the
 * bytecode V8 runs before it considers a function for optimizing (66 KiB on Node 20); at 2.4 MB the
 * 35 example networks run almost wholly on baseline code, and a long batch still optimizes what
 * stays hot after a few milliseconds. It steers only when V8 compiles, never what the code
 * computes, and it touches only this command's process, not a library user's.
 */
export function tuneV8ForEvaluate(): void {
  setFlagsFromString('--interrupt-budget=2400000');
}

export interface LeanBundle {
  /** The exports of commands/evaluate-run.js, from the bundle. */
  readonly run: typeof EvaluateRun;
  /** The compiled bundle (its code cache can be written from it). */
  readonly script: Script;
}

/** The build's code cache, or undefined where there is none. */
export function readCodeCache(path = CODE_CACHE_PATH): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

/** Compiles and runs the bundle as a CommonJS module, with a code cache if given. */
export function loadLeanBundle(codeCache: Buffer | undefined = readCodeCache(), path = BUNDLE_PATH): LeanBundle {
  const source = readFileSync(path, 'utf8');
  const script = new Script(`(function (exports, require, module) {${source}\n})`, { filename: path, cachedData: codeCache });
  const module = { exports: {} };
  (script.runInThisContext() as (exports: object, load: NodeJS.Require, module: { exports: object }) => void)(module.exports, require, module);
  return { run: module.exports as typeof EvaluateRun, script };
}

/** What every experiment shares: its output folder, its manifest (name and options), its results files. */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ResultLogError, type Shard } from '../src/report/result-log.js';

export const EXPERIMENT_NAMES = ['rank-correlation', 'semi-decoupled', 'agents', 'benchmark'] as const;
export type ExperimentName = (typeof EXPERIMENT_NAMES)[number];

export interface ExperimentManifest {
  experiment: ExperimentName;
  options: unknown;
}

/** How an experiment runs: where, whether it resumes, which shard, how many worker threads. */
export interface ExperimentRun {
  out: string;
  resume: boolean;
  shard?: Shard | undefined;
  workers: number;
  onProgress?: ((label: string, done: number, total: number) => void) | undefined;
}

export const MANIFEST_FILE = 'experiment.json';
export const RESULTS_FILE = 'results.jsonl';

/** `results.jsonl`, or `results.shard-i-of-n.jsonl` for a shard (merge them into `results.jsonl`). */
export function resultsPath(out: string, shard: Shard | undefined): string {
  return join(out, shard === undefined ? RESULTS_FILE : `results.shard-${shard.index}-of-${shard.count}.jsonl`);
}

/** Creates the folder and writes the manifest; a folder holding another experiment or other options is refused. */
export function prepareOutput(run: ExperimentRun, manifest: ExperimentManifest): void {
  mkdirSync(run.out, { recursive: true });
  const path = join(run.out, MANIFEST_FILE);
  const text = `${JSON.stringify(manifest, null, 2)}\n`;
  if (existsSync(path) && readFileSync(path, 'utf8') !== text) {
    const existing = readManifest(run.out);
    const what = existing.experiment === manifest.experiment ? `the ${manifest.experiment} experiment with other options` : `the ${existing.experiment} experiment`;
    throw new ResultLogError(`${run.out} already holds ${what}; use another --out`);
  }
  if (!run.resume && run.shard === undefined && existsSync(resultsPath(run.out, undefined))) {
    throw new ResultLogError(`${run.out} already has results; pass --resume to continue them or choose another --out`);
  }
  writeFileSync(path, text);
}

export function readManifest(out: string): ExperimentManifest {
  const path = join(out, MANIFEST_FILE);
  if (!existsSync(path)) throw new ResultLogError(`${out} has no ${MANIFEST_FILE}: not an experiment folder`);
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as ExperimentManifest;
  if (!(EXPERIMENT_NAMES as readonly string[]).includes(manifest.experiment)) throw new ResultLogError(`${path} names an unknown experiment "${String(manifest.experiment)}"`);
  return manifest;
}

/** The merged results file of a folder; shards must be merged first. */
export function mergedResults(out: string): string {
  const path = resultsPath(out, undefined);
  if (!existsSync(path)) {
    const shards = readdirSync(out).filter((f) => f.startsWith('results.shard-'));
    const hint = shards.length > 0 ? `; merge the shards first: codesign-gym merge ${shards.map((s) => join(out, s)).join(' ')} --out ${path}` : '';
    throw new ResultLogError(`${out} has no ${RESULTS_FILE}${hint}`);
  }
  return path;
}

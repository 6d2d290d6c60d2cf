/** The synflow zero-cost proxy as an oracle: a data-free score computed in TF.js, cached on disk by architecture key. */
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { createRng } from '../random/rng.js';
import { loadTfjs, type TfjsBackendName } from '../tfjs/backend.js';
import { Nasbench201Space, type Nasbench201Arch } from '../workloads/spaces/nasbench201.js';
import type { ArchitectureSpace } from '../workloads/spaces/space.js';
import { AccuracyError, type AccuracyOracle, type ScoreResult } from './oracle.js';
import { nasbench201Synflow } from './synflow-nasbench201.js';

type Tf = Awaited<ReturnType<typeof loadTfjs>>['tf'];

export interface SynflowOptions {
  /** Seeds the weights before they are made positive (default 0); part of the cache's identity. */
  seed?: number;
  /**
   * Folder of the score cache (one JSON-lines file per space, preset and seed). Default:
   * $CODESIGN_GYM_CACHE, else ~/.cache/codesign-gym. `null` keeps scores in memory only.
   */
  cacheDir?: string | null;
  backend?: TfjsBackendName;
}

/** The spaces whose networks synflow builds in TF.js. */
export const SYNFLOW_SPACES = ['nasbench201'] as const;

const INPUT_SIZES: Readonly<Record<string, { inputSize: number; classes: number }>> = {
  cifar10: { inputSize: 32, classes: 10 },
  cifar100: { inputSize: 32, classes: 100 },
  'ImageNet16-120': { inputSize: 16, classes: 120 },
};

function defaultCacheDir(): string {
  return process.env['CODESIGN_GYM_CACHE'] ?? join(homedir(), '.cache', 'codesign-gym');
}

/**
 * Synflow (Tanaka et al. 2020; as a NAS proxy, Abdelfattah et al. 2021): with every weight made
 * positive, BatchNorm removed and an input of ones, the sum over conv and linear weights of
 * |w * dR/dw|. Its results are `kind: 'score'`: a ranking signal, not a top-1 accuracy.
 *
 * @example
 * const oracle = await SynflowOracle.create(new Nasbench201Space(), { cacheDir: null });
 * const result = oracle.accuracy(oracle.space.fromKey('|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|'));
 * result.kind;   // 'score'
 * result.source; // 'synflow'
 */
export class SynflowOracle implements AccuracyOracle<Nasbench201Arch> {
  readonly kind = 'score';
  readonly source = 'synflow';
  readonly description: string;
  /** The score cache file, if scores persist on disk. */
  readonly cachePath: string | undefined;
  private readonly scores = new Map<string, number>();
  private readonly inputSize: number;
  private readonly classes: number;

  private constructor(
    private readonly tf: Tf,
    readonly space: Nasbench201Space,
    readonly backend: TfjsBackendName,
    readonly seed: number,
    cacheDir: string | null,
  ) {
    ({ inputSize: this.inputSize, classes: this.classes } = INPUT_SIZES[space.preset]!);
    this.description = `synflow zero-cost proxy (a score that ranks architectures, not a top-1 accuracy; TF.js ${backend}, seed ${seed})`;
    if (cacheDir === null) {
      this.cachePath = undefined;
      return;
    }
    this.cachePath = join(cacheDir, `synflow_${space.name}_${space.preset}_seed${seed}.jsonl`);
    if (existsSync(this.cachePath)) {
      for (const line of readFileSync(this.cachePath, 'utf8').split('\n')) {
        try {
          const entry = JSON.parse(line) as { key?: unknown; score?: unknown };
          if (typeof entry.key === 'string' && typeof entry.score === 'number') this.scores.set(entry.key, entry.score);
        } catch {
          // A line cut short by an interrupted run: computed again when asked for.
        }
      }
    }
  }

  /** Loads TF.js (see `loadTfjs`) and the cache; `space` must be one of `SYNFLOW_SPACES`. */
  static async create(space: ArchitectureSpace<unknown>, options: SynflowOptions = {}): Promise<SynflowOracle> {
    if (!(space instanceof Nasbench201Space)) {
      throw new AccuracyError(
        `synflow builds the networks of ${SYNFLOW_SPACES.join(', ')} in TF.js; for ${space.name} use a table or a fitted oracle (Expects a space among ${SYNFLOW_SPACES.join(', ')}, actual: ${space.name})`,
      );
    }
    const seed = options.seed ?? 0;
    if (!Number.isSafeInteger(seed)) throw new AccuracyError(`Expects an integer seed, actual: ${String(seed)}`);
    const cacheDir = options.cacheDir === undefined ? defaultCacheDir() : options.cacheDir;
    if (cacheDir !== null) mkdirSync(cacheDir, { recursive: true });
    const { tf, backend } = await loadTfjs(options.backend === undefined ? {} : { backend: options.backend });
    return new SynflowOracle(tf, space, backend, seed, cacheDir);
  }

  /** Number of scores known (cached or computed). */
  get cachedCount(): number {
    return this.scores.size;
  }

  accuracy(arch: Nasbench201Arch): ScoreResult {
    const key = this.space.key(arch);
    const known = this.scores.get(key);
    if (known !== undefined) return { kind: 'score', score: known, source: 'synflow', oracle: this.description, cached: true };
    const score = nasbench201Synflow(this.tf, this.space.parse(arch), this.inputSize, this.classes, createRng(this.seed));
    this.scores.set(key, score);
    if (this.cachePath !== undefined) appendFileSync(this.cachePath, `${JSON.stringify({ key, score })}\n`);
    return { kind: 'score', score, source: 'synflow', oracle: this.description, cached: false };
  }
}

/** A small TF.js regressor fitted on an accuracy table, predicting any architecture of the space from its encoding. */
import { describeValue } from '../common/describe-value.js';
import type * as tfTypes from '@tensorflow/tfjs';
import { createRng, type Rng } from '../random/rng.js';
import { loadTfjs, type TfjsBackendName } from '../tfjs/backend.js';
import type { ArchitectureSpace } from '../workloads/spaces/space.js';
import { AccuracyError, type AccuracyOracle, type Top1Result } from './oracle.js';
import { spearman } from '../analysis/rank-correlation.js';
import { rmse } from './prediction-quality.js';

export interface FitOptions {
  /** Seeds the split, the initial weights and the batch order (default 0). */
  seed?: number;
  /** Share of the rows held out to report Spearman and RMSE (default 0.2; 0 trains on all). */
  testFraction?: number;
  /** Passes over the training rows (default 20). */
  epochs?: number;
  /** Units in each of the two hidden layers (default 64). */
  hiddenUnits?: number;
  /** Adam step size (default 0.01). */
  learningRate?: number;
  /** Rows per step (default 256). */
  batchSize?: number;
  /** Name of the table the rows come from, for results' `oracle` field. */
  tableName?: string;
  backend?: TfjsBackendName;
}

/** How well the regressor predicts the held-out rows. */
export interface FitReport {
  trainSize: number;
  testSize: number;
  /** Spearman rank correlation of predictions and table values on the held-out rows (NaN without them). */
  heldOutSpearman: number;
  /** Root mean square error on the held-out rows, top-1 percentage points (NaN without them). */
  heldOutRmse: number;
  epochs: number;
  backend: TfjsBackendName;
  trainMs: number;
}

type Tf = typeof tfTypes;

/** One-hot features of an encoding: one block of `nvec[i]` per dimension. */
export function oneHotFeatures(nvec: readonly number[], vector: readonly number[]): Float32Array {
  const features = new Float32Array(nvec.reduce((sum, n) => sum + n, 0));
  let offset = 0;
  nvec.forEach((n, i) => {
    features[offset + vector[i]!] = 1;
    offset += n;
  });
  return features;
}

function glorot(rng: Rng, fanIn: number, fanOut: number): Float32Array {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  return Float32Array.from({ length: fanIn * fanOut }, () => rng.uniform(-limit, limit));
}

/** A two-hidden-layer ReLU network on one-hot encodings, with standardised targets. */
class Mlp {
  readonly variables: tfTypes.Variable[];

  constructor(
    private readonly tf: Tf,
    inputs: number,
    hidden: number,
    rng: Rng,
  ) {
    const weight = (rows: number, cols: number): tfTypes.Variable => tf.variable(tf.tensor2d(glorot(rng, rows, cols), [rows, cols]));
    const bias = (n: number): tfTypes.Variable => tf.variable(tf.zeros([n]));
    this.variables = [weight(inputs, hidden), bias(hidden), weight(hidden, hidden), bias(hidden), weight(hidden, 1), bias(1)];
  }

  apply(x: tfTypes.Tensor2D): tfTypes.Tensor1D {
    const [w1, b1, w2, b2, w3, b3] = this.variables as [tfTypes.Variable, tfTypes.Variable, tfTypes.Variable, tfTypes.Variable, tfTypes.Variable, tfTypes.Variable];
    const { tf } = this;
    const h1 = tf.relu(tf.add(tf.matMul(x, w1 as tfTypes.Tensor2D), b1));
    const h2 = tf.relu(tf.add(tf.matMul(h1, w2 as tfTypes.Tensor2D), b2));
    return tf.add(tf.matMul(h2, w3 as tfTypes.Tensor2D), b3).reshape([-1]) as tfTypes.Tensor1D;
  }

  dispose(): void {
    for (const v of this.variables) v.dispose();
  }
}

/**
 * Predicts top-1 accuracy from an architecture's encoding (one-hot per dimension) with a small
 * MLP trained in TF.js; `fit` reports how well it ranks held-out architectures.
 *
 * @example
 * const space = new Nasbench201Space();
 * const rows = [...space.enumerate()].slice(0, 200).map((arch, i) => ({ arch, top1: 50 + (i % 7) }));
 * const { oracle, report } = await FittedOracle.fit(space, rows, { seed: 0, epochs: 2 });
 * report.trainSize;                                    // 160
 * oracle.accuracy(space.sample(createRng(1))).source;  // 'fitted'
 * oracle.dispose();
 */
export class FittedOracle<A> implements AccuracyOracle<A> {
  readonly kind = 'top1';
  readonly source = 'fitted';
  readonly description: string;
  private disposed = false;

  private constructor(
    private readonly tf: Tf,
    private readonly space: ArchitectureSpace<A>,
    private readonly model: Mlp,
    private readonly mean: number,
    private readonly std: number,
    description: string,
  ) {
    this.description = description;
  }

  /** Trains on `1 - testFraction` of the rows (a seeded shuffle) and reports on the rest. */
  static async fit<A>(space: ArchitectureSpace<A>, rows: readonly { arch: A; top1: number }[], options: FitOptions = {}): Promise<{ oracle: FittedOracle<A>; report: FitReport }> {
    const testFraction = options.testFraction ?? 0.2;
    const epochs = options.epochs ?? 20;
    const hidden = options.hiddenUnits ?? 64;
    const batchSize = options.batchSize ?? 256;
    const learningRate = options.learningRate ?? 0.01;
    if (!(testFraction >= 0 && testFraction < 1)) throw new AccuracyError(`Expects testFraction in [0, 1), actual: ${describeValue(options.testFraction)}`);
    for (const [name, value] of [['epochs', epochs], ['hiddenUnits', hidden], ['batchSize', batchSize]] as const) {
      if (!Number.isSafeInteger(value) || value < 1) throw new AccuracyError(`Expects ${name} to be a positive integer, actual: ${describeValue(value)}`);
    }
    if (!(learningRate > 0)) throw new AccuracyError(`Expects learningRate > 0, actual: ${describeValue(learningRate)}`);
    const testSize = Math.round(rows.length * testFraction);
    if (rows.length - testSize < 2) throw new AccuracyError(`Expects at least 2 training rows, actual: ${rows.length - testSize} of ${rows.length}`);
    const { tf, backend } = await loadTfjs(options.backend === undefined ? {} : { backend: options.backend });
    const started = performance.now();
    const rng = createRng(options.seed ?? 0);
    const order = rng.shuffle(rows.map((_, i) => i));
    const test = order.slice(0, testSize);
    const train = order.slice(testSize);
    const features = rows.map((row) => oneHotFeatures(space.nvec, space.encode(row.arch)));
    const width = features[0]!.length;
    const targets = train.map((i) => rows[i]!.top1);
    const mean = targets.reduce((s, v) => s + v, 0) / targets.length;
    const std = Math.sqrt(targets.reduce((s, v) => s + (v - mean) ** 2, 0) / targets.length) || 1;
    const model = new Mlp(tf, width, hidden, rng.fork());
    const optimizer = tf.train.adam(learningRate);
    const batchRng = rng.fork();
    for (let epoch = 0; epoch < epochs; epoch++) {
      const shuffled = batchRng.shuffle(train);
      for (let start = 0; start < shuffled.length; start += batchSize) {
        const batch = shuffled.slice(start, start + batchSize);
        const x = new Float32Array(batch.length * width);
        batch.forEach((i, r) => x.set(features[i]!, r * width));
        const y = Float32Array.from(batch, (i) => (rows[i]!.top1 - mean) / std);
        tf.tidy(() => {
          const xs = tf.tensor2d(x, [batch.length, width]);
          const ys = tf.tensor1d(y);
          optimizer.minimize(() => tf.losses.meanSquaredError(ys, model.apply(xs)) as tfTypes.Scalar, false, model.variables);
        });
      }
    }
    optimizer.dispose();
    const tableName = options.tableName ?? 'a table';
    const oracle = new FittedOracle(tf, space, model, mean, std, `MLP(${width}-${hidden}-${hidden}-1) fitted on ${train.length} ${space.name} architectures of ${tableName}`);
    let heldOutSpearman = Number.NaN;
    let heldOutRmse = Number.NaN;
    if (test.length >= 2) {
      const predicted = oracle.predictFeatures(test.map((i) => features[i]!));
      const actual = test.map((i) => rows[i]!.top1);
      // A constant prediction ranks nothing: Spearman is undefined there, reported as 0.
      heldOutSpearman = new Set(predicted).size < 2 ? 0 : spearman(predicted, actual);
      heldOutRmse = rmse(predicted, actual);
    }
    return { oracle, report: { trainSize: train.length, testSize: test.length, heldOutSpearman, heldOutRmse, epochs, backend, trainMs: performance.now() - started } };
  }

  private predictFeatures(features: readonly Float32Array[]): number[] {
    if (this.disposed) throw new AccuracyError('this fitted oracle was disposed');
    if (features.length === 0) return [];
    const width = features[0]!.length;
    const x = new Float32Array(features.length * width);
    features.forEach((f, r) => x.set(f, r * width));
    const out = this.tf.tidy(() => this.model.apply(this.tf.tensor2d(x, [features.length, width])).dataSync());
    return Array.from(out, (v) => v * this.std + this.mean);
  }

  /** Predicted top-1 (%) of many architectures at once. */
  predict(archs: readonly A[]): number[] {
    return this.predictFeatures(archs.map((arch) => oneHotFeatures(this.space.nvec, this.space.encode(arch))));
  }

  accuracy(arch: A): Top1Result {
    return { kind: 'top1', top1: this.predict([arch])[0]!, source: 'fitted', oracle: this.description };
  }

  /** Frees the TF.js variables. */
  dispose(): void {
    if (!this.disposed) this.model.dispose();
    this.disposed = true;
  }
}

/**
 * The co-design study's 9,999 AlphaNet (AttentiveNAS) samples with AlphaNet's predicted ImageNet
 * top-1, the study's MFLOPs and parameters, and the 1,046 ids the study kept.
 */
import { DataFileError, lazily, readDataJson } from './files.js';

/** One sample, as published. */
export interface AlphanetSample {
  readonly id: number;
  readonly resolution: number;
  /** First conv, seven MBConv stages, last conv. */
  readonly width: readonly number[];
  readonly kernel_size: readonly number[];
  readonly expand_ratio: readonly number[];
  readonly depth: readonly number[];
  /** ImageNet top-1 (%) from AlphaNet's released accuracy predictor. */
  readonly predicted_top1: number;
  /** Millions of multiply-accumulates, as the study counted them. */
  readonly mflops: number;
  /** Millions of parameters. */
  readonly mparams: number;
}

const SAMPLES = 'alphanet/samples.json.gz';
const SELECTED = 'alphanet/selected.json';

/**
 * All 9,999 samples, by id (loaded on first call).
 *
 * @example
 * alphanetSamples()[0].predicted_top1;   // 70.9357
 */
export const alphanetSamples: () => readonly AlphanetSample[] = lazily(() => {
  const samples = readDataJson(SAMPLES);
  if (!Array.isArray(samples) || samples.length !== 9999) throw new DataFileError(`the package's data file ${SAMPLES}: Expects 9999 samples`);
  (samples as AlphanetSample[]).forEach((sample, i) => {
    if (sample.id !== i) throw new DataFileError(`the package's data file ${SAMPLES} entry ${i}: Expects id ${i}, actual: ${sample.id}`);
  });
  return Object.freeze(samples as AlphanetSample[]);
});

/**
 * The ids of the 1,046 samples the study kept (its accuracy-FLOPs Pareto front plus random ones).
 *
 * @example
 * alphanetSelectedIds().length;   // 1046
 */
export const alphanetSelectedIds: () => readonly number[] = lazily(() => {
  const ids = readDataJson(SELECTED);
  if (!Array.isArray(ids) || ids.length !== 1046 || !ids.every((id) => Number.isSafeInteger(id) && id >= 0 && id < 9999)) {
    throw new DataFileError(`the package's data file ${SELECTED}: Expects 1046 sample ids`);
  }
  return Object.freeze(ids as number[]);
});

/** The `--accuracy` flag several commands share: where architectures' accuracies come from. */
import type { Argv } from 'yargs';
import type { OracleSpec } from '../../experiments/oracles.js';
import { NASBENCH201_SPLITS } from '../accuracy/published.js';
import { readTextFile, UsageError } from './io.js';

export interface AccuracyArgs {
  accuracy: string;
  split?: string;
  'top1-field': string;
  'arch-field'?: string;
  seed: number;
}

export const ACCURACY_CHOICES = ['published', 'synflow', 'fitted', 'none'] as const;

/** Adds --accuracy, --split, --top1-field and --arch-field to a command. */
export function accuracyOptions<T>(yargs: Argv<T>): Argv<T & Omit<AccuracyArgs, 'seed'>> {
  return yargs
    .option('accuracy', {
      type: 'string',
      default: 'published',
      describe:
        "where accuracies come from: published (the space's published accuracy, shipped), synflow (a proxy score, nasbench201), " +
        'fitted (a regressor fitted on the published accuracies: predicts every architecture), none, or a table file (JSON/JSONL/CSV)',
    })
    .option('split', { type: 'string', describe: `nasbench201 published accuracy: ${NASBENCH201_SPLITS.join(' or ')} (valid: the cifar10-valid setting)` })
    .option('top1-field', { type: 'string', default: 'top1', describe: 'table file: the field holding top-1 (%)' })
    .option('arch-field', { type: 'string', describe: 'table file: the field holding the architecture (default: the record itself)' });
}

/** The oracle the flags name, or undefined for `none`. */
export function oracleSpecFromArgs(args: AccuracyArgs): OracleSpec | undefined {
  if (args.split !== undefined) {
    if (args.accuracy !== 'published') throw new UsageError(`--split applies to --accuracy published only, got --accuracy ${args.accuracy}`);
    if (!(NASBENCH201_SPLITS as readonly string[]).includes(args.split)) throw new UsageError(`unknown --split "${args.split}"; expected one of ${NASBENCH201_SPLITS.join(', ')}`);
  }
  switch (args.accuracy) {
    case 'none':
      return undefined;
    case 'published':
      return args.split === undefined ? { kind: 'published' } : { kind: 'published', split: args.split as (typeof NASBENCH201_SPLITS)[number] };
    case 'synflow':
      return { kind: 'synflow', seed: args.seed };
    case 'fitted':
      return { kind: 'fitted', seed: args.seed };
    default: {
      if (!/\.(json|jsonl|csv)$/i.test(args.accuracy)) {
        throw new UsageError(`unknown --accuracy "${args.accuracy}"; expected one of ${ACCURACY_CHOICES.join(', ')}, or a table file ending in .json, .jsonl or .csv`);
      }
      readTextFile(args.accuracy, 'accuracy table');
      return { kind: 'table', path: args.accuracy, top1Field: args['top1-field'], ...(args['arch-field'] === undefined ? {} : { archField: args['arch-field'] }) };
    }
  }
}

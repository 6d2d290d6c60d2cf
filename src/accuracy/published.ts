/**
 * The published accuracy of each space, shipped with the package: NAS-Bench-201 (every cell, four
 * settings), the co-design study's DARTS architectures (NAS-Bench-301 predictions) and AlphaNet
 * samples (AlphaNet's predictor). The default oracle of every environment and experiment.
 */
import { describeValue } from '../common/describe-value.js';
import { alphanetSamples, alphanetSelectedIds } from '../data/alphanet.js';
import { dartsStudyArchitectures } from '../data/darts.js';
import { nasbench201Accuracies, type Nasbench201AccuracyColumn } from '../data/nasbench201.js';
import { createSpace, type ArchitectureSpace } from '../workloads/index.js';
import type { AlphanetArch } from '../workloads/spaces/alphanet.js';
import type { DartsArch } from '../workloads/spaces/darts-arch.js';
import type { Nasbench201Arch } from '../workloads/spaces/nasbench201.js';
import { AccuracyError, type AccuracyOracle, type Top1Result } from './oracle.js';

export const PUBLISHED_SPACES = ['nasbench201', 'darts', 'alphanet'] as const;
export type PublishedSpace = (typeof PUBLISHED_SPACES)[number];

export const NASBENCH201_DATASETS = ['cifar10', 'cifar100', 'imagenet16-120'] as const;
export type Nasbench201Dataset = (typeof NASBENCH201_DATASETS)[number];
export const NASBENCH201_SPLITS = ['test', 'valid'] as const;
export type Nasbench201Split = (typeof NASBENCH201_SPLITS)[number];
export const ALPHANET_SETS = ['selected', 'all'] as const;
export type AlphanetSet = (typeof ALPHANET_SETS)[number];

export interface PublishedAccuracyOptions {
  /**
   * nasbench201: the dataset (default cifar10). `test` (the default) is the 200-epoch test accuracy
   * of a network trained on train+valid; `valid` (cifar10 only) is the cifar10-valid setting's
   * validation accuracy, the figure a search that mimics real NAS should see.
   */
  dataset?: Nasbench201Dataset;
  split?: Nasbench201Split;
  /** alphanet: the study's 1,046 selected samples (default) or all 9,999. */
  set?: AlphanetSet;
}

/** The space each published table's architectures are parsed in. */
const TABLE_PRESET: Record<PublishedSpace, string> = { nasbench201: 'cifar10', darts: 'codesign-study', alphanet: 'codesign-study' };

/**
 * Published top-1 accuracies by architecture key; `keys` lists the architectures the oracle offers
 * (in the table's order), and `accuracy` of an architecture without a published figure throws an
 * AccuracyError.
 *
 * @example
 * const oracle = publishedAccuracy('nasbench201');
 * const space = new Nasbench201Space();
 * oracle.accuracy(space.fromKey(oracle.keys[13714])).top1;   // 94.37333
 * oracle.description;   // 'NAS-Bench-201 CIFAR-10 test accuracy, 200 epochs (NATS-Bench)'
 */
export class PublishedAccuracyOracle<A> implements AccuracyOracle<A> {
  readonly kind = 'top1';
  readonly source = 'published';
  private readonly byKey: ReadonlyMap<string, number>;

  /**
   * `table`: every published architecture key and its top-1 (%); `keys`: those this oracle lists
   * (all of them, or a subset such as alphanet's 1,046 selected samples).
   */
  constructor(
    readonly space: PublishedSpace,
    private readonly keyOf: (arch: A) => string,
    table: { keys: readonly string[]; top1: ArrayLike<number> },
    readonly keys: readonly string[],
    readonly description: string,
    /** nasbench201: the dataset the accuracies are measured on. */
    readonly dataset?: Nasbench201Dataset,
  ) {
    const byKey = new Map<string, number>();
    table.keys.forEach((key, i) => byKey.set(key, table.top1[i]!));
    this.byKey = byKey;
  }

  /** The architectures with a published accuracy (every one of nasbench201's; a subset of darts' and alphanet's). */
  get architectureKeys(): readonly string[] {
    return this.keys;
  }

  /** Top-1 (%) of an architecture key, or undefined. */
  top1OfKey(key: string): number | undefined {
    return this.byKey.get(key);
  }

  has(arch: A): boolean {
    return this.byKey.has(this.safeKey(arch) ?? '');
  }

  accuracy(arch: A): Top1Result {
    const key = this.safeKey(arch);
    const top1 = key === undefined ? undefined : this.byKey.get(key);
    if (top1 === undefined) {
      throw new AccuracyError(`no published accuracy for ${this.space} architecture ${key ?? describeValue(arch)}: ${this.description} covers ${this.keys.length} architectures (see oracle.keys)`);
    }
    return { kind: 'top1', top1, source: 'published', oracle: this.description };
  }

  private safeKey(arch: A): string | undefined {
    try {
      return this.keyOf(arch);
    } catch {
      return undefined;
    }
  }
}

function choice<T extends string>(what: string, allowed: readonly T[], value: unknown, fallback: T): T {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new AccuracyError(`publishedAccuracy: \`${what}\` must be one of ${allowed.join(', ')}, actual: ${describeValue(value)}`);
  }
  return value as T;
}

const DATASET_NAMES: Record<Nasbench201Dataset, string> = { cifar10: 'CIFAR-10', cifar100: 'CIFAR-100', 'imagenet16-120': 'ImageNet16-120' };
const TEST_COLUMN: Record<Nasbench201Dataset, Nasbench201AccuracyColumn> = {
  cifar10: 'cifar10_test',
  cifar100: 'cifar100_test',
  'imagenet16-120': 'imagenet16_120_test',
};

function nasbench201Oracle(options: PublishedAccuracyOptions): PublishedAccuracyOracle<Nasbench201Arch> {
  const dataset = choice('dataset', NASBENCH201_DATASETS, options.dataset, 'cifar10');
  const split = choice('split', NASBENCH201_SPLITS, options.split, 'test');
  if (split === 'valid' && dataset !== 'cifar10') {
    throw new AccuracyError(`publishedAccuracy: the \`valid\` split exists for cifar10 only (the cifar10-valid setting), actual dataset: ${dataset}`);
  }
  const table = nasbench201Accuracies();
  const column = split === 'valid' ? 'cifar10_valid_valid' : TEST_COLUMN[dataset];
  const description =
    split === 'valid'
      ? 'NAS-Bench-201 CIFAR-10 validation accuracy, cifar10-valid setting, 200 epochs'
      : `NAS-Bench-201 ${DATASET_NAMES[dataset]} test accuracy, 200 epochs (NATS-Bench)`;
  const space = createSpace('nasbench201', TABLE_PRESET.nasbench201);
  return new PublishedAccuracyOracle('nasbench201', (arch) => space.key(arch), { keys: table.keys, top1: table.column(column) }, table.keys, description, dataset);
}

function dartsOracle(): PublishedAccuracyOracle<DartsArch> {
  const space = createSpace('darts', TABLE_PRESET.darts);
  const records = dartsStudyArchitectures();
  const keys = records.map((record) => space.key(space.parse(record)));
  return new PublishedAccuracyOracle(
    'darts',
    (arch) => space.key(arch),
    { keys, top1: records.map((record) => record.nb301_predicted_top1) },
    keys,
    "NAS-Bench-301 v0.9 predicted CIFAR-10 accuracy of the co-design study's 1,018 DARTS architectures",
  );
}

function alphanetOracle(options: PublishedAccuracyOptions): PublishedAccuracyOracle<AlphanetArch> {
  const set = choice('set', ALPHANET_SETS, options.set, 'selected');
  const space = createSpace('alphanet', TABLE_PRESET.alphanet);
  const samples = alphanetSamples();
  const keys = samples.map((sample) => space.key(space.parse(sample)));
  return new PublishedAccuracyOracle(
    'alphanet',
    (arch) => space.key(arch),
    { keys, top1: samples.map((sample) => sample.predicted_top1) },
    set === 'all' ? keys : alphanetSelectedIds().map((id) => keys[id]!),
    `AlphaNet predicted ImageNet top-1 of the co-design study's AlphaNet samples (${set === 'all' ? 'all 9,999' : 'the 1,046 selected'})`,
  );
}

/**
 * The published accuracy of a space's architectures, from the package's data. Alphanet's oracle
 * answers for all 9,999 samples; `set` chooses which it lists in `keys` (what environments range over).
 *
 * @example
 * publishedAccuracy('nasbench201', { dataset: 'cifar100' }).keys.length;   // 15625
 * publishedAccuracy('darts').keys.length;      // 1018
 * publishedAccuracy('alphanet').keys.length;   // 1046
 * publishedAccuracy('alphanet', { set: 'all' }).keys.length;   // 9999
 */
export function publishedAccuracy(space: 'nasbench201', options?: PublishedAccuracyOptions): PublishedAccuracyOracle<Nasbench201Arch>;
export function publishedAccuracy(space: 'darts', options?: PublishedAccuracyOptions): PublishedAccuracyOracle<DartsArch>;
export function publishedAccuracy(space: 'alphanet', options?: PublishedAccuracyOptions): PublishedAccuracyOracle<AlphanetArch>;
export function publishedAccuracy(space: string, options?: PublishedAccuracyOptions): PublishedAccuracyOracle<unknown>;
export function publishedAccuracy(space: string, options: PublishedAccuracyOptions = {}): PublishedAccuracyOracle<unknown> {
  if (typeof options !== 'object' || options === null) throw new AccuracyError(`publishedAccuracy: Expects an options object, actual: ${describeValue(options)}`);
  const unknown = Object.keys(options).filter((key) => !['dataset', 'split', 'set'].includes(key));
  if (unknown.length > 0) throw new AccuracyError(`publishedAccuracy: unknown option \`${unknown[0]}\` (options: dataset, split for nasbench201; set for alphanet)`);
  switch (space) {
    case 'nasbench201':
      return nasbench201Oracle(options) as PublishedAccuracyOracle<unknown>;
    case 'darts':
      return dartsOracle() as PublishedAccuracyOracle<unknown>;
    case 'alphanet':
      return alphanetOracle(options) as PublishedAccuracyOracle<unknown>;
    default:
      throw new AccuracyError(`publishedAccuracy: no published accuracy for space ${describeValue(space)}; spaces: ${PUBLISHED_SPACES.join(', ')}`);
  }
}

/**
 * The published accuracy that matches a space's preset: nasbench201's dataset follows its preset
 * (cifar10, cifar100, ImageNet16-120); darts and alphanet have one table each.
 *
 * @example
 * defaultPublishedAccuracy(createSpace('nasbench201', 'cifar100')).description;   // 'NAS-Bench-201 CIFAR-100 test accuracy, 200 epochs (NATS-Bench)'
 */
export function defaultPublishedAccuracy(space: ArchitectureSpace<unknown>): PublishedAccuracyOracle<unknown> {
  if (space.name === 'nasbench201') {
    const dataset = space.preset === 'ImageNet16-120' ? 'imagenet16-120' : (space.preset as Nasbench201Dataset);
    return publishedAccuracy('nasbench201', { dataset }) as PublishedAccuracyOracle<unknown>;
  }
  return publishedAccuracy(space.name);
}

/**
 * NAS-Bench-201's published figures for all 15,625 cells, by NAS-Bench-201 index: test accuracy
 * after 200 epochs on CIFAR-10, CIFAR-100 and ImageNet16-120 (NATS-Bench's topology set), the
 * cifar10-valid setting's train/valid/test accuracy, and 27 devices' latency (HW-NAS-Bench, BRP-NAS,
 * HELP). Loaded on first use.
 */
import { DataFileError, lazily, readDataCsv } from './files.js';

/** The accuracy columns (%), as in data/nasbench201/accuracy.csv.gz. */
export const NASBENCH201_ACCURACY_COLUMNS = [
  'cifar10_test',
  'cifar100_test',
  'imagenet16_120_test',
  'cifar10_valid_train',
  'cifar10_valid_valid',
  'cifar10_valid_test',
] as const;
export type Nasbench201AccuracyColumn = (typeof NASBENCH201_ACCURACY_COLUMNS)[number];

/**
 * The devices with a latency for every cell, in the file's order: HW-NAS-Bench's `eyeriss` and
 * `fpga` (modelled accelerators), `pixel3` and `raspi4` (measured); then BRP-NAS's and HELP's GPUs
 * and CPUs (`<device>_<batch size>` for GPUs) and phones.
 */
export const NASBENCH201_DEVICES = [
  'eyeriss', 'fpga', 'pixel3', 'raspi4',
  '1080ti_1', '1080ti_256', '1080ti_32', '2080ti_1', '2080ti_256', '2080ti_32',
  'essential_ph_1', 'gold_6226', 'gold_6240', 'pixel2', 'samsung_a50', 'samsung_s7',
  'silver_4114', 'silver_4210r',
  'titan_rtx_1', 'titan_rtx_256', 'titan_rtx_32', 'titanx_1', 'titanx_256', 'titanx_32',
  'titanxp_1', 'titanxp_256', 'titanxp_32',
] as const;
export type Nasbench201Device = (typeof NASBENCH201_DEVICES)[number];

/** The number of NAS-Bench-201 cells. */
export const NASBENCH201_CELLS = 15_625;

/** Every cell's arch string and accuracies, row i = NAS-Bench-201 index i. */
export interface Nasbench201Accuracies {
  /** Arch strings (`|op~0|+|op~0|op~1|+|op~0|op~1|op~2|`) by index. */
  readonly keys: readonly string[];
  /** The index of an arch string. */
  readonly indexOf: ReadonlyMap<string, number>;
  /** One accuracy column (%), by index. */
  column(name: Nasbench201AccuracyColumn): Float64Array;
}

function numericColumns<Name extends string>(path: string, rows: string[][], header: string[], names: readonly Name[]): Map<Name, Float64Array> {
  const columns = new Map<Name, Float64Array>();
  for (const name of names) {
    const j = header.indexOf(name);
    if (j < 0) throw new DataFileError(`the package's data file ${path} has no column ${name}`);
    const values = new Float64Array(rows.length);
    rows.forEach((row, i) => {
      const value = Number(row[j]);
      if (row[j] === '' || !Number.isFinite(value)) throw new DataFileError(`the package's data file ${path} row ${i}: ${name} is not a number`);
      values[i] = value;
    });
    columns.set(name, values);
  }
  return columns;
}

function checkRows(path: string, rows: string[][]): void {
  if (rows.length !== NASBENCH201_CELLS) throw new DataFileError(`the package's data file ${path}: Expects ${NASBENCH201_CELLS} rows, actual: ${rows.length}`);
  rows.forEach((row, i) => {
    if (row[0] !== String(i)) throw new DataFileError(`the package's data file ${path} row ${i}: Expects index ${i}, actual: ${row[0]}`);
  });
}

const ACCURACY_FILE = 'nasbench201/accuracy.csv.gz';
const LATENCY_FILE = 'nasbench201/device-latency-ms.csv.gz';

/**
 * Every cell's published accuracies (loaded on first call, then shared).
 *
 * @example
 * const table = nasbench201Accuracies();
 * table.column('cifar10_test')[13714];   // 94.37333: the best CIFAR-10 cell (tied with 6111)
 * table.keys[13714];   // '|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_1x1~1|nor_conv_3x3~2|'
 */
export const nasbench201Accuracies: () => Nasbench201Accuracies = lazily(() => {
  const { header, rows } = readDataCsv(ACCURACY_FILE);
  checkRows(ACCURACY_FILE, rows);
  const keys = Object.freeze(rows.map((row) => row[1]!));
  const indexOf = new Map(keys.map((key, i) => [key, i]));
  const columns = numericColumns(ACCURACY_FILE, rows, header, NASBENCH201_ACCURACY_COLUMNS);
  return { keys, indexOf, column: (name) => columns.get(name)! };
});

/**
 * Every cell's latency (ms) on each device, by NAS-Bench-201 index (loaded on first call).
 *
 * @example
 * nasbench201DeviceLatencyMs('pixel3')[0];   // 3.60585
 */
export function nasbench201DeviceLatencyMs(device: Nasbench201Device): Float64Array {
  const column = deviceLatencies().get(device);
  if (column === undefined) throw new DataFileError(`no device "${String(device)}"; devices: ${NASBENCH201_DEVICES.join(', ')}`);
  return column;
}

/** Whether a name is one of NASBENCH201_DEVICES. */
export function isNasbench201Device(name: string): name is Nasbench201Device {
  return (NASBENCH201_DEVICES as readonly string[]).includes(name);
}

const deviceLatencies = lazily(() => {
  const { header, rows } = readDataCsv(LATENCY_FILE);
  checkRows(LATENCY_FILE, rows);
  return numericColumns(LATENCY_FILE, rows, header, NASBENCH201_DEVICES);
});

/**
 * Converts the published data sets into the package's compact `data/` files (see data/README.md).
 * `node dist/experiments/convert-published-data.js SOURCE_DIR` reads SOURCE_DIR/nasbench201/*.csv,
 * SOURCE_DIR/darts/archs.json and SOURCE_DIR/alphanet/{samples,selected}.json (the layout of the
 * data's provenance notes) and rewrites data/. Accuracies are rounded to 5 decimals: they are means
 * over seeds of percentages measured on at most 10,000 images (steps of 1/300 % at the finest), so
 * the rounding keeps every distinct value distinct and merges only floating-point noise.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { splitCsvLine } from '../src/accuracy/table.js';
import { DATA_DIR } from '../src/data/files.js';

function readCsv(path: string): { header: string[]; rows: string[][] } {
  const lines = readFileSync(path, 'utf8').split(/\r?\n/).filter((line) => line.length > 0);
  return { header: splitCsvLine(lines[0]!), rows: lines.slice(1).map(splitCsvLine) };
}

function column(csv: { header: string[]; rows: string[][] }, name: string): string[] {
  const j = csv.header.indexOf(name);
  if (j < 0) throw new Error(`column ${name} missing (columns: ${csv.header.join(', ')})`);
  return csv.rows.map((row) => row[j]!);
}

/** A percentage rounded to 5 decimals, without trailing zeros. */
function accuracyText(text: string): string {
  const value = Number(text);
  if (!Number.isFinite(value)) throw new Error(`not a number: ${text}`);
  return String(Number(value.toFixed(5)));
}

function write(path: string, text: string): void {
  const target = resolve(DATA_DIR, path);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, path.endsWith('.gz') ? gzipSync(text, { level: 9 }) : text);
  process.stderr.write(`wrote ${target}\n`);
}

function convertNasbench201(source: string): void {
  const full = readCsv(resolve(source, 'nasbench201', 'accuracy-200-epochs.csv'));
  const valid = readCsv(resolve(source, 'nasbench201', 'cifar10-valid-200-epochs.csv'));
  const devices = readCsv(resolve(source, 'nasbench201', 'device-latency-ms.csv'));
  const arch = column(full, 'arch');
  for (const other of [valid, devices]) {
    column(other, 'arch').forEach((key, i) => {
      if (key !== arch[i]) throw new Error(`row ${i}: ${key} differs from ${arch[i]}`);
    });
  }
  const columns: [string, string[]][] = [
    ['cifar10_test', column(full, 'cifar10_test')],
    ['cifar100_test', column(full, 'cifar100_test')],
    ['imagenet16_120_test', column(full, 'imagenet16_120_test')],
    ['cifar10_valid_train', column(valid, 'train_accuracy')],
    ['cifar10_valid_valid', column(valid, 'valid_accuracy')],
    ['cifar10_valid_test', column(valid, 'test_accuracy')],
  ];
  const lines = [['index', 'arch', ...columns.map(([name]) => name)].join(',')];
  arch.forEach((key, i) => lines.push([String(i), key, ...columns.map(([, values]) => accuracyText(values[i]!))].join(',')));
  write('nasbench201/accuracy.csv.gz', `${lines.join('\n')}\n`);

  const deviceNames = devices.header.slice(2);
  const latency = [['index', ...deviceNames].join(',')];
  devices.rows.forEach((row, i) => latency.push([String(i), ...row.slice(2).map((cell) => String(Number(cell)))].join(',')));
  write('nasbench201/device-latency-ms.csv.gz', `${latency.join('\n')}\n`);
}

function convertJson(source: string, from: string, to: string): void {
  const parsed = JSON.parse(readFileSync(resolve(source, from), 'utf8')) as unknown;
  write(to, `${JSON.stringify(parsed)}\n`);
}

const source = process.argv[2];
if (source === undefined) {
  process.stderr.write('usage: node dist/experiments/convert-published-data.js SOURCE_DIR\n');
  process.exit(1);
}
convertNasbench201(source);
convertJson(source, 'darts/archs.json', 'darts/architectures.json.gz');
convertJson(source, 'alphanet/samples.json', 'alphanet/samples.json.gz');
convertJson(source, 'alphanet/selected.json', 'alphanet/selected.json');

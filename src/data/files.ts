/** The package's `data/` folder: published accuracies and latencies it ships (see data/README.md). */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

/** The package's data folder (beside `dist/`, in a clone and in an installed package alike). */
export const DATA_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'data');

/**
 * A data file is missing or malformed: the installation is incomplete or the file was edited.
 *
 * @example
 * new DataFileError("the package's data file data/x.csv cannot be read (ENOENT); reinstall codesign-gym").name;   // 'DataFileError'
 */
export class DataFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataFileError';
  }
}

/**
 * The text of a file under `data/` (gunzipped when it ends in `.gz`).
 *
 * @example
 * readDataText('alphanet/selected.json').startsWith('['); // true
 */
export function readDataText(path: string): string {
  const full = resolve(DATA_DIR, path);
  let bytes: Buffer;
  try {
    bytes = readFileSync(full);
  } catch (error) {
    throw new DataFileError(`the package's data file ${full} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); reinstall codesign-gym`);
  }
  return (path.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
}

/** The parsed JSON of a file under `data/`. */
export function readDataJson(path: string): unknown {
  try {
    return JSON.parse(readDataText(path)) as unknown;
  } catch (error) {
    if (error instanceof DataFileError) throw error;
    throw new DataFileError(`the package's data file ${path} is not valid JSON (${(error as Error).message})`);
  }
}

/** The header and rows of a CSV file under `data/` (plain cells: no quotes, no commas inside). */
export function readDataCsv(path: string): { header: string[]; rows: string[][] } {
  const lines = readDataText(path).split('\n').filter((line) => line.length > 0);
  const header = (lines[0] ?? '').split(',');
  const rows = lines.slice(1).map((line, i) => {
    const cells = line.split(',');
    if (cells.length !== header.length) throw new DataFileError(`the package's data file ${path} line ${i + 2}: Expects ${header.length} cells, actual: ${cells.length}`);
    return cells;
  });
  return { header, rows };
}

/** Memoises a loader: the file is read on first use only. */
export function lazily<T>(load: () => T): () => T {
  let value: T | undefined;
  let loaded = false;
  return () => {
    if (!loaded) {
      value = load();
      loaded = true;
    }
    return value as T;
  };
}

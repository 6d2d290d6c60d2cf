/** A lookup table of published accuracies, keyed by architecture (JSON, JSON lines or CSV). */
import { describeValue } from '../common/describe-value.js';
import { readFileSync } from 'node:fs';
import type { ArchitectureSpace } from '../workloads/spaces/space.js';
import { AccuracyError, type AccuracyOracle, type Top1Result } from './oracle.js';

/** One architecture of a table and its top-1 accuracy (%). */
export interface TableRow<A> {
  readonly arch: A;
  readonly key: string;
  readonly top1: number;
}

export interface TableOptions {
  /** The field (JSON) or column (CSV) holding the top-1 accuracy, percent. */
  top1Field: string;
  /**
   * The field or column holding the architecture (its JSON or its key string). Absent: each JSON
   * record is itself the architecture (as in the study's samples.json and archs.json).
   */
  archField?: string;
  /** How results name the table (default: the file name). */
  name?: string;
}

/** Splits one CSV line (RFC 4180 quotes: `"a,b"`, `""` for a quote). */
export function splitCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      cells.push(cell);
      cell = '';
    } else cell += ch;
  }
  cells.push(cell);
  return cells;
}

function readRecords(path: string): Record<string, unknown>[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new AccuracyError(`cannot read accuracy table ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  if (path.endsWith('.csv')) {
    const lines = text.split(/\r?\n/).filter((line) => line.trim().length > 0);
    if (lines.length === 0) throw new AccuracyError(`accuracy table ${path}: Expects a CSV header line, actual: an empty file`);
    const header = splitCsvLine(lines[0]!).map((cell) => cell.trim());
    return lines.slice(1).map((line, i) => {
      const cells = splitCsvLine(line);
      if (cells.length !== header.length) throw new AccuracyError(`accuracy table ${path} line ${i + 2}: Expects ${header.length} cells, actual: ${cells.length}`);
      return Object.fromEntries(header.map((name, j) => [name, cells[j]!.trim()]));
    });
  }
  try {
    if (path.endsWith('.jsonl')) {
      return text
        .split(/\r?\n/)
        .filter((line) => line.trim().length > 0)
        .map((line) => JSON.parse(line) as Record<string, unknown>);
    }
    const parsed = JSON.parse(text) as unknown;
    if (!Array.isArray(parsed)) throw new AccuracyError(`accuracy table ${path}: Expects a JSON array of records, actual: ${describeValue(parsed)}`);
    return parsed as Record<string, unknown>[];
  } catch (error) {
    if (error instanceof AccuracyError) throw error;
    throw new AccuracyError(`accuracy table ${path}: not valid JSON (${(error as Error).message})`);
  }
}

/**
 * Published accuracies by architecture key; `accuracy` of an architecture the table lacks throws.
 *
 * @example
 * const space = new Nasbench201Space();
 * const table = TableOracle.fromRecords(space, [{ arch: '|nor_conv_3x3~0|+|none~0|none~1|+|none~0|none~1|none~2|', top1: 85.1 }], { top1Field: 'top1', archField: 'arch', name: 'toy' });
 * table.accuracy(space.fromKey('|nor_conv_3x3~0|+|none~0|none~1|+|none~0|none~1|none~2|')).top1; // 85.1
 * table.size; // 1
 */
export class TableOracle<A> implements AccuracyOracle<A> {
  readonly kind = 'top1';
  readonly source = 'table';
  readonly description: string;
  private readonly byKey: ReadonlyMap<string, TableRow<A>>;

  constructor(
    private readonly space: ArchitectureSpace<A>,
    rows: readonly { arch: A; top1: number }[],
    readonly name: string,
  ) {
    const byKey = new Map<string, TableRow<A>>();
    rows.forEach((row, i) => {
      if (typeof row.top1 !== 'number' || !Number.isFinite(row.top1)) {
        throw new AccuracyError(`accuracy table "${name}" row ${i}: Expects a finite top-1 accuracy, actual: ${describeValue(row.top1)}`);
      }
      const key = space.key(row.arch);
      const earlier = byKey.get(key);
      if (earlier !== undefined && earlier.top1 !== row.top1) {
        throw new AccuracyError(`accuracy table "${name}" row ${i}: Expects one accuracy per architecture, actual: ${earlier.top1} and ${row.top1} for ${key}`);
      }
      byKey.set(key, Object.freeze({ arch: row.arch, key, top1: row.top1 }));
    });
    this.byKey = byKey;
    this.description = `table "${name}" (${byKey.size} ${space.name} architectures)`;
  }

  /** A table from records: objects holding an architecture (or its key) and a top-1 field. */
  static fromRecords<A>(space: ArchitectureSpace<A>, records: readonly unknown[], options: TableOptions): TableOracle<A> {
    const name = options.name ?? 'records';
    const rows = records.map((record, i) => {
      if (typeof record !== 'object' || record === null) throw new AccuracyError(`accuracy table "${name}" row ${i}: Expects an object, actual: ${describeValue(record)}`);
      const fields = record as Record<string, unknown>;
      const rawTop1 = fields[options.top1Field];
      const top1 = typeof rawTop1 === 'string' && rawTop1.trim() !== '' ? Number(rawTop1) : rawTop1;
      if (typeof top1 !== 'number' || !Number.isFinite(top1)) {
        throw new AccuracyError(`accuracy table "${name}" row ${i}: Expects a number in field "${options.top1Field}", actual: ${describeValue(rawTop1)}`);
      }
      try {
        return { arch: archOf(space, fields, options.archField), top1 };
      } catch (error) {
        throw new AccuracyError(`accuracy table "${name}" row ${i}: ${(error as Error).message}`);
      }
    });
    return new TableOracle(space, rows, name);
  }

  /** A table from a .json (array of records), .jsonl or .csv file. */
  static fromFile<A>(space: ArchitectureSpace<A>, path: string, options: TableOptions): TableOracle<A> {
    return TableOracle.fromRecords(space, readRecords(path), { ...options, name: options.name ?? path.split(/[\\/]/).pop()! });
  }

  get size(): number {
    return this.byKey.size;
  }

  /** Every row, in the order first seen. */
  get rows(): readonly TableRow<A>[] {
    return [...this.byKey.values()];
  }

  /** The keys of the table's architectures, in the order first seen. */
  get architectureKeys(): readonly string[] {
    return [...this.byKey.keys()];
  }

  has(arch: A): boolean {
    return this.byKey.has(this.space.key(arch));
  }

  accuracy(arch: A): Top1Result {
    const key = this.space.key(arch);
    const row = this.byKey.get(key);
    if (row === undefined) throw new AccuracyError(`table "${this.name}" has no entry for ${this.space.name} architecture ${key} (it holds ${this.byKey.size})`);
    return { kind: 'top1', top1: row.top1, source: 'table', oracle: this.description };
  }
}

function archOf<A>(space: ArchitectureSpace<A>, fields: Record<string, unknown>, archField: string | undefined): A {
  if (archField === undefined) return space.parse(fields);
  const value = fields[archField];
  if (typeof value === 'string') {
    const text = value.trim();
    if (text.startsWith('{') || text.startsWith('[')) return space.parse(JSON.parse(text) as unknown);
    return space.fromKey(text);
  }
  return space.parse(value);
}

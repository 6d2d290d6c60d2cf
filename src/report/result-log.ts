/**
 * Results as JSON lines, appended as they are produced: an interrupted run resumes where it stopped,
 * shards of a run merge into the file one unsharded run writes.
 */
import { closeSync, existsSync, ftruncateSync, openSync, readFileSync, writeSync } from 'node:fs';

/** One result: `index` is the task's position in the run's deterministic task list. */
export interface ResultRecord {
  index: number;
  [field: string]: unknown;
}

/**
 * A result file that cannot be used: unreadable, not JSON lines, or from another run.
 *
 * @example
 * let caught: unknown;
 * try { parseShard('3/2'); } catch (error) { caught = error; }
 * caught instanceof ResultLogError;   // true
 */
export class ResultLogError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ResultLogError';
  }
}

/** `i/n`: this process runs the tasks whose index is i modulo n. */
export interface Shard {
  index: number;
  count: number;
}

/** Reads `i/n` (0 <= i < n). */
export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = match ? Number(match[1]) : Number.NaN;
  const count = match ? Number(match[2]) : Number.NaN;
  if (!match || count < 1 || index >= count) throw new ResultLogError(`--shard expects i/n with 0 <= i < n (e.g. 0/4), got "${text}"`);
  return { index, count };
}

export function inShard(taskIndex: number, shard: Shard | undefined): boolean {
  return shard === undefined || taskIndex % shard.count === shard.index;
}

/** Reads a results file; a last line cut short by a kill is ignored (and reported). */
export function readResults(path: string): { records: ResultRecord[]; partialTail: boolean; validBytes: number } {
  const text = readFileSync(path, 'utf8');
  const end = text.lastIndexOf('\n') + 1;
  const records: ResultRecord[] = [];
  const lines = text.slice(0, end).split('\n');
  lines.forEach((line, i) => {
    if (line.length === 0) return;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      throw new ResultLogError(`${path} line ${i + 1} is not valid JSON; the results file is damaged`);
    }
    if (typeof record !== 'object' || record === null || !Number.isSafeInteger((record as ResultRecord).index)) {
      throw new ResultLogError(`${path} line ${i + 1} has no integer "index"; not a results file of this tool`);
    }
    records.push(record as ResultRecord);
  });
  return { records, partialTail: end < text.length, validBytes: Buffer.byteLength(text.slice(0, end)) };
}

/**
 * An append-only results file. Records are written in task order (`write` buffers results that
 * arrive early, e.g. from worker threads), one line each, flushed as they are written.
 *
 * @example
 * const path = join(mkdtempSync(join(tmpdir(), 'results-')), 'results.jsonl');
 * const tasks = [{ index: 0, x: 2 }, { index: 1, x: 3 }];
 * let log = ResultLog.open(path, { resume: true });
 * log.write({ index: 0, square: 4 });
 * log.close();   // interrupted after the first task
 * log = ResultLog.open(path, { resume: true });
 * for (const task of tasks) if (!log.has(task.index)) log.write({ index: task.index, square: task.x ** 2 });
 * log.close();
 * readResults(path).records.map((record) => record.square);   // [4, 9]
 */
export class ResultLog {
  private readonly fd: number;
  private readonly done: Set<number>;
  private readonly pending = new Map<number, ResultRecord>();
  /** The task indices this run will write, in order; set by `expect`. */
  private order: number[] = [];
  private cursor = 0;

  private constructor(
    readonly path: string,
    fd: number,
    completed: Set<number>,
  ) {
    this.fd = fd;
    this.done = completed;
  }

  /**
   * Opens `path` for appending. An existing file is an error unless `resume` is set; then its complete
   * records count as done and a partial last line (a write cut short) is removed.
   */
  static open(path: string, options: { resume: boolean }): ResultLog {
    const completed = new Set<number>();
    if (existsSync(path)) {
      if (!options.resume) throw new ResultLogError(`${path} already exists; pass --resume to continue it or choose another --out`);
      const { records, partialTail, validBytes } = readResults(path);
      for (const record of records) completed.add(record.index);
      if (partialTail) {
        const fd = openSync(path, 'r+');
        ftruncateSync(fd, validBytes);
        closeSync(fd);
      }
    }
    return new ResultLog(path, openSync(path, 'a'), completed);
  }

  /** Whether a task's result is already in the file. */
  has(index: number): boolean {
    return this.done.has(index);
  }

  get completedCount(): number {
    return this.done.size;
  }

  /** The tasks still to write, in the order they will be written (results arriving out of order wait). */
  expect(indices: readonly number[]): number[] {
    this.order = indices.filter((i) => !this.done.has(i));
    this.cursor = 0;
    return this.order.slice();
  }

  /** Writes a record now (without `expect`), or in order (after `expect`). */
  write(record: ResultRecord): void {
    if (this.order.length === 0) {
      this.append(record);
      return;
    }
    this.pending.set(record.index, record);
    while (this.cursor < this.order.length && this.pending.has(this.order[this.cursor]!)) {
      const next = this.pending.get(this.order[this.cursor]!)!;
      this.pending.delete(next.index);
      this.append(next);
      this.cursor++;
    }
  }

  private append(record: ResultRecord): void {
    if (this.done.has(record.index)) throw new ResultLogError(`task ${record.index} is already in ${this.path}`);
    writeSync(this.fd, `${JSON.stringify(record)}\n`);
    this.done.add(record.index);
  }

  close(): void {
    if (this.pending.size > 0) throw new ResultLogError(`${this.pending.size} result(s) arrived for tasks that were never reached in order`);
    closeSync(this.fd);
  }
}

/**
 * Merges results files (e.g. the shards of one run) into records sorted by task index. The same task
 * in two files must have identical records; anything else is an error.
 */
export function mergeResults(paths: readonly string[]): ResultRecord[] {
  if (paths.length === 0) throw new ResultLogError('merge needs at least one results file');
  const byIndex = new Map<number, { text: string; record: ResultRecord; path: string }>();
  for (const path of paths) {
    if (!existsSync(path)) throw new ResultLogError(`cannot read ${path}: no such file`);
    const { records, partialTail } = readResults(path);
    if (partialTail) throw new ResultLogError(`${path} ends in a partial line (an interrupted run); resume it before merging`);
    for (const record of records) {
      const text = JSON.stringify(record);
      const seen = byIndex.get(record.index);
      if (seen !== undefined && seen.text !== text) {
        throw new ResultLogError(`task ${record.index} differs between ${seen.path} and ${path}; these files are not shards of one run`);
      }
      byIndex.set(record.index, { text, record, path });
    }
  }
  return [...byIndex.values()].sort((a, b) => a.record.index - b.record.index).map((entry) => entry.record);
}

/** Results as JSON lines text. */
export function formatResults(records: readonly ResultRecord[]): string {
  return records.map((record) => `${JSON.stringify(record)}\n`).join('');
}

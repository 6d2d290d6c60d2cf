/**
 * Runs a deterministic list of tasks into a results file: only this shard's tasks, skipping those
 * already written (resume), in this thread or on a pool of worker threads, writing in task order.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { inShard, ResultLog, ResultLogError, type ResultRecord, type Shard } from '../src/report/result-log.js';

/** A unit of work: the task indices it produces records for, and what a worker needs to do it. */
export interface WorkItem<Payload> {
  indices: number[];
  payload: Payload;
}

export interface TaskRunOptions {
  /** The results file (JSON lines). */
  out: string;
  resume: boolean;
  shard?: Shard | undefined;
  /** Worker threads; 1 runs everything in this thread. */
  workers: number;
  onProgress?: ((done: number, total: number) => void) | undefined;
}

export interface TaskRunSummary {
  /** Records written by this run. */
  written: number;
  /** This shard's tasks. */
  total: number;
  /** Already in the file when the run started. */
  skipped: number;
}

export interface TaskRun<Payload> {
  /** Identifies what the results are of; a resumed run must have the same (stored beside the results). */
  manifest: unknown;
  /** Every task of the run, in order; each item's indices are ascending. */
  items: readonly WorkItem<Payload>[];
  /** Evaluates an item in this thread (restricted to the indices still to do). */
  evaluate: (item: WorkItem<Payload>) => ResultRecord[] | Promise<ResultRecord[]>;
  /** A module whose default export evaluates an item (`{ indices, payload }`) on a worker thread. */
  workerModule: URL;
}

function manifestPath(out: string): string {
  return `${out}.manifest.json`;
}

export async function runTasks<Payload>(run: TaskRun<Payload>, options: TaskRunOptions): Promise<TaskRunSummary> {
  if (!Number.isSafeInteger(options.workers) || options.workers < 1) throw new ResultLogError(`workers must be a positive integer, got ${options.workers}`);
  const manifest = `${JSON.stringify({ run: run.manifest, shard: options.shard ?? null }, null, 1)}\n`;
  if (options.resume && existsSync(options.out) && existsSync(manifestPath(options.out)) && readFileSync(manifestPath(options.out), 'utf8') !== manifest) {
    throw new ResultLogError(`${options.out} holds results of other options; --resume needs the same options and shard`);
  }
  const log = ResultLog.open(options.out, { resume: options.resume });
  writeFileSync(manifestPath(options.out), manifest);
  const order: number[] = [];
  const todo: WorkItem<Payload>[] = [];
  for (const item of run.items) {
    const mine = item.indices.filter((index) => inShard(index, options.shard));
    order.push(...mine);
    const open = mine.filter((index) => !log.has(index));
    if (open.length > 0) todo.push({ indices: open, payload: item.payload });
  }
  log.expect(order);
  const skipped = log.completedCount;
  let done = skipped;
  const total = order.length;
  options.onProgress?.(done, total);
  const write = (records: readonly ResultRecord[]): void => {
    for (const record of records) log.write(record);
    done += records.length;
    options.onProgress?.(done, total);
  };
  try {
    if (options.workers <= 1 || todo.length <= 1) {
      for (const item of todo) {
        write(await run.evaluate(item));
        // Let a progress bar redraw and signals arrive between items.
        await new Promise((resolve) => setImmediate(resolve));
      }
    } else {
      const { Piscina } = await import('piscina');
      const threads = Math.min(options.workers, availableParallelism());
      const pool = new Piscina({ filename: run.workerModule.href, maxThreads: threads, minThreads: 1 });
      // Hand out items in order, one per free thread: queued all at once, the pool may start one late,
      // and every result after it would wait in memory (lost if the run is interrupted).
      let next = 0;
      const feed = async (): Promise<void> => {
        while (next < todo.length) {
          const item = todo[next++] as WorkItem<Payload>;
          write((await pool.run(item)) as ResultRecord[]);
        }
      };
      try {
        await Promise.all(Array.from({ length: threads }, feed));
      } finally {
        await pool.destroy();
      }
    }
  } finally {
    log.close();
  }
  return { written: done - skipped, total, skipped };
}

/**
 * MAESTRO's own binary as a black box, for side-by-side speed figures: where it is (`--maestro PATH`
 * or `$MAESTRO_BIN`) and how long it takes on a hardware and a mapping file, run as a user runs it.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The flags every run uses: results as a CSV beside the mapping file, nothing else printed. */
export const MAESTRO_FLAGS = ['--print_res=false', '--print_res_csv_file=true', '--print_log_file=false'] as const;

/** The binary to time: the option, else `$MAESTRO_BIN`; undefined when neither names one. */
export function findMaestro(option: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const path = option ?? env['MAESTRO_BIN'];
  if (path === undefined || path.length === 0) return undefined;
  const absolute = resolve(path);
  try {
    accessSync(absolute, constants.X_OK);
  } catch {
    throw new Error(`the MAESTRO binary ${absolute} does not exist or is not executable`);
  }
  return absolute;
}

/** One case MAESTRO runs: its files' texts, under a name of its own. */
export interface MaestroInput {
  name: string;
  hw: string;
  mapping: string;
}

/**
 * A folder of MAESTRO inputs, written once; `run` times one process on one of them. MAESTRO appends
 * to an existing CSV, so each run deletes it first, as a user would.
 *
 * @example
 * const runner = new MaestroRunner('/path/to/maestro', [{ name: 'resnet50', hw: hwText, mapping: mappingText }]);
 * runner.run(0);   // seconds, process start included
 * runner.close();
 */
export class MaestroRunner {
  readonly dir: string;

  constructor(
    readonly binary: string,
    readonly inputs: readonly MaestroInput[],
  ) {
    this.dir = mkdtempSync(join(tmpdir(), 'codesign-gym-maestro-'));
    inputs.forEach((input, i) => {
      writeFileSync(join(this.dir, `${i}.m`), input.mapping);
      writeFileSync(join(this.dir, `${i}.hw.m`), input.hw);
    });
  }

  /**
   * Runs MAESTRO on every input, one process after another, from one shell script (so that this
   * large process forks once, not once per network); returns the wall time in seconds. Throws if a
   * run fails or writes no CSV.
   */
  runAll(): number {
    const lines = ['set -e'];
    this.inputs.forEach((_, i) => {
      lines.push(`rm -f ${i}.csv`, `${shellQuote(this.binary)} --HW_file=${i}.hw.m --Mapping_file=${i}.m ${MAESTRO_FLAGS.join(' ')} > /dev/null 2>&1`, `test -e ${i}.csv`);
    });
    return timeShell(lines.join('\n'), this.dir, 'MAESTRO');
  }

  /** Runs MAESTRO on input i; returns the wall time in seconds. Throws if it fails or writes no CSV. */
  run(i: number): number {
    const csv = join(this.dir, `${i}.csv`);
    rmSync(csv, { force: true });
    const start = process.hrtime.bigint();
    const result = spawnSync(this.binary, [`--HW_file=${i}.hw.m`, `--Mapping_file=${i}.m`, ...MAESTRO_FLAGS], { cwd: this.dir, stdio: 'ignore' });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (result.error !== undefined) throw new Error(`MAESTRO could not run: ${result.error.message}`);
    if (result.status !== 0 || !existsSync(csv)) {
      throw new Error(`MAESTRO failed on ${this.inputs[i]!.name} (exit status ${String(result.status ?? result.signal)})`);
    }
    return seconds;
  }

  close(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, "'\\''")}'`;
}

/**
 * Runs a shell script in a folder and returns its wall time, seconds: one fork of this process,
 * whatever the script runs (forking a large Node process costs it page faults afterwards, so the
 * benchmarks fork as little as they can).
 */
export function timeShell(script: string, cwd: string, what: string): number {
  const start = process.hrtime.bigint();
  const result = spawnSync('/bin/sh', ['-c', script], { cwd, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (result.error !== undefined) throw new Error(`${what} could not run: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`${what} failed (exit status ${String(result.status ?? result.signal)}): ${result.stderr.trim()}`);
  return seconds;
}

/** `codesign-gym sweep`: every architecture of a list on every accelerator of a grid, as JSON lines. */
import type { Argv, CommandModule } from 'yargs';
import { describeCommand } from '../command-list.js';
import { allAccelerators } from '../../../envs/verify-optimality.js';
import { runSweep } from '../../../experiments/sweep.js';
import { parseShard } from '../../report/result-log.js';
import { createRng } from '../../random/rng.js';
import { SPACE_NAMES, type ArchitectureSpace } from '../../workloads/index.js';
import { gridFromArgs, gridOptions, spaceFromNames, type GridArgs } from '../design-args.js';
import { readTextFile, UsageError } from '../io.js';
import { progress } from '../progress.js';

interface SweepArgs extends GridArgs {
  space: string;
  preset?: string;
  archs?: string;
  sample?: number;
  all: boolean;
  seed: number;
  out: string;
  resume: boolean;
  shard?: string;
  workers: number;
  json: boolean;
}

/** Architecture keys from a file: a JSON array (of keys or architecture objects) or one key per line. */
export function architecturesFromFile(space: ArchitectureSpace<unknown>, path: string): string[] {
  const text = readTextFile(path, 'architectures file').trim();
  let entries: unknown[];
  if (text.startsWith('[')) {
    try {
      entries = JSON.parse(text) as unknown[];
    } catch (error) {
      throw new UsageError(`${path} is not valid JSON: ${(error as Error).message}`);
    }
  } else {
    entries = text.split('\n').map((line) => line.trim()).filter((line) => line.length > 0);
  }
  return entries.map((entry, i) => {
    try {
      return typeof entry === 'string' ? space.key(space.fromKey(entry)) : space.key(space.parse(entry));
    } catch (error) {
      throw new UsageError(`${path} entry ${i + 1} is not a ${space.name} architecture: ${(error as Error).message}`);
    }
  });
}

export const sweepCommand: CommandModule<object, SweepArgs> = {
  command: 'sweep',
  describe: describeCommand('sweep'),
  builder: (yargs: Argv) =>
    gridOptions(
      yargs
        .option('space', { type: 'string', demandOption: true, describe: `architecture space (${SPACE_NAMES.join(', ')})` })
        .option('preset', { type: 'string', describe: "the space's preset" })
        .option('archs', { type: 'string', describe: 'architectures: a JSON array (keys or architecture objects) or one key per line' })
        .option('sample', { type: 'number', describe: 'or this many architectures sampled with --seed' })
        .option('all', { type: 'boolean', default: false, describe: 'or every architecture (small spaces: nasbench201)' })
        .option('seed', { type: 'number', default: 0 }),
    )
      .option('out', { type: 'string', demandOption: true, describe: 'results file (JSON lines)' })
      .option('resume', { type: 'boolean', default: false, describe: 'continue an interrupted sweep into --out' })
      .option('shard', { type: 'string', describe: 'i/n: run only tasks whose index is i mod n (merge the shards with `merge`)' })
      .option('workers', { type: 'number', default: 1, describe: 'worker threads' })
      .option('json', { type: 'boolean', default: false, describe: 'print the summary as JSON' }) as Argv<SweepArgs>,
  handler: async (args) => {
    const { space, preset } = spaceFromNames(args.space, args.preset);
    if (!Number.isSafeInteger(args.workers) || args.workers < 1) throw new UsageError(`--workers expects a positive integer, got ${args.workers}`);
    const sources = [args.archs !== undefined, args.sample !== undefined, args.all].filter(Boolean).length;
    if (sources !== 1) throw new UsageError('sweep needs exactly one of --archs FILE, --sample N or --all');
    let architectures: string[];
    if (args.archs !== undefined) {
      architectures = architecturesFromFile(space, args.archs);
    } else if (args.sample !== undefined) {
      if (!Number.isSafeInteger(args.sample) || args.sample < 1) throw new UsageError(`--sample expects a positive integer, got ${args.sample}`);
      const rng = createRng(args.seed);
      architectures = Array.from({ length: args.sample }, () => space.key(space.sample(rng)));
    } else {
      if (space.enumerate === undefined) throw new UsageError(`--all: the ${args.space} space is too large to enumerate; use --sample or --archs`);
      architectures = [...space.enumerate()].map((arch) => space.key(arch));
    }
    const accelerators = allAccelerators(gridFromArgs(args));
    const shard = args.shard === undefined ? undefined : parseShard(args.shard);
    const bar = progress('sweep');
    const result = await runSweep(
      { space: args.space, preset, architectures, accelerators },
      { out: args.out, resume: args.resume, shard, workers: args.workers, onProgress: (done, total) => bar.update(done, total) },
    );
    bar.stop();
    const summary = { out: args.out, architectures: architectures.length, accelerators: accelerators.length, ...result };
    process.stdout.write(
      args.json
        ? `${JSON.stringify(summary)}\n`
        : `${result.written} result(s) written to ${args.out} (${result.skipped} already there; ${result.total} in ${shard ? `shard ${args.shard}` : 'the sweep'}: ${architectures.length} architectures x ${accelerators.length} accelerators)\n`,
    );
  },
};

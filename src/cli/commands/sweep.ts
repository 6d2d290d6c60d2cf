/** `codesign-gym sweep`: every architecture of a list on every accelerator of a grid, as JSON lines. */
import type { Argv, CommandModule } from 'yargs';
import { allAccelerators } from '../../../envs/verify-optimality.js';
import { completeGrid, HARDWARE_DATAFLOWS, hardwareGridSchema, type HardwareGrid } from '../../../envs/hardware-grid.js';
import { runSweep } from '../../../experiments/sweep.js';
import { parseShard } from '../../report/result-log.js';
import { createRng } from '../../random/rng.js';
import { createSpace, isSpaceName, SPACE_NAMES, SPACE_PRESETS, type ArchitectureSpace } from '../../workloads/index.js';
import { readTextFile, UsageError } from '../io.js';
import { progress } from '../progress.js';

interface SweepArgs {
  space: string;
  preset?: string;
  archs?: string;
  sample?: number;
  all: boolean;
  seed: number;
  grid?: string;
  pes?: string;
  noc?: string;
  offchip?: string;
  l1?: string;
  l2?: string;
  dataflows?: string;
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

function numbers(flag: string, text: string | undefined): number[] | undefined {
  if (text === undefined) return undefined;
  const values = text.split(',').map((v) => Number(v.trim()));
  if (values.length === 0 || values.some((v) => !Number.isSafeInteger(v) || v < 1)) throw new UsageError(`--${flag} expects positive integers separated by commas, got "${text}"`);
  return values;
}

/** The grid: a JSON file of any grid fields, then flags, over the study's grid. */
export function gridFromArgs(args: Pick<SweepArgs, 'grid' | 'pes' | 'noc' | 'offchip' | 'l1' | 'l2' | 'dataflows'>): HardwareGrid {
  let partial: Record<string, unknown> = {};
  if (args.grid !== undefined) {
    try {
      partial = JSON.parse(readTextFile(args.grid, 'grid file')) as Record<string, unknown>;
    } catch (error) {
      if (error instanceof UsageError) throw error;
      throw new UsageError(`${args.grid} is not valid JSON: ${(error as Error).message}`);
    }
  }
  const flags: Record<string, unknown> = {
    numPes: numbers('pes', args.pes),
    nocBandwidthElemsPerCycle: numbers('noc', args.noc),
    offchipBandwidthElemsPerCycle: numbers('offchip', args.offchip),
    l1SizeElements: numbers('l1', args.l1),
    l2SizeElements: numbers('l2', args.l2),
    dataflows: args.dataflows?.split(',').map((d) => d.trim()),
  };
  for (const [key, value] of Object.entries(flags)) if (value !== undefined) partial[key] = value;
  const parsed = hardwareGridSchema.partial().safeParse(partial);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UsageError(`invalid grid: ${issue.path.join('.') || 'grid'}: ${issue.message} (dataflows: ${HARDWARE_DATAFLOWS.join(', ')})`);
  }
  return completeGrid(parsed.data);
}

export const sweepCommand: CommandModule<object, SweepArgs> = {
  command: 'sweep',
  describe: 'Evaluate architectures x accelerators x dataflows into JSON lines (resumable, shardable, parallel)',
  builder: (yargs: Argv) =>
    yargs
      .option('space', { type: 'string', demandOption: true, describe: `architecture space (${SPACE_NAMES.join(', ')})` })
      .option('preset', { type: 'string', describe: "the space's preset" })
      .option('archs', { type: 'string', describe: 'architectures: a JSON array (keys or architecture objects) or one key per line' })
      .option('sample', { type: 'number', describe: 'or this many architectures sampled with --seed' })
      .option('all', { type: 'boolean', default: false, describe: 'or every architecture (small spaces: nasbench201)' })
      .option('seed', { type: 'number', default: 0 })
      .option('grid', { type: 'string', describe: 'JSON file with grid fields (numPes, l1SizeElements, l2SizeElements, nocBandwidthElemsPerCycle, offchipBandwidthElemsPerCycle, dataflows); the rest from the study grid' })
      .option('pes', { type: 'string', describe: 'PE counts, e.g. 64,128,256' })
      .option('noc', { type: 'string', describe: 'NoC bandwidths (elements/cycle)' })
      .option('offchip', { type: 'string', describe: 'off-chip bandwidths (elements/cycle)' })
      .option('l1', { type: 'string', describe: 'L1 sizes (elements)' })
      .option('l2', { type: 'string', describe: 'L2 sizes (elements)' })
      .option('dataflows', { type: 'string', describe: `dataflows (${HARDWARE_DATAFLOWS.join(', ')})` })
      .option('out', { type: 'string', demandOption: true, describe: 'results file (JSON lines)' })
      .option('resume', { type: 'boolean', default: false, describe: 'continue an interrupted sweep into --out' })
      .option('shard', { type: 'string', describe: 'i/n: run only tasks whose index is i mod n (merge the shards with `merge`)' })
      .option('workers', { type: 'number', default: 1, describe: 'worker threads' })
      .option('json', { type: 'boolean', default: false, describe: 'print the summary as JSON' }) as Argv<SweepArgs>,
  handler: async (args) => {
    if (!isSpaceName(args.space)) throw new UsageError(`unknown space "${args.space}"; expected one of ${SPACE_NAMES.join(', ')}`);
    const preset = args.preset ?? SPACE_PRESETS[args.space][0]!;
    if (!SPACE_PRESETS[args.space].includes(preset)) throw new UsageError(`unknown preset "${preset}" of ${args.space}; expected one of ${SPACE_PRESETS[args.space].join(', ')}`);
    if (!Number.isSafeInteger(args.workers) || args.workers < 1) throw new UsageError(`--workers expects a positive integer, got ${args.workers}`);
    const sources = [args.archs !== undefined, args.sample !== undefined, args.all].filter(Boolean).length;
    if (sources !== 1) throw new UsageError('sweep needs exactly one of --archs FILE, --sample N or --all');
    const space = createSpace(args.space, preset) as ArchitectureSpace<unknown>;
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

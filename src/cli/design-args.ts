/** Command-line arguments several commands share: an architecture space and an accelerator grid. */
import type { Argv } from 'yargs';
import { completeGrid, HARDWARE_DATAFLOWS, hardwareGridSchema, type HardwareGrid } from '../../envs/hardware-grid.js';
import { createSpace, isSpaceName, SPACE_NAMES, SPACE_PRESETS, type ArchitectureSpace } from '../workloads/index.js';
import { readTextFile, UsageError } from './io.js';

/** A space by name and preset (default: the space's first preset), or a one-line UsageError. */
export function spaceFromNames(name: string, preset: string | undefined): { space: ArchitectureSpace<unknown>; name: string; preset: string } {
  if (!isSpaceName(name)) throw new UsageError(`unknown space "${name}"; expected one of ${SPACE_NAMES.join(', ')}`);
  const chosen = preset ?? SPACE_PRESETS[name][0]!;
  if (!SPACE_PRESETS[name].includes(chosen)) throw new UsageError(`unknown preset "${chosen}" of ${name}; expected one of ${SPACE_PRESETS[name].join(', ')}`);
  return { space: createSpace(name, chosen) as ArchitectureSpace<unknown>, name, preset: chosen };
}

/** The grid flags: a JSON file of grid fields, and comma-separated values per field. */
export interface GridArgs {
  grid?: string;
  pes?: string;
  noc?: string;
  offchip?: string;
  l1?: string;
  l2?: string;
  dataflows?: string;
}

/** Adds the grid flags to a command. */
export function gridOptions<T>(yargs: Argv<T>): Argv<T & GridArgs> {
  return yargs
    .option('grid', { type: 'string', describe: 'JSON file with grid fields (numPes, l1SizeElements, l2SizeElements, nocBandwidthElemsPerCycle, offchipBandwidthElemsPerCycle, dataflows); the rest from the study grid' })
    .option('pes', { type: 'string', describe: 'PE counts, e.g. 64,128,256' })
    .option('noc', { type: 'string', describe: 'NoC bandwidths (elements/cycle)' })
    .option('offchip', { type: 'string', describe: 'off-chip bandwidths (elements/cycle)' })
    .option('l1', { type: 'string', describe: 'L1 sizes (elements)' })
    .option('l2', { type: 'string', describe: 'L2 sizes (elements)' })
    .option('dataflows', { type: 'string', describe: `dataflows (${HARDWARE_DATAFLOWS.join(', ')})` });
}

function numbers(flag: string, text: string | undefined): number[] | undefined {
  if (text === undefined) return undefined;
  const values = text.split(',').map((v) => Number(v.trim()));
  if (values.length === 0 || values.some((v) => !Number.isSafeInteger(v) || v < 1)) throw new UsageError(`--${flag} expects positive integers separated by commas, got "${text}"`);
  return values;
}

/** The grid: a JSON file of any grid fields, then flags, over the study's grid. */
export function gridFromArgs(args: GridArgs): HardwareGrid {
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

/** `codesign-gym export`: the MAESTRO mapping file of a zoo network or of an architecture from a space. */
import type { Argv, CommandModule } from 'yargs';
import { describeCommand } from '../command-list.js';
import { DATAFLOW_NAMES, isDataflowName, type DataflowName } from '../../dataflows/index.js';
import { parseHardware } from '../../maestro/hardware-file.js';
import { writeMapping } from '../../maestro/mapping-file.js';
import { INT_MAX } from '../../maestro/types.js';
import {
  createSpace,
  mapNetwork,
  MAESTRO_CONVENTIONS,
  SPACE_NAMES,
  SPACE_PRESETS,
  WorkloadError,
  ZOO_NAMES,
  zooNetwork,
  type MaestroConvention,
  type Network,
} from '../../workloads/index.js';
import { readTextFile, UsageError } from '../io.js';

interface ExportArgs {
  space?: string;
  preset?: string;
  arch?: string;
  network?: string;
  dataflow: string;
  hw?: string;
  convention?: string;
}

/** The architecture argument: JSON text, `@file.json`, or the space's key string (undefined). */
function readArch(text: string): unknown {
  const source = text.startsWith('@') ? readTextFile(text.slice(1), 'architecture file') : text;
  try {
    return JSON.parse(source) as unknown;
  } catch (error) {
    if (/^\s*[[{]/.test(source)) throw new UsageError(`--arch is not valid JSON: ${(error as Error).message}`);
    return undefined;
  }
}

function networkOf(args: ExportArgs): Network {
  if (args.network !== undefined) return zooNetwork(args.network);
  const space = createSpace(args.space!, args.preset);
  const json = readArch(args.arch!);
  const arch = json === undefined || typeof json === 'string' ? space.fromKey(typeof json === 'string' ? json : args.arch!) : space.parse(json);
  return space.toNetwork(arch as never);
}

/** Runs the export; returns the mapping text and notes for stderr. Throws UsageError on bad input. */
export function exportMapping(args: ExportArgs): { mapping: string; notes: string[] } {
  if (!isDataflowName(args.dataflow)) {
    throw new UsageError(`--dataflow expects one of ${DATAFLOW_NAMES.join(', ')}, actual: "${args.dataflow}"`);
  }
  const dataflow: DataflowName = args.dataflow;
  if (args.convention !== undefined && !(MAESTRO_CONVENTIONS as readonly string[]).includes(args.convention)) {
    throw new UsageError(`--convention expects one of ${MAESTRO_CONVENTIONS.join(', ')}, actual: "${args.convention}"`);
  }
  try {
    const network = networkOf(args);
    // Without --hw the templates are written as they are (no PE count to adapt to).
    const hardware = args.hw === undefined ? { numPes: INT_MAX } : parseHardware(readTextFile(args.hw, 'hardware file'));
    const options = args.convention === undefined ? {} : { convention: args.convention as MaestroConvention };
    const mapped = mapNetwork(network, dataflow, hardware, options);
    const byChange = new Map<string, string[]>();
    for (const a of mapped.adjustments) {
      const key = `${a.change}: ${a.reason}`;
      byChange.set(key, [...(byChange.get(key) ?? []), a.layer]);
    }
    const notes = [...byChange].map(([change, layers]) => {
      const named = layers.length <= 3 ? layers.join(', ') : `${layers.slice(0, 3).join(', ')}, ...`;
      return `${layers.length} of ${network.layers.length} layers (${named}): ${change}`;
    });
    return { mapping: writeMapping(mapped.spec), notes };
  } catch (error) {
    if (error instanceof WorkloadError) throw new UsageError(error.message);
    throw error;
  }
}

export const exportCommand: CommandModule<object, ExportArgs> = {
  command: 'export',
  describe: describeCommand('export'),
  builder: (yargs: Argv) =>
    yargs
      .option('space', { type: 'string', describe: `architecture space: ${SPACE_NAMES.join(', ')}` })
      .option('preset', {
        type: 'string',
        describe: `the space's preset (${SPACE_NAMES.map((name) => `${name}: ${SPACE_PRESETS[name].join('|')}`).join('; ')}); default the first`,
      })
      .option('arch', { type: 'string', describe: "the architecture: JSON, @file.json, or the space's key (e.g. a NAS-Bench-201 arch string)" })
      .option('network', { type: 'string', describe: `a zoo network instead of a space: ${ZOO_NAMES.join(', ')}` })
      .option('dataflow', { type: 'string', demandOption: true, describe: `${DATAFLOW_NAMES.join(', ')} (depthwise layers always use dpt)` })
      .option('hw', { type: 'string', describe: 'MAESTRO hardware file: templates adapt to its PE count' })
      .option('convention', { type: 'string', describe: `how Y and X are written (${MAESTRO_CONVENTIONS.join(', ')}); default the network's own` })
      .check((args) => {
        if (args.network !== undefined && (args.space !== undefined || args.arch !== undefined)) {
          throw new UsageError('use either --network or --space with --arch, not both');
        }
        if (args.network === undefined && (args.space === undefined || args.arch === undefined)) {
          throw new UsageError('export needs --network NAME, or --space S with --arch JSON');
        }
        if (args.preset !== undefined && args.space === undefined) throw new UsageError('--preset needs --space');
        return true;
      })
      .example("$0 export --space darts --preset codesign-study --arch '{\"normal\": [...], \"reduce\": [...]}' --dataflow kcp_ws", 'mapping file on stdout')
      .example('$0 export --network resnet50 --dataflow rs --hw accelerator.m', 'templates adapted to the PE count') as Argv<ExportArgs>,
  handler: (args) => {
    const { mapping, notes } = exportMapping(args);
    for (const note of notes) process.stderr.write(`codesign-gym: note: ${note}\n`);
    process.stdout.write(mapping);
  },
};

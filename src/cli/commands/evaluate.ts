/** `codesign-gym evaluate`: MAESTRO's CSV for a hardware and mapping file, or for a batch of cases. */
import type { Argv, CommandModule } from 'yargs';
import { describeCommand } from '../command-list.js';
import { CostModel, type NetworkCost } from '../../costmodel/evaluate.js';
import { DATAFLOW_NAMES, isDataflowName } from '../../dataflows/index.js';
import { writeMaestroCsv } from '../../maestro/csv.js';
import { parseHardware } from '../../maestro/hardware-file.js';
import { DEFAULT_HARDWARE, type HardwareSpec } from '../../maestro/types.js';
import { formatTable } from '../../report/table.js';
import { mapNetwork } from '../../workloads/maestro-export.js';
import { isZooName, ZOO_NAMES, zooNetwork } from '../../workloads/zoo/index.js';
import { readTextFile, UsageError } from '../io.js';
import { runBatch, runMappingFiles } from './evaluate-run.js';

interface EvaluateArgs {
  hw?: string;
  mapping?: string;
  batch?: string;
  network?: string;
  dataflow: string;
  format: 'table' | 'csv' | 'json';
  'simd-lanes': number;
}

/** The co-design study's reference accelerator "acc-A": 256 PEs, L1 100, L2 3000, NoC 1000, off-chip 300. */
export const DEFAULT_ACCELERATOR: Readonly<HardwareSpec> = Object.freeze({
  ...DEFAULT_HARDWARE,
  numPes: 256,
  l1SizeElements: 100,
  l2SizeElements: 3000,
  nocBandwidthElemsPerCycle: 1000,
  offchipBandwidthElemsPerCycle: 300,
});

function describeHardware(hw: HardwareSpec): string {
  return `${hw.numPes} PEs, NoC ${hw.nocBandwidthElemsPerCycle} and off-chip ${hw.offchipBandwidthElemsPerCycle} elements/cycle`;
}

/** A per-layer table with the network's totals. */
export function formatNetworkTable(cost: NetworkCost, title: string): string {
  const table = formatTable(cost.layers, [
    { header: 'layer', value: (r) => r.layerName },
    { header: 'runtime (cycles)', value: (r) => r.runtimeCycles },
    { header: 'energy (nJ)', value: (r) => r.energyNJ, digits: 1 },
    { header: 'MACs', value: (r) => r.numMacs },
    { header: 'MACs/cycle', value: (r) => r.throughputMacsPerCycle, digits: 1 },
    { header: 'avg PEs', value: (r) => r.avgUtilizedPes, digits: 1 },
    { header: 'L1 req', value: (r) => r.l1SizeReqElements },
    { header: 'L2 req', value: (r) => r.l2SizeReqElements },
  ]);
  const totals =
    `total: ${cost.runtimeCycles} cycles, ${cost.energyNJ.toFixed(1)} nJ, ${cost.macs} MACs, ` +
    `EDP ${(cost.runtimeCycles * cost.energyNJ).toExponential(4)} cycles*nJ; largest L1 ${cost.l1SizeReqElements}, L2 ${cost.l2SizeReqElements} elements\n`;
  return `${title}\n\n${table}\n${totals}`;
}

function runNetwork(args: EvaluateArgs): void {
  if (!isZooName(args.network!)) throw new UsageError(`unknown network "${args.network}"; expected one of ${ZOO_NAMES.join(', ')}`);
  if (!isDataflowName(args.dataflow)) throw new UsageError(`unknown dataflow "${args.dataflow}"; expected one of ${DATAFLOW_NAMES.join(', ')}`);
  const hardware =
    args.hw === undefined
      ? { ...DEFAULT_ACCELERATOR, simdLanes: args['simd-lanes'] }
      : parseHardware(readTextFile(args.hw, 'hardware file'), { simdLanes: args['simd-lanes'] });
  const network = zooNetwork(args.network!);
  const mapped = mapNetwork(network, args.dataflow, hardware);
  const cost = new CostModel().evaluateNetwork(mapped.spec, hardware);
  if (args.format === 'csv') {
    process.stdout.write(writeMaestroCsv(cost.layers));
    return;
  }
  if (args.format === 'json') {
    const { layers, ...totals } = cost;
    process.stdout.write(`${JSON.stringify({ network: network.name, dataflow: args.dataflow, hardware, totals, adjustments: mapped.adjustments, layers })}\n`);
    return;
  }
  const title = `${network.name} (${cost.layers.length} layers, ${(network.macs / 1e9).toFixed(2)} GMACs) with ${args.dataflow} on ${describeHardware(hardware)}`;
  process.stdout.write(formatNetworkTable(cost, title));
  for (const a of mapped.adjustments.slice(0, 1)) {
    process.stdout.write(`note: ${a.change} in ${mapped.adjustments.length} layer(s): ${a.reason}\n`);
  }
}

export const evaluateCommand: CommandModule<object, EvaluateArgs> = {
  command: 'evaluate',
  describe: describeCommand('evaluate'),
  builder: (yargs: Argv) =>
    yargs
      .option('hw', { type: 'string', describe: 'MAESTRO hardware file (num_pes, noc_bw_cstr, ...)' })
      .option('mapping', { type: 'string', describe: 'MAESTRO mapping file (Network with Dataflows)' })
      .option('batch', { type: 'string', describe: 'JSON lines {id, hw, mapping} (file texts); prints {id, ok, csv|error} per line' })
      .option('network', { type: 'string', describe: `a zoo network (${ZOO_NAMES.join(', ')}) mapped with --dataflow` })
      .option('dataflow', { type: 'string', default: 'kcp_ws', describe: `dataflow for --network (${DATAFLOW_NAMES.join(', ')}; dpt for depthwise layers)` })
      .option('format', { choices: ['table', 'csv', 'json'] as const, default: 'table' as const, describe: 'output for --network' })
      .option('simd-lanes', { type: 'number', default: 1, describe: "vector width per PE (MAESTRO's --num_simd_lanes)" })
      .check((args) => {
        const sources = [args.batch !== undefined, args.mapping !== undefined, args.network !== undefined].filter(Boolean).length;
        if (sources > 1) throw new UsageError('use one of --batch, --mapping (with --hw) or --network');
        if (sources === 0) throw new UsageError('evaluate needs --hw and --mapping, --batch, or --network');
        if (args.batch !== undefined && args.hw !== undefined) throw new UsageError('--batch cases carry their own hardware; drop --hw');
        if (args.mapping !== undefined && args.hw === undefined) throw new UsageError('--mapping needs --hw');
        return true;
      })
      .example('$0 evaluate --network resnet50', 'per-layer table on the default accelerator (256 PEs)')
      .example('$0 evaluate --hw accelerator.m --mapping resnet50_kcp_ws.m', 'MAESTRO CSV on stdout')
      .example('$0 evaluate --batch cases.jsonl', 'one JSON line per case') as Argv<EvaluateArgs>,
  handler: async (args) => {
    if (args.batch !== undefined) {
      await runBatch(args.batch, args['simd-lanes']);
      return;
    }
    if (args.network !== undefined) {
      runNetwork(args);
      return;
    }
    runMappingFiles(args.hw!, args.mapping!, args['simd-lanes']);
  },
};

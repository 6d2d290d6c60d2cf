/** `codesign-gym evaluate`: MAESTRO's CSV for a hardware and mapping file, or for a batch of cases. */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Argv, CommandModule } from 'yargs';
import { CostModel } from '../../costmodel/evaluate.js';
import { writeMaestroCsv } from '../../maestro/csv.js';
import { MaestroError } from '../../maestro/errors.js';
import { parseHardware } from '../../maestro/hardware-file.js';
import { parseMapping } from '../../maestro/mapping-file.js';
import { readTextFile, UsageError } from '../io.js';

interface EvaluateArgs {
  hw?: string;
  mapping?: string;
  batch?: string;
  'simd-lanes': number;
}

/** One line of a batch file. */
interface BatchCase {
  id?: unknown;
  hw?: unknown;
  mapping?: unknown;
}

/** The result line of one batch case; never throws. */
export function evaluateBatchLine(line: string, lineNumber: number, model: CostModel, simdLanes: number): string {
  let id: unknown = null;
  try {
    let parsed: BatchCase;
    try {
      parsed = JSON.parse(line) as BatchCase;
    } catch {
      throw new UsageError(`line ${lineNumber}: not valid JSON`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new UsageError(`line ${lineNumber}: expected an object {id, hw, mapping}`);
    }
    id = parsed.id ?? null;
    if (typeof parsed.hw !== 'string') throw new UsageError('"hw" must be the hardware file text (a string)');
    if (typeof parsed.mapping !== 'string') throw new UsageError('"mapping" must be the mapping file text (a string)');
    const hardware = parseHardware(parsed.hw, { simdLanes });
    const cost = model.evaluateNetwork(parseMapping(parsed.mapping), hardware);
    return JSON.stringify({ id, ok: true, csv: writeMaestroCsv(cost.layers) });
  } catch (error) {
    if (error instanceof MaestroError || error instanceof UsageError) {
      return JSON.stringify({ id, ok: false, error: error.message });
    }
    return JSON.stringify({ id, ok: false, error: `internal error: ${(error as Error).message}` });
  }
}

async function runBatch(path: string, simdLanes: number): Promise<void> {
  readTextFile(path, 'batch file');
  const model = new CostModel();
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber++;
    if (line.trim().length === 0) continue;
    process.stdout.write(`${evaluateBatchLine(line, lineNumber, model, simdLanes)}\n`);
  }
}

export const evaluateCommand: CommandModule<object, EvaluateArgs> = {
  command: 'evaluate',
  describe: "Evaluate MAESTRO files: print MAESTRO's result CSV (or JSON lines for --batch)",
  builder: (yargs: Argv) =>
    yargs
      .option('hw', { type: 'string', describe: 'MAESTRO hardware file (num_pes, noc_bw_cstr, ...)' })
      .option('mapping', { type: 'string', describe: 'MAESTRO mapping file (Network with Dataflows)' })
      .option('batch', { type: 'string', describe: 'JSON lines {id, hw, mapping} (file texts); prints {id, ok, csv|error} per line' })
      .option('simd-lanes', { type: 'number', default: 1, describe: "vector width per PE (MAESTRO's --num_simd_lanes)" })
      .check((args) => {
        if (args.batch !== undefined && (args.hw !== undefined || args.mapping !== undefined)) {
          throw new UsageError('use either --batch or --hw with --mapping, not both');
        }
        if (args.batch === undefined && (args.hw === undefined || args.mapping === undefined)) {
          throw new UsageError('evaluate needs --hw and --mapping, or --batch');
        }
        return true;
      })
      .example('$0 evaluate --hw accelerator.m --mapping resnet50_kcp_ws.m', 'MAESTRO CSV on stdout')
      .example('$0 evaluate --batch cases.jsonl', 'one JSON line per case') as Argv<EvaluateArgs>,
  handler: async (args) => {
    if (args.batch !== undefined) {
      await runBatch(args.batch, args['simd-lanes']);
      return;
    }
    const hardware = parseHardware(readTextFile(args.hw!, 'hardware file'), { simdLanes: args['simd-lanes'] });
    const network = parseMapping(readTextFile(args.mapping!, 'mapping file'));
    const cost = new CostModel({ cacheSize: 0 }).evaluateNetwork(network, hardware);
    process.stdout.write(writeMaestroCsv(cost.layers));
  },
};

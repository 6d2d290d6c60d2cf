/**
 * What `codesign-gym evaluate --batch` and `--hw --mapping` do, importing only the MAESTRO readers,
 * the cost model and the CSV writer: scripts call these in loops, so they start as fast as Node allows.
 */
import { CostModel } from '../../costmodel/evaluate.js';
import { MaestroError } from '../../maestro/errors.js';
import { parseHardware } from '../../maestro/hardware-file.js';
import { parseMapping } from '../../maestro/mapping-file.js';
import { forEachLine, readTextFile, UsageError } from '../io.js';

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
    const csv = model.evaluateNetworkCsv(parseMapping(parsed.mapping), hardware);
    return JSON.stringify({ id, ok: true, csv });
  } catch (error) {
    if (error instanceof MaestroError || error instanceof UsageError) {
      return JSON.stringify({ id, ok: false, error: error.message });
    }
    return JSON.stringify({ id, ok: false, error: `internal error: ${(error as Error).message}` });
  }
}

/** The result lines of batch case lines, numbered from 1, in one cost model (as `runBatch` prints them). */
export function evaluateBatchLines(lines: readonly string[], simdLanes: number): string[] {
  const model = new CostModel();
  return lines.map((line, index) => evaluateBatchLine(line, index + 1, model, simdLanes));
}

/** Prints one result line per case of a JSON-lines batch file (one cost model, so cases share their layers). */
export async function runBatch(path: string, simdLanes: number): Promise<void> {
  const model = new CostModel();
  forEachLine(path, 'batch file', (line, lineNumber) => {
    if (line.trim().length > 0) process.stdout.write(`${evaluateBatchLine(line, lineNumber, model, simdLanes)}\n`);
  });
}

/** Prints MAESTRO's CSV for a hardware file and a mapping file. */
export function runMappingFiles(hwPath: string, mappingPath: string, simdLanes: number): void {
  const hardware = parseHardware(readTextFile(hwPath, 'hardware file'), { simdLanes });
  const network = parseMapping(readTextFile(mappingPath, 'mapping file'));
  process.stdout.write(new CostModel().evaluateNetworkCsv(network, hardware));
}

/** The arguments of the forms `evaluate` runs without the full command line parser. */
export interface LeanEvaluateArgs {
  batch?: string;
  hw?: string;
  mapping?: string;
  simdLanes: number;
}

/**
 * `evaluate --batch FILE` or `evaluate --hw HW --mapping MAP`, each optionally with
 * `--simd-lanes N` (also as `--name=value`), read without yargs; undefined for anything else (help,
 * --network, mistakes), which the full parser handles and explains.
 */
export function leanEvaluateArgs(argv: readonly string[]): LeanEvaluateArgs | undefined {
  if (argv[0] !== 'evaluate') return undefined;
  const values = new Map<string, string>();
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i]!;
    const equals = arg.indexOf('=');
    const name = equals > 0 ? arg.slice(0, equals) : arg;
    if (!['--batch', '--hw', '--mapping', '--simd-lanes'].includes(name) || values.has(name)) return undefined;
    let value: string | undefined;
    if (equals > 0) value = arg.slice(equals + 1);
    else value = argv[++i];
    if (value === undefined || value.length === 0 || value.startsWith('-')) return undefined;
    values.set(name, value);
  }
  const lanes = values.get('--simd-lanes') ?? '1';
  if (!/^[1-9][0-9]{0,8}$/.test(lanes)) return undefined;
  const batch = values.get('--batch');
  const hw = values.get('--hw');
  const mapping = values.get('--mapping');
  if (batch !== undefined ? hw !== undefined || mapping !== undefined : hw === undefined || mapping === undefined) return undefined;
  return { batch, hw, mapping, simdLanes: Number(lanes) };
}

/**
 * Whether an error of these commands is bad input (a MAESTRO file error or a usage error) rather
 * than a bug. Bundled, the lean path has its own copies of the error classes, so only it can tell.
 */
export function isInputError(error: unknown): boolean {
  return error instanceof MaestroError || error instanceof UsageError;
}

/** Runs what `leanEvaluateArgs` read. */
export async function runLeanEvaluate(args: LeanEvaluateArgs): Promise<void> {
  if (args.batch !== undefined) await runBatch(args.batch, args.simdLanes);
  else runMappingFiles(args.hw!, args.mapping!, args.simdLanes);
}

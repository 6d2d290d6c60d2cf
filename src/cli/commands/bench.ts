/** `codesign-gym bench`: the cost model, environments, command line, memory, cores and agents, side by side with MAESTRO where it applies. */
import type { Argv, CommandModule } from 'yargs';
import { describeCommand } from '../command-list.js';
import { BENCH_PARTS, benchParts, DEFAULT_BENCH_PARTS, runBench } from '../../../experiments/bench.js';
import { findMaestro } from '../../../experiments/maestro-binary.js';
import { UsageError } from '../io.js';

interface BenchArgs {
  only?: string;
  maestro?: string;
  designs?: number;
  json: boolean;
}

export const benchCommand: CommandModule<object, BenchArgs> = {
  command: 'bench',
  describe: describeCommand('bench'),
  builder: (yargs: Argv) =>
    yargs
      .option('only', { type: 'string', describe: `comma-separated parts (${BENCH_PARTS.join(', ')}); default ${DEFAULT_BENCH_PARTS.join(', ')}` })
      .option('maestro', { type: 'string', describe: "MAESTRO's binary, timed on the same inputs in the same run (default $MAESTRO_BIN)" })
      .option('designs', { type: 'number', describe: 'new designs of the memory part (default 100000)' })
      .option('json', { type: 'boolean', default: false }) as Argv<BenchArgs>,
  handler: async (args) => {
    let parts;
    let maestro;
    try {
      parts = benchParts(args.only);
      maestro = findMaestro(args.maestro);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    if (args.designs !== undefined && (!Number.isSafeInteger(args.designs) || args.designs < 1)) throw new UsageError(`--designs expects a positive integer, got ${args.designs}`);
    const { results, text } = await runBench({ parts, maestro, designs: args.designs, log: (line) => process.stderr.write(`${line}\n`) });
    process.stdout.write(args.json ? `${JSON.stringify(results)}\n` : text);
  },
};

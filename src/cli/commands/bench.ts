/** `codesign-gym bench`: the cost model, environment steps and agents, measured side by side in one run. */
import type { Argv, CommandModule } from 'yargs';
import { benchAgents, formatAgentsBench } from '../../../experiments/bench-agents.js';
import { benchCostModel, formatCostModelBench } from '../../../experiments/bench-costmodel.js';
import { benchEnvs, formatEnvBench } from '../../../experiments/bench-envs.js';
import { UsageError } from '../io.js';

const PARTS = ['costmodel', 'envs', 'agents'] as const;

interface BenchArgs {
  only?: string;
  json: boolean;
}

export const benchCommand: CommandModule<object, BenchArgs> = {
  command: 'bench',
  describe: "Benchmark the cost model (on MAESTRO's example networks when ../shared has them, else the zoo), environment steps and agents",
  builder: (yargs: Argv) =>
    yargs
      .option('only', { type: 'string', describe: `comma-separated parts (${PARTS.join(', ')}); default all` })
      .option('json', { type: 'boolean', default: false }) as Argv<BenchArgs>,
  handler: async (args) => {
    const parts = args.only === undefined ? [...PARTS] : args.only.split(',').map((p) => p.trim());
    for (const part of parts) if (!(PARTS as readonly string[]).includes(part)) throw new UsageError(`unknown bench part "${part}"; expected some of ${PARTS.join(', ')}`);
    const results: Record<string, unknown> = {};
    const text: string[] = [];
    if (parts.includes('costmodel')) {
      const report = benchCostModel();
      results['costmodel'] = report;
      text.push(formatCostModelBench(report));
    }
    if (parts.includes('envs')) {
      const report = benchEnvs();
      results['envs'] = report;
      text.push(formatEnvBench(report));
    }
    if (parts.includes('agents')) {
      const report = await benchAgents();
      results['agents'] = report;
      text.push(formatAgentsBench(report));
    }
    process.stdout.write(args.json ? `${JSON.stringify(results)}\n` : `${text.join('\n')}`);
  },
};

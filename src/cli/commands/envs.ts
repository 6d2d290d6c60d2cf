/** `codesign-gym envs`: the registered environments, their spaces and options. */
import type { Argv, CommandModule } from 'yargs';
import { describeCommand } from '../command-list.js';
import '../../../envs/index.js';
import { envSpec, listEnvs, make } from '../../gym/index.js';
import { SPACE_NAMES, SPACE_PRESETS } from '../../workloads/index.js';

interface EnvsArgs {
  json: boolean;
}

function describeOption(value: unknown): unknown {
  if (value === undefined || typeof value === 'function') return undefined;
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && Object.getPrototypeOf(value) !== Object.prototype) return `<${(value as object).constructor.name}>`;
  return value;
}

/** The registered environments with their spaces, default options, and the architecture spaces. */
export function environmentsReport(): { environments: Record<string, unknown>[]; spaces: Record<string, readonly string[]> } {
  const environments = listEnvs().map((id) => {
    const spec = envSpec(id);
    let actionSpace = '';
    let observationSpace = '';
    try {
      const env = make(id);
      actionSpace = String(env.actionSpace);
      observationSpace = String(env.observationSpace);
      env.close();
    } catch (error) {
      actionSpace = `(needs options: ${(error as Error).message.split(':').slice(-1)[0]!.trim()})`;
    }
    const options = Object.fromEntries(Object.entries(spec.kwargs).map(([k, v]) => [k, describeOption(v)]));
    return { id, description: spec.description ?? '', actionSpace, observationSpace, maxEpisodeSteps: spec.maxEpisodeSteps ?? null, options };
  });
  return { environments, spaces: Object.fromEntries(SPACE_NAMES.map((name) => [name, SPACE_PRESETS[name]])) };
}

export const envsCommand: CommandModule<object, EnvsArgs> = {
  command: 'envs',
  describe: describeCommand('envs'),
  builder: (yargs: Argv) => yargs.option('json', { type: 'boolean', default: false }) as Argv<EnvsArgs>,
  handler: (args) => {
    const report = environmentsReport();
    if (args.json) {
      process.stdout.write(`${JSON.stringify(report)}\n`);
      return;
    }
    for (const env of report.environments) {
      process.stdout.write(`${env['id']}  ${env['description']}\n  action ${env['actionSpace']}  observation ${env['observationSpace'] || '-'}\n`);
      process.stdout.write(`  options ${JSON.stringify(env['options'])}\n\n`);
    }
    process.stdout.write(`spaces: ${Object.entries(report.spaces).map(([name, presets]) => `${name} (${presets.join(', ')})`).join('; ')}\n`);
  },
};

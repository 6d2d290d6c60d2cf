/** `codesign-gym run`: one agent on one environment, its search events as JSON lines. */
import { lastValueFrom, tap } from 'rxjs';
import type { Argv, CommandModule } from 'yargs';
import { describeCommand } from '../command-list.js';
import type { SearchEvent } from '../../../agents/index.js';
import '../../../envs/index.js';
import { listEnvs, make } from '../../gym/index.js';
import { ResultLog } from '../../report/result-log.js';
import { spaceFromNames } from '../design-args.js';
import { UsageError } from '../io.js';
import { progress } from '../progress.js';
import { accuracyOptions, oracleSpecFromArgs, type AccuracyArgs } from '../accuracy-args.js';

interface RunArgs extends AccuracyArgs {
  env: string;
  agent: string;
  budget: number;
  seed: number;
  out: string;
  'env-opt': string[];
  'agent-opt': string[];
  resume: boolean;
  json: boolean;
}

/**
 * `key=value` pairs as an options object: values are JSON when they parse (numbers, arrays,
 * objects, true/false), else strings; `a.b=1` sets a nested field.
 */
export function parseKeyValues(pairs: readonly string[], flag: string): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new UsageError(`${flag} expects key=value, got "${pair}"`);
    const path = pair.slice(0, at).split('.');
    const text = pair.slice(at + 1);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      value = text;
    }
    let target = options;
    for (const key of path.slice(0, -1)) {
      const next = target[key];
      if (typeof next !== 'object' || next === null || Array.isArray(next)) target[key] = {};
      target = target[key] as Record<string, unknown>;
    }
    target[path[path.length - 1]!] = value;
  }
  return options;
}

export const runCommand: CommandModule<object, RunArgs> = {
  command: 'run',
  describe: describeCommand('run'),
  builder: (yargs: Argv) =>
    accuracyOptions(yargs)
      .option('env', { type: 'string', demandOption: true, describe: 'environment id (see `codesign-gym envs`)' })
      .option('agent', { type: 'string', demandOption: true, describe: 'agent name (see `codesign-gym agents`)' })
      .option('budget', { type: 'number', demandOption: true, describe: 'evaluations' })
      .option('seed', { type: 'number', default: 0 })
      .option('out', { type: 'string', demandOption: true, describe: 'events file (JSON lines)' })
      .option('env-opt', { type: 'string', array: true, default: [] as string[], describe: 'environment option key=value (JSON values), repeatable' })
      .option('agent-opt', { type: 'string', array: true, default: [] as string[], describe: 'agent hyperparameter key=value, repeatable' })
      .option('resume', { type: 'boolean', default: false, describe: 'replay the (deterministic) run and append the events the file lacks' })
      .option('json', { type: 'boolean', default: false, describe: 'print the done event as JSON' }) as unknown as Argv<RunArgs>,
  handler: async (args) => {
    // The agents load TF.js: only when a run needs them.
    const { listAgents, makeAgent, withoutWallTime } = await import('../../../agents/index.js');
    const { loadOracle } = await import('../../../experiments/oracles.js');
    if (!listEnvs().includes(args.env)) throw new UsageError(`unknown environment "${args.env}"; expected one of ${listEnvs().join(', ')}`);
    if (!listAgents().includes(args.agent)) throw new UsageError(`unknown agent "${args.agent}"; expected one of ${listAgents().join(', ')}`);
    if (!Number.isSafeInteger(args.budget) || args.budget < 1) throw new UsageError(`--budget expects a positive integer, got ${args.budget}`);
    const envOptions = parseKeyValues(args['env-opt'], '--env-opt');
    // Architecture environments default to the published accuracy of their space; other oracles are loaded here.
    const accuracy = oracleSpecFromArgs(args);
    if (accuracy === undefined) envOptions['oracle'] = 'none';
    else if (accuracy.kind !== 'published' || accuracy.split !== undefined) {
      const { space } = spaceFromNames(
        typeof envOptions['space'] === 'string' ? envOptions['space'] : 'nasbench201',
        typeof envOptions['preset'] === 'string' ? envOptions['preset'] : undefined,
      );
      envOptions['oracle'] = await loadOracle(accuracy, space);
    }
    const env = make(args.env, envOptions);
    const agent = makeAgent(args.agent, parseKeyValues(args['agent-opt'], '--agent-opt'));
    const log = ResultLog.open(args.out, { resume: args.resume });
    const bar = progress(`${args.agent} on ${args.env}`);
    let index = 0;
    try {
      const done = await lastValueFrom(
        agent.run(env, { budget: args.budget, seed: args.seed }).pipe(
          tap((event: SearchEvent) => {
            if (!log.has(index)) log.write({ index, ...withoutWallTime(event) });
            index++;
            if (event.type === 'step') bar.update(event.evaluation, args.budget);
          }),
        ),
      );
      bar.stop();
      if (done.type !== 'done') throw new Error('the search did not end with a done event');
      if (args.json) {
        process.stdout.write(`${JSON.stringify(withoutWallTime(done))}\n`);
      } else {
        process.stdout.write(
          `${args.agent} on ${args.env}: ${done.evaluations} evaluations, best reward ${done.best?.reward ?? '-'} at evaluation ${done.best?.evaluation ?? '-'}` +
            `${done.tfjsBackend === null ? '' : ` (TF.js ${done.tfjsBackend})`}\nbest design: ${JSON.stringify(done.best?.design ?? null)}\nevents: ${args.out}\n`,
        );
      }
    } finally {
      log.close();
      env.close();
    }
  },
};

export const agentsCommand: CommandModule<object, { json: boolean }> = {
  command: 'agents',
  describe: describeCommand('agents'),
  builder: (yargs: Argv) => yargs.option('json', { type: 'boolean', default: false }) as Argv<{ json: boolean }>,
  handler: async (args) => {
    const { AGENTS, listAgents, makeAgent } = await import('../../../agents/index.js');
    const agents = listAgents().map((name) => ({ name, description: AGENTS[name]!.description, tfjs: AGENTS[name]!.tfjs, hyperparameters: makeAgent(name).hyperparameters }));
    if (args.json) {
      process.stdout.write(`${JSON.stringify(agents)}\n`);
      return;
    }
    for (const a of agents) process.stdout.write(`${a.name.padEnd(10)} ${a.description}${a.tfjs ? ' [TF.js]' : ''}\n  ${JSON.stringify(a.hyperparameters)}\n`);
  },
};

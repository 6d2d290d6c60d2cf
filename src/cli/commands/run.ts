/** `codesign-gym run`: one agent on one environment, its search events as JSON lines. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
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

/** What an events file was written with; `run --resume` continues only a file written with the same. */
export interface RunManifest {
  env: string;
  envOptions: Record<string, unknown>;
  accuracy: string | null;
  agent: string;
  hyperparameters: unknown;
  seed: number;
  budget: number;
  /** The TF.js backend of a TF.js agent (null for others): another backend gives other numbers. */
  tfjsBackend: string | null;
}

function manifestPath(out: string): string {
  return `${out}.manifest.json`;
}

/**
 * With `resume`, refuses an existing events file whose manifest differs from `manifest` (or is
 * missing), naming the arguments that changed; returns a function that writes the manifest (call it
 * once the events file is open).
 */
export function checkResumable(out: string, resume: boolean, manifest: RunManifest): () => void {
  const path = manifestPath(out);
  if (resume && existsSync(out)) {
    if (!existsSync(path)) throw new UsageError(`${out} has no ${path}: it was not written by \`codesign-gym run\` with these arguments; resume refused`);
    const previous = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    const changed = (Object.keys(manifest) as (keyof RunManifest)[]).filter((key) => JSON.stringify(previous[key]) !== JSON.stringify(manifest[key]));
    if (changed.length > 0) {
      const describe = (key: keyof RunManifest): string => `${key} ${JSON.stringify(manifest[key])} (the file has ${JSON.stringify(previous[key])})`;
      throw new UsageError(`${out} was written with other arguments: ${changed.map(describe).join(', ')}; resume refused (use another --out)`);
    }
  }
  return () => writeFileSync(path, `${JSON.stringify(manifest, null, 1)}\n`);
}

export const runCommand: CommandModule<object, RunArgs> = {
  command: 'run',
  describe: describeCommand('run'),
  builder: (yargs: Argv) =>
    accuracyOptions(yargs)
      .option('env', { type: 'string', demandOption: true, describe: 'environment id (see `codesign-gym envs`)' })
      .option('agent', { type: 'string', demandOption: true, describe: 'agent name (see `codesign-gym agents`), or the path of a module exporting an agent' })
      .option('budget', { type: 'number', demandOption: true, describe: 'evaluations' })
      .option('seed', { type: 'number', default: 0 })
      .option('out', { type: 'string', demandOption: true, describe: 'events file (JSON lines)' })
      .option('env-opt', { type: 'string', array: true, default: [] as string[], describe: 'environment option key=value (JSON values), repeatable' })
      .option('agent-opt', { type: 'string', array: true, default: [] as string[], describe: 'agent hyperparameter key=value, repeatable' })
      .option('resume', { type: 'boolean', default: false, describe: 'replay the (deterministic) run and append the events the file lacks; refused when the file was written with other arguments' })
      .option('json', { type: 'boolean', default: false, describe: 'print the done event as JSON' }) as unknown as Argv<RunArgs>,
  handler: async (args) => {
    // The agents load TF.js: only when a run needs them.
    const { AGENTS, isAgentModulePath, listAgents, resolveAgent, withoutWallTime } = await import('../../../agents/index.js');
    const { loadOracle } = await import('../../../experiments/oracles.js');
    if (!listEnvs().includes(args.env)) throw new UsageError(`unknown environment "${args.env}"; expected one of ${listEnvs().join(', ')}`);
    const fromModule = isAgentModulePath(args.agent);
    if (!fromModule && !listAgents().includes(args.agent)) {
      throw new UsageError(`unknown agent "${args.agent}"; expected one of ${listAgents().join(', ')}, or the path of an agent module (./my-agent.js)`);
    }
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
    const agent = await resolveAgent(fromModule ? resolve(args.agent) : args.agent, parseKeyValues(args['agent-opt'], '--agent-opt'));
    const tfjsBackend = !fromModule && AGENTS[args.agent]?.tfjs === true ? (await import('../../tfjs/backend.js').then((m) => m.loadTfjs())).backend : null;
    const writeManifest = checkResumable(args.out, args.resume, {
      env: args.env,
      envOptions: parseKeyValues(args['env-opt'], '--env-opt'),
      accuracy: args.accuracy ?? null,
      agent: fromModule ? resolve(args.agent) : args.agent,
      hyperparameters: agent.hyperparameters,
      seed: args.seed,
      budget: args.budget,
      tfjsBackend,
    });
    const log = ResultLog.open(args.out, { resume: args.resume });
    writeManifest();
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
          `${agent.name} on ${args.env}: ${done.evaluations} evaluations (${done.evaluationUnit === 'design' ? 'distinct designs' : 'steps'}; ${done.steps} steps, ${done.repeats} repeats), best reward ${done.best?.reward ?? '-'} at evaluation ${done.best?.evaluation ?? '-'}` +
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

/**
 * The commands of `codesign-gym`: their usage, description and where their implementation lives.
 * The CLI imports only the command it runs (a command's module may pull in TF.js, rxjs or the
 * environments), so that `evaluate` starts as fast as Node itself allows.
 */
import type { CommandModule } from 'yargs';

export interface CommandEntry {
  /** The yargs command string (name and positionals). */
  readonly usage: string;
  readonly describe: string;
  /** The command's module, imported when the command runs or shows its own help. */
  readonly load: () => Promise<CommandModule<object, never>>;
}

/** The command's name: the first word of its usage. */
export function commandName(entry: CommandEntry): string {
  return entry.usage.split(' ')[0]!;
}

type AnyCommand = CommandModule<object, never>;

export const COMMANDS: readonly CommandEntry[] = [
  {
    usage: 'evaluate',
    describe: "Evaluate MAESTRO files: print MAESTRO's result CSV (or JSON lines for --batch)",
    load: async () => (await import('./commands/evaluate.js')).evaluateCommand as AnyCommand,
  },
  {
    usage: 'export',
    describe: 'Print the MAESTRO mapping file of a zoo network or of an architecture of a space',
    load: async () => (await import('./commands/export.js')).exportCommand as AnyCommand,
  },
  {
    usage: 'envs',
    describe: 'List the environments (ids, spaces, default options) and the architecture spaces',
    load: async () => (await import('./commands/envs.js')).envsCommand as AnyCommand,
  },
  {
    usage: 'sweep',
    describe: 'Evaluate architectures x accelerators x dataflows into JSON lines (resumable, shardable, parallel)',
    load: async () => (await import('./commands/sweep.js')).sweepCommand as AnyCommand,
  },
  {
    usage: 'merge <files..>',
    describe: 'Merge results files (shards of one run) into one, sorted by task index',
    load: async () => (await import('./commands/merge.js')).mergeCommand as AnyCommand,
  },
  {
    usage: 'run',
    describe: 'Run an agent on an environment; write its search events (without wall time) as JSON lines',
    load: async () => (await import('./commands/run.js')).runCommand as AnyCommand,
  },
  {
    usage: 'agents',
    describe: 'List the agents and their default hyperparameters',
    load: async () => (await import('./commands/run.js')).agentsCommand as AnyCommand,
  },
  {
    usage: 'experiment <name>',
    describe: "Run one of the study's experiments (rank-correlation, semi-decoupled, agents) into --out with a report and plots",
    load: async () => (await import('./commands/experiment.js')).experimentCommand as AnyCommand,
  },
  {
    usage: 'report <dir>',
    describe: "Rebuild an experiment folder's report.md and plots from its results",
    load: async () => (await import('./commands/experiment.js')).reportCommand as AnyCommand,
  },
  {
    usage: 'benchmark',
    describe: 'Run every agent on the versioned benchmark tasks (exact optima, many seeds) into --out, with report.md and plots',
    load: async () => (await import('./commands/benchmark.js')).benchmarkCommand as AnyCommand,
  },
  {
    usage: 'bench',
    describe: "Benchmark the cost model and environments side by side with MAESTRO's own binary (--maestro PATH or $MAESTRO_BIN), and agents",
    load: async () => (await import('./commands/bench.js')).benchCommand as AnyCommand,
  },
];

/** The entry of a command name, or undefined. */
export function findCommand(name: string | undefined): CommandEntry | undefined {
  return COMMANDS.find((entry) => commandName(entry) === name);
}

/** A command's description (each command module takes its own from here). */
export function describeCommand(name: string): string {
  const entry = findCommand(name);
  if (entry === undefined) throw new Error(`no command ${name}`);
  return entry.describe;
}

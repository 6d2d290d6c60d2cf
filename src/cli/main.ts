/** The `codesign-gym` command line, run by its executable (bin.cts) for everything but the lean evaluate forms. */
import { readFileSync } from 'node:fs';
import type { CommandModule } from 'yargs';
import { COMMANDS, findCommand } from './command-list.js';

/** Errors that mean bad input: one line and exit status 1 (anything else is a bug: status 2). Imported only when an error occurs. */
async function isUserError(error: unknown): Promise<boolean> {
  const [io, maestro, results, gym, workloads, analysis, accuracy, agents, data] = await Promise.all([
    import('./io.js'),
    import('../maestro/errors.js'),
    import('../report/result-log.js'),
    import('../gym/errors.js'),
    import('../workloads/errors.js'),
    import('../analysis/errors.js'),
    import('../accuracy/oracle.js'),
    import('../../agents/errors.js'),
    import('../data/files.js'),
  ]);
  const kinds = [
    data.DataFileError,
    io.UsageError,
    maestro.MaestroError,
    results.ResultLogError,
    gym.GymError,
    workloads.WorkloadError,
    analysis.AnalysisError,
    accuracy.AccuracyError,
    agents.InvalidHyperparametersError,
    agents.UnsupportedEnvError,
    agents.UnknownAgentError,
    agents.PolicyFileError,
  ];
  return kinds.some((kind) => error instanceof kind) || (error instanceof Error && error.name === 'YError');
}

/** The package's own version (yargs would read the nearest package.json: the user's project's, once installed). */
function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
  return manifest.version;
}

function oneLine(message: string): string {
  return message.replace(/\s*\n\s*/g, ' ').trim();
}

/**
 * Reports an error and exits: bad input (a known error, or yargs' own) gets its one-line reason and
 * status 1; anything else is a bug: "internal error", the cause, and status 2. `known` says which,
 * where the caller can tell.
 */
export async function exitWith(error: unknown, known?: boolean): Promise<never> {
  known ??= await isUserError(error);
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`codesign-gym: ${known ? oneLine(message) : `internal error: ${oneLine(message)}`}\n`);
  if (!known && error instanceof Error && error.stack !== undefined && process.env['CODESIGN_GYM_DEBUG'] !== undefined) process.stderr.write(`${error.stack}\n`);
  process.exit(known ? 1 : 2);
}

export async function main(argv: string[]): Promise<void> {
  // yargs takes the first word as the command: only that command's module is imported; the others
  // are listed by name and description (their own help imports them).
  const invoked = findCommand(argv.find((arg) => !arg.startsWith('-')));
  const loaded = invoked === undefined ? undefined : await invoked.load();
  const { default: yargs } = await import('yargs');
  let parser = yargs(argv).scriptName('codesign-gym').version(packageVersion());
  for (const entry of COMMANDS) {
    const command: CommandModule<object, never> =
      entry === invoked ? loaded! : { command: entry.usage, describe: entry.describe, handler: () => undefined };
    parser = parser.command(command);
  }
  await parser
    .demandCommand(1, 'name a command (see --help)')
    .strict()
    .recommendCommands()
    .help()
    .fail((message, error) => {
      // yargs routes both its own usage errors (a message) and errors thrown by command handlers here;
      // the latter go on to main's catch.
      if (error !== undefined && error !== null) throw error;
      process.stderr.write(`codesign-gym: ${oneLine(message ?? 'invalid arguments')}\n`);
      process.exit(1);
    })
    .parseAsync();
}

/** Runs the command line on its arguments; an error ends the process with its status (see `exitWith`). */
export async function runCommandLine(argv: string[]): Promise<void> {
  await main(argv).catch(exitWith);
}

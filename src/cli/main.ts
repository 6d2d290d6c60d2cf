#!/usr/bin/env node
/** The `codesign-gym` command line. */
import { readFileSync } from 'node:fs';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { MaestroError } from '../maestro/errors.js';
import { evaluateCommand } from './commands/evaluate.js';
import { envsCommand } from './commands/envs.js';
import { exportCommand } from './commands/export.js';
import { mergeCommand } from './commands/merge.js';
import { sweepCommand } from './commands/sweep.js';
import { experimentCommand, reportCommand } from './commands/experiment.js';
import { agentsCommand, runCommand } from './commands/run.js';
import { benchCommand } from './commands/bench.js';
import { UsageError } from './io.js';
import { AnalysisError } from '../analysis/errors.js';
import { GymError } from '../gym/errors.js';
import { ResultLogError } from '../report/result-log.js';
import { WorkloadError } from '../workloads/errors.js';
import { AccuracyError } from '../accuracy/oracle.js';
import { InvalidHyperparametersError, PolicyFileError, UnknownAgentError, UnsupportedEnvError } from '../../agents/errors.js';

/** Errors that mean bad input: one line and exit status 1 (anything else is a bug: status 2). */
const USER_ERRORS = [UsageError, MaestroError, ResultLogError, GymError, WorkloadError, AnalysisError, AccuracyError, InvalidHyperparametersError, UnsupportedEnvError, UnknownAgentError, PolicyFileError];

/** The package's own version (yargs would read the nearest package.json: the user's project's, once installed). */
function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
  return manifest.version;
}

function oneLine(message: string): string {
  return message.replace(/\s*\n\s*/g, ' ').trim();
}

export async function main(argv: string[]): Promise<void> {
  await yargs(argv)
    .scriptName('codesign-gym')
    .version(packageVersion())
    .command(evaluateCommand)
    .command(exportCommand)
    .command(envsCommand)
    .command(sweepCommand)
    .command(mergeCommand)
    .command(runCommand)
    .command(agentsCommand)
    .command(experimentCommand)
    .command(reportCommand)
    .command(benchCommand)
    .demandCommand(1, 'name a command (see --help)')
    .strict()
    .recommendCommands()
    .help()
    .fail((message, error) => {
      const reason = error instanceof Error ? error.message : message;
      process.stderr.write(`codesign-gym: ${oneLine(reason ?? 'invalid arguments')}\n`);
      process.exit(1);
    })
    .parseAsync();
}

// A reader that stops early (`| head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

main(hideBin(process.argv)).catch((error: unknown) => {
  const known = USER_ERRORS.some((kind) => error instanceof kind);
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`codesign-gym: ${known ? oneLine(message) : `internal error: ${oneLine(message)}`}\n`);
  process.exit(known ? 1 : 2);
});

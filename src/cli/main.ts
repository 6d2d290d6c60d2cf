#!/usr/bin/env node
/** The `codesign-gym` command line. */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { MaestroError } from '../maestro/errors.js';
import { evaluateCommand } from './commands/evaluate.js';
import { envsCommand } from './commands/envs.js';
import { exportCommand } from './commands/export.js';
import { mergeCommand } from './commands/merge.js';
import { sweepCommand } from './commands/sweep.js';
import { UsageError } from './io.js';
import { AnalysisError } from '../analysis/errors.js';
import { GymError } from '../gym/errors.js';
import { ResultLogError } from '../report/result-log.js';
import { WorkloadError } from '../workloads/errors.js';

/** Errors that mean bad input: one line and exit status 1 (anything else is a bug: status 2). */
const USER_ERRORS = [UsageError, MaestroError, ResultLogError, GymError, WorkloadError, AnalysisError];

function oneLine(message: string): string {
  return message.replace(/\s*\n\s*/g, ' ').trim();
}

export async function main(argv: string[]): Promise<void> {
  await yargs(argv)
    .scriptName('codesign-gym')
    .command(evaluateCommand)
    .command(exportCommand)
    .command(envsCommand)
    .command(sweepCommand)
    .command(mergeCommand)
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

main(hideBin(process.argv)).catch((error: unknown) => {
  const known = USER_ERRORS.some((kind) => error instanceof kind);
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`codesign-gym: ${known ? oneLine(message) : `internal error: ${oneLine(message)}`}\n`);
  process.exit(known ? 1 : 2);
});

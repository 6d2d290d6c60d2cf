#!/usr/bin/env node
/** The `codesign-gym` command line. */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { MaestroError } from '../maestro/errors.js';
import { evaluateCommand } from './commands/evaluate.js';
import { exportCommand } from './commands/export.js';
import { UsageError } from './io.js';

function oneLine(message: string): string {
  return message.replace(/\s*\n\s*/g, ' ').trim();
}

export async function main(argv: string[]): Promise<void> {
  await yargs(argv)
    .scriptName('codesign-gym')
    .command(evaluateCommand)
    .command(exportCommand)
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
  const known = error instanceof UsageError || error instanceof MaestroError;
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`codesign-gym: ${known ? oneLine(message) : `internal error: ${oneLine(message)}`}\n`);
  process.exit(known ? 1 : 2);
});

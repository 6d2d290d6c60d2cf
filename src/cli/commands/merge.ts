/** `codesign-gym merge`: combine the shards of a sweep or an experiment into one results file. */
import { writeFileSync } from 'node:fs';
import type { Argv, CommandModule } from 'yargs';
import { describeCommand } from '../command-list.js';
import { formatResults, mergeResults } from '../../report/result-log.js';

interface MergeArgs {
  files: string[];
  out?: string;
}

export const mergeCommand: CommandModule<object, MergeArgs> = {
  command: 'merge <files..>',
  describe: describeCommand('merge'),
  builder: (yargs: Argv) =>
    yargs
      .positional('files', { type: 'string', array: true, describe: 'results files (JSON lines)' })
      .option('out', { type: 'string', describe: 'write here instead of stdout' }) as unknown as Argv<MergeArgs>,
  handler: (args) => {
    const text = formatResults(mergeResults(args.files));
    if (args.out === undefined) process.stdout.write(text);
    else writeFileSync(args.out, text);
  },
};

import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { CLI_PATH } from '../support/cli.js';

/** Preloaded into the CLI's process: every write to stdout fails, as a bug in a command would. */
const FAULT = "data:text/javascript,process.stdout.write = () => { throw new TypeError('injected fault'); };";

function cliWithFault(args: string[]): { status: number | null; stderr: string } {
  const result = spawnSync(process.execPath, ['--import', FAULT, CLI_PATH, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stderr: result.stderr };
}

describe('cli: internal errors are not usage errors', function () {
  this.timeout(120_000);

  it('an internal failure in an async command exits 2 with "internal error" and the cause', () => {
    const run = cliWithFault(['agents', '--json']);
    expect(run.stderr).to.equal('codesign-gym: internal error: injected fault\n');
    expect(run.status).to.equal(2);
  });

  it('so does one in a sync command', () => {
    const run = cliWithFault(['envs', '--json']);
    expect(run.stderr).to.equal('codesign-gym: internal error: injected fault\n');
    expect(run.status).to.equal(2);
  });

  it('bad input still exits 1 with its one-line reason', () => {
    const run = cliWithFault(['agents', '--colour']);
    expect(run.stderr).to.equal('codesign-gym: Unknown argument: colour\n');
    expect(run.status).to.equal(1);
  });
});

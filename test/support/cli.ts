/** Running the real command line in a child process. */
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './fixtures.js';

export const CLI_PATH = join(REPO_ROOT, 'dist', 'src', 'cli', 'bin.cjs');

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `codesign-gym args...` to completion. */
export function cli(args: string[], options: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): CliResult {
  const result = spawnSync(process.execPath, [CLI_PATH, ...args], {
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 120_000,
    env: { ...process.env, ...options.env },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Starts `codesign-gym args...` without waiting (to kill it midway). */
export function startCli(args: string[]): ReturnType<typeof spawn> {
  return spawn(process.execPath, [CLI_PATH, ...args], { stdio: ['ignore', 'ignore', 'ignore'] });
}

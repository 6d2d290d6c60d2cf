#!/usr/bin/env node
/**
 * The `codesign-gym` executable, a CommonJS file so that a cold start reads no ES module it does not
 * need. `evaluate --batch` and `evaluate --hw --mapping`, which scripts call in loops, run from the
 * lean path bundled into one file (`npm run build` writes `evaluate-lean.cjs`); everything else
 * goes to the full command line (main.js).
 */
import { setFlagsFromString } from 'node:v8';
import type * as EvaluateRun from './commands/evaluate-run.js' with { 'resolution-mode': 'import' };

// A reader that stops early (`| head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const argv = process.argv.slice(2);

function runFullCommandLine(): void {
  void import('./main.js').then((cli) => cli.runCommandLine(argv));
}

if (argv[0] === 'evaluate') {
  // An evaluate run is short and CPU-bound: V8 should optimize only the code that stays hot (by
  // default it compiles much code that a short run finishes before the compiled code pays off,
  // which doubles a cold batch's CPU time). The interrupt budget is the bytecode V8 runs before it
  // considers a function for optimizing (66 KiB on Node 20); at 2.4 MB the 35 example networks run
  // almost wholly on baseline code, and a long batch still optimizes what stays hot after a few
  // milliseconds. It steers only when V8 compiles, never what the code computes, and it touches
  // only this command's process, not a library user's.
  setFlagsFromString('--interrupt-budget=2400000');
  const lean = require('./evaluate-lean.cjs') as typeof EvaluateRun;
  const args = lean.leanEvaluateArgs(argv);
  if (args === undefined) {
    runFullCommandLine();
  } else {
    lean.runLeanEvaluate(args).catch(async (error: unknown) => {
      // The bundle has its own copies of the error classes, so it tells which errors are bad input.
      const cli = await import('./main.js');
      await cli.exitWith(error, lean.isInputError(error));
    });
  }
} else {
  runFullCommandLine();
}

#!/usr/bin/env node
/**
 * The `codesign-gym` executable, a CommonJS file so that a cold start reads no ES module it does not
 * need. `evaluate --batch` and `evaluate --hw --mapping`, which scripts call in loops, run from the
 * lean path bundled into one file with its code cache (see lean-loader.cts); everything else goes
 * to the full command line (main.js).
 */
import { loadLeanBundle, tuneV8ForEvaluate } from './lean-loader.cjs';

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
  tuneV8ForEvaluate();
  const lean = loadLeanBundle().run;
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

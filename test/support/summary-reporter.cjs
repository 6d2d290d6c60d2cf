// Mocha's spec output, closed by the one-line summary CI reads: "N passed, N failed".
'use strict';
const Mocha = require('mocha');
const { EVENT_RUN_END, EVENT_TEST_PASS, EVENT_TEST_FAIL } = Mocha.Runner.constants;

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    let passed = 0;
    let failed = 0;
    runner.on(EVENT_TEST_PASS, () => { passed += 1; });
    runner.on(EVENT_TEST_FAIL, () => { failed += 1; });
    runner.once(EVENT_RUN_END, () => {
      // A run with no tests is a failure, not a success.
      if (passed + failed === 0) failed = 1;
      process.stdout.write(`${passed} passed, ${failed} failed\n`);
    });
  }
}
module.exports = SummaryReporter;

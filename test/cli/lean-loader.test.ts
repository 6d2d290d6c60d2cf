import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { BUNDLE_PATH, CODE_CACHE_PATH, readCodeCache } from '../../src/cli/lean-loader.cjs';
import { evaluateBatchLines } from '../../src/cli/commands/evaluate-run.js';
import { loadGeneratedCases } from '../support/maestro-reference.js';
import { REPO_ROOT } from '../support/fixtures.js';

const LOADER = join(REPO_ROOT, 'dist', 'src', 'cli', 'lean-loader.cjs');

/** Loads the bundle in a fresh Node process (V8 flags are per process), evaluates the lines there. */
function loadInChild(lines: string[], tune: boolean, cache: 'build' | 'none'): { rejected: boolean | undefined; results: string[] } {
  const script = `
    const loader = require(${JSON.stringify(LOADER)});
    if (${tune}) loader.tuneV8ForEvaluate();
    const bundle = loader.loadLeanBundle(${cache === 'none' ? 'undefined' : 'loader.readCodeCache()'});
    const lines = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
    process.stdout.write(JSON.stringify({ rejected: bundle.script.cachedDataRejected, results: bundle.run.evaluateBatchLines(lines, 1) }));`;
  const child = spawnSync(process.execPath, ['-e', script], { input: JSON.stringify(lines), encoding: 'utf8', maxBuffer: 64 << 20 });
  expect(child.status, child.stderr).to.equal(0);
  return JSON.parse(child.stdout) as { rejected: boolean | undefined; results: string[] };
}

describe('cli: the lean evaluate bundle and its code cache', function () {
  this.timeout(60_000);
  const lines = loadGeneratedCases()
    .slice(0, 12)
    .map((c) => JSON.stringify({ id: c.id, hw: c.hw, mapping: c.mapping }));

  it('are written by the build next to each other', () => {
    expect(BUNDLE_PATH).to.equal(join(REPO_ROOT, 'dist', 'src', 'cli', 'evaluate-lean.cjs'));
    expect(readCodeCache(CODE_CACHE_PATH)?.length ?? 0).to.be.greaterThan(10_000);
  });

  it("compiles from the build's code cache under evaluate's V8 flags, with the library's results", () => {
    const child = loadInChild(lines, true, 'build');
    expect(child.rejected).to.equal(false);
    expect(child.results).to.deep.equal(evaluateBatchLines(lines, 1));
    expect(child.results.filter((line) => (JSON.parse(line) as { ok: boolean }).ok)).to.have.length.greaterThan(6);
  });

  it('compiles from source, with the same results, where V8 rejects the cache (other flags) or there is none', () => {
    const rejected = loadInChild(lines, false, 'build');
    expect(rejected.rejected).to.equal(true);
    expect(rejected.results).to.deep.equal(evaluateBatchLines(lines, 1));
    const uncached = loadInChild(lines, true, 'none');
    expect(uncached.rejected).not.to.equal(true);
    expect(uncached.results).to.deep.equal(rejected.results);
  });

  it('reads no cache where there is none', () => {
    expect(readCodeCache(join(REPO_ROOT, 'no-such-dir', 'evaluate-lean.cache'))).to.equal(undefined);
  });
});

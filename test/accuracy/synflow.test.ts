import { expect } from 'chai';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AccuracyError, SynflowOracle } from '../../src/accuracy/index.js';
import { createRng } from '../../src/random/rng.js';
import { DartsSpace, Nasbench201Space } from '../../src/workloads/index.js';

const BEST = '|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|';

describe('accuracy/synflow', function () {
  this.timeout(60_000);
  const space = new Nasbench201Space();

  it('gives a score (not a top-1), the same twice, cached on disk by architecture key', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'codesign-gym-synflow-'));
    const oracle = await SynflowOracle.create(space, { cacheDir });
    const arch = space.fromKey(BEST);
    const first = oracle.accuracy(arch);
    expect(first.kind).to.equal('score');
    expect(first.source).to.equal('synflow');
    expect(first.oracle).to.match(/not a top-1 accuracy/);
    expect(first).to.not.have.property('top1');
    expect(first.cached).to.equal(false);
    expect(first.score).to.be.greaterThan(1e40);
    expect(Number.isFinite(first.score)).to.equal(true);
    expect(oracle.accuracy(arch)).to.deep.equal({ ...first, cached: true });
    expect(oracle.cachePath).to.equal(join(cacheDir, 'synflow_nasbench201_cifar10_seed0.jsonl'));
    expect(readFileSync(oracle.cachePath!, 'utf8')).to.equal(`${JSON.stringify({ key: BEST, score: first.score })}\n`);
    const reopened = await SynflowOracle.create(space, { cacheDir });
    expect(reopened.cachedCount).to.equal(1);
    expect(reopened.accuracy(arch)).to.deep.equal({ ...first, cached: true });
    const fresh = await SynflowOracle.create(space, { cacheDir: null });
    expect(fresh.accuracy(arch).score).to.equal(first.score);
    expect(fresh.cachePath).to.equal(undefined);
  });

  it('runs a nasbench201 network in under a second (median)', async () => {
    const oracle = await SynflowOracle.create(space, { cacheDir: null });
    const rng = createRng(11);
    oracle.accuracy(space.sample(rng));
    const times: number[] = [];
    for (let i = 0; i < 9; i++) {
      const arch = space.sample(rng);
      const started = performance.now();
      oracle.accuracy(arch);
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)]!;
    console.log(`      synflow on nasbench201: median ${median.toFixed(0)} ms, slowest ${times.at(-1)!.toFixed(0)} ms (TF.js ${oracle.backend})`);
    expect(median).to.be.below(1000);
  });

  it('scores more weighted paths higher and an all-none cell zero', async () => {
    const oracle = await SynflowOracle.create(space, { cacheDir: null });
    const score = (key: string): number => oracle.accuracy(space.fromKey(key)).score;
    expect(score('|none~0|+|none~0|none~1|+|none~0|none~1|none~2|')).to.equal(0);
    expect(score(BEST)).to.be.greaterThan(score('|nor_conv_1x1~0|+|none~0|none~1|+|skip_connect~0|none~1|nor_conv_1x1~2|'));
    const seeded = await SynflowOracle.create(space, { cacheDir: null, seed: 1 });
    expect(seeded.accuracy(space.fromKey(BEST)).score).to.not.equal(score(BEST));
  });

  it('rejects spaces it cannot build and bad seeds', async () => {
    let error: unknown;
    await SynflowOracle.create(new DartsSpace(), { cacheDir: null }).catch((e: unknown) => (error = e));
    expect(error).to.be.instanceOf(AccuracyError);
    expect((error as Error).message).to.match(/Expects a space among nasbench201, actual: darts/);
    error = undefined;
    await SynflowOracle.create(space, { cacheDir: null, seed: 0.5 }).catch((e: unknown) => (error = e));
    expect((error as Error).message).to.match(/Expects an integer seed, actual: 0.5/);
    expect(existsSync(join(tmpdir(), 'never-created'))).to.equal(false);
  });
});

import { expect } from 'chai';
import { AccuracyError, FittedOracle, oneHotFeatures, TableOracle } from '../../src/accuracy/index.js';
import { createRng } from '../../src/random/rng.js';
import { AlphanetSpace } from '../../src/workloads/index.js';
import { alphanetSamples } from '../../src/data/index.js';

describe('accuracy/fitted', function () {
  this.timeout(60_000);
  const space = new AlphanetSpace('codesign-study');
  const table = TableOracle.fromRecords(space, alphanetSamples(), { top1Field: 'predicted_top1', name: 'samples.json' });

  it('trained on 80% of the AlphaNet table, predicts the held-out 20% at Spearman >= 0.9', async () => {
    const { oracle, report } = await FittedOracle.fit(space, table.rows, { seed: 0, tableName: 'samples.json' });
    try {
      console.log(
        `      fitted AlphaNet oracle: held-out Spearman ${report.heldOutSpearman.toFixed(4)}, RMSE ${report.heldOutRmse.toFixed(4)} top-1 points ` +
          `(${report.trainSize} train / ${report.testSize} test, ${report.epochs} epochs, ${report.backend}, ${(report.trainMs / 1000).toFixed(1)} s)`,
      );
      expect(report.trainSize).to.equal(7_999);
      expect(report.testSize).to.equal(2_000);
      expect(report.heldOutSpearman).to.be.at.least(0.9);
      expect(report.heldOutRmse).to.be.below(1);
      const arch = space.sample(createRng(5));
      const result = oracle.accuracy(arch);
      expect(result.kind).to.equal('top1');
      expect(result.source).to.equal('fitted');
      expect(result.oracle).to.match(/^MLP\(49-64-64-1\) fitted on 7999 alphanet architectures of samples\.json$/);
      expect(result.top1).to.be.within(60, 80);
      expect(oracle.predict([arch])[0]).to.be.closeTo(result.top1, 1e-9);
    } finally {
      oracle.dispose();
    }
    expect(() => oracle.accuracy(table.rows[0]!.arch)).to.throw(AccuracyError, /disposed/);
  });

  it('is deterministic for a seed', async () => {
    const rows = table.rows.slice(0, 300);
    const a = await FittedOracle.fit(space, rows, { seed: 3, epochs: 2 });
    const b = await FittedOracle.fit(space, rows, { seed: 3, epochs: 2 });
    expect(a.oracle.predict(rows.slice(0, 5).map((r) => r.arch))).to.deep.equal(b.oracle.predict(rows.slice(0, 5).map((r) => r.arch)));
    expect(a.report.heldOutSpearman).to.equal(b.report.heldOutSpearman);
    a.oracle.dispose();
    b.oracle.dispose();
  });

  it('one-hot encodes each dimension', () => {
    expect(Array.from(oneHotFeatures([2, 3], [1, 2]))).to.deep.equal([0, 1, 0, 0, 1]);
  });

  it('rejects bad options', async () => {
    const rows = table.rows.slice(0, 10);
    const cases: [object, RegExp][] = [
      [{ testFraction: 1 }, /Expects testFraction in \[0, 1\), actual: 1/],
      [{ epochs: 0 }, /Expects epochs to be a positive integer, actual: 0/],
      [{ hiddenUnits: 2.5 }, /Expects hiddenUnits to be a positive integer, actual: 2.5/],
      [{ learningRate: -1 }, /Expects learningRate > 0, actual: -1/],
    ];
    for (const [options, message] of cases) {
      let error: unknown;
      await FittedOracle.fit(space, rows, options).catch((e: unknown) => (error = e));
      expect(error).to.be.instanceOf(AccuracyError);
      expect((error as Error).message).to.match(message);
    }
    let error: unknown;
    await FittedOracle.fit(space, rows.slice(0, 2), { testFraction: 0.5 }).catch((e: unknown) => (error = e));
    expect((error as Error).message).to.match(/Expects at least 2 training rows, actual: 1 of 2/);
  });
});

import { expect } from 'chai';
import fc from 'fast-check';
import { AnalysisError, correlationMatrix, kendall, minimumCorrelation, ranks, spearman } from '../../src/analysis/index.js';

function bruteKendall(x: number[], y: number[]): number {
  let c = 0;
  let d = 0;
  let tx = 0;
  let ty = 0;
  for (let i = 0; i < x.length; i++) {
    for (let j = i + 1; j < x.length; j++) {
      const a = Math.sign(x[i]! - x[j]!);
      const b = Math.sign(y[i]! - y[j]!);
      if (a === 0 && b === 0) continue;
      if (a === 0) tx++;
      else if (b === 0) ty++;
      else if (a === b) c++;
      else d++;
    }
  }
  return (c - d) / Math.sqrt((c + d + tx) * (c + d + ty));
}

describe('analysis/rank-correlation', () => {
  it('ranks with ties sharing their mean rank', () => {
    expect(ranks([10, 20, 20, 5])).to.deep.equal([2, 3.5, 3.5, 1]);
    expect(ranks([3, 3, 3])).to.deep.equal([2, 2, 2]);
  });

  it("computes Spearman's rho, 1 for monotone and -1 for reversed data", () => {
    expect(spearman([1, 2, 3, 4], [10, 30, 20, 40])).to.be.closeTo(0.8, 1e-12);
    expect(spearman([1, 2, 3], [1, 8, 27])).to.equal(1);
    expect(spearman([1, 2, 3], [3, 2, 1])).to.equal(-1);
    // With ties: Pearson on average ranks (matches scipy.stats.spearmanr).
    expect(spearman([1, 2, 2, 3], [1, 3, 2, 4])).to.be.closeTo(0.9486832980505138, 1e-12);
  });

  it("computes Kendall's tau-b, equal to the O(n^2) definition, ties included", () => {
    expect(kendall([1, 2, 3, 4], [10, 30, 20, 40])).to.be.closeTo(2 / 3, 1e-12);
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 4 })), { minLength: 2, maxLength: 50 }), (pairs) => {
        const x = pairs.map((p) => p[0]);
        const y = pairs.map((p) => p[1]);
        if (new Set(x).size < 2 || new Set(y).size < 2) return;
        expect(kendall(x, y)).to.be.closeTo(bruteKendall(x, y), 1e-12);
      }),
      { numRuns: 300, seed: 5 },
    );
  });

  it('builds a symmetric correlation matrix and reports its smallest entry', () => {
    const matrix = correlationMatrix({ a: [1, 2, 3, 4], b: [1, 3, 2, 4], c: [4, 3, 2, 1] });
    expect(matrix.labels).to.deep.equal(['a', 'b', 'c']);
    expect(matrix.values[0]![1]).to.be.closeTo(0.8, 1e-12);
    expect(matrix.values[1]![0]).to.equal(matrix.values[0]![1]);
    expect(matrix.values[2]![2]).to.equal(1);
    expect(minimumCorrelation(matrix)).to.equal(-1);
    expect(correlationMatrix({ a: [1, 2], b: [2, 1] }, 'kendall').values[0]![1]).to.equal(-1);
  });

  it('rejects unequal lengths, too few pairs, non-finite values, constant samples and unknown methods', () => {
    expect(() => spearman([1, 2], [1])).to.throw(AnalysisError, /equal length, got 2 and 1/);
    expect(() => kendall([1], [1])).to.throw(AnalysisError, /at least 2 pairs, got 1/);
    expect(() => spearman([1, Number.NaN], [1, 2])).to.throw(AnalysisError, /finite numbers, got NaN and 2 at index 1/);
    expect(() => spearman([1, 1, 1], [1, 2, 3])).to.throw(AnalysisError, /undefined when one sample is constant/);
    expect(() => kendall([1, 2, 3], [5, 5, 5])).to.throw(AnalysisError, /constant/);
    expect(() => correlationMatrix({})).to.throw(AnalysisError, /at least one series/);
    expect(() => correlationMatrix({ a: [1, 2] }, 'pearson' as 'spearman')).to.throw(AnalysisError, /unknown rank correlation method "pearson"/);
  });
});

import { expect } from 'chai';
import { ranks, rmse, spearman } from '../../src/accuracy/index.js';
import { WorkloadError } from '../../src/workloads/index.js';

describe('accuracy/rank-correlation', () => {
  it('ranks with ties sharing their mean rank', () => {
    expect(ranks([10, 30, 20, 30])).to.deep.equal([1, 3.5, 2, 3.5]);
  });

  it('gives Spearman 1, -1 and intermediate values', () => {
    expect(spearman([1, 2, 3], [10, 200, 3000])).to.equal(1);
    expect(spearman([1, 2, 3], [3, 2, 1])).to.equal(-1);
    expect(spearman([1, 2, 3, 4], [10, 20, 30, 25])).to.be.closeTo(0.8, 1e-12);
    expect(spearman([1, 1, 1], [1, 2, 3])).to.equal(0);
  });

  it('computes RMSE', () => {
    expect(rmse([1, 2, 3], [1, 2, 3])).to.equal(0);
    expect(rmse([0, 0], [3, 4])).to.be.closeTo(Math.sqrt(12.5), 1e-12);
  });

  it('rejects mismatched, short or non-finite input', () => {
    expect(() => spearman([1, 2], [1])).to.throw(WorkloadError, /spearman: Expects two arrays of the same length, actual: "2 and 1"/);
    expect(() => spearman([1], [1])).to.throw(WorkloadError, /Expects at least two pairs, actual: 1/);
    expect(() => rmse([1, Number.NaN], [1, 2])).to.throw(WorkloadError, /rmse: Expects finite numbers, actual: NaN/);
  });
});

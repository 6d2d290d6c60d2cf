import { expect } from 'chai';
import { rmse } from '../../src/accuracy/index.js';
import { WorkloadError } from '../../src/workloads/errors.js';

describe('accuracy/prediction-quality', () => {
  it('computes the root mean square error', () => {
    expect(rmse([1, 2, 3], [1, 2, 3])).to.equal(0);
    expect(rmse([0, 0], [3, 4])).to.be.closeTo(Math.sqrt(12.5), 1e-12);
  });

  it('rejects unequal lengths, too few pairs and non-finite values', () => {
    expect(() => rmse([1, 2], [1])).to.throw(WorkloadError, /rmse: Expects two arrays of the same length, actual: "2 and 1"/);
    expect(() => rmse([1], [1])).to.throw(WorkloadError, /Expects at least two pairs, actual: 1/);
    expect(() => rmse([1, Number.NaN], [1, 2])).to.throw(WorkloadError, /finite numbers/);
  });
});

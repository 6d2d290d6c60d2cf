import { expect } from 'chai';
import fc from 'fast-check';
import { accuracyCostFront, AnalysisError, certifiedReducedSet, descendingOrder, dominates, paretoFront, type Sense } from '../../src/analysis/index.js';

describe('analysis/pareto', () => {
  it('finds the 2-D front of accuracy (max) against latency (min)', () => {
    expect(paretoFront([[90, 10], [80, 5], [85, 20], [70, 5]], ['max', 'min'])).to.deep.equal([0, 1]);
  });

  it('keeps duplicate optima and works in any number of objectives', () => {
    expect(paretoFront([[1, 1], [1, 1], [2, 2]], ['min', 'min'])).to.deep.equal([0, 1]);
    expect(paretoFront([[1, 5, 5], [5, 1, 5], [5, 5, 1], [5, 5, 5], [2, 2, 2]], ['min', 'min', 'min'])).to.deep.equal([0, 1, 2, 4]);
    expect(paretoFront([], ['min'])).to.deep.equal([]);
  });

  it('equals the brute-force definition on random points, with and without epsilon', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }).chain((d) =>
          fc.tuple(
            fc.array(fc.constantFrom<Sense>('min', 'max'), { minLength: d, maxLength: d }),
            fc.array(fc.array(fc.integer({ min: 1, max: 9 }), { minLength: d, maxLength: d }), { maxLength: 40 }),
            fc.constantFrom(0, 0.1, 0.5),
          ),
        ),
        ([senses, points, epsilon]) => {
          const brute = points.map((_, i) => i).filter((i) => !points.some((q, j) => j !== i && dominates(q, points[i]!, senses, epsilon)));
          expect(paretoFront(points, senses, epsilon)).to.deep.equal(brute);
        },
      ),
      { numRuns: 300, seed: 11 },
    );
  });

  it('widens the front with epsilon-dominance', () => {
    const points = [[90, 100], [89, 101], [80, 50], [60, 200]];
    expect(paretoFront(points, ['max', 'min'])).to.deep.equal([0, 2]);
    expect(paretoFront(points, ['max', 'min'], 0.05)).to.deep.equal([0, 1, 2]);
  });

  it('defines dominance strictly, and epsilon-dominance as better by a factor in every objective', () => {
    expect(dominates([1, 1], [1, 1], ['min', 'min'])).to.equal(false);
    expect(dominates([1, 1], [1, 2], ['min', 'min'])).to.equal(true);
    expect(dominates([1, 1], [1.05, 2], ['min', 'min'], 0.1)).to.equal(false);
    expect(dominates([1, 1], [1.2, 2], ['min', 'min'], 0.1)).to.equal(true);
  });

  it('rejects malformed points, senses and epsilon', () => {
    expect(() => paretoFront([[1, 2]], ['min'])).to.throw(AnalysisError, /point 0 must have 1 objectives, got 2/);
    expect(() => paretoFront([[1]], ['low' as Sense])).to.throw(AnalysisError, /senses must be a non-empty array of 'min' or 'max'/);
    expect(() => paretoFront([[Number.NaN]], ['min'])).to.throw(AnalysisError, /non-finite objective NaN/);
    expect(() => paretoFront([[1]], ['min'], -1)).to.throw(AnalysisError, /epsilon must be a finite number >= 0, got -1/);
    expect(() => paretoFront([[0]], ['min'], 0.1)).to.throw(AnalysisError, /needs positive objectives; point 0 has 0/);
  });

  it('accuracyCostFront equals paretoFront on [accuracy, cost], infeasible points left out', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 60, max: 70 }), fc.oneof(fc.integer({ min: 1, max: 12 }), fc.constant(Number.POSITIVE_INFINITY))), { maxLength: 60 }),
        (points) => {
          const accuracy = points.map((p) => p[0]);
          const cost = points.map((p) => p[1]);
          const feasible = points.map((_, i) => i).filter((i) => Number.isFinite(cost[i]!));
          const expected = paretoFront(feasible.map((i) => [accuracy[i]!, cost[i]!]), ['max', 'min']).map((k) => feasible[k]!);
          expect(accuracyCostFront(accuracy, cost)).to.deep.equal(expected);
          expect(accuracyCostFront(accuracy, cost, descendingOrder(accuracy))).to.deep.equal(expected);
          expect(certifiedReducedSet(accuracy, cost)).to.deep.equal(expected);
        },
      ),
      { numRuns: 300, seed: 5 },
    );
  });

  it('descendingOrder sorts by value, ties by index; mismatched inputs are refused', () => {
    expect(Array.from(descendingOrder([1, 3, 3, 2]))).to.deep.equal([1, 2, 3, 0]);
    expect(() => accuracyCostFront([1, 2], [1])).to.throw(AnalysisError, /as many costs and order entries as accuracies, got 2 accuracies, 1 costs/);
    expect(() => certifiedReducedSet([Number.NaN], [1])).to.throw(AnalysisError, /architecture 0 has a non-finite accuracy NaN/);
  });
});

import { expect } from 'chai';
import fc from 'fast-check';
import { AnalysisError, accuracyCostFront, enlargeWhereFrontsMove, frontStability } from '../../src/analysis/index.js';

/** The most accurate member of `members` whose cost is within the budget (-Infinity if none). */
function bestWithin(accuracy: number[], cost: number[], members: (k: number) => boolean, budget: number): number {
  let best = Number.NEGATIVE_INFINITY;
  accuracy.forEach((a, k) => {
    if (members(k) && cost[k]! <= budget) best = Math.max(best, a);
  });
  return best;
}

const instances = fc
  .integer({ min: 1, max: 25 })
  .chain((n) =>
    fc.tuple(
      fc.array(fc.integer({ min: 50, max: 60 }), { minLength: n, maxLength: n }),
      fc.array(fc.array(fc.oneof(fc.integer({ min: 1, max: 15 }), fc.constant(Number.POSITIVE_INFINITY)), { minLength: n, maxLength: n }), { minLength: 1, maxLength: 3 }),
      fc.array(fc.boolean(), { minLength: n, maxLength: n }),
    ),
  );

describe('analysis/front stability', () => {
  it('measures the share of the front held and the accuracy lost at every budget, as brute force does', () => {
    fc.assert(
      fc.property(instances, ([accuracy, costs, inSet]) => {
        const cost = costs[0]!;
        const result = frontStability(accuracy, cost, inSet);
        expect(result.front).to.deep.equal(accuracyCostFront(accuracy, cost));
        const budgets = [...new Set(result.front.map((k) => cost[k]!))].sort((a, b) => a - b);
        expect(result.budgets).to.equal(budgets.length);
        let kept = 0;
        let worst = 0;
        for (const budget of budgets) {
          const full = bestWithin(accuracy, cost, () => true, budget);
          const held = bestWithin(accuracy, cost, (k) => inSet[k]!, budget);
          if (held >= full) kept++;
          else worst = Math.max(worst, held === Number.NEGATIVE_INFINITY ? full : full - held);
        }
        expect(result.budgetsKept).to.equal(kept);
        expect(result.worstGap).to.equal(worst);
        expect(result.frontShare).to.equal(result.front.length === 0 ? 1 : result.front.filter((k) => inSet[k]).length / result.front.length);
        // Adding the missing optima keeps every budget; each addition is needed.
        const enlarged = inSet.map((m, k) => m || result.missing.includes(k));
        expect(frontStability(accuracy, cost, enlarged).budgetsKept).to.equal(budgets.length);
        for (const k of result.missing) {
          const without = enlarged.map((m, j) => m && j !== k);
          expect(frontStability(accuracy, cost, without).budgetsKept).to.be.lessThan(budgets.length);
        }
      }),
      { numRuns: 300, seed: 3 },
    );
  });

  it('enlargeWhereFrontsMove keeps every probe budget with gaps, and adds whole fronts with union', () => {
    fc.assert(
      fc.property(instances, ([accuracy, costs, inSet]) => {
        const base = inSet.flatMap((m, k) => (m ? [k] : []));
        const gaps = enlargeWhereFrontsMove(accuracy, base, costs);
        expect(gaps.members).to.include.members(base);
        for (const cost of costs) {
          const result = frontStability(accuracy, cost, accuracy.map((_, k) => gaps.members.includes(k)));
          expect(result.budgetsKept).to.equal(result.budgets);
        }
        expect(gaps.members.length - base.length).to.equal(gaps.added.reduce((a, b) => a + b, 0));
        const union = enlargeWhereFrontsMove(accuracy, base, costs, { enlarge: 'union' });
        for (const [p, cost] of costs.entries()) {
          if (union.measured[p]!.worstGap > 0) expect(union.members).to.include.members(accuracyCostFront(accuracy, cost));
        }
        const tolerant = enlargeWhereFrontsMove(accuracy, base, costs, { gapTolerance: 100 });
        expect(tolerant.members).to.deep.equal([...base].sort((a, b) => a - b));
      }),
      { numRuns: 200, seed: 4 },
    );
  });

  it('rejects mismatched inputs and members outside the architectures', () => {
    expect(() => frontStability([1, 2], [1], [true, false])).to.throw(AnalysisError, /one cost and one membership per architecture \(2\), got 1 costs and 2 memberships/);
    expect(() => enlargeWhereFrontsMove([1, 2], [5], [[1, 2]])).to.throw(AnalysisError, /set member 5 is not an architecture index \(0\.\.1\)/);
  });
});

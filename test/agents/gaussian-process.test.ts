import { expect } from 'chai';
import {
  choleskyLower,
  copula,
  expectedImprovement,
  fitGpHyperparameters,
  fromLogParameters,
  GaussianProcess,
  inverseFromCholesky,
  logMarginalLikelihood,
  matern52,
  matern52LengthscaleFactor,
  maternCovariance,
  normalCdf,
  normalPdf,
  normalQuantile,
  solveLowerInPlace,
  solveUpperTransposedInPlace,
  standardize,
  toLogParameters,
  upperConfidenceBound,
  warpRewards,
  type GpHyperparameters,
} from '../../agents/index.js';
import { createRng } from '../../src/random/rng.js';

function randomPoints(count: number, dimensions: number, seed: number): number[][] {
  const rng = createRng(seed);
  return Array.from({ length: count }, () => Array.from({ length: dimensions }, () => rng.float()));
}

const target = (point: readonly number[]): number => Math.sin(4 * (point[0] as number)) + (point[1] ?? 0) ** 2;

describe('Gaussian process', () => {
  describe('normal distribution', () => {
    it('normalCdf matches known values and is symmetric', () => {
      expect(normalCdf(1.959963984540054)).to.be.closeTo(0.975, 1e-7);
      expect(normalCdf(-1)).to.be.closeTo(0.15865525393145707, 1e-7);
      expect(normalCdf(2) + normalCdf(-2)).to.be.closeTo(1, 1e-12);
      expect(normalCdf(-10)).to.be.greaterThan(0).and.below(1e-22);
    });

    it('normalPdf integrates the cdf', () => {
      const h = 1e-5;
      expect((normalCdf(0.7 + h) - normalCdf(0.7 - h)) / (2 * h)).to.be.closeTo(normalPdf(0.7), 1e-6);
    });

    it('normalQuantile inverts normalCdf and rejects probabilities outside (0, 1)', () => {
      for (const p of [1e-6, 0.01, 0.3, 0.5, 0.9, 0.999]) expect(normalCdf(normalQuantile(p))).to.be.closeTo(p, 1e-7 * Math.max(1, p * 10));
      expect(() => normalQuantile(1)).to.throw(RangeError, 'Expects a probability strictly between 0 and 1, actual: 1');
    });
  });

  describe('Matern 5/2 kernel', () => {
    it('decreases with distance and has the documented lengthscale derivative', () => {
      expect(matern52(0)).to.equal(1);
      expect(matern52(1)).to.be.below(matern52(0.5));
      const hyperparameters = { lengthscales: [0.4, 2], signalVariance: 1.5, noiseVariance: 0 };
      const a = [0.1, 0.7];
      const b = [0.6, 0.2];
      const h = 1e-6;
      const shifted = { ...hyperparameters, lengthscales: [0.4 * Math.exp(h), 2] };
      const numeric = (maternCovariance(a, b, shifted) - maternCovariance(a, b, hyperparameters)) / h;
      const r = Math.hypot(0.5 / 0.4, 0.5 / 2);
      const analytic = 1.5 * matern52LengthscaleFactor(r) * (0.5 / 0.4) ** 2;
      expect(numeric).to.be.closeTo(analytic, 1e-4);
    });
  });

  describe('Cholesky helpers', () => {
    it('factorise, solve and invert a random positive definite matrix', () => {
      const n = 6;
      const rng = createRng(3);
      const a = Array.from({ length: n * n }, () => rng.uniform(-1, 1));
      const spd = new Float64Array(n * n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
        let sum = i === j ? n : 0;
        for (let k = 0; k < n; k++) sum += (a[i * n + k] as number) * (a[j * n + k] as number);
        spd[i * n + j] = sum;
      }
      const lower = choleskyLower(spd, n) as Float64Array;
      expect(lower).to.not.equal(null);
      const b = Float64Array.from({ length: n }, (_, i) => i + 1);
      const x = Float64Array.from(b);
      solveLowerInPlace(lower, n, n, x);
      solveUpperTransposedInPlace(lower, n, n, x);
      for (let i = 0; i < n; i++) {
        let sum = 0;
        for (let j = 0; j < n; j++) sum += (spd[i * n + j] as number) * (x[j] as number);
        expect(sum).to.be.closeTo(b[i] as number, 1e-9);
      }
      const inverse = inverseFromCholesky(lower, n, n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
        let sum = 0;
        for (let k = 0; k < n; k++) sum += (spd[i * n + k] as number) * (inverse[k * n + j] as number);
        expect(sum).to.be.closeTo(i === j ? 1 : 0, 1e-9);
      }
    });

    it('reports a matrix that is not positive definite as null', () => {
      expect(choleskyLower(new Float64Array([1, 2, 2, 1]), 2)).to.equal(null);
    });
  });

  describe('GaussianProcess', () => {
    const hyperparameters: GpHyperparameters = { lengthscales: [0.3, 0.5], signalVariance: 1, noiseVariance: 1e-6 };

    it('interpolates its observations and is uncertain away from them', () => {
      const points = randomPoints(30, 2, 1);
      const gp = new GaussianProcess(2, hyperparameters);
      gp.reset(points, points.map(target));
      const { mean, variance } = gp.predict(points);
      points.forEach((point, i) => {
        expect(mean[i]).to.be.closeTo(target(point), 1e-3);
        expect(variance[i]).to.be.below(1e-4);
      });
      const far = gp.predict([[3, 3]]);
      expect(far.mean[0]).to.be.closeTo(0, 1e-3);
      expect(far.variance[0]).to.be.closeTo(1, 1e-3);
    });

    it('grows one point at a time exactly as a refactorisation would', () => {
      const points = randomPoints(80, 2, 2);
      const targets = points.map(target);
      const incremental = new GaussianProcess(2, hyperparameters);
      incremental.reset(points.slice(0, 10), targets.slice(0, 10));
      for (let i = 10; i < points.length; i++) incremental.addPoint(points[i] as number[], targets.slice(0, i + 1));
      const full = new GaussianProcess(2, hyperparameters);
      full.reset(points, targets);
      const probes = randomPoints(100, 2, 9);
      const a = incremental.predict(probes);
      const b = full.predict(probes);
      for (let i = 0; i < probes.length; i++) {
        expect(a.mean[i]).to.be.closeTo(b.mean[i] as number, 1e-8);
        expect(a.variance[i]).to.be.closeTo(b.variance[i] as number, 1e-8);
      }
      expect(incremental.size).to.equal(80);
      expect(incremental.logMarginalLikelihood()).to.be.closeTo(full.logMarginalLikelihood(), 1e-6);
    });

    it('predicts in blocks exactly as one point at a time', () => {
      const points = randomPoints(40, 2, 4);
      const gp = new GaussianProcess(2, hyperparameters);
      gp.reset(points, points.map(target));
      const probes = randomPoints(150, 2, 5);
      const batch = gp.predict(probes);
      probes.forEach((probe, i) => {
        const single = gp.predict([probe]);
        expect(single.mean[0]).to.equal(batch.mean[i]);
        expect(single.variance[0]).to.equal(batch.variance[i]);
      });
    });

    it('covariance rows give the means and variances of predict bit for bit, and bound the variance from above', () => {
      for (const seed of [11, 12, 13]) {
        const rng = createRng(seed);
        // Two ordinal coordinates and one categorical with 6 categories, of which the observations use 3.
        const point = (): number[] => [rng.float(), rng.float(), rng.int(0, 5)];
        const observed = Array.from({ length: 25 }, () => [rng.float(), rng.float(), rng.int(0, 2)]);
        const gp = new GaussianProcess(3, { lengthscales: [0.2 + rng.float(), 0.2 + rng.float(), 0.5 + rng.float()], signalVariance: 0.5 + rng.float(), noiseVariance: 10 ** -(2 + 4 * rng.float()) }, [false, false, true]);
        gp.reset(observed, observed.map((p) => target(p) + (p[2] === 1 ? 0.5 : 0)));
        const probes = [...Array.from({ length: 60 }, point), ...observed.slice(0, 5), [0.5, 0.5, 4], [0.5, 0.5, 5]];
        const rows = gp.covarianceRows(probes);
        const { mean, variance } = gp.predict(probes);
        expect(Array.from(gp.meansFromCovariances(rows))).to.deep.equal(Array.from(mean));
        expect(Array.from(gp.variancesFromCovariances(rows))).to.deep.equal(Array.from(variance));
        expect(Array.from(gp.predictMean(probes))).to.deep.equal(Array.from(mean));
        const bounds = gp.varianceUpperBounds(rows);
        probes.forEach((probe, c) => {
          expect(bounds[c]).to.be.at.least(variance[c] as number);
          expect(bounds[c]).to.be.at.most(gp.hyperparameters.signalVariance);
          // Each row is the kernel against every observation (categories compared for equality).
          observed.forEach((other, i) => {
            const { lengthscales, signalVariance } = gp.hyperparameters;
            const squared = ((probe[0]! - other[0]!) / lengthscales[0]!) ** 2 + ((probe[1]! - other[1]!) / lengthscales[1]!) ** 2 + (probe[2] === other[2] ? 0 : 1 / lengthscales[2]! ** 2);
            expect(rows[c * observed.length + i]).to.be.closeTo(signalVariance * matern52(Math.sqrt(squared)), 1e-12);
          });
        });
        // Categories no observation has (4 and 5) give the same row.
        const last = probes.length - 1;
        expect(Array.from(rows.subarray(last * 25, (last + 1) * 25))).to.deep.equal(Array.from(rows.subarray((last - 1) * 25, last * 25)));
        // Near an observation the bound is tight: at most the single-observation posterior plus the margin.
        expect(bounds[60]).to.be.below(gp.hyperparameters.noiseVariance + gp.addedJitter + 1e-5);
      }
      const empty = new GaussianProcess(1, { lengthscales: [1], signalVariance: 2, noiseVariance: 0.1 });
      expect(Array.from(empty.variancesFromCovariances(new Float64Array(0), 2))).to.deep.equal([2, 2]);
      expect(() => empty.meansFromCovariances(new Float64Array(0))).to.throw(RangeError, 'Expects the number of points when the GP has no observations');
      empty.reset([[0], [1]], [0, 1]);
      expect(() => empty.varianceUpperBounds(new Float64Array(3))).to.throw(RangeError, 'Expects rows of 2 covariances, actual: 3 numbers');
    });

    it('stops a block of variance solves early only when every point in it is unwanted', () => {
      const points = randomPoints(60, 2, 21);
      const gp = new GaussianProcess(2, hyperparameters);
      gp.reset(points, points.map(target));
      const probes = randomPoints(40, 2, 22);
      const rows = gp.covarianceRows(probes);
      const exact = gp.variancesFromCovariances(rows);
      expect(Array.from(gp.variancesFromCovariances(rows, probes.length, () => false))).to.deep.equal(Array.from(exact));
      expect(gp.variancesFromCovariances(rows, probes.length, () => true).every(Number.isNaN)).to.equal(true);
      // Unwanted: a bound below the exact variance of probe 0 is never offered (bounds only shrink towards it).
      const bounds: number[] = [];
      const stopped = gp.variancesFromCovariances(rows, probes.length, (point, bound) => {
        if (point === 0) bounds.push(bound);
        return point !== 0;
      });
      expect(stopped[0]).to.equal(exact[0]);
      bounds.forEach((bound) => expect(bound).to.be.at.least(exact[0]!));
      for (let k = 1; k < bounds.length; k++) expect(bounds[k]).to.be.at.most(bounds[k - 1]!);
    });

    it('survives duplicated points by adding jitter', () => {
      const gp = new GaussianProcess(1, { lengthscales: [0.5], signalVariance: 1, noiseVariance: 0 });
      gp.reset([[0.2], [0.2], [0.2]], [1, 1.1, 0.9]);
      expect(gp.addedJitter).to.be.greaterThan(0);
      expect(Number.isFinite(gp.predict([[0.2]]).mean[0] as number)).to.equal(true);
    });

    it('rejects bad hyperparameters and mismatched inputs with clear messages', () => {
      expect(() => new GaussianProcess(2, { lengthscales: [1], signalVariance: 1, noiseVariance: 0 })).to.throw(RangeError, 'Expects 2 lengthscales, actual: 1');
      expect(() => new GaussianProcess(1, { lengthscales: [-1], signalVariance: 1, noiseVariance: 0 })).to.throw(RangeError, 'Expects positive finite lengthscales');
      expect(() => new GaussianProcess(0, hyperparameters)).to.throw(RangeError, 'Expects a positive integer number of dimensions, actual: 0');
      const gp = new GaussianProcess(2, hyperparameters);
      expect(() => gp.reset([[0, 0]], [1, 2])).to.throw(RangeError, 'Expects one target per point (1), actual: 2 targets');
      expect(() => gp.reset([[0]], [1])).to.throw(RangeError, 'Expects points of 2 coordinates, actual: 1');
    });
  });

  describe('marginal likelihood', () => {
    it('has the gradient of its value (finite differences)', () => {
      const points = randomPoints(25, 2, 6);
      const targets = standardize(points.map(target));
      const start: GpHyperparameters = { lengthscales: [0.3, 0.8], signalVariance: 0.9, noiseVariance: 0.01 };
      const result = logMarginalLikelihood(points, targets, start);
      expect(result).to.not.equal(null);
      const base = toLogParameters(start);
      const h = 1e-5;
      base.forEach((_, k) => {
        const up = base.slice();
        up[k] = (up[k] as number) + h;
        const down = base.slice();
        down[k] = (down[k] as number) - h;
        const numeric = ((logMarginalLikelihood(points, targets, fromLogParameters(up))?.value as number) - (logMarginalLikelihood(points, targets, fromLogParameters(down))?.value as number)) / (2 * h);
        expect(result?.gradient[k]).to.be.closeTo(numeric, 1e-4 * Math.max(1, Math.abs(numeric)));
      });
    });

    it('fitting raises the marginal likelihood and stays within the bounds', () => {
      const points = randomPoints(40, 2, 7);
      const targets = standardize(points.map(target));
      const start: GpHyperparameters = { lengthscales: [5, 5], signalVariance: 1, noiseVariance: 0.5 };
      const before = logMarginalLikelihood(points, targets, start)?.value as number;
      const fitted = fitGpHyperparameters(points, targets, start, 60);
      expect(fitted.logMarginalLikelihood).to.be.greaterThan(before + 10);
      expect(fitted.hyperparameters.lengthscales[0]).to.be.below(fitted.hyperparameters.lengthscales[1] as number);
      expect(fitted.hyperparameters.noiseVariance).to.be.within(1e-6, 0.5);
    });

    it('log parameters round-trip', () => {
      const hyperparameters = { lengthscales: [0.25, 4], signalVariance: 2, noiseVariance: 1e-4 };
      const back = fromLogParameters(toLogParameters(hyperparameters));
      expect(back.lengthscales[0]).to.be.closeTo(0.25, 1e-12);
      expect(back.signalVariance).to.be.closeTo(2, 1e-12);
      expect(back.noiseVariance).to.be.closeTo(1e-4, 1e-16);
    });
  });

  describe('output warping and acquisition', () => {
    it('standardize and copula keep the order of the rewards', () => {
      const rewards = [-20, 0.3, 0.1, 0.3, -1];
      for (const warped of [standardize(rewards), copula(rewards)]) {
        expect(warped[1]).to.be.greaterThan(warped[2] as number);
        expect(warped[2]).to.be.greaterThan(warped[4] as number);
        expect(warped[4]).to.be.greaterThan(warped[0] as number);
      }
      expect(copula(rewards)[1]).to.equal(copula(rewards)[3]);
      expect(standardize([2, 2])).to.deep.equal([0, 0]);
      expect(warpRewards(rewards, 'copula')).to.deep.equal(copula(rewards));
      expect(warpRewards(rewards, 'standardize')).to.deep.equal(standardize(rewards));
    });

    it('copula is immune to the scale of outliers', () => {
      expect(copula([1, 2, -1e9])).to.deep.equal(copula([1, 2, 0]));
    });

    it('expected improvement grows with mean and uncertainty; UCB weighs the deviation', () => {
      expect(expectedImprovement(0.5, 0.1, 0, 0)).to.be.greaterThan(expectedImprovement(0.2, 0.1, 0, 0));
      expect(expectedImprovement(0, 1, 0, 0)).to.be.greaterThan(expectedImprovement(0, 0.1, 0, 0));
      expect(expectedImprovement(-1, 0, 0, 0)).to.equal(0);
      expect(expectedImprovement(1, 0, 0, 0.5)).to.equal(0.5);
      expect(upperConfidenceBound(0, 1, 3)).to.equal(3);
    });
  });
});

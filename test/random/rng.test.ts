import { expect } from 'chai';
import { createRng, Rng } from '../../src/random/rng.js';

describe('random/rng', () => {
  it('repeats the same sequence for the same seed', () => {
    const a = createRng(7);
    const b = createRng(7);
    const seqA = Array.from({ length: 20 }, () => a.int(0, 1000));
    const seqB = Array.from({ length: 20 }, () => b.int(0, 1000));
    expect(seqA).to.deep.equal(seqB);
  });

  it('gives different sequences for different seeds', () => {
    const a = createRng(1);
    const b = createRng(2);
    const seqA = Array.from({ length: 20 }, () => a.float());
    const seqB = Array.from({ length: 20 }, () => b.float());
    expect(seqA).to.not.deep.equal(seqB);
  });

  it('keeps int, float, uniform, choice and shuffle in range', () => {
    const rng = createRng(3);
    for (let i = 0; i < 1000; i++) {
      const n = rng.int(-3, 4);
      expect(n).to.be.within(-3, 4);
      expect(Number.isInteger(n)).to.equal(true);
      const f = rng.float();
      expect(f).to.be.at.least(0).and.below(1);
      expect(rng.uniform(2, 5)).to.be.at.least(2).and.below(5);
      expect(['a', 'b', 'c']).to.include(rng.choice(['a', 'b', 'c']));
      expect(Number.isFinite(rng.normal())).to.equal(true);
    }
    expect(rng.shuffle([1, 2, 3, 4, 5]).slice().sort()).to.deep.equal([1, 2, 3, 4, 5]);
  });

  it('forks independent, deterministic streams', () => {
    const a = createRng(11);
    const b = createRng(11);
    const fa1 = a.fork();
    const fa2 = a.fork();
    const fb1 = b.fork();
    expect(fa1.int(0, 1e9)).to.equal(fb1.int(0, 1e9));
    expect(fa1.int(0, 1e9)).to.not.equal(fa2.int(0, 1e9));
  });

  it('restores from a saved state and clones', () => {
    const a = createRng(5);
    a.float();
    const restored = Rng.fromState(a.getState());
    const copy = a.clone();
    const next = a.float();
    expect(restored.float()).to.equal(next);
    expect(copy.float()).to.equal(next);
    expect(a.seed()).to.be.within(0, 0x7fffffff);
  });

  it('rejects bad arguments with a clear message', () => {
    const rng = createRng(1);
    expect(() => rng.int(3, 1)).to.throw(RangeError, /low <= high/);
    expect(() => rng.choice([])).to.throw(RangeError, /non-empty/);
    expect(() => createRng(1.5)).to.throw(TypeError, /integer seed/);
  });
});

import { expect } from 'chai';
import { createRng } from '../../../src/random/rng.js';
import { Discrete, flatten, spaceFromJSON, unflatten } from '../../../src/gym/index.js';

describe('gym/spaces/Discrete', () => {
  it('samples only its choices and reaches all of them', () => {
    const space = new Discrete(4, 2);
    space.seed(1);
    const seen = new Set<number>();
    for (let i = 0; i < 500; i++) {
      const value = space.sample();
      expect(space.contains(value)).to.equal(true);
      seen.add(value);
    }
    expect([...seen].sort()).to.deep.equal([2, 3, 4, 5]);
  });

  it('repeats its samples after the same seed, and with the same generator', () => {
    const space = new Discrete(100);
    space.seed(9);
    const first = Array.from({ length: 20 }, () => space.sample());
    space.seed(9);
    expect(Array.from({ length: 20 }, () => space.sample())).to.deep.equal(first);
    const a = createRng(3);
    const b = createRng(3);
    expect(Array.from({ length: 20 }, () => space.sample(a))).to.deep.equal(Array.from({ length: 20 }, () => space.sample(b)));
  });

  it('samples unseeded spaces from OS entropy', () => {
    const draws = Array.from({ length: 5 }, () => new Discrete(1_000_000).sample());
    expect(new Set(draws).size).to.be.greaterThan(1);
  });

  it('samples only allowed choices under a mask, and start when none is allowed', () => {
    const space = new Discrete(5, 10);
    space.seed(0);
    for (let i = 0; i < 100; i++) expect([11, 13]).to.include(space.sample(undefined, [0, 1, 0, 1, 0]));
    expect(space.sample(undefined, [false, false, true, false, false])).to.equal(12);
    expect(space.sample(undefined, new Uint8Array(5))).to.equal(10);
  });

  it('rejects malformed masks clearly', () => {
    const space = new Discrete(5);
    expect(() => space.sample(undefined, [1, 0, 1, 0])).to.throw(RangeError, 'The expected length of the sample mask is 5, actual length: 4');
    expect(() => space.sample(undefined, [1, 0, 2, 0, 0])).to.throw(TypeError, 'only 0/1 (or booleans), actual: 2 at index 2');
    expect(() => space.sample(undefined, 'mask' as never)).to.throw(TypeError, 'Expects the sample mask to be an array of 0/1 of length 5, actual: "mask"');
  });

  it('contains rejects wrong types and values out of range', () => {
    const space = new Discrete(3, -1);
    expect(space.contains(-1)).to.equal(true);
    expect(space.contains(1)).to.equal(true);
    for (const outside of [2, -2, 0.5, Number.NaN, '0', null, undefined, [0], {}]) expect(space.contains(outside)).to.equal(false);
  });

  it('rejects bad constructor arguments with the expected and the actual value', () => {
    expect(() => new Discrete(0)).to.throw(TypeError, 'Expects `n` to be a positive integer, actual: 0');
    expect(() => new Discrete(-1)).to.throw(TypeError, 'actual: -1');
    expect(() => new Discrete(2.5)).to.throw(TypeError, 'actual: 2.5');
    expect(() => new Discrete('3' as never)).to.throw(TypeError, 'actual: "3"');
    expect(() => new Discrete(3, 0.5)).to.throw(TypeError, 'Expects `start` to be an integer, actual: 0.5');
  });

  it('rejects bad seeds', () => {
    expect(() => new Discrete(2).seed(-1)).to.throw(TypeError, 'Expects `seed` to be an integer in [0, 2^32), actual: -1');
    expect(() => new Discrete(2).seed(1.5)).to.throw(TypeError, 'actual: 1.5');
  });

  it('compares, prints and round-trips through JSON', () => {
    const space = new Discrete(4, 1);
    expect(space.equals(new Discrete(4, 1))).to.equal(true);
    expect(space.equals(new Discrete(4))).to.equal(false);
    expect(space.equals({ n: 4, start: 1 })).to.equal(false);
    expect(String(space)).to.equal('Discrete(4, start=1)');
    expect(String(new Discrete(4))).to.equal('Discrete(4)');
    expect(space.toJSON()).to.deep.equal({ type: 'Discrete', n: 4, start: 1 });
    expect(spaceFromJSON(JSON.parse(JSON.stringify(space))).equals(space)).to.equal(true);
  });

  it('flattens to a one-hot vector and back', () => {
    const space = new Discrete(4, 1);
    expect(space.flatDim).to.equal(4);
    expect(flatten(space, 3)).to.deep.equal([0, 0, 1, 0]);
    expect(unflatten(space, [0, 0, 1, 0])).to.equal(3);
    expect(() => unflatten(space, [0, 0, 0, 0])).to.throw(RangeError, 'Expects a one-hot vector of length 4 for Discrete(4, start=1) at offset 0, actual: all zeros');
  });
});

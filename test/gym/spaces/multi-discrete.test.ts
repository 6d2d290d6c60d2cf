import { expect } from 'chai';
import { MultiDiscrete, flatten, spaceFromJSON, unflatten } from '../../../src/gym/index.js';

describe('gym/spaces/MultiDiscrete', () => {
  it('samples vectors inside the space and repeats them after the same seed', () => {
    const space = new MultiDiscrete([3, 1, 5], [0, 7, -2]);
    space.seed(4);
    const first = Array.from({ length: 50 }, () => space.sample());
    for (const value of first) expect(space.contains(value)).to.equal(true);
    space.seed(4);
    expect(Array.from({ length: 50 }, () => space.sample())).to.deep.equal(first);
  });

  it('masks each dimension separately', () => {
    const space = new MultiDiscrete([3, 2]);
    space.seed(0);
    for (let i = 0; i < 50; i++) {
      const [first, second] = space.sample(undefined, [[0, 0, 1], undefined]);
      expect(first).to.equal(2);
      expect([0, 1]).to.include(second);
    }
    expect(space.sample(undefined, [[0, 0, 0], [0, 1]])).to.deep.equal([0, 1]);
    expect(() => space.sample(undefined, [[1, 1, 1]])).to.throw(RangeError, 'an array of 2 per-dimension masks, actual: length 1');
    expect(() => space.sample(undefined, [[1, 1], undefined])).to.throw(RangeError, 'The expected length of the sample mask of dimension 0 is 3, actual length: 2');
  });

  it('contains rejects wrong types, lengths and values', () => {
    const space = new MultiDiscrete([3, 2]);
    expect(space.contains([2, 1])).to.equal(true);
    for (const outside of [[3, 0], [0, 2], [-1, 0], [0.5, 0], [0], [0, 0, 0], new Int32Array([0, 0]), '00', null, [0, '1']]) {
      expect(space.contains(outside)).to.equal(false);
    }
  });

  it('rejects bad constructor arguments clearly', () => {
    expect(() => new MultiDiscrete([])).to.throw(RangeError, 'Expects `nvec` to have at least one entry, actual: []');
    expect(() => new MultiDiscrete([2, 0])).to.throw(TypeError, 'Expects `nvec[1]` to be a positive integer, actual: 0');
    expect(() => new MultiDiscrete(3 as never)).to.throw(TypeError, 'Expects `nvec` to be an array of numbers, actual: 3');
    expect(() => new MultiDiscrete([2, 'x' as never])).to.throw(TypeError, 'actual: "x" at index 1');
    expect(() => new MultiDiscrete([2, 2], [0])).to.throw(RangeError, 'Expects `start` to have the length of `nvec` (2), actual length: 1');
    expect(() => new MultiDiscrete([2, 2], [0, 0.5])).to.throw(TypeError, 'Expects `start[1]` to be an integer, actual: 0.5');
  });

  it('compares, prints and round-trips through JSON', () => {
    const space = new MultiDiscrete([3, 2], [1, 0]);
    expect(space.equals(new MultiDiscrete([3, 2], [1, 0]))).to.equal(true);
    expect(space.equals(new MultiDiscrete([3, 2]))).to.equal(false);
    expect(String(space)).to.equal('MultiDiscrete([3, 2], start=[1, 0])');
    expect(String(new MultiDiscrete([3, 2]))).to.equal('MultiDiscrete([3, 2])');
    expect(spaceFromJSON(JSON.parse(JSON.stringify(space))).equals(space)).to.equal(true);
  });

  it('flattens to concatenated one-hot blocks and back', () => {
    const space = new MultiDiscrete([3, 2], [1, 0]);
    expect(space.flatDim).to.equal(5);
    expect(flatten(space, [2, 1])).to.deep.equal([0, 1, 0, 0, 1]);
    expect(unflatten(space, [0, 1, 0, 0, 1])).to.deep.equal([2, 1]);
    expect(() => unflatten(space, [0, 1, 0, 0, 0])).to.throw(RangeError, 'one-hot block of length 2 for entry 1');
  });
});

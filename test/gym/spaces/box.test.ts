import { expect } from 'chai';
import { Box, flatten, spaceFromJSON, unflatten } from '../../../src/gym/index.js';

describe('gym/spaces/Box', () => {
  it('samples inside bounded, half-bounded and unbounded coordinates', () => {
    const space = new Box([0, -Infinity, 2, -Infinity], [1, 5, Infinity, Infinity]);
    space.seed(0);
    for (let i = 0; i < 500; i++) {
      const value = space.sample();
      expect(space.contains(value)).to.equal(true);
      expect(value.every(Number.isFinite)).to.equal(true);
    }
  });

  it('samples integers for the int dtype, and huge finite ranges without overflow', () => {
    const ints = new Box(-2, 2, [3], 'int');
    ints.seed(1);
    for (let i = 0; i < 200; i++) expect(ints.contains(ints.sample())).to.equal(true);
    const huge = new Box(-1.7e308, 1.7e308, [2]);
    huge.seed(2);
    for (let i = 0; i < 100; i++) expect(huge.contains(huge.sample())).to.equal(true);
  });

  it('repeats its samples after the same seed', () => {
    const space = new Box(-1, 1, [2, 2]);
    space.seed(5);
    const first = space.sample();
    space.seed(5);
    expect(space.sample()).to.deep.equal(first);
    expect(first).to.have.length(4);
  });

  it('contains rejects wrong types, lengths, out-of-range and non-integer values', () => {
    const space = new Box(0, 1, [2]);
    expect(space.contains([0, 1])).to.equal(true);
    for (const outside of [[0, 1.5], [-0.1, 0], [0, Number.NaN], [0], [0, 0, 0], new Float64Array(2), '01', null, [0, '1']]) {
      expect(space.contains(outside)).to.equal(false);
    }
    const ints = new Box(0, 3, [1], 'int');
    expect(ints.contains([2])).to.equal(true);
    expect(ints.contains([2.5])).to.equal(false);
  });

  it('contains infinite values inside infinite bounds, as Gymnasium does', () => {
    expect(new Box(-Infinity, Infinity, [1]).contains([Infinity])).to.equal(true);
  });

  it('reports which bounds are finite', () => {
    const space = new Box([0, -Infinity], [Infinity, 1]);
    expect(space.isBounded()).to.equal(false);
    expect(space.isBounded('below')).to.equal(false);
    expect(new Box(0, Infinity, [2]).isBounded('below')).to.equal(true);
    expect(new Box(0, 1, [2]).isBounded('both')).to.equal(true);
    expect(() => space.isBounded('left' as never)).to.throw(TypeError, "Expects `manner` to be 'both', 'below' or 'above', actual: \"left\"");
  });

  it('rejects bad constructor arguments clearly', () => {
    expect(() => new Box(1, 0, [1])).to.throw(RangeError, 'Expects low <= high everywhere, actual at index 0: low=1, high=0');
    expect(() => new Box(Number.NaN, 0, [1])).to.throw(RangeError, 'Expects `low` to be a number, actual: NaN');
    expect(() => new Box([0, Number.NaN], [1, 1])).to.throw(RangeError, 'Expects `low` to hold numbers, actual: NaN at index 1');
    expect(() => new Box(0, 1)).to.throw(TypeError, 'Expects `shape` when `low` and `high` are both numbers');
    expect(() => new Box([0, 0], [1, 1, 1])).to.throw(RangeError, 'Expects `high` to have 2 entries (the product of shape), actual: 3');
    expect(() => new Box(0, 1, [2, 0])).to.throw(TypeError, 'Expects `shape[1]` to be a positive integer, actual: 0');
    expect(() => new Box(0, 1, [])).to.throw(RangeError, 'Expects `shape` to have at least one dimension');
    expect(() => new Box(0, Infinity, [1], 'int')).to.throw(RangeError, "Expects finite integer bounds for dtype 'int', actual at index 0: low=0, high=Infinity");
    expect(() => new Box(0, 1.5, [1], 'int')).to.throw(RangeError, 'high=1.5');
    expect(() => new Box(0, 1, [1], 'float32' as never)).to.throw(TypeError, "Expects `dtype` to be 'float' or 'int', actual: \"float32\"");
  });

  it('compares, prints and round-trips through JSON, infinite bounds included', () => {
    const space = new Box([0, -Infinity], [1, Infinity]);
    expect(String(space)).to.equal('Box([0, -Infinity], [1, Infinity], (2,), float)');
    expect(String(new Box(0, 1, [2, 3], 'int'))).to.equal('Box(0, 1, (2, 3), int)');
    expect(space.toJSON()).to.deep.equal({ type: 'Box', low: [0, null], high: [1, null], shape: [2], dtype: 'float' });
    const copy = spaceFromJSON(JSON.parse(JSON.stringify(space)));
    expect(copy.equals(space)).to.equal(true);
    expect(space.equals(new Box([0, -Infinity], [1, 2]))).to.equal(false);
    expect(space.equals(new Box([0, -Infinity], [1, Infinity], undefined, 'float'))).to.equal(true);
  });

  it('flattens to its values', () => {
    const space = new Box(0, 10, [2, 2]);
    expect(space.flatDim).to.equal(4);
    expect(flatten(space, [1, 2, 3, 4])).to.deep.equal([1, 2, 3, 4]);
    expect(unflatten(space, Float64Array.from([1, 2, 3, 4]))).to.deep.equal([1, 2, 3, 4]);
  });
});

import { expect } from 'chai';
import fc from 'fast-check';
import { createRng } from '../../../src/random/rng.js';
import { Box, Dict, Discrete, MultiDiscrete, Tuple, deepEqual, flatDim, flatten, flattenSpace, unflatten } from '../../../src/gym/index.js';

const nested = new Dict({
  position: new MultiDiscrete([5, 5]),
  choice: new Discrete(3, 1),
  extras: new Tuple([new Box(-1, 1, [2]), new Box(0, 10, [1], 'int')]),
});

describe('gym/spaces/flatten', () => {
  it('gives the flat length of nested spaces', () => {
    expect(flatDim(nested)).to.equal(10 + 3 + 2 + 1);
  });

  it('round-trips any sample of a nested space (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (seed) => {
        const value = nested.sample(createRng(seed));
        const vector = flatten(nested, value);
        return vector.length === flatDim(nested) && deepEqual(unflatten(nested, vector), value);
      }),
    );
  });

  it('writes into a given output vector', () => {
    const out = new Array<number>(3);
    expect(flatten(new Discrete(3), 1, out)).to.equal(out);
    expect(out).to.deep.equal([0, 1, 0]);
  });

  it('flattens spaces to a Box that holds the flattened samples', () => {
    const box = flattenSpace(nested);
    expect(box.shape).to.deep.equal([16]);
    expect(box.dtype).to.equal('float');
    const rng = createRng(1);
    for (let i = 0; i < 50; i++) expect(box.contains(flatten(nested, nested.sample(rng)))).to.equal(true);
    expect(flattenSpace(new MultiDiscrete([2, 2])).dtype).to.equal('int');
    expect(flattenSpace(new Box(0, 1, [2, 3])).shape).to.deep.equal([6]);
  });

  it('rejects non-spaces, values outside the space and vectors of the wrong length', () => {
    expect(() => flatDim(3 as never)).to.throw(TypeError, 'Expects a Space, actual: 3');
    expect(() => flatten(new Discrete(2), 2)).to.throw(RangeError, 'Expects a value inside Discrete(2) to flatten, actual: 2');
    expect(() => unflatten(new Discrete(2), [1])).to.throw(RangeError, 'Expects a vector of length 2 (flatDim of Discrete(2)), actual: [1]');
    expect(() => flattenSpace(new Tuple([]))).to.throw(RangeError, 'Cannot flatten Tuple(): it has no coordinates');
  });
});

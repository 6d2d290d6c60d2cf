import { expect } from 'chai';
import { Box, Dict, Discrete, MultiDiscrete, Tuple, isSpace, spaceFromJSON } from '../../../src/gym/index.js';

describe('gym/spaces/spaceFromJSON', () => {
  it('rebuilds every kind of space, nested', () => {
    const space = new Dict({
      a: new Tuple([new Discrete(2, 1), new MultiDiscrete([2, 3])]),
      b: new Box([0, -Infinity], [Infinity, 1], undefined, 'float'),
    });
    const copy = spaceFromJSON(JSON.parse(JSON.stringify(space)));
    expect(copy.equals(space)).to.equal(true);
    expect(isSpace(copy)).to.equal(true);
  });

  it('says what is wrong with a malformed description', () => {
    expect(() => spaceFromJSON({ type: 'Discrete', n: 3 })).to.throw(TypeError, 'start: Invalid input: expected number, received undefined');
    expect(() => spaceFromJSON({ type: 'Sphere' })).to.throw(TypeError, "Expects a space description ({ type: 'Discrete' | 'MultiDiscrete' | 'Box' | 'Dict' | 'Tuple', ... })");
    expect(() => spaceFromJSON({ type: 'Tuple', spaces: [{ type: 'Discrete', n: 'x', start: 0 }] })).to.throw(TypeError, 'spaces.0.n');
    expect(() => spaceFromJSON({ type: 'Discrete', n: 0, start: 0 })).to.throw(TypeError, 'Expects `n` to be a positive integer, actual: 0');
  });

  it('tells spaces from other values', () => {
    expect(isSpace(new Discrete(2))).to.equal(true);
    expect(isSpace({ sample() {}, contains() {} })).to.equal(false);
    expect(isSpace(null)).to.equal(false);
  });
});

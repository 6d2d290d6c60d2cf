import { expect } from 'chai';
import { Box, Discrete, Tuple, flatten, spaceFromJSON, unflatten } from '../../../src/gym/index.js';

describe('gym/spaces/Tuple', () => {
  it('samples arrays inside the space and repeats them after the same seed', () => {
    const space = new Tuple([new Discrete(3), new Box(-1, 1, [2])]);
    space.seed(8);
    const first = Array.from({ length: 20 }, () => space.sample());
    for (const value of first) expect(space.contains(value)).to.equal(true);
    space.seed(8);
    expect(Array.from({ length: 20 }, () => space.sample())).to.deep.equal(first);
  });

  it('passes masks position by position', () => {
    const space = new Tuple([new Discrete(3), new Discrete(2)]);
    space.seed(0);
    expect(space.sample(undefined, [[0, 1, 0], undefined])[0]).to.equal(1);
    expect(() => space.sample(undefined, [[0, 1, 0]] as never)).to.throw(RangeError, 'Expects the sample mask to be an array of 2 masks, actual: length 1');
  });

  it('contains rejects wrong lengths, types and values', () => {
    const space = new Tuple([new Discrete(3), new Box(-1, 1, [2])]);
    expect(space.contains([2, [0, 0]])).to.equal(true);
    for (const outside of [[2], [2, [0, 0], 1], [3, [0, 0]], { 0: 2, 1: [0, 0] }, null]) expect(space.contains(outside)).to.equal(false);
  });

  it('rejects bad constructor arguments clearly', () => {
    expect(() => new Tuple([new Discrete(2), 'x'] as never)).to.throw(TypeError, 'Expects `spaces[1]` to be a Space, actual: "x"');
    expect(() => new Tuple(new Discrete(2) as never)).to.throw(TypeError, 'Expects `spaces` to be an array of spaces');
  });

  it('compares, prints and round-trips through JSON', () => {
    const space = new Tuple([new Discrete(2), new Box(-1, 1, [2])]);
    expect(String(space)).to.equal('Tuple(Discrete(2), Box(-1, 1, (2,), float))');
    expect(space.equals(new Tuple([new Discrete(2), new Box(-1, 1, [2])]))).to.equal(true);
    expect(space.equals(new Tuple([new Discrete(2)]))).to.equal(false);
    expect(spaceFromJSON(JSON.parse(JSON.stringify(space))).equals(space)).to.equal(true);
  });

  it('flattens position by position and back', () => {
    const space = new Tuple([new Discrete(2), new Box(-1, 1, [2])]);
    expect(flatten(space, [1, [0.5, -0.5]])).to.deep.equal([0, 1, 0.5, -0.5]);
    expect(unflatten(space, [0, 1, 0.5, -0.5])).to.deep.equal([1, [0.5, -0.5]]);
  });
});

import { expect } from 'chai';
import { Box, Dict, Discrete, MultiDiscrete, flatten, spaceFromJSON, unflatten } from '../../../src/gym/index.js';

function designSpace() {
  return new Dict({ pes: new Discrete(4), bandwidth: new Box(1, 64, [1]), tiles: new MultiDiscrete([2, 3]) });
}

describe('gym/spaces/Dict', () => {
  it('sorts its keys', () => {
    expect(designSpace().keys).to.deep.equal(['bandwidth', 'pes', 'tiles']);
  });

  it('samples records inside the space and repeats them after the same seed', () => {
    const space = designSpace();
    space.seed(11);
    const first = Array.from({ length: 20 }, () => space.sample());
    for (const value of first) expect(space.contains(value)).to.equal(true);
    space.seed(11);
    expect(Array.from({ length: 20 }, () => space.sample())).to.deep.equal(first);
  });

  it('passes masks to the subspaces and rejects masks for unknown keys', () => {
    const space = designSpace();
    space.seed(0);
    expect(space.sample(undefined, { pes: [0, 0, 1, 0] }).pes).to.equal(2);
    expect(() => space.sample(undefined, { cores: [1] } as never)).to.throw(RangeError, "The sample mask has key 'cores' which the Dict does not have (keys: bandwidth, pes, tiles)");
    expect(() => space.sample(undefined, 3 as never)).to.throw(TypeError, 'Expects the sample mask to be an object keyed like the Dict, actual: 3');
  });

  it('contains rejects missing and extra keys, wrong types and wrong values', () => {
    const space = designSpace();
    const good = { pes: 1, bandwidth: [8], tiles: [1, 2] };
    expect(space.contains(good)).to.equal(true);
    for (const outside of [{ pes: 1, bandwidth: [8] }, { ...good, extra: 1 }, { ...good, pes: 4 }, [1, [8], [1, 2]], null, 'x']) {
      expect(space.contains(outside)).to.equal(false);
    }
  });

  it('rejects bad constructor arguments clearly', () => {
    expect(() => new Dict({ pes: 4 } as never)).to.throw(TypeError, 'Expects `spaces.pes` to be a Space, actual: 4');
    expect(() => new Dict([new Discrete(2)] as never)).to.throw(TypeError, 'Expects `spaces` to be an object of spaces');
  });

  it('compares, prints and round-trips through JSON', () => {
    const space = new Dict({ b: new Discrete(2), a: new Box(0, 1, [1]) });
    expect(String(space)).to.equal("Dict('a': Box(0, 1, (1,), float), 'b': Discrete(2))");
    expect(space.equals(new Dict({ a: new Box(0, 1, [1]), b: new Discrete(2) }))).to.equal(true);
    expect(space.equals(new Dict({ a: new Box(0, 1, [1]), b: new Discrete(3) }))).to.equal(false);
    expect(space.equals(new Dict({ a: new Box(0, 1, [1]) }))).to.equal(false);
    expect(spaceFromJSON(JSON.parse(JSON.stringify(space))).equals(space)).to.equal(true);
  });

  it('flattens in key order and back', () => {
    const space = new Dict({ b: new Discrete(2), a: new Box(0, 9, [1]) });
    expect(space.flatDim).to.equal(3);
    expect(flatten(space, { a: [7], b: 1 })).to.deep.equal([7, 0, 1]);
    expect(unflatten(space, [7, 0, 1])).to.deep.equal({ a: [7], b: 1 });
  });
});

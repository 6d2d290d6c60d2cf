import { expect } from 'chai';
import { approximateBytes } from '../../src/common/approximate-bytes.js';
import { BoundedCache } from '../../src/common/bounded-cache.js';

describe('common/BoundedCache', () => {
  it('keeps at most maxEntries entries, evicting the least recently used', () => {
    const cache = new BoundedCache<string, number>({ maxEntries: 2 }, () => 8);
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).to.equal(1);
    cache.set('c', 3);
    expect([cache.has('a'), cache.has('b'), cache.has('c')]).to.deep.equal([true, false, true]);
    expect(cache.evictions).to.equal(1);
  });

  it('keeps the bytes it holds within maxBytes, and does not keep a value larger than the budget', () => {
    const cache = new BoundedCache<number, string>({ maxBytes: 1000 }, (text) => 2 * text.length);
    for (let i = 0; i < 100; i++) {
      cache.set(i, 'x'.repeat(90));
      expect(cache.bytes).to.be.at.most(1000);
    }
    expect(cache.size).to.equal(5);
    expect([...Array(100).keys()].filter((i) => cache.has(i))).to.deep.equal([95, 96, 97, 98, 99]);
    cache.set(1000, 'y'.repeat(600));
    expect(cache.has(1000)).to.equal(false);
    expect(cache.bytes).to.be.at.most(1000);
  });

  it('replaces a value under the same key, counting its bytes once', () => {
    const cache = new BoundedCache<string, string>({ maxBytes: 100 }, (text) => text.length);
    cache.set('k', 'abc');
    cache.set('k', 'abcdef');
    expect([cache.size, cache.bytes, cache.get('k')]).to.deep.equal([1, 6, 'abcdef']);
    expect(cache.delete('k')).to.equal(true);
    expect([cache.size, cache.bytes]).to.deep.equal([0, 0]);
    cache.set('a', 'x');
    cache.clear();
    expect([cache.size, cache.bytes]).to.deep.equal([0, 0]);
  });

  it('keeps nothing with a zero budget', () => {
    const cache = new BoundedCache<string, number>({ maxEntries: 0 }, () => 1);
    cache.set('a', 1);
    expect(cache.size).to.equal(0);
  });

  it('rejects limits that are not non-negative integers', () => {
    expect(() => new BoundedCache({ maxBytes: -1 }, () => 0)).to.throw(RangeError, 'Expects maxBytes to be a non-negative integer or Infinity, actual: -1');
    expect(() => new BoundedCache({ maxEntries: 1.5 }, () => 0)).to.throw(RangeError, 'Expects maxEntries to be a non-negative integer or Infinity, actual: 1.5');
  });
});

describe('common/approximateBytes', () => {
  it('counts headers, slots, numbers and string characters', () => {
    expect(approximateBytes(42)).to.equal(8);
    expect(approximateBytes('abcd')).to.equal(24);
    expect(approximateBytes([1, 2, 3])).to.equal(24 + 3 * 16);
    expect(approximateBytes({ a: 1, b: 'xy' })).to.equal(24 + 8 + 8 + 8 + 20);
    expect(approximateBytes(new Float64Array(4))).to.equal(24 + 32);
    expect(approximateBytes(null)).to.equal(0);
    expect(approximateBytes(true)).to.equal(0);
  });

  it('grows with the data a value holds and stops at a depth of 8', () => {
    const small = approximateBytes({ design: { numPes: 16 }, violations: [] });
    const large = approximateBytes({ design: { numPes: 16, key: 'x'.repeat(1000) }, violations: ['a reason'] });
    expect(large).to.be.greaterThan(small + 2000);
    let deep: unknown = 1;
    for (let i = 0; i < 50; i++) deep = { next: deep };
    expect(approximateBytes(deep)).to.be.lessThan(400);
  });
});

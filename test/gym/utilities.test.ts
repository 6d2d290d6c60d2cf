import { expect } from 'chai';
import * as z from 'zod';
import { Discrete, InvalidOptionsError, MAX_SEED, deepEqual, describeValue, parseOptions } from '../../src/gym/index.js';

describe('gym utilities', () => {
  it('describeValue renders values briefly for error messages', () => {
    expect(describeValue(3)).to.equal('3');
    expect(describeValue(-0)).to.equal('0');
    expect(describeValue('a')).to.equal('"a"');
    expect(describeValue(undefined)).to.equal('undefined');
    expect(describeValue(null)).to.equal('null');
    expect(describeValue(10n)).to.equal('10n');
    expect(describeValue(true)).to.equal('true');
    expect(describeValue(Symbol('s'))).to.equal('Symbol(s)');
    expect(describeValue(function named() {})).to.equal('function named');
    expect(describeValue([1, [2, [3, [4]]]])).to.equal('[1, [2, [...]]]');
    expect(describeValue(Array.from({ length: 10 }, (_, i) => i))).to.equal('[0, 1, 2, 3, 4, 5, 6, 7, ... 2 more]');
    expect(describeValue(Float64Array.from([1, 2]))).to.equal('Float64Array [1, 2]');
    expect(describeValue({ a: 1, b: { c: { d: 1 } } })).to.equal('{ a: 1, b: { c: {...} } }');
    expect(describeValue({})).to.equal('{}');
    expect(describeValue(new Discrete(2))).to.equal('Discrete(2)');
    expect(describeValue(new Map())).to.equal('a Map');
    expect(describeValue('x'.repeat(200))).to.have.length(120);
  });

  it('deepEqual compares observations, infos and trajectories structurally', () => {
    expect(deepEqual({ a: [1, { b: Number.NaN }] }, { a: [1, { b: Number.NaN }] })).to.equal(true);
    expect(deepEqual(Float64Array.from([1, 2]), Float64Array.from([1, 2]))).to.equal(true);
    expect(deepEqual(Float64Array.from([1, 2]), Float32Array.from([1, 2]))).to.equal(false);
    expect(deepEqual(Float64Array.from([1, 2]), [1, 2])).to.equal(false);
    expect(deepEqual({ a: 1 }, { a: 1, b: undefined })).to.equal(false);
    expect(deepEqual({ a: 1, c: 2 }, { a: 1, b: 2 })).to.equal(false);
    expect(deepEqual([1, 2], [1, 2, 3])).to.equal(false);
    expect(deepEqual(1, '1')).to.equal(false);
    expect(deepEqual(new Discrete(2), { n: 2, start: 0 })).to.equal(false);
  });

  it('parseOptions validates with a zod schema and names every problem', () => {
    const schema = z.strictObject({ size: z.number().int(), name: z.string() });
    expect(parseOptions('Thing', schema, { size: 2, name: 'x' })).to.deep.equal({ size: 2, name: 'x' });
    expect(() => parseOptions('Thing', schema, { size: 'big', extra: 1 })).to.throw(
      InvalidOptionsError,
      'Invalid options for Thing: `size`: Invalid input: expected number, received string; `name`: Invalid input: expected string, received undefined; unknown option `extra`',
    );
    expect(() => parseOptions('Thing', z.number(), 'x')).to.throw(InvalidOptionsError, 'Invalid options for Thing: Invalid input: expected number, received string');
  });

  it('allows seeds up to 2^32 - 1', () => {
    expect(MAX_SEED).to.equal(2 ** 32 - 1);
    const space = new Discrete(2);
    space.seed(MAX_SEED);
    expect(() => space.seed(MAX_SEED + 1)).to.throw(TypeError, 'actual: 4294967296');
  });
});

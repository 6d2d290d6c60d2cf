import { expect } from 'chai';
import { dimensionNameAt, SizeBlockReader } from '../../src/maestro/size-block.js';
import type { Dimensions } from '../../src/maestro/types.js';

/** Reads the block after the first `{` of `text`: its sizes, and where its `}` is, or undefined when it gives up. */
function readBlock(text: string, line = 1): { sizes: Dimensions; closeOffset: number; closeLine: number } | undefined {
  const reader = new SizeBlockReader();
  const sizes: Dimensions = {};
  if (!reader.read(text, text.indexOf('{') + 1, line, sizes)) return undefined;
  return { sizes, closeOffset: reader.closeOffset, closeLine: reader.closeLine };
}

describe('maestro/size-block', () => {
  it('names the dimensions K, C, R, S, Y, X, Y\', X\', N, G and M, and nothing else', () => {
    const text = "K Y' X' M Z KK Y\" y";
    const tokens = text.split(' ');
    let start = 0;
    const names = tokens.map((token) => {
      const name = dimensionNameAt(text, start, start + token.length);
      start += token.length + 1;
      return name;
    });
    expect(names).to.deep.equal(['K', "Y'", "X'", 'M', undefined, undefined, undefined, undefined]);
  });

  it('reads a plain block of sizes in the order written, and where its "}" is', () => {
    const text = "Dimensions { K: 32, C:3,\r\n  R: 1, S: 1, Y':224, X':224 }\t\nType";
    expect(readBlock(text, 7)).to.deep.equal({
      sizes: { K: 32, C: 3, R: 1, S: 1, "Y'": 224, "X'": 224 },
      closeOffset: text.indexOf('}'),
      closeLine: 8,
    });
    expect(readBlock('Stride {}')).to.deep.equal({ sizes: {}, closeOffset: 8, closeLine: 1 });
    expect(readBlock('Dimensions { K: 2, K: 3 }')!.sizes).to.deep.equal({ K: 3 });
  });

  it('gives up on anything but dimension names and integers from 1 to 2^31-1 up to a "}" of its own', () => {
    const notPlain = [
      'Dimensions { K: T }', // a Constant name
      'Dimensions { K: 0 }',
      'Dimensions { K: 2147483648 }',
      'Dimensions { Z: 3 }',
      'Dimensions { K: 3 // a comment\n}',
      'Dimensions { K: 3}', // "3}" is one token
      'Dimensions { K: 3 }x',
      'Dimensions { K }',
      'Dimensions { K: 3',
      'Dimensions { K: 3, C:',
    ];
    for (const text of notPlain) expect(readBlock(text), text).to.equal(undefined);
    expect(readBlock('Dimensions { K: 2147483647 }')!.sizes).to.deep.equal({ K: 2147483647 });
  });
});

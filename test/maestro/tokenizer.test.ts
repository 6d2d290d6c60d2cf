import { expect } from 'chai';
import { tokenize } from '../../src/maestro/tokenizer.js';

const texts = (text: string): string[] => tokenize(text).map((t) => t.text);

describe('maestro/tokenizer', () => {
  it('splits on any of the separators " ,->():\\t;"', () => {
    expect(texts('TemporalMap(Sz(R),1) Y;')).to.deep.equal(['TemporalMap', 'Sz', 'R', '1', 'Y']);
    expect(texts('a-b>c\td:e;f,g')).to.deep.equal(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
  });

  it("keeps the apostrophe of Y' and X' inside the token", () => {
    expect(texts("SpatialMap(1,1) Y';")).to.deep.equal(['SpatialMap', '1', '1', "Y'"]);
  });

  it('ends a line at a token that starts with //, but not at // inside a token', () => {
    expect(texts('a b // c d\ne')).to.deep.equal(['a', 'b', 'e']);
    expect(texts('a//b c')).to.deep.equal(['a//b', 'c']);
    expect(texts('//Accelerator {\nx')).to.deep.equal(['x']);
  });

  it('needs braces separated from their neighbours to be tokens of their own', () => {
    expect(texts('Network n {')).to.deep.equal(['Network', 'n', '{']);
    expect(texts('Network n{')).to.deep.equal(['Network', 'n{']);
  });

  it('numbers lines from 1 and reads Windows line endings like Unix ones', () => {
    const tokens = tokenize('a\r\n\r\nb c\r\n');
    expect(tokens).to.deep.equal([
      { text: 'a', line: 1 },
      { text: 'b', line: 3 },
      { text: 'c', line: 3 },
    ]);
  });

  it('gives no tokens for empty or comment-only text', () => {
    expect(tokenize('')).to.deep.equal([]);
    expect(tokenize('// only a comment\n   \n')).to.deep.equal([]);
  });
});

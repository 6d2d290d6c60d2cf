import { expect } from 'chai';
import { endsTokenAt, scanThroughOpenBrace, scanTokens, tokenize, TokenColumns } from '../../src/maestro/tokenizer.js';

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

  describe('token columns', () => {
    it('give the same tokens as tokenize, by position and line, without token objects', () => {
      const text = 'Network n {\r\n  Layer L1 { // a comment\nType: CONV }\n}';
      const columns = scanTokens(text);
      const read = Array.from({ length: columns.count }, (_, i) => ({ text: columns.tokenText(i), line: columns.lines[i] }));
      expect(read).to.deep.equal(tokenize(text));
      expect(columns.starts[1]).to.equal(8);
      expect(columns.ends[1]).to.equal(9);
    });

    it('compare a token with a word in place', () => {
      const columns = scanTokens('Layer Layers L');
      expect([columns.is(0, 'Layer'), columns.is(1, 'Layer'), columns.is(2, 'Layer'), columns.is(2, 'L')]).to.deep.equal([true, false, false, true]);
    });

    it("read a token's value only when it is all decimal digits", () => {
      const columns = scanTokens('0 0042 2147483648 12a -3 Sz');
      expect(Array.from({ length: columns.count }, (_, i) => columns.digitsValue(i))).to.deep.equal([0, 42, 2147483648, -1, 3, -1]);
    });

    it('scan a "{" at a time, and go on after a skipped block with the line given', () => {
      const text = 'Layer A {\n x {y} }\nLayer B { z }';
      const columns = new TokenColumns(2);
      columns.restart(text);
      expect(scanThroughOpenBrace(columns)).to.equal(true);
      expect(Array.from({ length: columns.count }, (_, i) => columns.tokenText(i))).to.deep.equal(['Layer', 'A', '{']);
      // Skip to the `}` on line 2 (at offset 17): it becomes a token, and scanning goes on after it.
      columns.skipTo(17, 2);
      expect([columns.tokenText(3), columns.lines[3]]).to.deep.equal(['}', 2]);
      expect(scanThroughOpenBrace(columns)).to.equal(true);
      expect(scanThroughOpenBrace(columns)).to.equal(true);
      expect(scanThroughOpenBrace(columns)).to.equal(false);
      const rest = Array.from({ length: columns.count - 4 }, (_, i) => [columns.tokenText(i + 4), columns.lines[i + 4]]);
      expect(rest).to.deep.equal([
        ['Layer', 3],
        ['B', 3],
        ['{', 3],
        ['z', 3],
        ['}', 3],
      ]);
    });

    it('tell whether a token ends at an offset: at a separator, a line break or the end of the text', () => {
      const text = '} }x },\n}//';
      expect([0, 1, 3, 5, 6, 7, 9, 12].map((offset) => endsTokenAt(text, offset))).to.deep.equal([false, true, false, false, true, true, false, true]);
    });

    it('reuse and grow their storage across texts', () => {
      const columns = new TokenColumns(2);
      const many = Array.from({ length: 1000 }, (_, i) => `t${i}`).join('\n');
      expect(scanTokens(many, columns)).to.equal(columns);
      expect(columns.count).to.equal(1000);
      expect([columns.tokenText(999), columns.lines[999]]).to.deep.equal(['t999', 1000]);
      scanTokens('a b', columns);
      expect([columns.count, columns.tokenText(1)]).to.deep.equal([2, 'b']);
    });
  });
});

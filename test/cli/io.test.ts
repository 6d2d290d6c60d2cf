import { expect } from 'chai';
import fc from 'fast-check';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { forEachLine, readTextFile, UsageError } from '../../src/cli/io.js';

/** The lines readline would give for a whole text, with their numbers. */
function wholeTextLines(text: string): [string, number][] {
  const pieces = text.split(/\r\n|\n|\r/);
  if (pieces[pieces.length - 1] === '') pieces.pop();
  return pieces.map((line, index) => [line, index + 1]);
}

function linesOf(path: string, chunkBytes?: number): [string, number][] {
  const lines: [string, number][] = [];
  forEachLine(path, 'test file', (line, lineNumber) => lines.push([line, lineNumber]), chunkBytes);
  return lines;
}

describe('cli: reading user files', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'cg-io-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a whole text file, or says in one line why it cannot', () => {
    const path = join(dir, 'text.txt');
    writeFileSync(path, 'Network n {}\n');
    expect(readTextFile(path, 'mapping file')).to.equal('Network n {}\n');
    expect(() => readTextFile(join(dir, 'missing.m'), 'mapping file')).to.throw(UsageError, /^cannot read mapping file .*missing\.m: no such file$/);
    expect(() => readTextFile(dir, 'mapping file')).to.throw(UsageError, /: is a directory$/);
  });

  it('ends lines where readline does, at \\n, \\r\\n and a lone \\r, with no line after a final break', () => {
    const path = join(dir, 'breaks.txt');
    writeFileSync(path, 'a\nb\r\nc\rd\n\n\r\ne');
    expect(linesOf(path)).to.deep.equal([['a', 1], ['b', 2], ['c', 3], ['d', 4], ['', 5], ['', 6], ['e', 7]]);
    writeFileSync(path, 'x\r');
    expect(linesOf(path)).to.deep.equal([['x', 1]]);
    writeFileSync(path, '');
    expect(linesOf(path)).to.deep.equal([]);
  });

  it('gives the same lines whatever the chunk size, with breaks and UTF-8 characters split between reads', () => {
    const piece = fc.constantFrom('a', 'bc', '\n', '\r', '\r\n', 'é', '€', '𝄞', ' ', '{"id":1}');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), fc.integer({ min: 1, max: 9 }), (pieces, chunkBytes) => {
        const text = pieces.join('');
        const path = join(dir, 'property.txt');
        writeFileSync(path, text);
        expect(linesOf(path, chunkBytes)).to.deep.equal(wholeTextLines(text));
      }),
      { numRuns: 300, seed: 13 },
    );
  });

  it('reads a file larger than one chunk', () => {
    const path = join(dir, 'large.jsonl');
    const lines = Array.from({ length: 5000 }, (_, i) => JSON.stringify({ id: i, text: 'x'.repeat(i % 97) }));
    writeFileSync(path, `${lines.join('\r\n')}\r\n`);
    expect(linesOf(path).map(([line]) => line)).to.deep.equal(lines);
  });

  it('says in one line why a file of lines cannot be read', () => {
    expect(() => linesOf(join(dir, 'none.jsonl'))).to.throw(UsageError, /^cannot read test file .*none\.jsonl: no such file$/);
    const folder = join(dir, 'folder');
    mkdirSync(folder);
    expect(() => linesOf(folder)).to.throw(UsageError, /^cannot read test file .*folder: is a directory$/);
  });
});

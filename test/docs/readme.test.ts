/**
 * The README's TypeScript examples run as printed: `value;   // result` lines are checked (numbers
 * to the digits shown) and `call;` followed by `// SomeError: message` must throw exactly that.
 */
import { expect } from 'chai';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { filter, lastValueFrom } from 'rxjs';
import * as codesignGym from '../../src/index.js';
import { instrument, runExample } from '../support/doc-examples.js';
import { REPO_ROOT } from '../support/fixtures.js';

const README = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
const blocks = [...README.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]!);

describe('README examples', function () {
  this.timeout(300_000);
  let savedCache: string | undefined;

  before(() => {
    // Synflow scores of the semi-decoupled example go to a fresh cache, never the user's.
    savedCache = process.env['CODESIGN_GYM_CACHE'];
    process.env['CODESIGN_GYM_CACHE'] = mkdtempSync(join(tmpdir(), 'codesign-gym-readme-'));
  });

  after(() => {
    if (savedCache === undefined) delete process.env['CODESIGN_GYM_CACHE'];
    else process.env['CODESIGN_GYM_CACHE'] = savedCache;
  });

  it('has TypeScript examples that check what they print', () => {
    expect(blocks.length).to.be.at.least(5);
    for (const block of blocks) expect(block).to.match(/from 'codesign-gym'/);
    expect(blocks.reduce((sum, block) => sum + instrument(block).checks, 0)).to.be.at.least(12);
  });

  blocks.forEach((block, index) => {
    const title = /^\S.*$/m.exec(block.replace(/^import .*$/gm, '').trim())?.[0] ?? '';
    it(`example ${index + 1} runs as printed: ${title.slice(0, 70)}`, async () => {
      const printed: string[] = [];
      const console = { log: (...values: unknown[]) => printed.push(values.map(String).join(' ')) };
      await runExample(block, { ...codesignGym, filter, lastValueFrom, console });
      // Trailing comment lines show what the example prints.
      const shown = /(?:^\/\/ .*\n)+$/m.exec(block)?.[0] ?? '';
      const expected = shown.split('\n').filter((line) => line.startsWith('// ')).map((line) => line.slice(3));
      if (printed.length > 0) expect(printed.map((line) => line.split(/\s+/).join(' '))).to.deep.equal(expected.map((line) => line.trim().split(/\s+/).join(' ')));
    });
  });
});

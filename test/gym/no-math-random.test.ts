import { expect } from 'chai';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));
const forbidden = ['Math', 'random'].join('.');

function sourceFiles(folder: string): string[] {
  const absolute = join(repositoryRoot, folder);
  if (!existsSync(absolute)) return [];
  return (readdirSync(absolute, { recursive: true }) as string[])
    .filter((file) => /\.(ts|js|mjs|cjs)$/.test(file))
    .map((file) => join(folder, file));
}

describe('no global randomness', () => {
  it(`finds no ${forbidden} in src/, envs/ or agents/`, () => {
    const files = ['src', 'envs', 'agents'].flatMap(sourceFiles);
    expect(files.length).to.be.greaterThan(0);
    const offenders = files.filter((file) => readFileSync(join(repositoryRoot, file), 'utf8').includes(forbidden));
    expect(offenders, `use an Rng from src/random/rng.ts instead of ${forbidden} in`).to.deep.equal([]);
  });
});

/** Locating the repository and the tests' fixtures (test/fixtures, with their provenance in its README). */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

/** The repository root (tests run from dist/test/...). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** The path of a fixture under test/fixtures. */
export function fixturePath(...parts: string[]): string {
  const path = resolve(REPO_ROOT, 'test', 'fixtures', ...parts);
  if (!existsSync(path)) throw new Error(`fixture not found: ${path}`);
  return path;
}

/** A fixture's text (gunzipped when its name ends in .gz). */
export function readFixture(...parts: string[]): string {
  const path = fixturePath(...parts);
  const bytes = readFileSync(path);
  return (path.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
}

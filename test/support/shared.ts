/** Locating the read-only shared material (reference outputs, study data) beside the repository. */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (tests run from dist/test/...). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** `../shared` beside the repository, or CODESIGN_GYM_SHARED when set. */
export const SHARED_DIR = process.env['CODESIGN_GYM_SHARED'] ?? resolve(REPO_ROOT, '..', 'shared');

export function sharedPath(...parts: string[]): string {
  const path = resolve(SHARED_DIR, ...parts);
  if (!existsSync(path)) throw new Error(`shared material not found: ${path} (set CODESIGN_GYM_SHARED)`);
  return path;
}

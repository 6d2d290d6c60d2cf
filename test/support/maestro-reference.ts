/** MAESTRO's own outputs for generated and hand-made cases, and a column-by-column comparison. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MAESTRO_NUMERIC_KEYS, parseMaestroCsv, rowFromCells, type MaestroCsvRow } from '../../src/maestro/csv.js';
import { fixturePath, readFixture } from './fixtures.js';

export interface ReferenceCase {
  id: string;
  kind: string;
  hw: string;
  mapping: string;
  /** `ok`, or `fail rc=N` when MAESTRO produced no CSV. */
  status: string;
  /** MAESTRO's rows (without header). */
  rows: MaestroCsvRow[];
}

interface RawCase {
  id: string;
  kind: string;
  hw: string;
  mapping: string;
  status: string;
  rows: string[][];
}

export function loadGeneratedCases(): ReferenceCase[] {
  const text = readFixture('maestro', 'cases.jsonl.gz');
  return text
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line) => {
      const raw = JSON.parse(line) as RawCase;
      return { ...raw, rows: raw.status === 'ok' ? raw.rows.slice(1).map((cells) => rowFromCells(cells)) : [] };
    });
}

export function loadHandCases(): ReferenceCase[] {
  const dir = fixturePath('maestro', 'hand');
  return readdirSync(join(dir, 'outputs'))
    .filter((f) => f.endsWith('.csv'))
    .sort()
    .map((file) => {
      const id = file.replace(/\.csv$/, '');
      return {
        id,
        kind: 'hand',
        hw: readFileSync(join(dir, 'inputs', `${id}.hw.m`), 'utf8'),
        mapping: readFileSync(join(dir, 'inputs', `${id}.m`), 'utf8'),
        status: 'ok',
        rows: parseMaestroCsv(readFileSync(join(dir, 'outputs', file), 'utf8')),
      };
    });
}

/** Equal within a relative 1e-4 (the CSV prints 6 significant digits); NaN matches NaN. */
export function agrees(expected: number, actual: number): boolean {
  if (Number.isNaN(expected) || Number.isNaN(actual)) return Number.isNaN(expected) && Number.isNaN(actual);
  if (expected === actual) return true;
  return Math.abs(expected - actual) <= 1e-4 * Math.max(Math.abs(expected), Math.abs(actual));
}

export interface Disagreement {
  layer: string;
  column: string;
  expected: number;
  actual: number;
}

export function compareRows(expected: readonly MaestroCsvRow[], actual: readonly MaestroCsvRow[]): Disagreement[] {
  const out: Disagreement[] = [];
  if (expected.length !== actual.length) {
    out.push({ layer: '*', column: 'layer count', expected: expected.length, actual: actual.length });
    return out;
  }
  expected.forEach((row, i) => {
    const mine = actual[i]!;
    if (row.layerName !== mine.layerName) out.push({ layer: row.layerName, column: `layer name (got ${mine.layerName})`, expected: 0, actual: 1 });
    if (row.networkName !== mine.networkName) out.push({ layer: row.layerName, column: `network name (got ${mine.networkName})`, expected: 0, actual: 1 });
    for (const key of MAESTRO_NUMERIC_KEYS) {
      if (!agrees(row[key], mine[key])) out.push({ layer: row.layerName, column: key, expected: row[key], actual: mine[key] });
    }
  });
  return out;
}

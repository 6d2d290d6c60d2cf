import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import {
  formatCsvRow,
  formatDouble,
  formatLong,
  LONG_MIN,
  MAESTRO_CSV_COLUMNS,
  MAESTRO_CSV_HEADER,
  parseCsvNumber,
  NUMERIC_CELL_PIECES,
  parseMaestroCsv,
  putNumericCells,
  rowFromCells,
  writeMaestroCsv,
} from '../../src/maestro/csv.js';
import { createRng } from '../../src/random/rng.js';
import { fixturePath } from '../support/fixtures.js';

const BASE_CSV = (): string => readFileSync(fixturePath('maestro', 'hand', 'outputs', '01_base.csv'), 'utf8');

/** Drops trailing zeros after a decimal point, and the point if nothing follows it. */
function strip(text: string): string {
  return text.replace(/0+$/, '').replace(/\.$/, '');
}

/**
 * printf's `%g` of a finite, non-zero double, from its exact binary value in BigInt arithmetic: the
 * test's own reference, written without the code under test. Also says whether the value was an
 * exact tie between two six-digit decimals.
 */
function exactG(value: number): { printed: string; tie: boolean } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(value));
  const bits = view.getBigUint64(0);
  const biased = Number(bits >> 52n);
  let mantissa = bits & ((1n << 52n) - 1n);
  let power = -1074;
  if (biased > 0) {
    mantissa |= 1n << 52n;
    power = biased - 1075;
  }
  // |value| = digits * 10^scale exactly.
  const digits = power >= 0 ? mantissa << BigInt(power) : mantissa * 5n ** BigInt(-power);
  const scale = Math.min(power, 0);
  const text = digits.toString();
  let exponent = text.length - 1 + scale;
  let head = BigInt(text.slice(0, 6).padEnd(6, '0'));
  const rest = text.slice(6);
  const half = `5${'0'.repeat(Math.max(0, rest.length - 1))}`;
  const tie = rest.length > 0 && rest === half;
  if (rest.length > 0 && (rest > half || (tie && head % 2n === 1n))) head += 1n;
  if (head === 1_000_000n) {
    head = 100_000n;
    exponent += 1;
  }
  const six = head.toString();
  let printed: string;
  if (exponent < -4 || exponent >= 6) {
    printed = `${strip(`${six[0]}.${six.slice(1)}`)}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  } else if (exponent >= 0) {
    printed = strip(`${six.slice(0, exponent + 1)}.${six.slice(exponent + 1)}`);
  } else {
    printed = strip(`0.${'0'.repeat(-exponent - 1)}${six}`);
  }
  return { printed: value < 0 ? `-${printed}` : printed, tie };
}

describe('maestro/csv', () => {
  it("has MAESTRO's 52 columns and its exact header line", () => {
    expect(MAESTRO_CSV_COLUMNS).to.have.length(52);
    expect(MAESTRO_CSV_HEADER).to.equal(BASE_CSV().split('\n')[0]);
  });

  it('formats doubles like a C++ stream (6 significant digits, %g)', () => {
    const cases: [number, string][] = [
      [1877620.4, '1.87762e+06'],
      [15.98959, '15.9896'],
      [171.709, '171.709'],
      [9.312e7, '9.312e+07'],
      [38.4, '38.4'],
      [2, '2'],
      [123456, '123456'],
      [1234567, '1.23457e+06'],
      [0.0001, '0.0001'],
      [0.00001234, '1.234e-05'],
      [-43.14371, '-43.1437'],
      [1e21, '1e+21'],
      [999999.5, '1e+06'],
    ];
    for (const [value, text] of cases) expect(formatDouble(value), String(value)).to.equal(text);
  });

  it('rounds exact ties to even, as printf does', () => {
    expect(formatDouble(10000.25)).to.equal('10000.2');
    expect(formatDouble(10000.75)).to.equal('10000.8');
    expect(formatDouble(1234565)).to.equal('1.23456e+06');
  });

  it('formats as printf does from the exact value: random doubles, exact ties, carries into the next power of ten, extremes', () => {
    const rng = createRng(7);
    const values: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      const sign = rng.float() < 0.5 ? -1 : 1;
      const exponent = rng.int(-30, 30);
      switch (i % 5) {
        case 0:
          values.push(sign * rng.float() * 10 ** exponent);
          break;
        case 1:
          // Exact ties: a multiple of a power of two with a 5 in the seventh digit.
          values.push(sign * (rng.int(1, 2 ** 21) + 0.5) / 2 ** rng.int(0, 8));
          break;
        case 2:
          values.push(sign * (rng.int(100_000, 999_999) * 10 + 5) * 2 ** rng.int(-6, 6));
          break;
        case 3:
          values.push(sign * 9_999_995 * 10 ** rng.int(-12, 12) * (1 + (rng.float() - 0.5) * 1e-13));
          break;
        default:
          values.push(sign * (rng.int(1, 2 ** 30) * 2 ** 23 + rng.int(0, 2 ** 23)) * 2 ** rng.int(-1100, 950));
      }
    }
    values.push(5e-324, 2.2250738585072014e-308, Number.MAX_VALUE, 0.00009999995, 0.0001, 999999.5, 1e22, 1e23);
    const finite = values.filter((v) => v !== 0 && Number.isFinite(v));
    expect(finite.length).to.be.greaterThan(19_000);
    const different = finite.filter((v) => formatDouble(v) !== exactG(v).printed);
    expect(different.slice(0, 5).map((v) => `${v}: ${formatDouble(v)} vs ${exactG(v).printed}`)).to.deep.equal([]);
    // Exact ties among them, which C rounds to even and JavaScript's toExponential up.
    expect(finite.filter((v) => exactG(v).tie).length).to.be.greaterThan(500);
  });

  it('gives a value printed before the same text, over more values than it remembers', () => {
    const values = Array.from({ length: 10_000 }, (_, i) => (i % 2 === 0 ? 1 : -1) * (1.5 + i * 1234.5678));
    const first = values.map(formatDouble);
    const second = values.map(formatDouble);
    expect(second).to.deep.equal(first);
    expect(formatDouble(values[3]!)).to.equal('-3705.2');
    expect([formatDouble(-0), formatDouble(0), formatDouble(-0)]).to.deep.equal(['-0', '0', '-0']);
  });

  it('prints NaN as -nan, infinities as inf, and keeps the sign of zero', () => {
    expect(formatDouble(Number.NaN)).to.equal('-nan');
    expect(formatDouble(Number.POSITIVE_INFINITY)).to.equal('inf');
    expect(formatDouble(Number.NEGATIVE_INFINITY)).to.equal('-inf');
    expect(formatDouble(-0)).to.equal('-0');
    expect(formatDouble(0)).to.equal('0');
  });

  it('prints longs as integers, NaN as the C++ conversion gives it', () => {
    expect(formatLong(4611)).to.equal('4611');
    expect(formatLong(-52920)).to.equal('-52920');
    expect(formatLong(LONG_MIN)).to.equal('-9223372036854775808');
    expect(formatLong(Number.NaN)).to.equal('-9223372036854775808');
    expect(formatLong(2 ** 60)).to.equal('1152921504606846976');
  });

  it('reads a MAESTRO CSV and writes it back byte for byte', () => {
    const text = BASE_CSV();
    const rows = parseMaestroCsv(text);
    expect(rows).to.have.length(1);
    expect(rows[0]).to.include({ networkName: '01_base', layerName: 'L1', runtimeCycles: 4611, energyNJ: 171.709, computeDelayMaxCycles: 9 });
    expect(writeMaestroCsv(rows)).to.equal(text);
    expect(formatCsvRow(rows[0]!)).to.equal(text.split('\n')[1]);
  });

  it("puts a row's 50 numeric cells and their separators, as a whole row prints them", () => {
    const row = parseMaestroCsv(BASE_CSV())[0]!;
    const pieces: string[] = ['kept'];
    expect(putNumericCells(pieces, 1, row)).to.equal(1 + NUMERIC_CELL_PIECES);
    expect(pieces[0]).to.equal('kept');
    expect(pieces.slice(1).join('')).to.equal(formatCsvRow(row).slice('01_base,L1,'.length));
    expect(pieces[1 + 2 * 2]).to.equal('171.709');
  });

  it('reads MAESTRO number cells, nan and inf included', () => {
    expect(parseCsvNumber(' -nan')).to.be.NaN;
    expect(parseCsvNumber('inf')).to.equal(Number.POSITIVE_INFINITY);
    expect(parseCsvNumber('-inf')).to.equal(Number.NEGATIVE_INFINITY);
    expect(parseCsvNumber(' 1.87762e+06')).to.equal(1877620);
    expect(() => parseCsvNumber('abc')).to.throw(/not a number in a MAESTRO CSV cell: "abc"/);
    expect(() => parseCsvNumber('')).to.throw(/not a number/);
  });

  it('rejects a CSV with the wrong columns or a short row', () => {
    expect(() => parseMaestroCsv('')).to.throw(/no header/);
    expect(() => parseMaestroCsv('a,b,c\n')).to.throw(/52 columns, this one has 3/);
    expect(() => parseMaestroCsv(`${MAESTRO_CSV_HEADER}\n1,2,3\n`)).to.throw(/line 2 has 3 cells, expected 52/);
  });

  it('builds a row from cells by position', () => {
    const cells = BASE_CSV().split('\n')[1]!.split(',');
    expect(rowFromCells(cells).arithmeticIntensity).to.equal(48);
  });
});

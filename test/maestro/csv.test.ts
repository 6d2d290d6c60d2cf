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
  parseMaestroCsv,
  rowFromCells,
  writeMaestroCsv,
} from '../../src/maestro/csv.js';
import { fixturePath } from '../support/fixtures.js';

const BASE_CSV = (): string => readFileSync(fixturePath('maestro', 'hand', 'outputs', '01_base.csv'), 'utf8');

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

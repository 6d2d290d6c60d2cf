/** MAESTRO's result CSV: the 52 columns, their number formats, writing and reading. */

export type CsvValueKind = 'text' | 'long' | 'double';

export interface CsvColumn<K extends string = string> {
  /** The header cell exactly as MAESTRO prints it (names repeat, so read by position). */
  header: string;
  key: K;
  kind: CsvValueKind;
}

function column<K extends string>(header: string, key: K, kind: CsvValueKind): CsvColumn<K> {
  return { header, key, kind };
}

/** The columns in MAESTRO's order. Units: cycles, nJ, elements, elements/cycle, um^2, mW. */
export const MAESTRO_CSV_COLUMNS = [
  column('Neural Network Name', 'networkName', 'text'),
  column(' Layer Number', 'layerName', 'text'),
  column(' NumPEs', 'numPes', 'long'),
  column(' Runtime (Cycles)', 'runtimeCycles', 'long'),
  column(' Activity count-based Energy (nJ)', 'energyNJ', 'double'),
  column(' Throughput (MACs/Cycle)', 'throughputMacsPerCycle', 'double'),
  column(' Throughput Per Energy (GMACs/s*J)', 'throughputPerEnergy', 'double'),
  column(' Area', 'areaUm2', 'double'),
  column(' Power', 'powerMW', 'double'),
  column(' NoC BW Req (Elements/cycle)', 'nocBandwidthReqElemsPerCycle', 'long'),
  column(' Avg BW Req', 'avgBandwidthReqElemsPerCycle', 'double'),
  column(' Peak BW Req', 'peakBandwidthReqElemsPerCycle', 'long'),
  column(' Vector Width', 'vectorWidth', 'long'),
  column(' Offchip BW Req (Elements/cycle)', 'offchipBandwidthReqElemsPerCycle', 'long'),
  column('  L2 SRAM Size Req (Bytes)', 'l2SizeReqElements', 'long'),
  column(' L1 SRAM Size Req (Bytes)', 'l1SizeReqElements', 'long'),
  column(' Multicasting Factor (Weight)', 'multicastFactorWeight', 'double'),
  column(' Multicasting Factor (Input)', 'multicastFactorInput', 'double'),
  column(' Num Total Input Pixels', 'totalInputElements', 'long'),
  column(' Num Total Weight Pixels', 'totalWeightElements', 'long'),
  column(' Ops/J', 'opsPerJoule', 'double'),
  column(' Num MACs', 'numMacs', 'long'),
  column(' PE power', 'pePowerMW', 'double'),
  column(' L1 power', 'l1PowerMW', 'double'),
  column(' L2 power', 'l2PowerMW', 'double'),
  column(' NOC power', 'nocPowerMW', 'double'),
  column(' input l1 read', 'inputL1Reads', 'long'),
  column(' input l1 write', 'inputL1Writes', 'long'),
  column(' input l2 read', 'inputL2Reads', 'long'),
  column(' input l2 write', 'inputL2Writes', 'long'),
  column(' input reuse factor', 'inputReuseFactor', 'double'),
  column('filter l1 read', 'filterL1Reads', 'long'),
  column(' filter l1 write', 'filterL1Writes', 'long'),
  column(' filter l2 read', 'filterL2Reads', 'long'),
  column(' filter l2 write', 'filterL2Writes', 'long'),
  column(' filter reuse factor', 'filterReuseFactor', 'double'),
  column('output l1 read', 'outputL1Reads', 'long'),
  column(' output l1 write', 'outputL1Writes', 'long'),
  column(' output l2 read', 'outputL2Reads', 'long'),
  column(' output l2 write', 'outputL2Writes', 'long'),
  column(' output reuse factor', 'outputReuseFactor', 'double'),
  column('Ingress Delay (Min)', 'ingressDelayMinCycles', 'long'),
  column(' Ingress Delay (Max)', 'ingressDelayMaxCycles', 'long'),
  column(' Ingress Delay (Avg)', 'ingressDelayAvgCycles', 'long'),
  column(' Egress Delay (Min)', 'egressDelayMinCycles', 'long'),
  column(' Egress Delay (Max)', 'egressDelayMaxCycles', 'long'),
  column('  Egress Delay (Avg)', 'egressDelayAvgCycles', 'long'),
  column('Compute Delay (Min)', 'computeDelayMinCycles', 'long'),
  // MAESTRO labels the maximum "Compute Delay (Min)" too.
  column(' Compute Delay (Min)', 'computeDelayMaxCycles', 'long'),
  column(' Compute Delay (Avg)', 'computeDelayAvgCycles', 'long'),
  column('Avg number of utilized PEs', 'avgUtilizedPes', 'double'),
  column(' Arithmetic Intensity', 'arithmeticIntensity', 'double'),
] as const;

export type MaestroCsvColumnKey = (typeof MAESTRO_CSV_COLUMNS)[number]['key'];
export type MaestroNumericKey = Exclude<MaestroCsvColumnKey, 'networkName' | 'layerName'>;

/** One CSV row: the network and layer names and MAESTRO's 50 numbers. */
export type MaestroCsvRow = { networkName: string; layerName: string } & Record<MaestroNumericKey, number>;

/** The numeric column keys in CSV order. */
export const MAESTRO_NUMERIC_KEYS: readonly MaestroNumericKey[] = MAESTRO_CSV_COLUMNS.filter(
  (c) => c.kind !== 'text',
).map((c) => c.key as MaestroNumericKey);

/** MAESTRO's header line (without the newline). */
export const MAESTRO_CSV_HEADER = MAESTRO_CSV_COLUMNS.map((c) => c.header).join(',');


/** What a C++ `long` holds after converting NaN (delay statistics of a layer with no valid case). */
export const LONG_MIN = -9223372036854775808;

/** Formats a `long` as C++ prints it. */
export function formatLong(value: number): string {
  // Most counts fit 32 bits: they print as themselves (-0 as 0), with no further test.
  if ((value | 0) === value) return String(value | 0);
  if (Number.isNaN(value)) return '-9223372036854775808';
  const truncated = Math.trunc(value);
  if (Math.abs(truncated) <= Number.MAX_SAFE_INTEGER) return String(truncated === 0 ? 0 : truncated);
  if (!Number.isFinite(truncated)) return '-9223372036854775808';
  return BigInt(truncated).toString();
}

/**
 * Recent answers of `formatDouble` for values other than NaN, infinities, zeros and small integers
 * (a Map would take -0 for 0): a batch prints the same area, power and ratios in many rows (three
 * in four of its fractional cells repeat one printed before). Cleared when full.
 */
const formattedDoubles = new Map<number, string>();
const MAX_FORMATTED_DOUBLES = 4096;

/**
 * Formats a double as a C++ stream does by default (like printf `%g`, 6 significant digits):
 * `1.87762e+06`, `15.9896`, `-0`, `inf`, and `-nan` for NaN (x86 produces negative NaNs).
 */
export function formatDouble(value: number): string {
  // An integer of at most six digits prints as itself (a test without calls first: a batch formats
  // tens of thousands of cells before V8 optimizes this).
  if (value > -1e6 && value < 1e6 && (value | 0) === value) {
    if (value !== 0) return String(value);
    return 1 / value < 0 ? '-0' : '0';
  }
  if (value !== value) return '-nan';
  if (value === Infinity) return 'inf';
  if (value === -Infinity) return '-inf';
  let text = formattedDoubles.get(value);
  if (text === undefined) {
    text = formatGeneral(value);
    if (formattedDoubles.size >= MAX_FORMATTED_DOUBLES) formattedDoubles.clear();
    formattedDoubles.set(value, text);
  }
  return text;
}

/** `formatDouble` of a finite, non-zero value that is not a small integer. */
function formatGeneral(value: number): string {
  const negative = value < 0;
  const magnitude = negative ? -value : value;
  let text = formatByScaling(magnitude);
  if (text === undefined) {
    const [head, exponent] = roundExactly(magnitude);
    text = gFormat(head, exponent);
  }
  return negative ? `-${text}` : text;
}

/** 10^0 to 10^22: the powers of ten a double holds exactly. */
const EXACT_POWERS_OF_TEN = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));

/** What precedes the digits of a value from 1e-4 to 1 in `%g`, by minus its exponent. */
const LEADING_ZEROS = ['', '0.', '0.0', '0.00', '0.000'];

/** Zeros that fill an integer's last places, by their count. */
const TRAILING_ZEROS = ['', '0', '00', '000', '0000', '00000'];

/** `%g`'s exponents from e-99 to e+99 (at least two digits), by exponent + 99. */
const EXPONENT_TEXTS = Array.from({ length: 199 }, (_, i) => `e${i < 99 ? '-' : '+'}${String(Math.abs(i - 99)).padStart(2, '0')}`);

/**
 * `%g` of a positive value in arithmetic, without building digit strings; undefined where that could
 * round otherwise than C: near a tie, near a power of ten, and outside about 1e-17 to 1e27 (the
 * exact path prints those). The value scaled to six integer digits by an exact power of ten is
 * rounded once, so it is within 2^-33 of the exact product: unless its fraction is within 1e-7 of a
 * half, it rounds to the same six digits as the exact value does.
 */
function formatByScaling(magnitude: number): string | undefined {
  const exponent = Math.floor(Math.log10(magnitude));
  const shift = 5 - exponent;
  if (shift > 22 || shift < -22) return undefined;
  const scaled = shift >= 0 ? magnitude * EXACT_POWERS_OF_TEN[shift]! : magnitude / EXACT_POWERS_OF_TEN[-shift]!;
  // Outside this range log10 was off by one near a power of ten, or the rounding may carry.
  if (!(scaled >= 100000 && scaled < 999999)) return undefined;
  const whole = Math.floor(scaled);
  const fraction = scaled - whole;
  if (fraction > 0.4999999 && fraction < 0.5000001) return undefined;
  let digits = fraction > 0.5 ? whole + 1 : whole;
  let count = 6;
  while (digits % 10 === 0) {
    digits /= 10;
    count--;
  }
  const text = String(digits);
  if (exponent < -4 || exponent >= 6) {
    const suffix = EXPONENT_TEXTS[exponent + 99]!;
    return count === 1 ? text + suffix : `${text[0]!}.${text.slice(1)}${suffix}`;
  }
  if (exponent < 0) return LEADING_ZEROS[-exponent]! + text;
  const places = exponent + 1;
  if (count <= places) return text + TRAILING_ZEROS[places - count]!;
  return `${text.slice(0, places)}.${text.slice(places)}`;
}

/** Six significant digits and the decimal exponent, rounding an exact tie to even as C does. */
function roundExactly(magnitude: number): [string, number] {
  // 21 significant digits show whether the value is exactly halfway between two 6-digit results.
  const exact = magnitude.toExponential(20);
  const ePos = exact.indexOf('e');
  let exponent = Number(exact.slice(ePos + 1));
  const digits = exact.slice(0, ePos).replace('.', '');
  let head = digits.slice(0, 6);
  const tail = digits.slice(6);
  const tie = /^50*$/.test(tail);
  const roundUp = tail[0]! > '5' || (tail[0] === '5' && !tie) || (tie && Number(head[5]) % 2 === 1);
  if (roundUp) {
    const incremented = String(Number(head) + 1);
    if (incremented.length > 6) {
      head = incremented.slice(0, 6);
      exponent += 1;
    } else {
      head = incremented;
    }
  }
  return [head, exponent];
}

/** `%g` of six digits `head` (d.ddddd) times 10^exponent: scientific below 1e-4 and from 1e6, trailing zeros dropped. */
function gFormat(head: string, exponent: number): string {
  if (exponent < -4 || exponent >= 6) {
    const mantissa = stripZeros(`${head[0]}.${head.slice(1)}`);
    const exponentDigits = exponent > -10 && exponent < 10 ? `0${exponent < 0 ? -exponent : exponent}` : String(Math.abs(exponent));
    return `${mantissa}e${exponent < 0 ? '-' : '+'}${exponentDigits}`;
  }
  if (exponent >= 0) return stripZeros(`${head.slice(0, exponent + 1)}.${head.slice(exponent + 1)}`);
  return stripZeros(`0.${'0'.repeat(-exponent - 1)}${head}`);
}

/** Drops the trailing zeros of a text with a decimal point, and the point if nothing follows it. */
function stripZeros(text: string): string {
  let end = text.length;
  while (text.charCodeAt(end - 1) === 48) end--;
  if (text.charCodeAt(end - 1) === 46) end--;
  return text.slice(0, end);
}

/**
 * Puts one row of MAESTRO's CSV into `pieces` from index `at`, cells and separators in turn (no
 * newline), and returns the index after it. The cells are in MAESTRO_CSV_COLUMNS' order, separated
 * by "," up to "NOC power" and by ", " after it, as MAESTRO writes them. The pieces are joined once
 * per text: no intermediate strings for each cell and row.
 */
function putRow(pieces: string[], at: number, row: MaestroCsvRow): number {
  pieces[at++] = row.networkName;
  pieces[at++] = ',';
  pieces[at++] = row.layerName;
  pieces[at++] = ',';
  return putNumericCells(pieces, at, row);
}

/**
 * Puts a row's 50 numeric cells (NumPEs to Arithmetic Intensity) and the 49 separators between them
 * into `pieces` from index `at`, and returns the index after them: numeric cell k (in
 * MAESTRO_NUMERIC_KEYS' order) is at `at + 2k`. Written out column by column: named property reads
 * are many times faster than reading 50 keys by name in a loop, and a batch prints thousands of rows
 * (the tests compare whole files with MAESTRO's, byte for byte).
 */
export function putNumericCells(pieces: string[], at: number, row: MaestroCsvRow): number {
  pieces[at++] = formatLong(row.numPes);
  pieces[at++] = ',';
  pieces[at++] = formatLong(row.runtimeCycles);
  pieces[at++] = ',';
  pieces[at++] = formatDouble(row.energyNJ);
  pieces[at++] = ',';
  pieces[at++] = formatDouble(row.throughputMacsPerCycle);
  pieces[at++] = ',';
  pieces[at++] = formatDouble(row.throughputPerEnergy);
  pieces[at++] = ',';
  pieces[at++] = formatDouble(row.areaUm2);
  pieces[at++] = ',';
  pieces[at++] = formatDouble(row.powerMW);
  pieces[at++] = ',';
  pieces[at++] = formatLong(row.nocBandwidthReqElemsPerCycle);
  pieces[at++] = ',';
  pieces[at++] = formatDouble(row.avgBandwidthReqElemsPerCycle);
  pieces[at++] = ',';
  pieces[at++] = formatLong(row.peakBandwidthReqElemsPerCycle);
  pieces[at++] = ',';
  pieces[at++] = formatLong(row.vectorWidth);
  pieces[at++] = ',';
  pieces[at++] = formatLong(row.offchipBandwidthReqElemsPerCycle);
  pieces[at++] = ',';
  pieces[at++] = formatLong(row.l2SizeReqElements);
  pieces[at++] = ',';
  pieces[at++] = formatLong(row.l1SizeReqElements);
  pieces[at++] = ',';
  pieces[at++] = formatDouble(row.multicastFactorWeight);
  pieces[at++] = ',';
  pieces[at++] = formatDouble(row.multicastFactorInput);
  pieces[at++] = ',';
  pieces[at++] = formatLong(row.totalInputElements);
  pieces[at++] = ',';
  pieces[at++] = formatLong(row.totalWeightElements);
  pieces[at++] = ',';
  pieces[at++] = formatDouble(row.opsPerJoule);
  pieces[at++] = ',';
  pieces[at++] = formatLong(row.numMacs);
  pieces[at++] = ',';
  pieces[at++] = formatDouble(row.pePowerMW);
  pieces[at++] = ',';
  pieces[at++] = formatDouble(row.l1PowerMW);
  pieces[at++] = ',';
  pieces[at++] = formatDouble(row.l2PowerMW);
  pieces[at++] = ',';
  pieces[at++] = formatDouble(row.nocPowerMW);
  pieces[at++] = ',';
  pieces[at++] = formatLong(row.inputL1Reads);
  pieces[at++] = ', ';
  pieces[at++] = formatLong(row.inputL1Writes);
  pieces[at++] = ', ';
  pieces[at++] = formatLong(row.inputL2Reads);
  pieces[at++] = ', ';
  pieces[at++] = formatLong(row.inputL2Writes);
  pieces[at++] = ', ';
  pieces[at++] = formatDouble(row.inputReuseFactor);
  pieces[at++] = ', ';
  pieces[at++] = formatLong(row.filterL1Reads);
  pieces[at++] = ', ';
  pieces[at++] = formatLong(row.filterL1Writes);
  pieces[at++] = ', ';
  pieces[at++] = formatLong(row.filterL2Reads);
  pieces[at++] = ', ';
  pieces[at++] = formatLong(row.filterL2Writes);
  pieces[at++] = ', ';
  pieces[at++] = formatDouble(row.filterReuseFactor);
  pieces[at++] = ', ';
  pieces[at++] = formatLong(row.outputL1Reads);
  pieces[at++] = ', ';
  pieces[at++] = formatLong(row.outputL1Writes);
  pieces[at++] = ', ';
  pieces[at++] = formatLong(row.outputL2Reads);
  pieces[at++] = ', ';
  pieces[at++] = formatLong(row.outputL2Writes);
  pieces[at++] = ', ';
  pieces[at++] = formatDouble(row.outputReuseFactor);
  pieces[at++] = ', ';
  pieces[at++] = formatLong(row.ingressDelayMinCycles);
  pieces[at++] = ', ';
  pieces[at++] = formatLong(row.ingressDelayMaxCycles);
  pieces[at++] = ', ';
  pieces[at++] = formatLong(row.ingressDelayAvgCycles);
  pieces[at++] = ', ';
  pieces[at++] = formatLong(row.egressDelayMinCycles);
  pieces[at++] = ', ';
  pieces[at++] = formatLong(row.egressDelayMaxCycles);
  pieces[at++] = ', ';
  pieces[at++] = formatLong(row.egressDelayAvgCycles);
  pieces[at++] = ', ';
  pieces[at++] = formatLong(row.computeDelayMinCycles);
  pieces[at++] = ', ';
  pieces[at++] = formatLong(row.computeDelayMaxCycles);
  pieces[at++] = ', ';
  pieces[at++] = formatLong(row.computeDelayAvgCycles);
  pieces[at++] = ', ';
  pieces[at++] = formatDouble(row.avgUtilizedPes);
  pieces[at++] = ', ';
  pieces[at++] = formatDouble(row.arithmeticIntensity);
  return at;
}

/** Pieces a row puts: 52 cells and 51 separators. */
const ROW_PIECES = 103;

/** Pieces `putNumericCells` puts: 50 cells and 49 separators. */
export const NUMERIC_CELL_PIECES = 99;

/** One row of MAESTRO's CSV, without the newline (see `putRow`). */
export function formatCsvRow(row: MaestroCsvRow): string {
  const pieces = new Array<string>(ROW_PIECES);
  putRow(pieces, 0, row);
  return pieces.join('');
}

/** MAESTRO's CSV text: the header and one line per layer, each ending in a newline. */
export function writeMaestroCsv(rows: readonly MaestroCsvRow[]): string {
  const pieces = new Array<string>(2 + rows.length * (ROW_PIECES + 1));
  pieces[0] = MAESTRO_CSV_HEADER;
  pieces[1] = '\n';
  let at = 2;
  for (let i = 0; i < rows.length; i++) {
    at = putRow(pieces, at, rows[i]!);
    pieces[at++] = '\n';
  }
  return pieces.join('');
}

/** Reads a number as MAESTRO printed it (`-nan`, `inf`, `1.2e+06`, ...). */
export function parseCsvNumber(cell: string): number {
  const text = cell.trim();
  if (text === '-nan' || text === 'nan') return Number.NaN;
  if (text === 'inf') return Number.POSITIVE_INFINITY;
  if (text === '-inf') return Number.NEGATIVE_INFINITY;
  const value = Number(text);
  if (text.length === 0 || Number.isNaN(value)) throw new Error(`not a number in a MAESTRO CSV cell: "${cell}"`);
  return value;
}

/**
 * Reads MAESTRO's CSV text (its own or ours) by column position. Throws if the header is not
 * MAESTRO's 52 columns or a row has the wrong number of cells.
 */
export function parseMaestroCsv(text: string): MaestroCsvRow[] {
  const lines = text.split(/\r?\n/).filter((line) => line.trim().length > 0);
  if (lines.length === 0) throw new Error('empty MAESTRO CSV: no header line');
  const header = lines[0]!.split(',');
  if (header.length !== MAESTRO_CSV_COLUMNS.length) {
    throw new Error(`a MAESTRO CSV header has ${MAESTRO_CSV_COLUMNS.length} columns, this one has ${header.length}`);
  }
  return lines.slice(1).map((line, index) => {
    const cells = line.split(',');
    if (cells.length !== MAESTRO_CSV_COLUMNS.length) {
      throw new Error(`CSV line ${index + 2} has ${cells.length} cells, expected ${MAESTRO_CSV_COLUMNS.length}`);
    }
    return rowFromCells(cells);
  });
}

/** Builds a row from 52 cells in MAESTRO's order. */
export function rowFromCells(cells: readonly string[]): MaestroCsvRow {
  const row: Record<string, string | number> = {};
  MAESTRO_CSV_COLUMNS.forEach((c, i) => {
    const cell = cells[i] ?? '';
    row[c.key] = c.kind === 'text' ? cell.trim() : parseCsvNumber(cell);
  });
  return row as MaestroCsvRow;
}

/** MAESTRO's file formats: hardware files, mapping (DFSL) files, result CSV. */
export * from './types.js';
export * from './errors.js';
export { tokenize } from './tokenizer.js';
export type { Token } from './tokenizer.js';
export { parseHardware, writeHardware, HARDWARE_KEYS } from './hardware-file.js';
export { parseMapping, writeMapping, formatDirective } from './mapping-file.js';
export {
  MAESTRO_CSV_COLUMNS,
  MAESTRO_CSV_HEADER,
  MAESTRO_NUMERIC_KEYS,
  formatCsvRow,
  formatDouble,
  formatLong,
  parseCsvNumber,
  parseMaestroCsv,
  writeMaestroCsv,
} from './csv.js';
export type { MaestroCsvRow, MaestroCsvColumnKey, MaestroNumericKey, CsvColumn } from './csv.js';

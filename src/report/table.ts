/** Plain-text tables for terminals: aligned columns, numbers right-aligned. */

export interface TableColumn<Row> {
  header: string;
  value: (row: Row) => string | number;
  /** Digits after the point for numbers (default: integers as is, others 2). */
  digits?: number;
}

function cell(value: string | number, digits: number | undefined): string {
  if (typeof value === 'string') return value;
  if (!Number.isFinite(value)) return String(value);
  if (digits !== undefined) return value.toFixed(digits);
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}

/**
 * Formats rows as an aligned table with a header line and a rule.
 *
 * @example
 * formatTable([{ name: 'a', n: 1 }], [{ header: 'name', value: (r) => r.name }, { header: 'n', value: (r) => r.n }]);
 * // name  n
 * // ----  -
 * // a     1
 */
export function formatTable<Row>(rows: readonly Row[], columns: readonly TableColumn<Row>[]): string {
  const cells = rows.map((row) => columns.map((c) => cell(c.value(row), c.digits)));
  const numeric = columns.map((c) => rows.length > 0 && rows.every((row) => typeof c.value(row) === 'number'));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((r) => r[i]!.length)));
  const pad = (text: string, i: number): string => (numeric[i] ? text.padStart(widths[i]!) : text.padEnd(widths[i]!));
  const lines = [
    columns.map((c, i) => pad(c.header, i)).join('  ').trimEnd(),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...cells.map((r) => r.map((text, i) => pad(text, i)).join('  ').trimEnd()),
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * Formats rows as a markdown (GitHub) table, numbers right-aligned.
 *
 * @example
 * formatMarkdownTable([{ name: 'a', n: 1 }], [{ header: 'name', value: (r) => r.name }, { header: 'n', value: (r) => r.n }]);
 * // | name | n |
 * // |---|---:|
 * // | a | 1 |
 */
export function formatMarkdownTable<Row>(rows: readonly Row[], columns: readonly TableColumn<Row>[]): string {
  const numeric = columns.map((c) => rows.length > 0 && rows.every((row) => typeof c.value(row) === 'number'));
  const escape = (text: string): string => text.replace(/\|/g, '\\|');
  const lines = [
    `| ${columns.map((c) => escape(c.header)).join(' | ')} |`,
    `|${numeric.map((n) => (n ? '---:' : '---')).join('|')}|`,
    ...rows.map((row) => `| ${columns.map((c) => escape(cell(c.value(row), c.digits))).join(' | ')} |`),
  ];
  return `${lines.join('\n')}\n`;
}

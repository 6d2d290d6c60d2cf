/** Small helpers the benchmarks share: clocks, medians, and the line that gives a ratio or says why there is none. */

/** Seconds on a monotonic clock. */
export function nowSeconds(): number {
  return Number(process.hrtime.bigint()) / 1e9;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** What a benchmark prints instead of a ratio when it was given no MAESTRO binary. */
export const NO_MAESTRO = 'MAESTRO not timed (give its binary with --maestro PATH or $MAESTRO_BIN): our figures alone.';

/** The ratio's sentence, or the reason there is none. */
export function ratioLine(ratio: number | null, sentence: (ratio: number) => string): string {
  return `\n${ratio === null ? NO_MAESTRO : sentence(ratio)}\n`;
}

/** Resident set size now, MiB. */
export function rssMiB(): number {
  return process.memoryUsage().rss / 2 ** 20;
}

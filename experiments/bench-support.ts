/** Small helpers the benchmarks share: clocks, the best of several rounds, and the line that gives a ratio or says why there is none. */

/** Seconds on a monotonic clock. */
export function nowSeconds(): number {
  return Number(process.hrtime.bigint()) / 1e9;
}

/**
 * The best (smallest) of several timings. Both sides of a comparison take their best round: on a
 * shared machine every other process only ever adds time, so the minimum is the least disturbed.
 */
export function best(values: readonly number[]): number {
  return values.length === 0 ? Number.NaN : Math.min(...values);
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

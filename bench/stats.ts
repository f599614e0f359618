// Small statistics helpers of the benchmark suite: medians with min and max, rounding, a monotonic clock.

/** Median, min and max of a list of samples, rounded, with the samples themselves. */
export interface Summary {
  /** Median (mean of the middle two for an even count). */
  readonly median: number;
  /** Smallest sample. */
  readonly min: number;
  /** Largest sample. */
  readonly max: number;
  /** Number of samples. */
  readonly n: number;
  /** Every sample, in the order measured. */
  readonly samples: number[];
}

/** The median of a list of numbers (mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error("median of nothing");
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Rounds to `digits` decimal places. */
export function round(x: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** The {@link Summary} of a list, rounded to `digits` decimal places. */
export function summary(values: readonly number[], digits = 3): Summary {
  return {
    median: round(median(values), digits),
    min: round(Math.min(...values), digits),
    max: round(Math.max(...values), digits),
    n: values.length,
    samples: values.map((v) => round(v, digits)),
  };
}

/** A monotonic timestamp, for {@link msSince}. */
export function now(): bigint {
  return process.hrtime.bigint();
}

/** Wall-clock milliseconds since `start` (a {@link now} value). */
export function msSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

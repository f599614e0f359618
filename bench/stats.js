// Small statistics helpers of the benchmark suite: medians with min and max, rounding.
"use strict";

/** The median of a list of numbers (mean of the middle two for an even count). */
function median(values) {
  if (values.length === 0) throw new Error("median of nothing");
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Rounds to `digits` decimal places. */
function round(x, digits = 3) {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** `{ median, min, max, n, samples }` of a list, rounded. */
function summary(values, digits = 3) {
  return {
    median: round(median(values), digits),
    min: round(Math.min(...values), digits),
    max: round(Math.max(...values), digits),
    n: values.length,
    samples: values.map((v) => round(v, digits)),
  };
}

/** Wall-clock milliseconds since `start` (a process.hrtime.bigint() value). */
function msSince(start) {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

module.exports = { median, round, summary, msSince };

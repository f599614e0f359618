// Number formatting shared by the report's table and notes.
import type { Summary } from "../stats";

/** `x` with `digits` decimals. */
export function fmt(x: number, digits = 2): string {
  return Number(x).toFixed(digits);
}

/** `[min–max]` of a summary. */
export function range(s: Pick<Summary, "min" | "max">, digits = 2): string {
  return `[${fmt(s.min, digits)}–${fmt(s.max, digits)}]`;
}

/** `x` as a whole percentage. */
export function pct(x: number): string {
  return `${Math.round(x * 100)}%`;
}

/** The table's "met" cell. */
export function yes(met: boolean): string {
  return met ? "yes" : "**no**";
}

/**
 * Graph calls, as the emulator logs them: which calls a step made, a compact key per call
 * (`GET /me`, version stripped), counts per key, the check of a step's expected calls, and the
 * per-step table a run prints.
 *
 * @packageDocumentation
 */
import type { Emulator, LoggedRequest } from "../emulator";

/**
 * A call's compact key: method and path without the API version, e.g. `POST /me/messenger_profile`.
 *
 * @param r - a logged request
 */
export function callKey(r: Pick<LoggedRequest, "method" | "path">): string {
  return `${r.method} ${r.path.replace(/^\/v\d+(\.\d+)?(?=\/)/, "")}`;
}

/**
 * How many calls of each key, in order of first appearance: `{"GET /me": 1, "POST /me/messenger_profile": 1}`.
 *
 * @param calls - logged requests
 */
export function countCalls(calls: readonly LoggedRequest[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const c of calls) counts[callKey(c)] = (counts[callKey(c)] ?? 0) + 1;
  return counts;
}

/**
 * Calls grouped in order of first appearance: `20×GET /me, 20×POST /me/messenger_profile`, or `-`.
 *
 * @param calls - logged requests
 */
export function summarizeCalls(calls: readonly LoggedRequest[]): string {
  const counts = Object.entries(countCalls(calls));
  return counts.length === 0 ? "-" : counts.map(([k, n]) => (n > 1 ? `${n}×${k}` : k)).join(", ");
}

/**
 * A raw query string with the values of `access_token` and `appsecret_proof` replaced by
 * `[REDACTED]`: the same text whether the emulator logged them in clear or already redacted.
 *
 * @param rawQuery - a logged request's query string
 */
export function normalizeQuery(rawQuery: string): string {
  return rawQuery.replace(/(access_token|appsecret_proof)=[^&]*/g, "$1=[REDACTED]");
}

/**
 * The calls a step must make:
 * - a number: exactly that many calls;
 * - a list of call keys (`"GET /me"`, see {@link callKey}): exactly these calls, in any order
 *   (resources of one step run concurrently);
 * - a function: a custom check that throws on a mismatch.
 */
export type CallExpectation = number | readonly string[] | ((calls: readonly LoggedRequest[]) => void);

/**
 * Checks a step's calls against what it must make; throws an Error naming the step, what was
 * expected and the calls made.
 *
 * @param step - the step's name (for the message)
 * @param calls - the calls it made
 * @param expected - what it must make
 */
export function checkCalls(step: string, calls: readonly LoggedRequest[], expected: CallExpectation): void {
  if (typeof expected === "function") return expected(calls);
  const made = calls.map(callKey);
  const ok =
    typeof expected === "number"
      ? calls.length === expected
      : JSON.stringify([...made].sort()) === JSON.stringify([...expected].sort());
  if (!ok)
    throw new Error(
      `step "${step}" must make ${typeof expected === "number" ? `${expected} Graph call(s)` : `[${expected.join(", ")}]`}, made ${calls.length}: [${made.join(", ")}]`,
    );
}

/**
 * Where a step's calls start in an emulator's log: read it before the step, then
 * {@link callsSince} after it. The log is not cleared, so that runs sharing an emulator do not erase
 * each other's calls.
 *
 * @param emu - the emulator
 */
export function logMark(emu: Emulator): number {
  const log = emu.requests();
  return log.length === 0 ? 0 : log[log.length - 1].seq;
}

/**
 * The calls logged after a mark, optionally only those authenticated as some Pages (for stacks
 * that share one emulator while they run concurrently).
 *
 * @param emu - the emulator
 * @param mark - from {@link logMark}
 * @param pageIds - keep only calls whose token authenticated one of these Pages
 */
export function callsSince(emu: Emulator, mark: number, pageIds?: readonly string[]): LoggedRequest[] {
  return emu
    .requests()
    .filter((r) => r.seq > mark && (pageIds === undefined || (r.pageId !== undefined && pageIds.includes(r.pageId))));
}

/** One row of the Graph-calls-per-step table. */
export interface StepRow {
  /** The set-up or suite the stack belongs to. */
  readonly setup: string;
  /** The stack's name. */
  readonly stack: string;
  /** The step's name. */
  readonly step: string;
  /** How many Graph calls it made. */
  readonly calls: number;
  /** {@link summarizeCalls} of them, or `FAILED`. */
  readonly detail: string;
  /** The engine's change summary, e.g. `same 1, update 1`. */
  readonly changes: string;
  /** Wall time of the step, seconds. */
  readonly seconds: number;
}

/** The Graph calls of every step of a run, printed at its end. */
export class CallTable {
  /** The rows, in the order the steps ended. */
  readonly rows: StepRow[] = [];

  /**
   * Adds a row.
   *
   * @param row - one step
   */
  add(row: StepRow): void {
    this.rows.push(row);
  }

  /**
   * A fixed-width text table.
   *
   * @param title - its first line
   */
  render(title: string): string {
    const head = ["set-up", "stack", "step", "Graph calls", "which", "engine summary", "s"];
    const body = this.rows.map((r) => [
      r.setup,
      r.stack,
      r.step,
      String(r.calls),
      r.detail,
      r.changes,
      r.seconds.toFixed(1),
    ]);
    const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
    const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join(" | ");
    return [title, line(head), widths.map((w) => "-".repeat(w)).join("-|-"), ...body.map(line)].join("\n");
  }
}

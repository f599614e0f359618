/**
 * The default observer of HTTP attempts: one stderr line per attempt when `MESSENGER_DEBUG` is set,
 * nothing otherwise. The lines carry the method, path, attempt, status, Graph code, duration and the
 * wait before a retry: never a token (an attempt report holds none).
 *
 * @packageDocumentation
 */
import type { AttemptReport } from "./client";

/** The default observer (reads `MESSENGER_DEBUG` once, when called). */
export function debugObserver(): (report: AttemptReport) => void {
  return process.env.MESSENGER_DEBUG ? debugLog : () => undefined;
}

function debugLog(report: AttemptReport): void {
  const result =
    report.status !== undefined
      ? `HTTP ${report.status}${report.code !== undefined ? ` code ${report.code}` : ""}`
      : "no answer";
  const next = report.retryInMs !== undefined ? `, retry in ${report.retryInMs} ms` : "";
  process.stderr.write(
    `[messenger] ${report.method} ${report.path} attempt ${report.attempt}: ${result} in ${report.durationMs} ms${next}\n`,
  );
}

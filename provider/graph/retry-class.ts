/**
 * Retry classification, in one place: from what is known of a failed call (how it failed, the HTTP
 * status, the Graph code, Graph's own `is_transient`), whether another attempt could succeed.
 * The client asks it after every failed attempt; errors and advice read its code sets.
 *
 * @packageDocumentation
 */

/**
 * How the call failed:
 * - `graph`: Graph answered with an error body;
 * - `http`: a non-2xx answer without a Graph error body (an HTML 502 page, say);
 * - `network`: no answer (connection refused or reset, DNS, per-attempt timeout);
 * - `protocol`: an answer we could not understand (malformed JSON, unexpected shape, a body over
 *   the size limit);
 * - `redirect`: a 3xx answer; redirects are never followed, so the token goes only to `graphApiUrl`.
 */
export type GraphErrorKind = "graph" | "http" | "network" | "protocol" | "redirect";

/** Graph codes that are worth retrying after a pause (see shared facts, "Errors"). */
export const TRANSIENT_CODES: ReadonlySet<number> = new Set([1, 2, 4, 17, 32, 341, 613, 80006]);
/** Graph codes that mean "you are calling too often": the wait may come from usage headers. */
export const RATE_LIMIT_CODES: ReadonlySet<number> = new Set([4, 17, 32, 341, 613, 80006]);
/** Graph codes that must never be retried, whatever the status or `is_transient` say (and 200-299). */
export const PERMANENT_CODES: ReadonlySet<number> = new Set([3, 10, 100, 102, 190, 368]);

/**
 * What is known of a failed attempt.
 *
 * `protocol` failures need `problem`: a 2xx body that is not JSON may be a proxy's hiccup (retried);
 * a body over the size limit or of an unexpected shape will not get better (not retried).
 */
export interface FailureFacts {
  /** How the call failed. */
  readonly kind: GraphErrorKind;
  /** HTTP status, when an answer arrived. */
  readonly status?: number;
  /** Graph error code, for `graph` failures. */
  readonly code?: number;
  /** Graph's `is_transient`, for `graph` failures. */
  readonly isTransient?: boolean;
  /** For `protocol` failures: what was wrong with the answer. */
  readonly problem?: "not-json" | "too-large" | "too-deep" | "unexpected-shape";
}

/**
 * Whether a Graph code means "never retry": a code in {@link PERMANENT_CODES} or a permission
 * code (200-299).
 *
 * @param code - Graph error code
 */
export function isPermanentCode(code: number | undefined): boolean {
  return code !== undefined && (PERMANENT_CODES.has(code) || (code >= 200 && code <= 299));
}

/**
 * Whether a Graph code is a rate limit (the answer to "you are calling too often").
 *
 * @param code - Graph error code
 */
export function isRateLimitCode(code: number | undefined): boolean {
  return code !== undefined && RATE_LIMIT_CODES.has(code);
}

/**
 * Whether another attempt of a failed call could succeed.
 *
 * - `graph`: never for a permanent code; else yes for a transient code, `is_transient: true`, a 5xx or a 429;
 * - `http` (no Graph error body): yes for a 5xx, 429 or 408;
 * - `network` (no answer): yes;
 * - `protocol`: only for a 2xx body that is not JSON;
 * - `redirect`: never (redirects are not followed).
 *
 * @param f - what is known of the failure
 */
export function isRetryable(f: FailureFacts): boolean {
  const status = f.status ?? 0;
  switch (f.kind) {
    case "graph":
      return (
        !isPermanentCode(f.code) &&
        ((f.code !== undefined && TRANSIENT_CODES.has(f.code)) ||
          f.isTransient === true ||
          status >= 500 ||
          status === 429)
      );
    case "http":
      return status >= 500 || status === 429 || status === 408;
    case "network":
      return true;
    case "protocol":
      return f.problem === "not-json";
    case "redirect":
      return false;
  }
}

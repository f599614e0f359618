/**
 * Retry policy: which failures are retried, and how long to wait before the next attempt.
 *
 * @packageDocumentation
 */

/**
 * Tunables of the HTTP client. Every field has a default; set them per stack with config
 * (`messenger:maxRetries`, …) or environment (`MESSENGER_MAX_RETRIES`, …), see {@link retryOptionsFrom}.
 */
export interface RetryOptions {
  /**
   * Retries after the first attempt, for transient failures only.
   * @default 4
   */
  readonly maxRetries: number;
  /**
   * First backoff delay in milliseconds; doubles on every retry.
   * @default 500
   */
  readonly backoffBaseMs: number;
  /**
   * Upper bound of one backoff delay in milliseconds (server-announced waits may be longer).
   * @default 8000
   */
  readonly backoffMaxMs: number;
  /**
   * Fraction of each backoff delay that is randomised ("equal jitter": 0.5 waits between half and
   * the whole delay), so that many resources do not retry in lockstep.
   * @default 0.5
   */
  readonly jitter: number;
  /**
   * Timeout of one attempt in milliseconds (connect, send and read the whole answer).
   * @default 15000
   */
  readonly attemptTimeoutMs: number;
  /**
   * Total deadline of one call, all attempts and waits included, in milliseconds. A server that
   * asks us to wait beyond it (a rate limit) fails the call at once with a clear error.
   * @default 120000
   */
  readonly deadlineMs: number;
}

/** The documented defaults of {@link RetryOptions}. */
export const DEFAULT_RETRY: RetryOptions = Object.freeze({
  maxRetries: 4,
  backoffBaseMs: 500,
  backoffMaxMs: 8000,
  jitter: 0.5,
  attemptTimeoutMs: 15_000,
  deadlineMs: 120_000,
});

/** Config keys (without the `messenger:` prefix) and environment variables of each option. */
export const RETRY_SETTING_NAMES: Readonly<Record<keyof RetryOptions, { config: string; env: string }>> = {
  maxRetries: { config: "maxRetries", env: "MESSENGER_MAX_RETRIES" },
  backoffBaseMs: { config: "backoffBaseMs", env: "MESSENGER_BACKOFF_BASE_MS" },
  backoffMaxMs: { config: "backoffMaxMs", env: "MESSENGER_BACKOFF_MAX_MS" },
  jitter: { config: "jitter", env: "MESSENGER_JITTER" },
  attemptTimeoutMs: { config: "attemptTimeoutMs", env: "MESSENGER_ATTEMPT_TIMEOUT_MS" },
  deadlineMs: { config: "deadlineMs", env: "MESSENGER_DEADLINE_MS" },
};

/**
 * Builds retry options from a lookup (stack config first, then environment), falling back to the
 * defaults. Values that are not finite non-negative numbers are ignored.
 *
 * @param lookup - returns the raw text of a setting, or undefined
 */
export function retryOptionsFrom(lookup: (names: { config: string; env: string }) => string | undefined): RetryOptions {
  const out: Record<string, number> = { ...DEFAULT_RETRY };
  for (const key of Object.keys(RETRY_SETTING_NAMES) as Array<keyof RetryOptions>) {
    const raw = lookup(RETRY_SETTING_NAMES[key]);
    if (raw === undefined || raw.trim() === "") continue;
    const n = Number(raw);
    if (Number.isFinite(n) && n >= 0) out[key] = n;
  }
  return out as unknown as RetryOptions;
}

/**
 * Delay before retry number `retry` (1-based): exponential, capped, with equal jitter.
 *
 * @param retry - 1 for the first retry
 * @param opts - the policy
 * @param random - source of randomness in [0, 1)
 */
export function backoffDelay(retry: number, opts: RetryOptions, random: () => number = Math.random): number {
  const exp = Math.min(opts.backoffMaxMs, opts.backoffBaseMs * 2 ** (retry - 1));
  const jitter = Math.min(1, Math.max(0, opts.jitter));
  return Math.round(exp * (1 - jitter) + exp * jitter * random());
}

/**
 * The wait a server asked for, in milliseconds, from `Retry-After` (seconds or an HTTP date) or from
 * `X-Business-Use-Case-Usage` (`estimated_time_to_regain_access`, in minutes). The larger wins.
 *
 * @param headers - response headers
 * @param now - current time in ms since the epoch
 * @returns milliseconds, or undefined when the server said nothing
 */
export function serverRequestedWait(
  headers: { get(name: string): string | null },
  now = Date.now(),
): number | undefined {
  const waits: number[] = [];
  const retryAfter = headers.get("retry-after");
  if (retryAfter) {
    const secs = Number(retryAfter);
    if (Number.isFinite(secs)) waits.push(Math.max(0, secs * 1000));
    else {
      const at = Date.parse(retryAfter);
      if (!Number.isNaN(at)) waits.push(Math.max(0, at - now));
    }
  }
  const buc = headers.get("x-business-use-case-usage");
  if (buc) {
    try {
      const parsed = JSON.parse(buc) as Record<string, Array<{ estimated_time_to_regain_access?: number }>>;
      for (const entries of Object.values(parsed)) {
        for (const e of Array.isArray(entries) ? entries : []) {
          const minutes = Number(e?.estimated_time_to_regain_access);
          if (Number.isFinite(minutes) && minutes > 0) waits.push(minutes * 60_000);
        }
      }
    } catch {
      // A malformed usage header is ignored: the backoff still applies.
    }
  }
  return waits.length > 0 ? Math.max(...waits) : undefined;
}

/**
 * Retry policy: which failures are retried, and how long to wait before the next attempt.
 *
 * @packageDocumentation
 */

/**
 * Tunables of the HTTP client. Every field has a default; values out of {@link RETRY_LIMITS} are
 * refused. (The resources read them per stack from config, `messenger:maxRetries`, …, or the
 * environment, `MESSENGER_MAX_RETRIES`, ….)
 */
export interface RetryOptions {
  /**
   * Retries after the first attempt, for transient failures only.
   * @defaultValue 4
   */
  readonly maxRetries: number;
  /**
   * First backoff delay in milliseconds; doubles on every retry.
   * @defaultValue 500
   */
  readonly backoffBaseMs: number;
  /**
   * Upper bound of one backoff delay in milliseconds (server-announced waits may be longer).
   * @defaultValue 8000
   */
  readonly backoffMaxMs: number;
  /**
   * Fraction of each backoff delay that is randomised ("equal jitter": 0.5 waits between half and
   * the whole delay), so that many resources do not retry in lockstep.
   * @defaultValue 0.5
   */
  readonly jitter: number;
  /**
   * Timeout of one attempt in milliseconds (connect, send and read the whole answer).
   * @defaultValue 15000
   */
  readonly attemptTimeoutMs: number;
  /**
   * Total deadline of one call, all attempts and waits included, in milliseconds. A server that
   * asks us to wait beyond it (a rate limit) fails the call at once with a clear error.
   * @defaultValue 120000
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

/** The longest delay Node's timers accept (2^31 - 1 ms, about 24.8 days); longer ones fire after 1 ms. */
export const MAX_TIMER_MS = 2_147_483_647;

/** The accepted range of each option: whole numbers except `jitter`. */
export const RETRY_LIMITS: Readonly<
  Record<keyof RetryOptions, { readonly min: number; readonly max: number; readonly what: string }>
> = {
  maxRetries: { min: 0, max: 10_000, what: "a whole number of retries" },
  backoffBaseMs: { min: 0, max: MAX_TIMER_MS, what: "a whole number of milliseconds" },
  backoffMaxMs: { min: 0, max: MAX_TIMER_MS, what: "a whole number of milliseconds" },
  jitter: { min: 0, max: 1, what: "a fraction" },
  attemptTimeoutMs: { min: 1, max: MAX_TIMER_MS, what: "a whole number of milliseconds" },
  deadlineMs: { min: 1, max: MAX_TIMER_MS, what: "a whole number of milliseconds" },
};

/**
 * Why `value` is not acceptable for option `key`, or undefined. The reason completes a sentence
 * that starts with the option's name ("must be …").
 *
 * @param key - the option
 * @param value - the candidate (a number once parsed; anything else is refused)
 */
export function retryOptionProblem(key: keyof RetryOptions, value: unknown): string | undefined {
  const { min, max, what } = RETRY_LIMITS[key];
  const ok =
    typeof value === "number" &&
    Number.isFinite(value) &&
    value >= min &&
    value <= max &&
    (key === "jitter" || Number.isInteger(value));
  if (ok) return undefined;
  const why = max === MAX_TIMER_MS ? " (the longest delay Node's timers accept, about 24.8 days)" : "";
  return `must be ${what} from ${min} to ${max}${why}`;
}

/** Why the options as a whole are refused, naming each bad field, or undefined. */
export function retryOptionsProblem(options: RetryOptions): string | undefined {
  const bad = (Object.keys(RETRY_LIMITS) as Array<keyof RetryOptions>)
    .map((key) => [key, retryOptionProblem(key, options[key])] as const)
    .filter(([, problem]) => problem !== undefined)
    .map(([key, problem]) => `${key} ${problem}, got ${String(options[key])}`);
  return bad.length > 0 ? bad.join("; ") : undefined;
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
 * The longest wait a server's answer is read as asking for: one day. A longer one (or a number too
 * large to be a time) is read as one day, which is past any deadline, so the call stops with a
 * message that says how long to wait rather than "Infinity".
 */
export const MAX_SERVER_WAIT_MS = 24 * 60 * 60 * 1000;

/**
 * The wait a server asked for, in milliseconds, from `Retry-After` (seconds or an HTTP date) or from
 * `X-Business-Use-Case-Usage` (`estimated_time_to_regain_access`, in minutes). The larger wins, capped
 * at {@link MAX_SERVER_WAIT_MS}.
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
  const retryAfter = headers.get("retry-after")?.trim();
  if (retryAfter) {
    // RFC 9110: delay-seconds is decimal digits; anything else is an HTTP date, or ignored.
    if (/^\d+$/.test(retryAfter)) waits.push(Number(retryAfter) * 1000);
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
          // A JSON number only: Number() would also read "0x10", true or [5].
          const minutes = e?.estimated_time_to_regain_access;
          if (typeof minutes === "number" && Number.isFinite(minutes) && minutes > 0) waits.push(minutes * 60_000);
        }
      }
    } catch {
      // A malformed usage header is ignored: the backoff still applies.
    }
  }
  return waits.length > 0
    ? Math.min(
        MAX_SERVER_WAIT_MS,
        waits.reduce((a, b) => Math.max(a, b)),
      )
    : undefined;
}

/**
 * The faults of the `MessengerWebhook` and `MessengerPageSubscription` fault matrix: every kind the
 * emulator can inject (`emulator/faults.ts`: a status with any body, a Graph error, a delay or a
 * hang, a reset, malformed JSON, an HTML page), placed on one call of a step, with what the step
 * must do about it. "Commit then fail" is a delay past the per-attempt timeout: the emulator handles
 * the call once the delay is over (the write lands) while the client has given up on its answer.
 *
 * Graph errors name the app's or the Page's token as the live API does; what each resource must
 * advise differs (the app token is made of the app id and secret, the Page token is set in config).
 */
import type { FaultKind, FaultMatch, FaultSpec } from "../../emulator";
import type { RetryPreset } from "../../harness/retry";
import type { GraphErrorKind } from "../../provider/graph/retry-class";
import { TOKEN_EXPIRED } from "./graph-faults";
import type { ReportedResource } from "./report";

/** The two resources of the matrix. */
export type SubscriptionResource = Extract<ReportedResource, "MessengerWebhook" | "MessengerPageSubscription">;

/** What a row expects of the faulted step. */
export type FaultExpectation =
  | {
      readonly kind: "retry-succeeds";
      /** Attempts of the faulted call the emulator sees. */
      readonly attempts: number;
      /** Least gap between the first two attempts (a wait the server asked for). */
      readonly minGapMs?: number;
      /** Least duration of the step (an attempt that had to time out). */
      readonly minDurationMs?: number;
    }
  | {
      readonly kind: "fails";
      /** How the call failed. */
      readonly errorKind: GraphErrorKind;
      /** The Graph code, for `graph` failures. */
      readonly code?: number;
      readonly retryable: boolean;
      /** Attempts of the faulted call: a number, or at least this many when the deadline stopped them. */
      readonly attempts: number | { readonly atLeast: number };
      /** What the message must say. */
      readonly message: readonly RegExp[];
      /** What the message must not say (advice meant for another resource or API). */
      readonly notMessage?: readonly RegExp[];
      /** Whether the call's write landed although the step failed (its answer was lost). */
      readonly committed?: boolean;
    };

/** One fault of the matrix. */
export interface SubscriptionFault {
  readonly key: string;
  readonly title: string;
  /** The injections, on the faulted call, for a row of `resource`. */
  faults(match: FaultMatch, resource: SubscriptionResource): FaultSpec[];
  /** Retry overrides of the row. */
  readonly retry?: RetryPreset;
  /** How long after the step a delayed write may still land (the row waits that long before it looks). */
  readonly settleMs?: number;
  /** The expectation, for a resource. */
  expect(resource: SubscriptionResource): FaultExpectation;
}

/**
 * The delay of the commit faults: past the 1000 ms attempt timeout, so the answer is lost. (The timeout
 * leaves room for a POST and its callback verification on a loaded 2-core machine: at 400 ms a row failed
 * once under a full jest run.)
 */
export const COMMIT_DELAY_MS = 1300;

const once = (fault: FaultKind) => (match: FaultMatch) => [{ match, fault, times: 1 }];
const always = (fault: FaultKind) => (match: FaultMatch) => [{ match, fault, times: 10_000 }];
const retried = (attempts = 2): FaultExpectation => ({ kind: "retry-succeeds", attempts });

/** Graph's app-level rate limit (code 4), with any headers. */
function appRateLimit(headers: Record<string, string> = {}): FaultKind {
  return {
    type: "graph",
    code: 4,
    status: 400,
    errorType: "OAuthException",
    message: "(#4) Application request limit reached",
    headers,
  };
}

/** The app token refused (190) for the webhook, the Page token expired for the subscription. */
function tokenRefused(resource: SubscriptionResource): FaultKind {
  if (resource === "MessengerPageSubscription") return TOKEN_EXPIRED;
  return {
    type: "graph",
    code: 190,
    status: 400,
    errorType: "OAuthException",
    message: "Invalid OAuth access token - Cannot parse access token",
  };
}

/** Advice that concerns the Messenger Profile API or a Page token: wrong for the app's own calls. */
const PROFILE_API_ADVICE = /Messenger Profile API/;
const PAGE_TOKEN_ADVICE = /Page access token/;

/** Every fault of the matrix. */
export const SUBSCRIPTION_FAULTS: readonly SubscriptionFault[] = [
  {
    key: "500-once",
    title: "one HTTP 500 (empty body)",
    faults: once({ type: "status", status: 500, body: "" }),
    expect: () => retried(),
  },
  {
    key: "graph-2-until-deadline",
    title: "Graph 2 (HTTP 500) on every attempt until the deadline",
    faults: always({ type: "graph", code: 2, status: 500, message: "(#2) Service temporarily unavailable" }),
    retry: { maxRetries: 1000, backoffBaseMs: 40, backoffMaxMs: 120, deadlineMs: 1000 },
    expect: () => ({
      kind: "fails",
      errorKind: "graph",
      code: 2,
      retryable: true,
      attempts: { atLeast: 4 },
      message: [/deadline/i, /messenger:deadlineMs/],
    }),
  },
  {
    key: "429-once",
    title: "one HTTP 429 with Retry-After: 1",
    faults: once({
      type: "status",
      status: 429,
      body: { message: "Too Many Requests" },
      headers: { "retry-after": "1" },
    }),
    expect: () => ({ kind: "retry-succeeds", attempts: 2, minGapMs: 950 }),
  },
  {
    key: "app-rate-limit-once",
    title: "one Graph 4 (application request limit) with X-App-Usage",
    faults: once(appRateLimit({ "x-app-usage": JSON.stringify({ call_count: 100, total_cputime: 4, total_time: 4 }) })),
    expect: () => retried(),
  },
  {
    key: "rate-limit-outlasts-deadline",
    title: "Graph 4 asking for 30 minutes (Retry-After: 1800) against a 3 s deadline",
    faults: always(appRateLimit({ "retry-after": "1800" })),
    expect: () => ({
      kind: "fails",
      errorKind: "graph",
      code: 4,
      retryable: true,
      attempts: 1,
      message: [/server asked to wait 30 min/, /messenger:deadlineMs/],
    }),
  },
  {
    key: "rate-limit-every-attempt",
    title: "Graph 4 on every attempt, no wait asked, until the retries run out",
    faults: always(appRateLimit()),
    retry: { maxRetries: 2 },
    expect: () => ({
      kind: "fails",
      errorKind: "graph",
      code: 4,
      retryable: true,
      attempts: 3,
      message: [/Graph error 4\b/, /pulumi up/],
      notMessage: [PROFILE_API_ADVICE],
    }),
  },
  {
    key: "hang",
    title: "one call that never answers (past the 1000 ms attempt timeout), never handled",
    faults: once({ type: "delay", ms: 0, hang: true }),
    expect: () => ({ kind: "retry-succeeds", attempts: 2, minDurationMs: 380 }),
  },
  {
    key: "commit-then-timeout-retried",
    title: `commit then fail: the call lands after ${COMMIT_DELAY_MS} ms, its answer lost to the timeout; the retry lands too`,
    faults: once({ type: "delay", ms: COMMIT_DELAY_MS }),
    settleMs: COMMIT_DELAY_MS + 100,
    expect: () => ({ kind: "retry-succeeds", attempts: 2, minDurationMs: 380 }),
  },
  {
    key: "commit-then-timeout-no-retry",
    title: `commit then fail: the call lands after ${COMMIT_DELAY_MS} ms, its answer lost, no retry left`,
    faults: once({ type: "delay", ms: COMMIT_DELAY_MS }),
    retry: { maxRetries: 0 },
    settleMs: COMMIT_DELAY_MS + 100,
    expect: () => ({
      kind: "fails",
      errorKind: "network",
      retryable: true,
      attempts: 1,
      message: [/graphApiUrl is reachable/, /messenger:attemptTimeoutMs/],
      committed: true,
    }),
  },
  {
    key: "reset",
    title: "one connection reset",
    faults: once({ type: "reset" }),
    expect: () => retried(),
  },
  {
    key: "malformed-json",
    title: "one HTTP 200 with a truncated JSON body",
    faults: once({ type: "malformed" }),
    expect: () => retried(),
  },
  {
    key: "html-502",
    title: "one HTML 502 page from a proxy",
    faults: once({ type: "html", status: 502 }),
    expect: () => retried(),
  },
  {
    key: "graph-190",
    title: "Graph 190 (the app token refused; the Page token expired)",
    faults: (match, resource) => [{ match, fault: tokenRefused(resource), times: 10_000 }],
    expect: (resource) => ({
      kind: "fails",
      errorKind: "graph",
      code: 190,
      retryable: false,
      attempts: 1,
      message:
        resource === "MessengerWebhook"
          ? [/Graph error 190\b/, /appId and appSecret/, /MESSENGER_APP_SECRET/]
          : [/Graph error 190\/463/, /has expired/, /messenger:pageAccessToken/],
    }),
  },
  {
    key: "graph-100",
    title: "Graph 100 (invalid parameter)",
    faults: always({
      type: "graph",
      code: 100,
      status: 400,
      errorType: "OAuthException",
      message: "(#100) Invalid parameter",
    }),
    expect: (resource) => ({
      kind: "fails",
      errorKind: "graph",
      code: 100,
      retryable: false,
      attempts: 1,
      message:
        resource === "MessengerWebhook"
          ? [/Graph error 100\b/, /callbackUrl, fields/]
          : [/Graph error 100\b/, /subscribedFields/],
    }),
  },
  {
    key: "graph-200",
    title: "Graph 200 (permission denied)",
    faults: always({
      type: "graph",
      code: 200,
      status: 403,
      errorType: "OAuthException",
      message: "(#200) Permissions error",
    }),
    expect: (resource) => ({
      kind: "fails",
      errorKind: "graph",
      code: 200,
      retryable: false,
      attempts: 1,
      message:
        resource === "MessengerWebhook"
          ? [/Graph error 200\b/, /\bapp\b/]
          : [/Graph error 200\b/, /pages_manage_metadata/],
      notMessage: resource === "MessengerWebhook" ? [PAGE_TOKEN_ADVICE] : [],
    }),
  },
];

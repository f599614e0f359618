/**
 * In-process harness: an emulator on a loopback port and lifecycles configured the way the
 * dynamic-provider host configures them (provider settings read from an environment), with small
 * retry tunables so that the matrix runs fast.
 */
import type { Emulator, LoggedRequest } from "../../emulator/server";
import type { PageSeed } from "../../emulator/pages";
import type { FaultKind, FaultMatch, FaultSpec } from "../../emulator/faults";
import type { AttemptReport } from "../../provider/graph/client";
import { AccountLinkingLifecycle } from "../../provider/account-linking/lifecycle";
import type { LifecycleOptions } from "../../provider/core/lifecycle-base";
import { ProfileLifecycle } from "../../provider/profile/lifecycle";
import { CONFIG_KEYS, readProviderSettings } from "../../provider/core/settings";
import type { AccountLinkingInputs } from "../../provider/account-linking/types";
import { useEmulator } from "./emulator";
import { INVALID_PARAMETER, PERMISSION_MISSING, TOKEN_EXPIRED } from "./graph-faults";
import { retryEnv, type RetryPreset } from "../../harness/retry";
import type { MessengerProfileInputs } from "../../provider/profile/types";

/** Retry tunables of the matrix: these five of the provider's, all set. */
export type RetryEnv = Required<
  Pick<RetryPreset, "maxRetries" | "backoffBaseMs" | "backoffMaxMs" | "attemptTimeoutMs" | "deadlineMs">
>;

/** Fast defaults for the matrix (rendered as MESSENGER_* variables by the harness's `retryEnv`). */
export const FAST_RETRY: RetryEnv = {
  maxRetries: 3,
  backoffBaseMs: 20,
  backoffMaxMs: 100,
  attemptTimeoutMs: 400,
  deadlineMs: 3000,
};

/** Options of {@link lifecycleFor}. */
export interface LifecycleFor {
  readonly retry?: Partial<RetryEnv>;
  /** Token provided by the environment (MESSENGER_PAGE_ACCESS_TOKEN). */
  readonly envToken?: string;
  /** App secret provided by the environment (MESSENGER_APP_SECRET). */
  readonly envAppSecret?: string;
  /** Token provided by stack config (messenger:pageAccessToken), as `configure` reads it in the host. */
  readonly configToken?: string;
  /** App secret provided by stack config (messenger:appSecret). */
  readonly configAppSecret?: string;
  /** Observer of attempts; without it the lifecycle's own debug log (MESSENGER_DEBUG) is used. */
  readonly observer?: (r: AttemptReport) => void;
}

/** The lifecycle options of {@link lifecycleFor}: settings read from an environment pointing at `emu`. */
function lifecycleOptions(emu: Emulator, opts: LifecycleFor): LifecycleOptions {
  const env: NodeJS.ProcessEnv = {
    MESSENGER_GRAPH_API_URL: emu.url,
    ...retryEnv(opts.retry, FAST_RETRY),
    ...(opts.envToken !== undefined ? { MESSENGER_PAGE_ACCESS_TOKEN: opts.envToken } : {}),
    ...(opts.envAppSecret !== undefined ? { MESSENGER_APP_SECRET: opts.envAppSecret } : {}),
  };
  const config: Record<string, string | undefined> = {
    [CONFIG_KEYS.pageAccessToken]: opts.configToken,
    [CONFIG_KEYS.appSecret]: opts.configAppSecret,
  };
  return {
    settings: readProviderSettings((key) => config[key], env),
    ...(opts.observer ? { onAttempt: opts.observer } : {}),
  };
}

/** A lifecycle whose provider settings come from an environment pointing at `emu`. */
export function lifecycleFor(emu: Emulator, opts: LifecycleFor = {}): AccountLinkingLifecycle {
  return new AccountLinkingLifecycle(lifecycleOptions(emu, opts));
}

/** A `MessengerProfile` lifecycle configured like {@link lifecycleFor}. */
export function profileLifecycleFor(emu: Emulator, opts: LifecycleFor = {}): ProfileLifecycle {
  return new ProfileLifecycle(lifecycleOptions(emu, opts));
}

/**
 * Runs a `MessengerProfile`'s `check` like the engine does and returns the resolved inputs; throws
 * on any failure.
 *
 * @param lc - the lifecycle
 * @param raw - the program's inputs
 * @param olds - the inputs of the last deployment, if any
 */
export async function checkedProfile(
  lc: ProfileLifecycle,
  raw: Record<string, unknown>,
  olds?: MessengerProfileInputs,
): Promise<MessengerProfileInputs> {
  const { inputs, failures } = await lc.check(
    olds ?? ({} as MessengerProfileInputs),
    raw as unknown as MessengerProfileInputs,
  );
  if (failures && failures.length > 0)
    throw new Error(`valid inputs rejected by check: ${failures.map((f) => f.reason).join("; ")}`);
  if (!inputs) throw new Error("check returned no inputs");
  return inputs;
}

/** Runs `check` like the engine does and returns the resolved inputs; throws on any failure. */
export async function checked(
  lc: AccountLinkingLifecycle,
  raw: Record<string, unknown>,
): Promise<AccountLinkingInputs> {
  const { inputs, failures } = await lc.check({} as AccountLinkingInputs, raw as unknown as AccountLinkingInputs);
  if (failures && failures.length > 0)
    throw new Error(`valid inputs rejected by check: ${failures.map((f) => f.reason).join("; ")}`);
  if (!inputs) throw new Error("check returned no inputs");
  return inputs;
}

/** The last request sequence number (requests after it belong to the next step). */
export function mark(emu: Emulator): number {
  const all = emu.requests();
  return all.length === 0 ? 0 : all[all.length - 1].seq;
}

/** Requests after `since`, optionally only those of one Page. */
export function requestsSince(emu: Emulator, since: number, pageId?: string): LoggedRequest[] {
  return emu.requests().filter((r) => r.seq > since && (pageId === undefined || r.pageId === pageId));
}

/** The Graph call each lifecycle operation makes, as a fault match. */
export type Operation = "create" | "update" | "read" | "delete";

/** The call of an operation that faults target: its write (or, for read, its GET). */
export function targetOf(op: Operation): { method: "GET" | "POST" | "DELETE"; path: string } {
  switch (op) {
    case "create":
    case "update":
      return { method: "POST", path: "/me/messenger_profile" };
    case "read":
      return { method: "GET", path: "/me/messenger_profile" };
    case "delete":
      return { method: "DELETE", path: "/me/messenger_profile" };
  }
}

/** Whether a logged request is an operation's target call. */
export function isTarget(op: Operation, r: LoggedRequest): boolean {
  const t = targetOf(op);
  return r.method === t.method && r.path.endsWith(t.path);
}

/** One entry of the fault catalogue. */
export interface FaultCase {
  readonly key: string;
  readonly title: string;
  /** Injections for one call target of one Page. */
  faults(match: FaultMatch, pageId: string): FaultSpec[];
  /** Retry policy overrides for this row. */
  readonly retry?: Partial<RetryEnv>;
  readonly expect:
    | {
        readonly kind: "retry-succeeds";
        readonly attempts: number;
        readonly minGapMs?: number;
        readonly minDurationMs?: number;
      }
    | {
        readonly kind: "fails-fast";
        readonly code: number;
        readonly retryable: boolean;
        readonly message: readonly RegExp[];
      }
    | {
        readonly kind: "fails-at-deadline";
        readonly code: number;
        readonly minAttempts: number;
        readonly message: readonly RegExp[];
      };
}

/** X-Business-Use-Case-Usage for a Page, with the wait in minutes. */
export function bucHeader(pageId: string, regainMinutes: number): string {
  return JSON.stringify({
    [pageId]: [
      {
        type: "messenger",
        call_count: 100,
        total_cputime: 12,
        total_time: 14,
        estimated_time_to_regain_access: regainMinutes,
      },
    ],
  });
}

/** Graph's rate-limit answer: code 613 with X-Business-Use-Case-Usage for the Page, plus any other headers. */
export function rateLimitFault(pageId: string, regainMinutes: number, headers: Record<string, string> = {}): FaultKind {
  return {
    type: "graph",
    code: 613,
    status: 400,
    message: "(#613) Calls to this api have exceeded the rate limit.",
    errorType: "OAuthException",
    headers: { "x-business-use-case-usage": bucHeader(pageId, regainMinutes), ...headers },
  };
}

/** The twelve faults of the matrix. */
export const FAULT_CASES: readonly FaultCase[] = [
  {
    key: "500-once",
    title: "one HTTP 500 (empty body)",
    faults: (match) => [{ match, fault: { type: "status", status: 500, body: "" }, times: 1 }],
    expect: { kind: "retry-succeeds", attempts: 2 },
  },
  {
    key: "500-until-deadline",
    title: "Graph 500 (code 2) on every attempt until the deadline",
    faults: (match) => [
      {
        match,
        fault: {
          type: "graph",
          code: 2,
          status: 500,
          message: "(#2) Service temporarily unavailable",
          isTransient: true,
        },
        times: 10_000,
      },
    ],
    retry: { maxRetries: 1000, backoffBaseMs: 40, backoffMaxMs: 120, deadlineMs: 1000 },
    expect: { kind: "fails-at-deadline", code: 2, minAttempts: 4, message: [/deadline/i, /messenger:deadlineMs/] },
  },
  {
    key: "429-once",
    title: "one HTTP 429 with Retry-After: 1",
    faults: (match) => [
      {
        match,
        fault: { type: "status", status: 429, body: { message: "Too Many Requests" }, headers: { "retry-after": "1" } },
        times: 1,
      },
    ],
    expect: { kind: "retry-succeeds", attempts: 2, minGapMs: 950 },
  },
  {
    key: "613-once-usage-headers",
    title: "one Graph 613 with X-Business-Use-Case-Usage (regain in 0.3 s) and X-App-Usage",
    faults: (match, pageId) => [
      {
        match,
        fault: rateLimitFault(pageId, 0.005, {
          "x-app-usage": JSON.stringify({ call_count: 100, total_cputime: 5, total_time: 5 }),
        }),
        times: 1,
      },
    ],
    expect: { kind: "retry-succeeds", attempts: 2, minGapMs: 290 },
  },
  {
    key: "rate-limit-outlasts-deadline",
    title: "Graph 613 asking for 30 minutes (usage header and Retry-After) against a 3 s deadline",
    faults: (match, pageId) => [{ match, fault: rateLimitFault(pageId, 30, { "retry-after": "1800" }), times: 10_000 }],
    expect: {
      kind: "fails-fast",
      code: 613,
      retryable: true,
      message: [/server asked to wait 30 min/, /deadline/, /messenger:deadlineMs/],
    },
  },
  {
    key: "hang",
    title: "one call that never answers (past the 400 ms attempt timeout)",
    faults: (match) => [{ match, fault: { type: "delay", ms: 0, hang: true }, times: 1 }],
    expect: { kind: "retry-succeeds", attempts: 2, minDurationMs: 380 },
  },
  {
    key: "reset",
    title: "one connection reset",
    faults: (match) => [{ match, fault: { type: "reset" }, times: 1 }],
    expect: { kind: "retry-succeeds", attempts: 2 },
  },
  {
    key: "malformed-json",
    title: "one HTTP 200 with a truncated JSON body",
    faults: (match) => [{ match, fault: { type: "malformed" }, times: 1 }],
    expect: { kind: "retry-succeeds", attempts: 2 },
  },
  {
    key: "html-502",
    title: "one HTML 502 page from a proxy",
    faults: (match) => [{ match, fault: { type: "html", status: 502 }, times: 1 }],
    expect: { kind: "retry-succeeds", attempts: 2 },
  },
  {
    key: "graph-190",
    title: "Graph 190/463 (token expired)",
    faults: (match) => [
      {
        match,
        fault: TOKEN_EXPIRED,
        times: 10_000,
      },
    ],
    expect: {
      kind: "fails-fast",
      code: 190,
      retryable: false,
      message: [/Graph error 190\/463/, /has expired/, /messenger:pageAccessToken/],
    },
  },
  {
    key: "graph-10",
    title: "Graph 10 (permission: pages_messaging missing)",
    faults: (match) => [
      {
        match,
        fault: PERMISSION_MISSING,
        times: 10_000,
      },
    ],
    expect: { kind: "fails-fast", code: 10, retryable: false, message: [/Graph error 10\b/, /pages_messaging/] },
  },
  {
    key: "graph-100",
    title: "Graph 100 (invalid parameter)",
    faults: (match) => [
      {
        match,
        fault: INVALID_PARAMETER,
        times: 10_000,
      },
    ],
    expect: { kind: "fails-fast", code: 100, retryable: false, message: [/Graph error 100\b/, /accountLinkingUrl/] },
  },
];

/**
 * The shared emulator hooks of the unit tests (`useEmulator`: started for the file, faults,
 * requests and rate limits cleared before each test), with the provider's debug log turned on
 * (MESSENGER_DEBUG=1) for the file and restored afterwards.
 *
 * @returns the running emulator (call it from a test or a later hook)
 */
export function useDebugEmulator(pages: readonly PageSeed[]): () => Emulator {
  const savedDebug = process.env.MESSENGER_DEBUG;
  beforeAll(() => {
    process.env.MESSENGER_DEBUG = "1";
  });
  afterAll(() => {
    if (savedDebug === undefined) delete process.env.MESSENGER_DEBUG;
    else process.env.MESSENGER_DEBUG = savedDebug;
  });
  return useEmulator({ pages });
}

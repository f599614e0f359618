// The HTTP client: retries and their limits, server-requested waits, timeouts, keep-alive reuse.
import { GraphApiError } from "../../provider/graph/errors";
import { GraphClient, MAX_BODY_BYTES, type AttemptReport } from "../../provider/graph/client";
import { backoffDelay, DEFAULT_RETRY, serverRequestedWait } from "../../provider/graph/retry";
import { meRequest, profileSetRequest } from "../../provider/graph/wire";
import { inputs, lifecycleFor, rejection, TOKEN_1, useEmulator } from "../support/emulator";

const emulator = useEmulator();
const FAST = { maxRetries: 3, backoffBaseMs: 5, backoffMaxMs: 20, attemptTimeoutMs: 300, deadlineMs: 3000 };

function client(retry: Partial<typeof DEFAULT_RETRY> = FAST, attempts: AttemptReport[] = []) {
  return new GraphClient({
    baseUrl: emulator().url,
    credentials: { accessToken: TOKEN_1 },
    retry,
    onAttempt: (r) => attempts.push(r),
  });
}
const set = profileSetRequest("v25.0", { account_linking_url: "https://example.com/r" });

describe("retries", () => {
  it.each([
    ["a 500", { type: "status", status: 500, body: { error: { message: "Internal", code: 1 } } }],
    ["a 429", { type: "status", status: 429, body: "" }],
    ["Graph code 2 (service)", { type: "graph", code: 2, status: 503 }],
    ["is_transient", { type: "graph", code: 9999, status: 400, isTransient: true }],
    ["a connection reset", { type: "reset" }],
    ["a malformed JSON body", { type: "malformed" }],
    ["an HTML 502 page", { type: "html", status: 502 }],
    ["a hang past the per-attempt timeout", { type: "delay", ms: 0, hang: true }],
  ] as const)("retries %s and then succeeds", async (_name, fault) => {
    const emu = emulator();
    emu.injectFault({ fault, times: 2 });
    const attempts: AttemptReport[] = [];
    await expect(client(FAST, attempts).call(set)).resolves.toEqual({ result: "success" });
    expect(emu.requests()).toHaveLength(3);
    expect(attempts.map((a) => a.retryInMs === undefined)).toEqual([false, false, true]);
  });

  it.each([
    [190, "OAuthException", /token is invalid or expired\. Get a new Page access token/],
    [10, "OAuthException", /pages_messaging/],
    [200, "OAuthException", /Administrator role/],
    [100, "GraphMethodException", /rejected a parameter: check the values sent and the Graph version/],
    [368, "OAuthException", /retrying makes it worse/],
  ])("does not retry Graph code %i and says what to do", async (code, type, advice) => {
    const emu = emulator();
    emu.injectFault({ fault: { type: "graph", code, status: 400, errorType: type } });
    const err = await rejection(client().call(set));
    expect(GraphApiError.isInstance(err)).toBe(true);
    const e = err as unknown as GraphApiError;
    expect({
      kind: e.kind,
      status: e.status,
      code: e.code,
      type: e.type,
      retryable: e.retryable,
      attempts: e.attempts,
    }).toEqual({
      kind: "graph",
      status: 400,
      code,
      type,
      retryable: false,
      attempts: 1,
    });
    expect(e.fbtraceId).toMatch(/^[A-Za-z0-9]{8,}$/);
    expect(e.message).toContain(`fbtrace_id ${e.fbtraceId}`);
    expect(e.message).toMatch(advice);
    expect(e.message).toContain(e.hint);
    // The transport states facts and a neutral hint; advice about the CLI is the resource's.
    expect(e.message).not.toMatch(/pulumi|messenger:/);
    expect(e.message).toContain("POST /v25.0/me/messenger_profile");
    expect(emu.requests()).toHaveLength(1);
  });

  it.each([
    [190, "OAuthException", /token is invalid or expired.*pulumi config set --secret messenger:pageAccessToken/],
    [100, "GraphMethodException", /accountLinkingUrl/],
    [4, "OAuthException", /Rate limited.*run `pulumi up` again \(raise messenger:deadlineMs/],
  ])(
    "the resource rethrows Graph code %i with what to do in Pulumi, the facts unchanged",
    async (code, type, advice) => {
      const emu = emulator();
      emu.injectFault({ fault: { type: "graph", code, status: 400, errorType: type }, times: 10 });
      const lc = lifecycleFor(emu, { MESSENGER_PAGE_ACCESS_TOKEN: TOKEN_1, MESSENGER_MAX_RETRIES: "0" });
      const e = (await rejection(lc.create(inputs("https://example.com/a")))) as unknown as GraphApiError;
      expect(GraphApiError.isInstance(e)).toBe(true);
      expect(e).toMatchObject({ kind: "graph", status: 400, code, type, method: "GET", path: "/v25.0/me" });
      expect(e.message).toMatch(advice);
      expect(e.message).toContain(`fbtrace_id ${e.fbtraceId}`);
      expect(e.message).not.toContain(e.hint);
    },
  );

  it("gives up after maxRetries with the attempt count in the error", async () => {
    const emu = emulator();
    emu.injectFault({ fault: { type: "status", status: 500, body: "" }, times: 100 });
    const e = (await rejection(client().call(set))) as unknown as GraphApiError;
    expect(e).toMatchObject({ kind: "http", status: 500, retryable: true, attempts: 4 });
    expect(e.message).toMatch(/after 4 attempts/);
    expect(emu.requests()).toHaveLength(4);
  });

  it("stops at the total deadline even when retries remain", async () => {
    const emu = emulator();
    emu.injectFault({ fault: { type: "delay", ms: 0, hang: true }, times: 100 });
    const started = Date.now();
    const e = (await rejection(
      client({ ...FAST, maxRetries: 50, attemptTimeoutMs: 200, deadlineMs: 700 }).call(set),
    )) as unknown as GraphApiError;
    const elapsed = Date.now() - started;
    expect(e.kind).toBe("network");
    expect(e.message).toMatch(/no complete answer within/);
    expect(elapsed).toBeLessThan(2000);
    expect(emu.requests().length).toBeLessThanOrEqual(4);
  });

  it("waits as long as X-Business-Use-Case-Usage asks on a 613, then succeeds", async () => {
    const emu = emulator();
    const buc = JSON.stringify({
      "1000000000000001": [{ type: "messenger", call_count: 100, estimated_time_to_regain_access: 0.005 }],
    });
    emu.injectFault({
      fault: { type: "graph", code: 613, status: 400, headers: { "x-business-use-case-usage": buc } },
    });
    const attempts: AttemptReport[] = [];
    await client(FAST, attempts).call(set);
    expect(attempts[0].retryInMs).toBeGreaterThanOrEqual(300); // 0.005 min = 300 ms, more than the 5 ms backoff
    expect(emu.requests()).toHaveLength(2);
  });

  it("fails at once, without waiting, when the server asks for a wait beyond the deadline", async () => {
    const emu = emulator();
    emu.injectFault({ fault: { type: "graph", code: 613, status: 400, headers: { "retry-after": "600" } } });
    const started = Date.now();
    const e = (await rejection(client().call(set))) as unknown as GraphApiError;
    expect(Date.now() - started).toBeLessThan(1000);
    expect(e.code).toBe(613);
    expect(e.message).toMatch(/server asked to wait 10 min, beyond the deadline of 3 s/);
    expect(emu.requests()).toHaveLength(1);
  });

  it("waits out the emulator's real rate limit (short window) and completes", async () => {
    const emu = emulator();
    emu.setRateLimit({ calls: 2, windowMs: 400 });
    try {
      const c = client({ ...FAST, maxRetries: 5, deadlineMs: 5000 });
      const started = Date.now();
      for (let i = 0; i < 3; i++) await c.call(set);
      expect(Date.now() - started).toBeGreaterThanOrEqual(300);
      expect(emu.requests().filter((r) => r.status === 400)).toHaveLength(1);
    } finally {
      emu.setRateLimit({ calls: 10, windowMs: 600_000 });
    }
  });
});

describe("protocol", () => {
  it("turns a 2xx answer of the wrong shape into a protocol error naming the call, without retrying", async () => {
    const emu = emulator();
    emu.injectFault({ fault: { type: "status", status: 200, body: { unexpected: true } } });
    const lc = lifecycleFor(emu, { MESSENGER_PAGE_ACCESS_TOKEN: TOKEN_1 });
    const e = (await rejection(lc.create(inputs("https://example.com/p")))) as unknown as GraphApiError;
    expect(GraphApiError.isInstance(e)).toBe(true);
    expect(e).toMatchObject({ kind: "protocol", method: "GET", path: "/v25.0/me", retryable: false });
    expect(e.message).toMatch(/expected \{"id": …, "name": …\}, got \{"unexpected":true\}.*graphApiUrl/);
    expect(emu.requests()).toHaveLength(1);
  });
});

describe("body cap", () => {
  it("reads an answer just under 1 MiB whole, and refuses one just over, without retrying", async () => {
    const emu = emulator();
    const under = { result: "success", pad: "u".repeat(MAX_BODY_BYTES - 64) };
    emu.injectFault({ fault: { type: "status", status: 200, body: under } });
    await expect(client().call(set)).resolves.toEqual(under);
    emu.injectFault({ fault: { type: "status", status: 500, body: { pad: "o".repeat(MAX_BODY_BYTES) } }, times: 5 });
    const e = (await rejection(client().call(set))) as unknown as GraphApiError;
    expect(e).toMatchObject({ kind: "protocol", status: 500, retryable: false, attempts: 1 });
    expect(e.message).toMatch(/body over 1048576 bytes \(1 MiB, the limit; a Graph answer is a few KB\)/);
    expect(emu.requests()).toHaveLength(2);
  });
});

describe("keep-alive", () => {
  it("reuses one connection for sequential calls", async () => {
    const emu = emulator();
    const c = client();
    for (let i = 0; i < 10; i++) await c.call(meRequest("v25.0"));
    expect(emu.requests()).toHaveLength(10);
    expect(emu.connections()).toBeLessThanOrEqual(1);
  });
});

describe("backoff", () => {
  it("grows exponentially, is capped, and jitters within [half, whole]", () => {
    const opts = { ...DEFAULT_RETRY, backoffBaseMs: 100, backoffMaxMs: 1000, jitter: 0.5 };
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(n, opts, () => 0.999999))).toEqual([100, 200, 400, 800, 1000]);
    expect([1, 2, 3].map((n) => backoffDelay(n, opts, () => 0))).toEqual([50, 100, 200]);
  });

  it("reads Retry-After (seconds or date) and the usage header, taking the larger", () => {
    const h = (o: Record<string, string>) => ({ get: (k: string) => o[k] ?? null });
    expect(serverRequestedWait(h({ "retry-after": "2" }))).toBe(2000);
    expect(serverRequestedWait(h({ "retry-after": new Date(10_000).toUTCString() }), 4000)).toBe(6000);
    expect(
      serverRequestedWait(
        h({ "x-business-use-case-usage": '{"1":[{"estimated_time_to_regain_access":3}]}', "retry-after": "1" }),
      ),
    ).toBe(180_000);
    expect(serverRequestedWait(h({ "x-business-use-case-usage": "not json" }))).toBeUndefined();
  });
});

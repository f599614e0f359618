// The emulator itself: routes and answer shapes, Graph-shaped errors, rate limit, faults, control API.
import fetch from "node-fetch";
import { EmulatorInputError, startEmulator, type FaultSpec } from "../../emulator";
import { isLoopbackHost } from "../../emulator/access";
import { isLoopbackAddress } from "../../emulator";
import { redactQuery } from "../../emulator/request-log";
import { useEmulator } from "../support/emulator";

const emulator = useEmulator({
  pages: [
    { id: "5000000000000001", name: "Ok Page", token: "EMULATOR-OK-TOKEN-not-real" },
    { id: "5000000000000002", name: "No Messaging", token: "EMULATOR-NOMSG-TOKEN-not-real", pagesMessaging: false },
    { id: "5000000000000003", name: "Editor Only", token: "EMULATOR-EDITOR-TOKEN-not-real", admin: false },
  ],
});

async function call(method: string, pathAndQuery: string, body?: unknown) {
  const res = await fetch(`${emulator().url}${pathAndQuery}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return {
    status: res.status,
    headers: res.headers,
    json: (await res.json()) as Record<string, unknown> & { error?: Record<string, unknown> },
  };
}
const OK = "access_token=EMULATOR-OK-TOKEN-not-real";

describe("routes", () => {
  it("answers GET /me with id and name", async () => {
    expect((await call("GET", `/v25.0/me?fields=id,name&${OK}`)).json).toEqual({
      id: "5000000000000001",
      name: "Ok Page",
    });
  });

  it("implements the Messenger Profile API shapes", async () => {
    expect((await call("GET", `/v25.0/me/messenger_profile?fields=account_linking_url&${OK}`)).json).toEqual({
      data: [],
    });
    expect(
      (await call("POST", `/v25.0/me/messenger_profile?${OK}`, { account_linking_url: "https://e.example/" })).json,
    ).toEqual({ result: "success" });
    expect(
      (await call("GET", `/v25.0/5000000000000001/messenger_profile?fields=account_linking_url&${OK}`)).json,
    ).toEqual({ data: [{ account_linking_url: "https://e.example/" }] });
    expect(
      (await call("DELETE", `/v25.0/me/messenger_profile?${OK}`, { fields: ["account_linking_url"] })).json,
    ).toEqual({ result: "success" });
    expect(emulator().page("5000000000000001")?.accountLinkingUrl).toBeUndefined();
  });

  it("implements the Thread Settings call", async () => {
    const r = await call("POST", `/v2.6/me/thread_settings?${OK}`, {
      setting_type: "account_linking",
      account_linking_url: "https://t.example/",
    });
    expect(r.json).toEqual({ result: "Account linking url added" });
    expect(emulator().page("5000000000000001")?.accountLinkingUrl).toBe("https://t.example/");
  });
});

describe("Graph-shaped errors", () => {
  it.each([
    ["an unknown token", "GET", "/v25.0/me?access_token=nope", undefined, 400, 190, "OAuthException"],
    ["a missing token", "GET", "/v25.0/me", undefined, 400, 104, "OAuthException"],
    [
      "a non-https URL",
      "POST",
      `/v25.0/me/messenger_profile?${OK}`,
      { account_linking_url: "http://x.example/" },
      400,
      100,
      "GraphMethodException",
    ],
    [
      "a missing setting_type",
      "POST",
      `/v2.6/me/thread_settings?${OK}`,
      { account_linking_url: "https://x.example/" },
      400,
      100,
      "GraphMethodException",
    ],
    [
      "no pages_messaging",
      "GET",
      "/v25.0/me/messenger_profile?fields=account_linking_url&access_token=EMULATOR-NOMSG-TOKEN-not-real",
      undefined,
      403,
      10,
      "OAuthException",
    ],
    [
      "a write by a non-admin",
      "POST",
      "/v25.0/me/messenger_profile?access_token=EMULATOR-EDITOR-TOKEN-not-real",
      { account_linking_url: "https://x.example/" },
      403,
      200,
      "OAuthException",
    ],
    ["an unknown path", "GET", `/v25.0/me/nothing?${OK}`, undefined, 400, 100, "OAuthException"],
  ])("answers %s with the Graph error body", async (_n, method, path, body, status, code, type) => {
    const r = await call(method, path, body);
    expect(r.status).toBe(status);
    expect(r.json.error).toMatchObject({
      code,
      type,
      message: expect.any(String) as unknown,
      fbtrace_id: expect.stringMatching(/^[A-Za-z0-9]+$/) as unknown,
    });
  });
});

describe("rate limit", () => {
  it("allows N calls per window per Page, then answers 613 with usage headers, and recovers after the window", async () => {
    const emu = emulator();
    emu.setRateLimit({ calls: 3, windowMs: 300 });
    try {
      for (let i = 0; i < 3; i++)
        expect((await call("GET", `/v25.0/me/messenger_profile?fields=account_linking_url&${OK}`)).status).toBe(200);
      const limited = await call("GET", `/v25.0/me/messenger_profile?fields=account_linking_url&${OK}`);
      expect(limited.status).toBe(400);
      expect(limited.json.error).toMatchObject({ code: 613 });
      const usage = JSON.parse(limited.headers.get("x-business-use-case-usage") ?? "{}") as Record<
        string,
        Array<{ estimated_time_to_regain_access: number }>
      >;
      expect(usage["5000000000000001"][0]).toMatchObject({ type: "messenger", call_count: 100 });
      expect(usage["5000000000000001"][0].estimated_time_to_regain_access).toBeGreaterThan(0);
      // /me is not a Messenger Profile call and is not limited.
      expect((await call("GET", `/v25.0/me?${OK}`)).status).toBe(200);
      await new Promise((r) => setTimeout(r, 350));
      expect((await call("GET", `/v25.0/me/messenger_profile?fields=account_linking_url&${OK}`)).status).toBe(200);
    } finally {
      emu.setRateLimit({ calls: 10, windowMs: 600_000 });
    }
  });
});

describe("faults and the request log", () => {
  it("applies a fault to the next N matching calls only, and logs every request", async () => {
    const emu = emulator();
    emu.injectFault({
      match: { method: "POST", path: "messenger_profile" },
      fault: { type: "status", status: 503, body: { busy: true } },
      times: 2,
    });
    expect((await call("GET", `/v25.0/me?${OK}`)).status).toBe(200);
    for (let i = 0; i < 2; i++)
      expect(
        (await call("POST", `/v25.0/me/messenger_profile?${OK}`, { account_linking_url: "https://f.example/" })).status,
      ).toBe(503);
    expect(
      (await call("POST", `/v25.0/me/messenger_profile?${OK}`, { account_linking_url: "https://f.example/" })).status,
    ).toBe(200);
    expect(emu.pendingFaults()).toBe(0);
    expect(emu.requests().map((r) => [r.method, r.status, r.fault ?? null, r.pageId])).toEqual([
      ["GET", 200, null, "5000000000000001"],
      ["POST", 503, "status", "5000000000000001"],
      ["POST", 503, "status", "5000000000000001"],
      ["POST", 200, null, "5000000000000001"],
    ]);
  });

  it("offers the same through its HTTP control API", async () => {
    const emu = emulator();
    const control = (method: string, route: string, body?: unknown) =>
      fetch(`${emu.url}/__emulator/${route}`, {
        method,
        headers: { "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      }).then((r) => r.json() as Promise<unknown>);
    await control("PUT", "pages/5000000000000001", { accountLinkingUrl: "https://ctl.example/" });
    expect(emu.page("5000000000000001")?.accountLinkingUrl).toBe("https://ctl.example/");
    await control("POST", "faults", { fault: { type: "graph", code: 2, status: 503 } });
    expect((await call("GET", `/v25.0/me?${OK}`)).json.error).toMatchObject({ code: 2 });
    expect(((await control("GET", "requests")) as unknown[]).length).toBe(1);
    expect((await control("GET", "pages")) as unknown[]).toContainEqual({
      id: "5000000000000001",
      name: "Ok Page",
      accountLinkingUrl: "https://ctl.example/",
    });
  });
});

describe("input checks of the library API", () => {
  it.each([
    ["a status of 1000", { fault: { type: "status", status: 1000 } }, /status must be an integer from 100 to 599/],
    ["a status of 99.5", { fault: { type: "html", status: 99.5 } }, /status must be an integer/],
    [
      "a header value with CR/LF",
      { fault: { type: "graph", code: 2, headers: { "x-a": "1\r\nx-b: 2" } } },
      /not allowed in a header value/,
    ],
    ["a framing header", { fault: { type: "status", status: 200, headers: { "Content-Length": "1" } } }, /framing/],
    ["a non-string match.method", { match: { method: 42 }, fault: { type: "reset" } }, /match.method must be a string/],
    ["a negative times", { fault: { type: "reset" }, times: -1 }, /times must be an integer from 0/],
    ["a fractional times", { fault: { type: "reset" }, times: 1.5 }, /times must be an integer/],
    ["an unknown field", { fault: { type: "reset" }, tims: 2 }, /unknown field "tims"/],
    ["a body that cannot be JSON", { fault: { type: "status", status: 500, body: 1n } }, /JSON-serializable/],
  ])("injectFault refuses %s with an EmulatorInputError", (_name, spec, reason) => {
    const emu = emulator();
    let error: unknown;
    try {
      emu.injectFault(spec as unknown as FaultSpec);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EmulatorInputError);
    expect((error as Error).message).toMatch(reason);
    expect(emu.pendingFaults()).toBe(0);
  });

  it("checks chaos, rate limits, Page seeds and options the same way", async () => {
    const emu = emulator();
    expect(() => emu.setChaos({ rate: 0.5, seed: 1, faults: [{ type: "status", status: 42 }] })).toThrow(
      /faults\[0\]\.status/,
    );
    expect(() => emu.setRateLimit({ calls: 0 })).toThrow(/calls must be an integer from 1/);
    expect(() => emu.addPage({ id: "", name: "x", token: "t" })).toThrow(/id must not be empty/);
    await expect(startEmulator({ maxBodyBytes: 0 })).rejects.toThrow(/maxBodyBytes/);
    await expect(startEmulator({ port: 70000 })).rejects.toThrow(/port must be an integer from 0 to 65535/);
    await expect(startEmulator({ controlToken: "has space" })).rejects.toThrow(/controlToken/);
  });

  it("never fires a fault registered with times: 0", async () => {
    const emu = emulator();
    emu.injectFault({ fault: { type: "status", status: 503 }, times: 0 });
    expect(emu.pendingFaults()).toBe(0);
    expect((await call("GET", `/v25.0/me?${OK}`)).status).toBe(200);
    expect(emu.requests()[0].fault).toBeUndefined();
  });
});

describe("the request log", () => {
  it("redacts only the values of access_token and appsecret_proof, byte for byte otherwise", () => {
    expect(redactQuery("fields=id,name&access_token=A%7CB&appsecret_proof=abc&x=%20y+z&&k")).toBe(
      "fields=id,name&access_token=[REDACTED]&appsecret_proof=[REDACTED]&x=%20y+z&&k",
    );
    // Names are compared as the server decodes them.
    expect(redactQuery("access%5Ftoken=A&appsecret%5fproof=B&access_tokens=C")).toBe(
      "access%5Ftoken=[REDACTED]&appsecret%5fproof=[REDACTED]&access_tokens=C",
    );
    expect(redactQuery("")).toBe("");
  });

  it("is a ring of the newest entries with body prefixes and full body lengths", async () => {
    const emu = await startEmulator({ maxLogEntries: 3, logBodyBytes: 8 });
    try {
      for (let i = 1; i <= 5; i++) {
        await fetch(`${emu.url}/v25.0/me?i=${i}`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: `{"n":"${"é".repeat(i * 10)}"}`,
        }).then((r) => r.text());
      }
      const log = emu.requests();
      expect(log.map((r) => [r.seq, r.rawQuery, r.bodyBytes])).toEqual([
        [3, "i=3", 68],
        [4, "i=4", 88],
        [5, "i=5", 108],
      ]);
      for (const r of log) expect(Buffer.byteLength(r.body)).toBeLessThanOrEqual(8 + 2); // a cut character becomes U+FFFD
      expect(log[0].body.startsWith('{"n":"')).toBe(true);
      expect(emu.limits).toEqual({ maxBodyBytes: 1_048_576, maxLogEntries: 3, logBodyBytes: 8 });
    } finally {
      await emu.close();
    }
  });

  it("answers 413 past the body cap and keeps serving on the same emulator", async () => {
    const emu = await startEmulator({ maxBodyBytes: 100 });
    try {
      const res = await fetch(`${emu.url}/v25.0/me?${OK}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ pad: "x".repeat(200) }),
      });
      expect(res.status).toBe(413);
      expect(((await res.json()) as { error: { code: number } }).error.code).toBe(100);
      expect(emu.requests()).toMatchObject([{ status: 413, body: "" }]);
      const ok = await fetch(`${emu.url}/v25.0/me?access_token=EMULATOR-PAGE-TOKEN-1-not-a-real-token`);
      expect(ok.status).toBe(200);
    } finally {
      await emu.close();
    }
  });
});

describe("who counts as local for the control API", () => {
  it.each([
    ["127.0.0.1", true],
    ["127.255.0.9", true],
    ["::1", true],
    ["::ffff:127.0.0.1", true],
    ["::ffff:10.0.0.1", false],
    ["10.0.0.1", false],
    ["0.0.0.0", false],
    ["::", false],
    ["127.0.0.256", false],
    ["", false],
  ])("peer address %j is loopback: %s", (address, loopback) => {
    expect(isLoopbackAddress(address)).toBe(loopback);
  });

  it.each([
    ["127.0.0.1:8080", true],
    ["localhost:1", true],
    ["LOCALHOST", true],
    ["[::1]:9", true],
    ["evil.example:8080", false],
    ["app.localhost:8080", false],
    ["127.0.0.1.nip.example", false],
    [undefined, false],
  ])("Host header %j names the emulator by a loopback name: %s", (host, loopback) => {
    expect(isLoopbackHost(host)).toBe(loopback);
  });
});

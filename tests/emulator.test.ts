// The emulator itself: routes and answer shapes, Graph-shaped errors, rate limit, faults, control API.
import fetch from "node-fetch";
import { useEmulator } from "./support";

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
      message: expect.any(String),
      fbtrace_id: expect.stringMatching(/^[A-Za-z0-9]+$/),
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
      const usage = JSON.parse(limited.headers.get("x-business-use-case-usage") ?? "{}");
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
        body: body === undefined ? undefined : JSON.stringify(body),
      }).then((r) => r.json());
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

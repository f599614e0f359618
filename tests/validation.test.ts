// check(): every input validated, failures by property with an actionable reason, no calls.
import { UNKNOWN } from "../provider/validate";
import { lifecycleFor, TOKEN_1, useEmulator } from "./support";

const emulator = useEmulator();
const OK_URL = "https://example.com/messenger/link";

async function failuresOf(
  news: Record<string, unknown>,
  env: Record<string, string> = { MESSENGER_PAGE_ACCESS_TOKEN: TOKEN_1 },
) {
  const lc = lifecycleFor(emulator(), env);
  const res = await lc.check({} as never, news as never);
  return res.failures ?? [];
}

describe("check", () => {
  it("accepts a valid URL and fills in the defaults per API", async () => {
    const lc = lifecycleFor(emulator(), { MESSENGER_PAGE_ACCESS_TOKEN: TOKEN_1 });
    expect(await lc.check({} as never, { accountLinkingUrl: OK_URL } as never)).toEqual({
      inputs: { accountLinkingUrl: OK_URL, api: "messenger_profile", apiVersion: "v25.0" },
      failures: [],
    });
    expect(
      (await lc.check({} as never, { accountLinkingUrl: OK_URL, api: "thread_settings" } as never)).inputs,
    ).toMatchObject({ apiVersion: "v2.6" });
  });

  const cases: Array<[string, Record<string, unknown>, string, RegExp]> = [
    ["http URL", { accountLinkingUrl: "http://example.com/x" }, "accountLinkingUrl", /must use https/],
    ["relative URL", { accountLinkingUrl: "/login" }, "accountLinkingUrl", /absolute URL/],
    ["empty URL", { accountLinkingUrl: "" }, "accountLinkingUrl", /must not be empty/],
    ["missing URL", {}, "accountLinkingUrl", /is required/],
    [
      "URL with a space",
      { accountLinkingUrl: "https://example.com/a b" },
      "accountLinkingUrl",
      /whitespace or control/,
    ],
    ["javascript: URL", { accountLinkingUrl: "javascript:alert(1)" }, "accountLinkingUrl", /must use https/],
    ["user info", { accountLinkingUrl: "https://user:pass@example.com/" }, "accountLinkingUrl", /user:password/],
    ["control character", { accountLinkingUrl: "https://example.com/\u0007" }, "accountLinkingUrl", /control/],
    [
      "over-long URL",
      { accountLinkingUrl: `https://example.com/${"a".repeat(2001)}` },
      "accountLinkingUrl",
      /limit is 2000/,
    ],
    ["fragment", { accountLinkingUrl: "https://example.com/#x" }, "accountLinkingUrl", /fragment/],
    ["number URL", { accountLinkingUrl: 42 }, "accountLinkingUrl", /must be a string/],
    [
      "unknown api",
      { accountLinkingUrl: OK_URL, api: "profile" },
      "api",
      /must be one of "messenger_profile", "thread_settings"/,
    ],
    ["malformed apiVersion", { accountLinkingUrl: OK_URL, apiVersion: "25.0" }, "apiVersion", /must look like "v25.0"/],
    [
      "plain-http remote endpoint",
      { accountLinkingUrl: OK_URL, graphApiUrl: "http://graph.example.com" },
      "graphApiUrl",
      /token would travel in clear/,
    ],
    [
      "endpoint with query",
      { accountLinkingUrl: OK_URL, graphApiUrl: "https://graph.facebook.com/?x=1" },
      "graphApiUrl",
      /query string/,
    ],
    ["empty token", { accountLinkingUrl: OK_URL, pageAccessToken: "" }, "pageAccessToken", /is empty/],
    [
      "token with Bearer",
      { accountLinkingUrl: OK_URL, pageAccessToken: "Bearer EAAabcdefghijklmnop" },
      "pageAccessToken",
      /whitespace/,
    ],
    ["malformed app secret", { accountLinkingUrl: OK_URL, appSecret: "not a secret!" }, "appSecret", /App Dashboard/],
  ];
  it.each(cases)("rejects %s, naming the property and what to do", async (_name, news, property, reason) => {
    const failures = await failuresOf(news);
    expect(failures).toHaveLength(1);
    expect(failures[0].property).toBe(property);
    expect(failures[0].reason).toMatch(reason);
    expect(failures[0].reason.startsWith(property)).toBe(true);
    expect(emulator().requests()).toHaveLength(0);
  });

  it("reports every failing property at once", async () => {
    const failures = await failuresOf({
      accountLinkingUrl: "http://x",
      api: "nope",
      apiVersion: "latest",
      graphApiUrl: "ftp://x",
    });
    expect(failures.map((f) => f.property).sort()).toEqual(["accountLinkingUrl", "api", "apiVersion", "graphApiUrl"]);
  });

  it("asks for a token when neither input, config nor environment has one", async () => {
    const failures = await failuresOf({ accountLinkingUrl: OK_URL }, {});
    expect(failures).toEqual([
      {
        property: "pageAccessToken",
        reason: expect.stringMatching(/pulumi config set --secret messenger:pageAccessToken/),
      },
    ]);
  });

  it("never quotes a bad token in the reason", async () => {
    const secretish = "EAAB secret value that is malformed";
    const failures = await failuresOf({ accountLinkingUrl: OK_URL, pageAccessToken: secretish });
    expect(JSON.stringify(failures)).not.toContain("secret value");
  });

  it("lets unknown values (preview) pass", async () => {
    expect(
      await failuresOf({
        accountLinkingUrl: UNKNOWN,
        api: UNKNOWN,
        apiVersion: UNKNOWN,
        graphApiUrl: UNKNOWN,
        pageAccessToken: UNKNOWN,
      }),
    ).toEqual([]);
  });

  it("accepts http on loopback endpoints only", async () => {
    for (const ok of ["http://127.0.0.1:8080", "http://localhost:1", "http://[::1]:9"]) {
      expect(await failuresOf({ accountLinkingUrl: OK_URL, graphApiUrl: ok })).toEqual([]);
    }
  });
});

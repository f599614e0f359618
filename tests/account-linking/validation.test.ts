// check(): every input validated, failures by property with an actionable reason, no calls.
import { AccountLinkingLifecycle } from "../../provider/account-linking/lifecycle";
import { DEFAULT_RETRY, retryOptionProblem } from "../../provider/graph/retry";
import { readProviderSettings } from "../../provider/core/settings";
import { isLoopbackHost, urlProblem, accountLinkingUrlProblem } from "../../provider/graph/url-rules";
import { lifecycleFor, TOKEN_1, useEmulator } from "../support/emulator";
import { UNKNOWN } from "../../provider/core/unknown";

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
    expect(failures.map((f) => f.property)).toEqual(["pageAccessToken"]);
    expect(failures[0].reason).toMatch(/pulumi config set --secret messenger:pageAccessToken/);
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
      // With its own token: the environment's is sent only to the provider's endpoint.
      expect(await failuresOf({ accountLinkingUrl: OK_URL, graphApiUrl: ok, pageAccessToken: TOKEN_1 })).toEqual([]);
    }
  });
});

describe("URL rules (url-rules.ts)", () => {
  it.each([
    ["no path", "https://example.com"],
    ["a query without a path", "https://example.com?state=1"],
    ["an @ in the path", "https://example.com/@team/link"],
    ["percent-encoding in either case, kept as written", "https://example.com/a%2fb/%C3%A9?q=%e2%82%ac"],
    ["an international name in its xn-- form", "https://xn--bcher-kva.de/link"],
    ["a non-default port", "https://example.com:8443/link"],
    ["an empty query", "https://example.com/link?"],
    ["a trailing slash", "https://example.com/link/"],
  ])("accepts a legitimate URL: %s", (_name, url) => {
    expect(accountLinkingUrlProblem(url)).toBeUndefined();
  });

  it.each([
    ["an IDN in Unicode", "https://bücher.de/link", /xn--/],
    ["a default port", "https://example.com:443/link", /write "https:\/\/example\.com\/link"/],
    ["a character the parser percent-encodes", "https://example.com/a{b}", /write "https:\/\/example\.com\/a%7Bb%7D"/],
    ["three slashes", "https:///example.com/link", /followed by a host/],
    ["a backslash in the path", "https://example.com/a\\b", /%5C/],
  ])("refuses what a parser would rewrite: %s, saying what to write", (_name, url, reason) => {
    expect(accountLinkingUrlProblem(url)).toMatch(reason);
  });

  it("is one reusable rule set: options add http on loopback, queries, fragments", () => {
    expect(urlProblem("http://127.0.0.1:9/x")).toMatch(/must use https/);
    expect(urlProblem("http://127.0.0.1:9/x", { httpOnLoopback: true })).toBeUndefined();
    expect(urlProblem("http://10.0.0.1/x", { httpOnLoopback: true })).toMatch(/non-loopback host "10\.0\.0\.1"/);
    expect(urlProblem("https://example.com/x?y", { query: false })).toMatch(/query string/);
    expect(urlProblem("https://example.com/x#y", { fragment: true })).toBeUndefined();
    expect(urlProblem("https://example.com/x#y")).toMatch(/fragment/);
  });

  it("calls loopback only localhost, 127.0.0.0/8 and [::1]", () => {
    for (const h of ["localhost", "127.0.0.1", "127.255.0.9", "[::1]"]) expect(isLoopbackHost(h)).toBe(true);
    for (const h of ["a.localhost", "localhost.", "127.0.0.256", "0.0.0.0", "[::ffff:7f00:1]", "128.0.0.1"])
      expect(isLoopbackHost(h)).toBe(false);
  });
});

describe("graphApiUrl from every source", () => {
  it.each([
    [
      "stack config",
      { "messenger:graphApiUrl": "http://graph.example.com" },
      {},
      /^stack config messenger:graphApiUrl uses plain http/,
    ],
    [
      "environment",
      {},
      { MESSENGER_GRAPH_API_URL: "https://graph.facebook.com/?" },
      /^environment variable MESSENGER_GRAPH_API_URL must not contain a query string/,
    ],
  ])("refuses a bad endpoint from %s at check, naming it, with 0 requests", async (_name, config, env, reason) => {
    const lc = new AccountLinkingLifecycle({
      settings: readProviderSettings((k) => (config as Record<string, string>)[k], {
        MESSENGER_PAGE_ACCESS_TOKEN: TOKEN_1,
        ...env,
      }),
    });
    const { failures = [] } = await lc.check({} as never, { accountLinkingUrl: OK_URL } as never);
    expect(failures.map((f) => f.property)).toEqual([""]);
    expect(failures[0].reason).toMatch(reason);
    expect(emulator().requests()).toHaveLength(0);
  });

  it("checks config before the environment, as it is read", () => {
    const s = readProviderSettings((k) => (k === "messenger:graphApiUrl" ? "https://graph.facebook.com" : undefined), {
      MESSENGER_GRAPH_API_URL: "http://graph.example.com",
    });
    expect(s.problems).toEqual([]);
  });
});

describe("tokens", () => {
  it.each([
    ["a 10-character token from a test double", "tok-123456"],
    ["a 1-character token", "x"],
    ["quotes and other printable characters", `"EAAB|abc/def+=="`],
    ["non-ASCII letters", "jeton-été"],
  ])("accepts %s: length and alphabet are the Graph API's business", async (_name, token) => {
    expect(await failuresOf({ accountLinkingUrl: OK_URL, pageAccessToken: token })).toEqual([]);
  });

  it.each([
    ["a tab", "abc\tdef", /whitespace/],
    ["a zero-width space", "abc\u200bdef", /invisible character \(U\+200B at index 3\)/],
    ["a NUL", "abc\u0000def", /control/],
    ["a lone surrogate", "abc\ud800def", /U\+D800/],
    ["over 4096 characters", "a".repeat(4097), /over 4096/],
  ])("refuses %s, without quoting the token", async (_name, token, reason) => {
    const failures = await failuresOf({ accountLinkingUrl: OK_URL, pageAccessToken: token });
    expect(failures).toHaveLength(1);
    expect(failures[0].reason).toMatch(reason);
    expect(failures[0].reason).not.toContain("abc");
  });
});

describe("retry tunables", () => {
  it("accepts up to 2^31 - 1 ms and refuses beyond, naming the option", () => {
    expect(retryOptionProblem("deadlineMs", 2 ** 31 - 1)).toBeUndefined();
    expect(retryOptionProblem("deadlineMs", 2 ** 31)).toMatch(/from 1 to 2147483647/);
    expect(retryOptionProblem("attemptTimeoutMs", 0)).toMatch(/from 1/);
    expect(retryOptionProblem("backoffBaseMs", 1.5)).toMatch(/whole number/);
    expect(retryOptionProblem("jitter", 0.25)).toBeUndefined();
    expect(retryOptionProblem("jitter", 2)).toMatch(/fraction from 0 to 1/);
    expect(retryOptionProblem("maxRetries", Number.NaN)).toMatch(/whole number of retries/);
  });

  it("keeps the default of a refused setting and reports it once", () => {
    const s = readProviderSettings(undefined, { MESSENGER_ATTEMPT_TIMEOUT_MS: "-1" });
    expect(s.retry.attemptTimeoutMs).toBe(DEFAULT_RETRY.attemptTimeoutMs);
    expect(s.problems).toEqual([
      {
        setting: "attemptTimeoutMs",
        reason:
          'environment variable MESSENGER_ATTEMPT_TIMEOUT_MS must be a whole number of milliseconds from 1 to 2147483647 (the longest delay Node\'s timers accept, about 24.8 days), got "-1"',
      },
    ]);
  });
});

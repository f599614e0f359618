/**
 * The provider against hostile servers and look-alike inputs (issue 9, items 1-7). Every server is
 * on loopback. A "remote host" is a second loopback server reached through a name the provider's
 * rules treat as non-loopback (`0.0.0.0`, `[::ffff:127.0.0.1]`), or an https origin on another
 * loopback address; each row asserts that it received nothing at all.
 *
 * Rows are in category `hostile/provider-*` of the reliability report; every text a row produces
 * (errors as hosts print them, check failures, attempt reports) is scanned for the token, the app
 * secret and the appsecret_proof.
 */
import * as http from "http";
import * as net from "net";
import * as zlib from "zlib";
import { GraphApiError } from "../../provider/graph/errors";
import { appSecretProof, GraphClient, type AttemptReport } from "../../provider/graph/client";
import { AccountLinkingLifecycle } from "../../provider/account-linking/lifecycle";
import { readProviderSettings } from "../../provider/core/settings";
import type { AccountLinkingInputs } from "../../provider/account-linking/types";
import { mulberry32, randomHex, randomString, SEED } from "../support/prng";
import { scenario, useReport } from "../support/report";
import { errorTexts, secrets, type ScanText } from "../support/secret-scan";

useReport("hostile-provider");

const random = mulberry32(SEED + 909);
// A plain-looking token (no "EAA" prefix, so only exact-value redaction can catch it) and a secret.
const TOKEN = `hostile-page-token-${randomString(random, 32)}`;
const APP_SECRET = randomHex(random, 32);
secrets.add("hostile token", TOKEN);
secrets.add("hostile app secret", APP_SECRET);
secrets.add("hostile appsecret_proof", appSecretProof(TOKEN, APP_SECRET));

const PAGE = { id: "9100000000000001", name: "Hostile Page" };
const FAST_ENV = {
  MESSENGER_MAX_RETRIES: "2",
  MESSENGER_BACKOFF_BASE_MS: "5",
  MESSENGER_BACKOFF_MAX_MS: "20",
  MESSENGER_ATTEMPT_TIMEOUT_MS: "300",
  MESSENGER_DEADLINE_MS: "3000",
};
const OK_URL = "https://example.com/messenger/link";

/** One request a test server received. */
interface Seen {
  readonly method: string;
  readonly url: string;
  readonly body: string;
}

/** A loopback HTTP server that records what it receives. */
interface TestServer {
  readonly port: number;
  readonly seen: Seen[];
  /** Connections accepted. */
  connections(): number;
  /** Responses whose connection closed before the server finished (the client hung up). */
  readonly hungUp: number[];
  close(): Promise<void>;
}

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, body: string, server: TestServer) => void;

const open: Array<() => Promise<void>> = [];
afterAll(async () => {
  await Promise.all(open.map((close) => close()));
});

async function httpServer(handler: Handler, host = "127.0.0.1"): Promise<TestServer> {
  let connections = 0;
  const sockets = new Set<net.Socket>();
  const state = { seen: [] as Seen[], hungUp: [] as number[] };
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString("utf8")));
    req.on("end", () => {
      state.seen.push({ method: req.method ?? "", url: req.url ?? "", body });
      res.on("close", () => {
        if (!res.writableFinished) state.hungUp.push(Date.now());
      });
      handler(req, res, body, api);
    });
  });
  server.on("connection", (s: net.Socket) => {
    connections++;
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const close = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  const api: TestServer = {
    port: (server.address() as net.AddressInfo).port,
    seen: state.seen,
    hungUp: state.hungUp,
    connections: () => connections,
    close,
  };
  open.push(close);
  return api;
}

/** A TCP listener standing in for an https origin: it counts connections and closes them. */
async function tcpSink(host: string): Promise<{ port: number; connections(): number }> {
  let connections = 0;
  const server = net.createServer((s) => {
    connections++;
    s.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  open.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { port: (server.address() as net.AddressInfo).port, connections: () => connections };
}

/** A Graph stand-in: `GET /me` answers the Page; everything else is up to `hostile`. */
function graphLike(hostile: Handler): Handler {
  return (req, res, body, server) => {
    if (req.method === "GET" && /^\/v25\.0\/me\?/.test(req.url ?? "")) {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(PAGE));
      return;
    }
    hostile(req, res, body, server);
  };
}

const json = (res: http.ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
};

/** A lifecycle configured the way the host configures it: stack config, then environment. */
function lifecycle(
  env: Record<string, string>,
  config: Record<string, string> = {},
  reports: AttemptReport[] = [],
): AccountLinkingLifecycle {
  return new AccountLinkingLifecycle({
    settings: readProviderSettings((key) => config[key], { ...FAST_ENV, ...env }),
    onAttempt: (r) => reports.push(r),
  });
}

const tokenInputs = (extra: Record<string, unknown> = {}) => ({
  accountLinkingUrl: OK_URL,
  pageAccessToken: TOKEN,
  appSecret: APP_SECRET,
  ...extra,
});

const resolved = (extra: Partial<AccountLinkingInputs> = {}): AccountLinkingInputs => ({
  accountLinkingUrl: OK_URL,
  api: "messenger_profile",
  apiVersion: "v25.0",
  pageAccessToken: TOKEN,
  appSecret: APP_SECRET,
  ...extra,
});

async function failure(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error("expected the call to fail, it succeeded");
}

/** Runs `create` against `base` and returns the error, with every text it exposes scanned. */
async function createFails(base: string, reports: AttemptReport[] = []) {
  const lc = lifecycle({ MESSENGER_GRAPH_API_URL: base }, {}, reports);
  const error = await failure(lc.create(resolved()));
  const texts: ScanText[] = [...errorTexts(error, "error"), { where: "attempts", text: JSON.stringify(reports) }];
  const scan = secrets.assertClean(texts);
  expect(GraphApiError.isInstance(error)).toBe(true);
  return { error: error as GraphApiError, scan };
}

const base = (s: { port: number }, host = "127.0.0.1") => `http://${host}:${s.port}`;

describe("redirects are never followed", () => {
  const statuses = [301, 302, 303, 307, 308] as const;
  for (const status of statuses) {
    scenario(
      "hostile/provider-redirect",
      `${status} to plain http on a host the rules call non-loopback: nothing re-sent`,
      async () => {
        const remote = await httpServer((_req, res) => json(res, 200, { result: "success" }));
        const hostile = await httpServer(
          graphLike((req, res) => {
            res.writeHead(status, { location: `http://0.0.0.0:${remote.port}${req.url}` });
            res.end();
          }),
        );
        const { error, scan } = await createFails(base(hostile));
        expect(error).toMatchObject({ kind: "redirect", status, retryable: false, attempts: 1 });
        expect(error.message).toContain(`redirect (HTTP ${status}) to http://0.0.0.0:${remote.port}/v25.0/me/`);
        expect(error.message).toContain("access_token=[REDACTED]");
        expect(error.message).toMatch(/never followed/);
        expect(hostile.seen.map((r) => r.method)).toEqual(["GET", "POST"]);
        expect(remote.seen).toEqual([]);
        expect(remote.connections()).toBe(0);
        return { details: { status, message: error.message, remoteRequests: remote.seen.length }, scan };
      },
    );
    scenario("hostile/provider-redirect", `${status} to another https origin: no connection made`, async () => {
      const origin = await tcpSink("127.0.0.2");
      const hostile = await httpServer(
        graphLike((req, res) => {
          res.writeHead(status, { location: `https://127.0.0.2:${origin.port}${req.url}` });
          res.end();
        }),
      );
      const { error, scan } = await createFails(base(hostile));
      expect(error).toMatchObject({ kind: "redirect", status, retryable: false, attempts: 1 });
      expect(error.message).toContain(`to https://127.0.0.2:${origin.port}/v25.0/me/messenger_profile?`);
      expect(hostile.seen).toHaveLength(2);
      expect(origin.connections()).toBe(0);
      return { details: { status, message: error.message, remoteConnections: origin.connections() }, scan };
    });
  }

  scenario("hostile/provider-redirect", "302 whose Location carries the bare token: redacted", async () => {
    const remote = await httpServer((_req, res) => json(res, 200, PAGE));
    const hostile = await httpServer((_req, res) => {
      res.writeHead(302, { location: `http://0.0.0.0:${remote.port}/stolen/${TOKEN}` });
      res.end();
    });
    const { error, scan } = await createFails(base(hostile));
    expect(error).toMatchObject({ kind: "redirect", status: 302, retryable: false });
    expect(error.message).toContain(`to http://0.0.0.0:${remote.port}/stolen/[REDACTED]`);
    expect(remote.connections()).toBe(0);
    return { details: { message: error.message }, scan };
  });

  scenario("hostile/provider-redirect", "301 with a Location that is not a URL: still a typed redirect", async () => {
    const hostile = await httpServer((_req, res) => {
      res.writeHead(301, { location: "http://[bad" });
      res.end();
    });
    const { error, scan } = await createFails(base(hostile));
    expect(error).toMatchObject({ kind: "redirect", status: 301, retryable: false, attempts: 1 });
    expect(hostile.seen).toHaveLength(1);
    return { details: { message: error.message }, scan };
  });

  scenario("hostile/provider-redirect", "307 to a path of the same server: not re-sent there either", async () => {
    const hostile = await httpServer(
      graphLike((req, res) => {
        if (req.url?.startsWith("/moved")) return json(res, 200, { result: "success" });
        res.writeHead(307, { location: `/moved${req.url}` });
        res.end();
      }),
    );
    const { error, scan } = await createFails(base(hostile));
    expect(error).toMatchObject({ kind: "redirect", status: 307, retryable: false });
    expect(hostile.seen.map((r) => r.url.split("?")[0])).toEqual(["/v25.0/me", "/v25.0/me/messenger_profile"]);
    return { details: { message: error.message, requests: hostile.seen.length }, scan };
  });
});

describe("answer bodies are capped at 1 MiB", () => {
  scenario("hostile/provider-huge-body", "an error body that never ends: reading stops at 1 MiB", async () => {
    const chunk = Buffer.alloc(64 * 1024, "x");
    let sent = 0;
    const hostile = await httpServer(
      graphLike((_req, res) => {
        res.writeHead(500, { "content-type": "text/html" });
        const pump = () => {
          while (!res.destroyed && sent < 1024 * 1024 * 1024) {
            sent += chunk.length;
            if (!res.write(chunk)) return void res.once("drain", pump);
          }
        };
        pump();
      }),
    );
    const { error, scan } = await createFails(base(hostile));
    expect(error).toMatchObject({ kind: "protocol", status: 500, retryable: false, attempts: 1 });
    expect(error.message).toMatch(/body over 1048576 bytes \(1 MiB, the limit/);
    // The client hung up: the server stopped far short of the gigabyte it would have sent.
    await until(() => hostile.hungUp.length > 0);
    expect(sent).toBeLessThan(64 * 1024 * 1024);
    return { details: { message: error.message, bytesSentBeforeHangUp: sent }, scan };
  });

  scenario("hostile/provider-huge-body", "a 2 MB success body: refused, not parsed", async () => {
    const hostile = await httpServer(
      graphLike((_req, res) => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ result: "success", pad: "y".repeat(2 * 1024 * 1024) }));
      }),
    );
    const { error, scan } = await createFails(base(hostile));
    expect(error).toMatchObject({ kind: "protocol", status: 200, retryable: false });
    expect(error.message).toMatch(/over 1048576 bytes/);
    return { details: { message: error.message }, scan };
  });

  scenario(
    "hostile/provider-huge-body",
    "a gzip bomb (64 KB that inflate to 64 MB): capped after inflating",
    async () => {
      const bomb = zlib.gzipSync(Buffer.alloc(64 * 1024 * 1024, 0));
      const hostile = await httpServer(
        graphLike((_req, res) => {
          res.writeHead(400, { "content-type": "application/json", "content-encoding": "gzip" });
          res.end(bomb);
        }),
      );
      const { error, scan } = await createFails(base(hostile));
      expect(error).toMatchObject({ kind: "protocol", status: 400, retryable: false });
      expect(error.message).toMatch(/over 1048576 bytes/);
      return { details: { message: error.message, compressedBytes: bomb.length }, scan };
    },
  );
});

describe("servers that echo the request into every field", () => {
  const echoes: Array<[string, (query: string) => Record<string, unknown>]> = [
    ["the query string into error.type", (q) => ({ type: q, code: 100, message: "bad" })],
    ["the query string into fbtrace_id", (q) => ({ type: "OAuthException", code: 100, fbtrace_id: q })],
    [
      "the bare token into type, fbtrace_id and message",
      () => ({ type: `T ${TOKEN}`, code: 190, fbtrace_id: TOKEN, message: `token ${TOKEN} is bad` }),
    ],
    [
      "the query string into error_user_msg and every string field",
      (q) => ({ type: q, code: 100, fbtrace_id: q, message: q, error_user_msg: q, error_user_title: q }),
    ],
  ];
  for (const [what, error] of echoes) {
    scenario("hostile/provider-echo", `echoes ${what}: redacted in every field`, async () => {
      const hostile = await httpServer(graphLike((req, res) => json(res, 400, { error: error(req.url ?? "") })));
      const { error: e, scan } = await createFails(base(hostile));
      expect(e.kind).toBe("graph");
      // The echo is there, redacted: the scan had something to find.
      expect(`${e.type ?? ""} ${e.fbtraceId ?? ""}`).toContain("[REDACTED]");
      expect(hostile.seen[1].url).toContain(encodeURIComponent(TOKEN));
      return { details: { type: e.type, fbtraceId: e.fbtraceId, message: e.message }, scan };
    });
  }
});

describe("slow bodies", () => {
  for (const status of [200, 500]) {
    scenario(
      "hostile/provider-slow-body",
      `HTTP ${status}, then one byte every 50 ms: each attempt cut at its timeout`,
      async () => {
        const timers: NodeJS.Timeout[] = [];
        const hostile = await httpServer(
          graphLike((_req, res) => {
            res.writeHead(status, { "content-type": "application/json" });
            const t = setInterval(() => (res.destroyed ? clearInterval(t) : res.write(" ")), 50);
            timers.push(t);
          }),
        );
        try {
          const { error, scan } = await createFails(base(hostile));
          expect(error).toMatchObject({ kind: "network", retryable: true, attempts: 3 });
          expect(error.message).toMatch(/no complete answer within 300 ms/);
          expect(hostile.seen).toHaveLength(1 + 3);
          return { details: { message: error.message, attempts: error.attempts }, scan };
        } finally {
          timers.forEach(clearInterval);
        }
      },
    );
  }
});

describe("servers that ask for absurd waits", () => {
  scenario("hostile/provider-slow-body", "a 429 asking to wait 10^12 s: fails at once, no timer overflow", async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on("warning", onWarning);
    try {
      const hostile = await httpServer(
        graphLike((_req, res) => {
          res.writeHead(429, { "retry-after": "1000000000000", "content-type": "application/json" });
          res.end(JSON.stringify({ error: { message: "slow down", code: 4 } }));
        }),
      );
      const { error, scan } = await createFails(base(hostile));
      expect(error).toMatchObject({ kind: "graph", code: 4, attempts: 1 });
      expect(error.message).toMatch(/server asked to wait .*beyond the deadline/);
      await new Promise((r) => setImmediate(r));
      expect(warnings).not.toContain("TimeoutOverflowWarning");
      expect(hostile.seen).toHaveLength(2);
      return { details: { message: error.message, warnings }, scan };
    } finally {
      process.off("warning", onWarning);
    }
  });
});

describe("graphApiUrl look-alikes are refused at check, from every source, with 0 requests", () => {
  type Source = "input" | "config" | "env";
  const cases: Array<[string, Source, (port: number) => string, RegExp]> = [
    ["plain http to 0.0.0.0 (not loopback)", "env", (p) => `http://0.0.0.0:${p}`, /non-loopback host "0\.0\.0\.0"/],
    [
      "plain http to an IPv4-mapped address",
      "config",
      (p) => `http://[::ffff:127.0.0.1]:${p}`,
      /non-loopback host "\[::ffff:7f00:1\]"/,
    ],
    ["plain http to 0.0.0.0", "input", (p) => `http://0.0.0.0:${p}`, /token would travel in clear/],
    ["a trailing ?", "input", (p) => `http://127.0.0.1:${p}/?`, /query string, not even an empty "\?"/],
    ["a trailing ?", "env", (p) => `http://127.0.0.1:${p}?`, /query string/],
    ["a trailing #", "config", (p) => `http://127.0.0.1:${p}/#`, /fragment/],
    ["a *.localhost name", "input", (p) => `http://graph.localhost:${p}`, /non-loopback host "graph\.localhost"/],
    ["a *.localhost name", "env", (p) => `http://api.localhost:${p}`, /non-loopback host "api\.localhost"/],
    [
      "a loopback address in a non-canonical form",
      "config",
      (p) => `http://127.1:${p}`,
      /write "http:\/\/127\.0\.0\.1/,
    ],
  ];
  for (const [what, source, value, reason] of cases) {
    scenario("hostile/provider-lookalike-endpoint", `${what}, from ${source}`, async () => {
      const target = await httpServer((_req, res) => json(res, 200, PAGE));
      const url = value(target.port);
      const env: Record<string, string> = source === "env" ? { MESSENGER_GRAPH_API_URL: url } : {};
      const config: Record<string, string> = source === "config" ? { "messenger:graphApiUrl": url } : {};
      const lc = lifecycle(env, config);
      const { failures = [] } = await lc.check(
        {} as never,
        tokenInputs(source === "input" ? { graphApiUrl: url } : {}) as never,
      );
      const named =
        source === "input"
          ? "graphApiUrl"
          : source === "config"
            ? "stack config messenger:graphApiUrl"
            : "environment variable MESSENGER_GRAPH_API_URL";
      expect(failures).toHaveLength(1);
      expect(failures[0].property).toBe(source === "input" ? "graphApiUrl" : "");
      expect(failures[0].reason.startsWith(named)).toBe(true);
      expect(failures[0].reason).toMatch(reason);
      // Should a step run anyway, the client refuses before sending. (Names are not tried: a lookup
      // of *.localhost could leave the machine on code that does not refuse them.)
      let stepError: unknown;
      if (!/localhost/.test(url)) {
        stepError = await failure(lc.create(resolved(source === "input" ? { graphApiUrl: url } : {})));
        expect(String((stepError as Error).message)).toMatch(/graphApiUrl/);
      }
      expect(target.connections()).toBe(0);
      const scan = secrets.assertClean([
        { where: "check failures", text: JSON.stringify(failures) },
        ...errorTexts(stepError, "step error"),
      ]);
      return { details: { source, reason: failures[0].reason, requests: target.seen.length }, scan };
    });
  }

  scenario("hostile/provider-lookalike-endpoint", "a valid input overrides a refused environment value", async () => {
    const good = await httpServer((_req, res) => json(res, 200, PAGE));
    const lc = lifecycle({ MESSENGER_GRAPH_API_URL: "http://0.0.0.0:1" });
    const { failures } = await lc.check({} as never, tokenInputs({ graphApiUrl: base(good) }) as never);
    expect(failures).toEqual([]);
    const scan = secrets.assertClean([{ where: "check result", text: JSON.stringify(failures) }]);
    return { details: { failures: failures?.length ?? 0 }, scan };
  });
});

describe("out-of-range timers are refused at check", () => {
  const cases: Array<[string, Record<string, string>, Record<string, string>, RegExp]> = [
    [
      "deadlineMs of 2^31 ms",
      { MESSENGER_DEADLINE_MS: "2147483648" },
      {},
      /^environment variable MESSENGER_DEADLINE_MS must be a whole number of milliseconds from 1 to 2147483647/,
    ],
    [
      "attemptTimeoutMs of 1e12 ms",
      {},
      { "messenger:attemptTimeoutMs": "1e12" },
      /^stack config messenger:attemptTimeoutMs must be .* to 2147483647 .*got "1e12"/,
    ],
    [
      "a negative backoffMaxMs",
      {},
      { "messenger:backoffMaxMs": "-5" },
      /^stack config messenger:backoffMaxMs must be .* from 0/,
    ],
    [
      "a maxRetries that is not a number",
      { MESSENGER_MAX_RETRIES: "many" },
      {},
      /^environment variable MESSENGER_MAX_RETRIES must be a whole number of retries/,
    ],
  ];
  for (const [what, env, config, reason] of cases) {
    scenario("hostile/provider-timers", what, async () => {
      const target = await httpServer((_req, res) => json(res, 200, PAGE));
      const lc = lifecycle({ ...env, MESSENGER_GRAPH_API_URL: base(target) }, config);
      const { failures = [] } = await lc.check({} as never, tokenInputs() as never);
      expect(failures).toHaveLength(1);
      expect(failures[0].property).toBe("");
      expect(failures[0].reason).toMatch(reason);
      const stepError = await failure(lc.create(resolved()));
      expect((stepError as Error).message).toMatch(/Refused provider settings/);
      expect(target.connections()).toBe(0);
      const scan = secrets.assertClean([
        { where: "check failures", text: JSON.stringify(failures) },
        ...errorTexts(stepError, "step error"),
      ]);
      return { details: { reason: failures[0].reason }, scan };
    });
  }

  scenario("hostile/provider-timers", "a client built with a 2^31 ms attempt timeout refuses to start", async () => {
    const target = await httpServer((_req, res) => json(res, 200, { result: "success" }));
    let built: unknown;
    try {
      built = new GraphClient({
        baseUrl: base(target),
        credentials: { accessToken: TOKEN },
        retry: { attemptTimeoutMs: 2 ** 31, maxRetries: 0 },
      });
    } catch (e) {
      built = e;
    }
    expect(built).toBeInstanceOf(Error);
    expect((built as Error).message).toMatch(/attemptTimeoutMs must be .* to 2147483647/);
    expect(target.connections()).toBe(0);
    const scan = secrets.assertClean(errorTexts(built, "constructor error"));
    return { details: { message: (built as Error).message }, scan };
  });
});

describe("account linking URL look-alikes are refused at check, with 0 requests", () => {
  const cases: Array<[string, string, RegExp]> = [
    ["a backslash before @ (parsers disagree on the host)", "https://example.com\\@evil.com/", /must not contain "\\"/],
    ["an empty user name", "https://@example.com/", /credentials, nor any "@"/],
    ["an empty user and password", "https://:@example.com/", /credentials, nor any "@"/],
    ["a zero-width space in the host", "https://exa\u200bmple.com/", /invisible format characters.*U\+200B/],
    ["a soft hyphen in the host", "https://exa\u00admple.com/", /U\+00AD/],
    ["a right-to-left override", "https://example.com/\u202emoc.live", /U\+202E/],
    ["an ideographic full stop", "https://exa\u3002mple.com/", /ASCII dots/],
    ["an em space", "https://example.com/\u2003x", /U\+2003/],
    ["an ideographic space", "https://example.com/\u3000", /U\+3000/],
    ["a Mongolian vowel separator", "https://example\u180e.com/", /U\+180E/],
    ["a fullwidth full stop", "https://example\uff0ecom/", /ASCII dots/],
    ["a host the parser rewrites (uppercase)", "https://EXAMPLE.com/link", /write "https:\/\/example\.com\/link"/],
  ];
  for (const [what, url, reason] of cases) {
    scenario("hostile/provider-lookalike-url", what, async () => {
      const target = await httpServer((_req, res) => json(res, 200, PAGE));
      const lc = lifecycle({ MESSENGER_GRAPH_API_URL: base(target) });
      const { failures = [] } = await lc.check({} as never, tokenInputs({ accountLinkingUrl: url }) as never);
      expect(failures).toHaveLength(1);
      expect(failures[0].property).toBe("accountLinkingUrl");
      expect(failures[0].reason).toMatch(reason);
      expect(target.connections()).toBe(0);
      const scan = secrets.assertClean([{ where: "check failures", text: JSON.stringify(failures) }]);
      return { details: { reason: failures[0].reason }, scan };
    });
  }
});

async function until(cond: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 10));
  }
}

// No token, app secret or appsecret_proof ever appears in an error message, stack or log line.
import * as util from "util";
import { GraphApiError } from "../../provider/graph/errors";
import { appSecretProof, GraphClient } from "../../provider/graph/client";
import { AccountLinkingLifecycle } from "../../provider/account-linking/lifecycle";
import { redact, REDACTED, Redactor } from "../../provider/graph/redact";
import { readProviderSettings } from "../../provider/core/settings";
import { inputs, lifecycleFor, rejection, useEmulator } from "../support/emulator";

const TOKEN = "EMULATOR-REDACTION-TOKEN-0123456789";
const SECRET = "fedcba9876543210fedcba9876543210";
const PROOF = appSecretProof(TOKEN, SECRET);
const emulator = useEmulator({
  pages: [{ id: "4000000000000001", name: "Secret Page", token: TOKEN, appSecret: SECRET }],
});

function assertClean(text: string) {
  expect(text).not.toContain(TOKEN);
  expect(text).not.toContain(SECRET);
  expect(text).not.toContain(PROOF);
}

describe("redact", () => {
  it("removes secret query parameters, Facebook-shaped tokens and Bearer values", () => {
    expect(redact("GET /me?access_token=abc123&x=1&appsecret_proof=ff00")).toBe(
      `GET /me?access_token=${REDACTED}&x=1&appsecret_proof=${REDACTED}`,
    );
    expect(redact("token EAABsbCS1iHgBAKZCZAqwertyuiop1234567890 leaked")).toBe(`token ${REDACTED} leaked`);
    expect(redact("Authorization: Bearer abcdefgh12345678")).toBe(`Authorization: Bearer ${REDACTED}`);
  });

  it("removes values given explicitly, also URL-encoded", () => {
    expect(redact("a s3cr3t+value/x b s3cr3t%2Bvalue%2Fx", "s3cr3t+value/x")).toBe(`a ${REDACTED} b ${REDACTED}`);
  });
});

describe("errors and logs of the provider", () => {
  let stderr: string[] = [];
  const write = process.stderr.write.bind(process.stderr);
  beforeEach(() => {
    stderr = [];
    process.env.MESSENGER_DEBUG = "1";
    process.stderr.write = (chunk: string | Uint8Array) => {
      stderr.push(String(chunk));
      return true;
    };
  });
  afterEach(() => {
    process.stderr.write = write;
    delete process.env.MESSENGER_DEBUG;
  });

  it.each([
    [
      "a Graph error that echoes the request URL (token and proof included)",
      { type: "graph", code: 1, status: 500, echoUrl: true },
      100,
    ],
    ["a non-retryable echo", { type: "graph", code: 190, status: 400, echoUrl: true }, 1],
    ["an HTML page", { type: "html", status: 502 }, 100],
    [
      "a plain-text body echoing the token",
      { type: "status", status: 500, body: `bad request for access_token=${"EMULATOR-REDACTION-TOKEN-0123456789"}` },
      100,
    ],
  ] as const)("keep %s clean", async (_name, fault, times) => {
    const emu = emulator();
    emu.injectFault({ fault, times });
    const lc = new AccountLinkingLifecycle({
      settings: readProviderSettings(undefined, {
        MESSENGER_GRAPH_API_URL: emu.url,
        MESSENGER_PAGE_ACCESS_TOKEN: TOKEN,
        MESSENGER_APP_SECRET: SECRET,
        MESSENGER_MAX_RETRIES: "1",
        MESSENGER_BACKOFF_BASE_MS: "1",
      }),
    });
    const err = await rejection(lc.create(inputs("https://example.com/secret")));
    expect(GraphApiError.isInstance(err)).toBe(true);
    // The emulator really did receive (and echo) the secrets: the test would see them if they leaked.
    expect(emu.requests()[0].appSecretProof).toBe("valid");
    assertClean(err.message);
    assertClean(String(err.stack));
    assertClean(JSON.stringify(err));
    assertClean(`${err}: ${err.stack}`); // how the dynamic-provider host prints errors
    expect(stderr.join("")).toMatch(/\[messenger\] GET \/v25.0\/me attempt 1/);
    assertClean(stderr.join(""));
  });

  it("explains a missing token on delete, without calls", async () => {
    const emu = emulator();
    const err = await rejection(
      lifecycleFor(emu).delete("4000000000000001", {
        api: "messenger_profile",
        apiVersion: "v25.0",
        tokenSource: "env",
      } as never),
    );
    expect(err.message).toMatch(/No Page access token/);
    expect(emu.requests()).toHaveLength(0);
  });
});

describe("every string field of a GraphApiError is redacted", () => {
  it("type, fbtraceId, method, path, message and stack hold no known secret or secret parameter", () => {
    // The secrets are known to the redactor of whoever built the error (the client: its token).
    const redactor = new Redactor([TOKEN]);
    const echo = `/v25.0/me?access_token=${TOKEN}&appsecret_proof=${PROOF}`;
    const e = new GraphApiError({
      kind: "graph",
      method: "GET",
      path: "/v25.0/me",
      status: 400,
      code: 100,
      type: `OAuthException ${echo}`,
      fbtraceId: TOKEN,
      graphMessage: echo,
      retryable: false,
      redactor,
    });
    for (const field of [e.type, e.fbtraceId, e.message, e.stack, util.inspect(e, { showHidden: true })]) {
      assertClean(String(field));
    }
    expect(e.type).toBe(`OAuthException /v25.0/me?access_token=${REDACTED}&appsecret_proof=${REDACTED}`);
    expect(e.fbtraceId).toBe(REDACTED);
  });

  it("cuts server text after redacting it, so that no cut leaves part of a secret", () => {
    const e = new GraphApiError({
      redactor: new Redactor([TOKEN]),
      kind: "graph",
      method: "GET",
      path: "/v25.0/me",
      type: `${"t".repeat(190)}${TOKEN}`,
      retryable: false,
    });
    expect(e.type?.length).toBeLessThanOrEqual(200);
    expect(e.type).not.toContain(TOKEN.slice(0, 8));
  });
});

describe("a short token (a test double's) is accepted and never echoed", () => {
  const SHORT = "tok-0s9x2q"; // 10 characters

  it("is accepted by check, and a 190 that echoes the request URL does not show it", async () => {
    const emu = emulator();
    // The Page that owns the short token: the log's pageId proves that the request carried it.
    emu.addPage({ id: "4000000000000002", name: "Short Token Page", token: SHORT });
    emu.injectFault({ fault: { type: "graph", code: 190, status: 400, errorType: "OAuthException", echoUrl: true } });
    const lc = lifecycleFor(emu);
    const checked = await lc.check(
      {} as never,
      { accountLinkingUrl: "https://example.com/s", pageAccessToken: SHORT } as never,
    );
    expect(checked.failures).toEqual([]);
    const err = await rejection(lc.create(inputs("https://example.com/s", { pageAccessToken: SHORT })));
    expect(emu.requests()[0]).toMatchObject({
      pageId: "4000000000000002",
      rawQuery: "fields=id,name&access_token=[REDACTED]",
    });
    expect(err.message).toMatch(/token is invalid or expired/);
    expect(err.message).toMatch(/access_token=\[REDACTED\]/);
    for (const text of [err.message, String(err.stack), util.inspect(err, { showHidden: true }), JSON.stringify(err)])
      expect(text).not.toContain(SHORT);
  });
});

describe("secrets are known where they enter: no hidden global set", () => {
  const SECRET = "entered-secret-value-42";

  it("a Redactor removes the values it was given (and with() adds more); another redactor does not know them", () => {
    const r = new Redactor([SECRET, undefined, "short"]);
    expect(r.redact(`x ${SECRET} y short`)).toBe(`x ${REDACTED} y short`);
    expect(r.with("second-secret-9").redact(`${SECRET} second-secret-9`)).toBe(`${REDACTED} ${REDACTED}`);
    expect(new Redactor().redact(SECRET)).toBe(SECRET);
  });

  it("a client's credentials do not leak into a process-wide list: redact() knows only the patterns", () => {
    const emu = emulator();
    emu.addPage({ id: "4000000000000009", name: "Entered Page", token: SECRET });
    const client = new GraphClient({ baseUrl: emu.url, credentials: { accessToken: SECRET } });
    expect(client.redactor.redact(`echo ${SECRET}`)).toBe(`echo ${REDACTED}`);
    expect(redact(`echo ${SECRET}`)).toBe(`echo ${SECRET}`);
    expect(redact(`/v25.0/me?access_token=${SECRET}`)).toBe(`/v25.0/me?access_token=${REDACTED}`);
  });
});

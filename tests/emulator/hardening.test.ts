// The emulator's hardening, unit by unit: log redaction by name and by value, what a web page may
// send, and the connection limits (options, CLI flags). The hostile scenarios are rows of the
// reliability report (tests/reliability/hostile-emulator.test.ts).
import * as crypto from "crypto";
import fetch from "node-fetch";
import { EMULATOR_CONNECTION_LIMITS, startEmulator, type Emulator } from "../../emulator";
import { bodyKind, bodyRefusal, browserRefusal } from "../../emulator/browser-guard";
import { parseCliArgs, USAGE, UsageError } from "../../emulator/cli-args";
import { isSecretName, redactQuery } from "../../emulator/redaction";

describe("redaction by name", () => {
  it.each([
    ["access_token", true],
    ["ACCESS_TOKEN", true],
    ["Access-Token", true],
    ["accessToken", true],
    ["access%5Ftoken", true],
    ["access%255ftoken", true],
    ["access\\u005ftoken", true],
    [" access_token", true],
    ["appsecret_proof", true],
    ["app_secret", true],
    ["client_secret", true],
    ["input_token", true],
    ["access_tokens", false],
    ["token", false],
    ["fields", false],
  ])("%j names a secret: %s", (name, secret) => {
    expect(isSecretName(name)).toBe(secret);
  });

  it("treats ';' as a separator, and reads names in any case and encoding", () => {
    expect(redactQuery("fields=id;access_token=A;x=1")).toBe("fields=id;access_token=[REDACTED];x=1");
    expect(redactQuery("Access_Token=A&APPSECRET%5FPROOF=B&access_token=&k")).toBe(
      "Access_Token=[REDACTED]&APPSECRET%5FPROOF=[REDACTED]&access_token=[REDACTED]&k",
    );
  });
});

describe("redaction by value", () => {
  const token = "EMULATOR-HARDENING-TOKEN-0001";
  const secret = "hardening-app-secret-1";
  const rotated = "hardening-app-secret-2";
  const proofOf = (s: string) => crypto.createHmac("sha256", s).update(token).digest("hex");
  const control = "hardening-control-token-0123456789";
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator({
      pages: [{ id: "8000000000000001", name: "Hardening", token, appSecret: secret }],
      controlToken: control,
    });
  });
  afterAll(() => emu.close());

  const logText = () => JSON.stringify(emu.requests());

  it("replaces the proofs of a Page re-added with a rotated app secret, old and new", async () => {
    emu.addPage({ id: "8000000000000001", name: "Hardening", token: `${token}-2`, appSecret: rotated });
    for (const s of [secret, rotated])
      await fetch(`${emu.url}/v25.0/me?p=${proofOf(s)}&q=${Buffer.from(s).toString("base64")}`).then((r) => r.text());
    const text = logText();
    for (const s of [secret, rotated, proofOf(secret), proofOf(rotated)]) expect(text).not.toContain(s);
    expect(emu.requests().map((e) => e.rawQuery)).toEqual(["p=[REDACTED]&q=[REDACTED]", "p=[REDACTED]&q=[REDACTED]"]);
  });

  it("replaces the control token wherever a Graph request carries it", async () => {
    emu.clearRequests();
    await fetch(`${emu.url}/v25.0/me?x=${control}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ note: Buffer.from(control).toString("base64url") }),
    }).then((r) => r.text());
    expect(logText()).not.toContain(control);
    expect(emu.requests()[0]).toMatchObject({ rawQuery: "x=[REDACTED]", body: '{"note":"[REDACTED]"}' });
  });
});

describe("what a web page may send", () => {
  it.each([
    ["application/json", "json"],
    ["Application/JSON; charset=utf-8", "json"],
    ["application/x-www-form-urlencoded;charset=UTF-8", "form"],
    ["text/plain", undefined],
    ["text/plain; x=application/x-www-form-urlencoded", undefined],
    ["multipart/form-data; boundary=x", undefined],
    ["application/json-patch+json", undefined],
    [undefined, undefined],
  ])("Content-Type %j is read as %s", (type, kind) => {
    expect(bodyKind(type)).toBe(kind);
  });

  it.each([
    ["GET", undefined, 0, undefined],
    ["GET", "text/plain", 0, undefined],
    ["POST", undefined, 0, undefined],
    ["POST", "application/json", 10, undefined],
    ["DELETE", "application/x-www-form-urlencoded", 10, undefined],
    ["POST", undefined, 10, 415],
    ["POST", "text/plain", 0, 415],
    ["POST", "text/plain", 10, 415],
    ["GET", "text/plain", 10, 415],
    ["DELETE", "multipart/form-data; boundary=x", 10, 415],
  ])("%s with Content-Type %j and a %d-byte body: %s", (method, type, bytes, status) => {
    expect(bodyRefusal(method, type, bytes)?.status).toBe(status);
  });

  it.each([
    [{}, undefined],
    [{ "sec-fetch-site": "none" }, undefined],
    [{ "sec-fetch-site": "Same-Origin" }, undefined],
    [{ "sec-fetch-site": "same-site" }, 403],
    [{ "sec-fetch-site": "cross-site" }, 403],
    [{ "sec-fetch-site": "" }, 403],
    [{ origin: "null" }, 403],
    [{ origin: "" }, 403],
    [{ origin: "http://127.0.0.1:1", "sec-fetch-site": "same-origin" }, 403],
  ])("headers %j: %s", (headers, status) => {
    expect(browserRefusal(headers)?.status).toBe(status);
  });
});

describe("connection limits", () => {
  it("has defaults suited to a local test server, in emu.connectionLimits", async () => {
    expect(EMULATOR_CONNECTION_LIMITS).toEqual({
      maxConnections: 256,
      headersTimeoutMs: 10_000,
      requestTimeoutMs: 30_000,
      keepAliveTimeoutMs: 6_000,
      idleTimeoutMs: 15_000,
    });
    const emu = await startEmulator({ maxConnections: 8, keepAliveTimeoutMs: 100 });
    try {
      expect(emu.connectionLimits).toEqual({
        ...EMULATOR_CONNECTION_LIMITS,
        maxConnections: 8,
        keepAliveTimeoutMs: 100,
      });
      await fetch(`${emu.url}/v25.0/me`, { headers: { connection: "close" } }).then((r) => r.text());
      expect(emu.connections()).toBe(1);
      expect(emu.openConnections()).toBeLessThanOrEqual(1);
    } finally {
      await emu.close();
    }
  });

  it("moves the request timeout up to a longer headers timeout given alone, and the reverse", async () => {
    const longHeaders = await startEmulator({ headersTimeoutMs: 60_000 });
    const shortRequest = await startEmulator({ requestTimeoutMs: 500 });
    try {
      expect(longHeaders.connectionLimits).toMatchObject({ headersTimeoutMs: 60_000, requestTimeoutMs: 60_000 });
      expect(shortRequest.connectionLimits).toMatchObject({ headersTimeoutMs: 500, requestTimeoutMs: 500 });
    } finally {
      await longHeaders.close();
      await shortRequest.close();
    }
  });

  it.each([
    [{ maxConnections: 0 }, /maxConnections must be an integer from 1 to 1000000 \(got 0\)/],
    [{ headersTimeoutMs: 0 }, /headersTimeoutMs must be an integer from 1 to 2147483647/],
    [{ requestTimeoutMs: 1.5 }, /requestTimeoutMs must be an integer/],
    [{ keepAliveTimeoutMs: 2 ** 31 }, /keepAliveTimeoutMs must be an integer from 1 to 2147483647/],
    [{ idleTimeoutMs: -1 }, /idleTimeoutMs must be an integer/],
    [
      { headersTimeoutMs: 5000, requestTimeoutMs: 1000 },
      /headersTimeoutMs \(5000\) must not be longer than requestTimeoutMs \(1000\).*lower the first or raise the second/,
    ],
  ])("startEmulator refuses %j with the reason", async (options, reason) => {
    await expect(startEmulator(options)).rejects.toThrow(reason);
  });

  it("reads the limits from the command line", () => {
    const args = parseCliArgs([
      "--max-connections",
      "64",
      "--headers-timeout-ms",
      "2000",
      "--request-timeout-ms",
      "5000",
      "--keep-alive-timeout-ms",
      "1000",
      "--idle-timeout-ms",
      "3000",
    ]);
    expect(args).toMatchObject({
      maxConnections: 64,
      headersTimeoutMs: 2000,
      requestTimeoutMs: 5000,
      keepAliveTimeoutMs: 1000,
      idleTimeoutMs: 3000,
    });
    for (const flag of ["--max-connections N", "--headers-timeout-ms MS", "--idle-timeout-ms MS"])
      expect(USAGE).toContain(flag);
  });

  it.each([
    [["--max-connections", "0"], /--max-connections must be an integer from 1 to 1000000 \(got "0"\)/],
    [["--headers-timeout-ms", "10s"], /--headers-timeout-ms must be an integer from 1 to 2147483647/],
    [["--idle-timeout-ms", "4294967296"], /--idle-timeout-ms must be an integer from 1 to 2147483647/],
  ])("refuses %j with a UsageError", (argv, reason) => {
    expect(() => parseCliArgs(argv)).toThrow(UsageError);
    expect(() => parseCliArgs(argv)).toThrow(reason);
  });
});

/**
 * Hostile clients of the emulator: malformed request lines, malformed control API bodies, huge
 * bodies, a growing log, cross-site writes, remote peers. The emulator runs as a child process
 * (the built CLI): every scenario ends by checking that the process is alive and still answers a
 * Graph call. The later rows (`hostile/emulator-log`, `-origin`, `-connections`: secrets spelled or
 * encoded to slip past the log's redaction, requests a web page sends, idle and slow connections)
 * start emulators in process, from the sources, with short timeouts. Only loopback traffic.
 */
import * as fs from "fs";
import * as http from "http";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import fetch from "node-fetch";
import { startEmulator, type Emulator } from "../../emulator";
import { threadSettingsDeleteRequest, threadSettingsSetRequest } from "../../provider/account-linking/apis";
import { appSecretProof, GraphClient } from "../../provider/graph/client";
import { meRequest } from "../../provider/graph/wire";
import { spawnEmulator, rawExchange, type EmulatorProcess } from "../support/emulator-process";
import { mulberry32, SEED } from "../support/prng";
import { scenario, useReport } from "../support/report";
import { secrets, seedPage, type ScanText } from "../support/secret-scan";

useReport("hostile-emulator");

const CATEGORY = "hostile/emulator";
const random = mulberry32(SEED + 97);
const page = seedPage(random, 0, { id: "7000000000000001", appSecret: true, prefix: "Hostile Page", shape: "pipe" });
const proof = appSecretProof(page.token, page.appSecret ?? "");
const MAX_BODY = 65_536;
const LOG_ENTRIES = 20;
const LOG_BODY = 64;

let emu: EmulatorProcess;
let dir: string;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "hostile-emulator-"));
  const pagesFile = path.join(dir, "pages.json");
  fs.writeFileSync(pagesFile, JSON.stringify([page]));
  emu = await spawnEmulator([
    "--pages",
    pagesFile,
    "--max-body-bytes",
    String(MAX_BODY),
    "--max-log-entries",
    String(LOG_ENTRIES),
    "--log-body-bytes",
    String(LOG_BODY),
  ]);
});
afterAll(async () => {
  await emu?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

const me = () => `/v25.0/me?access_token=${encodeURIComponent(page.token)}`;

/** The emulator process is alive and answers a Graph call as before. */
async function stillServing(): Promise<void> {
  if (!emu.alive()) throw new Error(`the emulator process died: ${emu.output().stderr}`);
  const res = await fetch(`${emu.url}${me()}`);
  expect(res.status).toBe(400); // no appsecret_proof: the Page requires one, the answer is Graph's
  expect(((await res.json()) as { error: { code: number } }).error.code).toBe(100);
}

async function control(method: string, route: string, body?: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${emu.url}/__emulator/${route}`, {
    method,
    headers: { "content-type": "application/json", ...headers },
    body,
  });
  return { status: res.status, text: await res.text() };
}

function graphShaped400(text: string): void {
  const body = JSON.parse(text.slice(text.indexOf("\r\n\r\n") + 4)) as { error: Record<string, unknown> };
  expect(body.error).toMatchObject({
    code: 100,
    type: expect.any(String) as unknown,
    message: expect.any(String) as unknown,
    fbtrace_id: expect.any(String) as unknown,
  });
}

describe("malformed requests do not stop the emulator", () => {
  (
    [
      [
        "GET //[x (a path that is an invalid authority)",
        "GET //[x HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
      ],
      [
        "an absolute-form target with a bad host (GET http://[bad)",
        "GET http://[bad HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
      ],
      [
        "an absolute-form target of another scheme",
        "GET ftp://x/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
      ],
      ["a request line that is not HTTP", "\u0001\u0002 nonsense\r\n\r\n"],
      ["an invalid header line", "GET /v25.0/me HTTP/1.1\r\nHost 127.0.0.1\r\nConnection: close\r\n\r\n"],
    ] as const
  ).forEach(([name, head]) => {
    scenario(CATEGORY, `emulator answers ${name} with 400 and keeps serving`, async () => {
      const r = await rawExchange(emu.port, head);
      expect(r.status).toBe(400);
      expect(r.ended).toBe("closed");
      graphShaped400(r.response);
      await stillServing();
      return { details: { status: r.status } };
    });
  });
});

scenario(CATEGORY, "emulator answers a 64 KiB header with 431 and keeps serving", async () => {
  const r = await rawExchange(
    emu.port,
    `GET /v25.0/me HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${"a".repeat(65_536)}\r\n\r\n`,
  );
  expect(r.status).toBe(431);
  await stillServing();
  return { details: { status: r.status } };
});

describe("malformed control API bodies are refused with the reason", () => {
  (
    [
      [
        "a fault status of 1000",
        '{"fault":{"type":"status","status":1000}}',
        /status must be an integer from 100 to 599/,
      ],
      [
        "a fault header value with CR/LF",
        '{"fault":{"type":"status","status":503,"headers":{"x-a":"1\\r\\nset-cookie: x=1"}}}',
        /not allowed in a header value/,
      ],
      [
        "a fault header name with a space",
        '{"fault":{"type":"status","status":503,"headers":{"x a":"1"}}}',
        /invalid header name/,
      ],
      [
        "a non-string match.method",
        '{"match":{"method":42},"fault":{"type":"reset"}}',
        /match.method must be a string/,
      ],
      ["a negative times", '{"fault":{"type":"reset"},"times":-1}', /times must be an integer from 0/],
      [
        "a delay beyond Node's timer range",
        '{"fault":{"type":"delay","ms":4294967296}}',
        /ms must be an integer from 0 to 2147483647/,
      ],
      ["an unknown fault type", '{"fault":{"type":"explode"}}', /type must be one of/],
      [
        "a chaos rate of 2",
        '{"rate":2,"seed":1,"faults":[{"type":"reset"}]}',
        /rate must be a number from 0 to 1/,
        "chaos",
      ],
      [
        "a chaos fault with a bad status",
        '{"rate":0.5,"seed":1,"faults":[{"type":"html","status":99}]}',
        /faults\[0\]\.status/,
        "chaos",
      ],
      ["a rate limit of -1 calls", '{"calls":-1}', /calls must be an integer from 1/, "rate-limit"],
      ["a body that is not JSON", "{", /not valid JSON/],
      ["a JSON array", "[1]", /must be a JSON object/],
    ] as Array<[string, string, RegExp, string?]>
  ).forEach(([name, body, reason, route = "faults"]) => {
    scenario(CATEGORY, `emulator control API refuses ${name} with 400 and keeps serving`, async () => {
      const r = await control("POST", route, body);
      expect(r.status).toBe(400);
      expect((JSON.parse(r.text) as { error: string }).error).toMatch(reason);
      await stillServing();
      const pending = JSON.parse((await control("DELETE", "faults")).text) as { pending: number };
      expect(pending.pending).toBe(0);
      return { details: { status: r.status, reason: r.text } };
    });
  });
});

scenario(CATEGORY, "emulator control API refuses a non-string Page URL (400) and an unknown Page (404)", async () => {
  const bad = await control("PUT", `pages/${page.id}`, '{"accountLinkingUrl":42}');
  expect(bad.status).toBe(400);
  const unknown = await control("PUT", "pages/9999", '{"accountLinkingUrl":"https://x.example/"}');
  expect(unknown.status).toBe(404);
  const badId = await control("PUT", "pages/%E0", '{"accountLinkingUrl":"https://x.example/"}');
  expect(badId.status).toBe(400);
  await stillServing();
  return { details: { statuses: [bad.status, unknown.status, badId.status] } };
});

scenario(CATEGORY, "emulator fault with times 0 never fires", async () => {
  const r = await control("POST", "faults", '{"fault":{"type":"reset"},"times":0}');
  expect(JSON.parse(r.text)).toEqual({ pending: 0 });
  await stillServing(); // would be a reset connection if the fault fired
  return { details: { answer: r.text } };
});

scenario(CATEGORY, "emulator answers a body declared at 600 MB with 413 without reading it", async () => {
  const r = await rawExchange(
    emu.port,
    `POST ${me()} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 629145600\r\n\r\n`,
  );
  expect(r.status).toBe(413);
  graphShaped400(r.response);
  await stillServing();
  return { details: { status: r.status } };
});

scenario(CATEGORY, "emulator stops reading a streamed body past the cap (413) and keeps serving", async () => {
  let sent = 0;
  const chunk = Buffer.alloc(16_384, "a");
  const limit = 64 * 1024 * 1024;
  const r = await rawExchange(
    emu.port,
    `POST ${me()} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`,
    () => {
      if (sent >= limit) return undefined;
      sent += chunk.length;
      return Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from("\r\n")]);
    },
    20_000,
  );
  expect(r.status).toBe(413);
  expect(r.ended).not.toBe("timeout");
  // The server stopped reading: far less than the 64 MiB offered went out.
  expect(r.written).toBeLessThan(limit / 2);
  const log = JSON.parse((await control("GET", "requests")).text) as Array<{ status?: number; bodyBytes: number }>;
  const refused = log.filter((e) => e.status === 413).at(-1);
  expect(refused?.bodyBytes).toBeGreaterThan(MAX_BODY);
  expect(refused?.bodyBytes).toBeLessThanOrEqual(MAX_BODY + 65_536);
  await stillServing();
  return { details: { written: r.written, loggedBytes: refused?.bodyBytes } };
});

scenario(CATEGORY, "emulator keeps its log a bounded ring of body prefixes under many large requests", async () => {
  await control("DELETE", "requests");
  const body = JSON.stringify({ account_linking_url: `https://example.com/${"x".repeat(60_000)}` });
  for (let i = 0; i < LOG_ENTRIES * 3; i++) {
    await fetch(`${emu.url}/v25.0/me/messenger_profile?n=${i}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    }).then((r) => r.text());
  }
  const text = (await control("GET", "requests")).text;
  const log = JSON.parse(text) as Array<{ seq: number; body: string; bodyBytes: number; rawQuery: string }>;
  expect(log).toHaveLength(LOG_ENTRIES);
  expect(log.map((e) => e.rawQuery)).toEqual(
    Array.from({ length: LOG_ENTRIES }, (_, i) => `n=${LOG_ENTRIES * 2 + i}`), // the newest, oldest first
  );
  for (const e of log) {
    expect(Buffer.byteLength(e.body)).toBeLessThanOrEqual(LOG_BODY);
    expect(e.bodyBytes).toBe(Buffer.byteLength(body));
  }
  expect(text.length).toBeLessThan(LOG_ENTRIES * 1024);
  await stillServing();
  return { details: { entries: log.length, logChars: text.length } };
});

scenario(CATEGORY, "emulator refuses a cross-site text/plain control write (415) and keeps the Page", async () => {
  const before = JSON.parse((await control("GET", "pages")).text) as unknown;
  const attempts = [
    await control("PUT", `pages/${page.id}`, '{"accountLinkingUrl":"https://evil.example/"}', {
      "content-type": "text/plain;charset=UTF-8",
      origin: "https://evil.example",
    }),
    await control("POST", "faults", '{"fault":{"type":"reset"}}', {
      "content-type": "application/x-www-form-urlencoded",
    }),
    await control("DELETE", "requests", undefined, { "content-type": "multipart/form-data; boundary=x" }),
  ];
  expect(attempts.map((a) => a.status)).toEqual([415, 415, 415]);
  expect(JSON.parse((await control("GET", "pages")).text)).toEqual(before);
  await stillServing();
  return { details: { statuses: attempts.map((a) => a.status) } };
});

scenario(CATEGORY, "emulator refuses its control API to a loopback peer using a foreign Host name (403)", async () => {
  const r = await control("GET", "requests", undefined, { host: `rebound.example:${emu.port}` });
  expect(r.status).toBe(403);
  await stillServing();
  return { details: { status: r.status } };
});

scenario(CATEGORY, "emulator log redacts access_token and appsecret_proof (query, JSON and form bodies)", async () => {
  await control("DELETE", "requests");
  const q = `access_token=${encodeURIComponent(page.token)}&appsecret_proof=${proof}`;
  await fetch(`${emu.url}/v25.0/me?${q}`).then((r) => r.text());
  await fetch(`${emu.url}/v25.0/me/messenger_profile`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ access_token: page.token, appsecret_proof: proof, account_linking_url: "https://e.x/" }),
  }).then((r) => r.text());
  await fetch(`${emu.url}/v25.0/me/messenger_profile`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: `${q}&account_linking_url=https%3A%2F%2Fe.x%2F`,
  }).then((r) => r.text());
  const text = (await control("GET", "requests")).text;
  const log = JSON.parse(text) as Array<{ rawQuery: string; body: string; pageId?: string; appSecretProof?: string }>;
  expect(log.map((e) => [e.pageId, e.appSecretProof])).toEqual([
    [page.id, "valid"],
    [page.id, "valid"],
    [page.id, "valid"],
  ]);
  expect(log[0].rawQuery).toBe("access_token=[REDACTED]&appsecret_proof=[REDACTED]");
  expect(text).toContain("[REDACTED]");
  const texts: ScanText[] = [
    { where: "GET /__emulator/requests", text },
    { where: "emulator stdout", text: emu.output().stdout },
    { where: "emulator stderr", text: emu.output().stderr },
  ];
  const scan = secrets.assertClean(texts);
  await stillServing();
  return { details: { entries: log.length }, scan };
});

describe("remote peers", () => {
  let local: Emulator | undefined;
  afterEach(async () => {
    await local?.close();
    local = undefined;
  });

  scenario(CATEGORY, "emulator refuses its control API to a non-loopback peer without a token (403)", async () => {
    // The peer is on loopback; the emulator is told to treat it as remote (no other address is used).
    local = await startEmulator({ pages: [page], isLocalPeer: () => false });
    await fetch(`${local.url}${me()}`).then((r) => r.text());
    const res = await fetch(`${local.url}/__emulator/requests`);
    const text = await res.text();
    expect(res.status).toBe(403);
    expect(text).not.toContain("access_token");
    return { details: { status: res.status }, scan: secrets.assertClean([{ where: "answer", text }]) };
  });

  scenario(CATEGORY, "emulator serves its control API to a remote peer only with the control token", async () => {
    const token = "control-token-for-the-test-0123456789";
    local = await startEmulator({ pages: [page], isLocalPeer: () => false, controlToken: token });
    const get = (headers: Record<string, string>) =>
      fetch(`${local!.url}/__emulator/pages`, { headers }).then((r) => r.status);
    const statuses = {
      none: await get({}),
      wrong: await get({ "x-emulator-control-token": "wrong" }),
      header: await get({ "x-emulator-control-token": token }),
      bearer: await get({ authorization: `Bearer ${token}` }),
    };
    expect(statuses).toEqual({ none: 401, wrong: 401, header: 200, bearer: 200 });
    return { details: statuses };
  });
});

// ---------------------------------------------------------------------------------------------
// The log never keeps a secret, whatever the spelling of the key or the encoding of the body
// (in-process emulators built from the sources, on loopback).

const LOG = "hostile/emulator-log";
const ORIGIN = "hostile/emulator-origin";
const CONNECTIONS = "hostile/emulator-connections";
/** A Page without an app secret, as the demo Pages are: its token alone drives it. */
const demo = seedPage(random, 1, { id: "7000000000000002", prefix: "Hostile Demo Page", shape: "eaa" });
const SECRET_VALUES: ReadonlyArray<readonly [string, string]> = [
  ["token", page.token],
  ["app secret", page.appSecret ?? ""],
  ["appsecret_proof", proof],
  ["demo token", demo.token],
];

/** Every form of a secret a log could hold: raw, percent-encoded (both cases, in part or per byte), \u-escaped, base64(url). */
function leakForms(value: string): string[] {
  const bytes = Buffer.from(value, "utf8");
  const perByte = [...bytes].map((b) => `%${b.toString(16).padStart(2, "0").toUpperCase()}`).join("");
  const base64 = bytes.toString("base64");
  return [
    value,
    encodeURIComponent(value),
    encodeURIComponent(value).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()),
    perByte,
    perByte.toLowerCase(),
    [...value].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`).join(""),
    base64,
    base64.replace(/=+$/, ""),
    bytes.toString("base64url"),
  ];
}

const lowerPercent = (v: string) =>
  [...Buffer.from(v, "utf8")].map((b) => `%${b.toString(16).padStart(2, "0")}`).join("");
const jsonEscaped = (v: string) => [...v].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`).join("");

/**
 * Reads the log over the control API and checks that no form of any secret is in it (nor any
 * 16-character piece of one, which a cut body prefix could leave), then runs the suite's scan.
 */
async function cleanLog(emu: Emulator, extra: ReadonlyArray<readonly [string, string]> = []) {
  const text = await fetch(`${emu.url}/__emulator/requests`).then((r) => r.text());
  const found: string[] = [];
  for (const [label, value] of [...SECRET_VALUES, ...extra]) {
    if (leakForms(value).some((f) => text.includes(f))) found.push(label);
    for (let i = 0; i + 16 <= value.length; i++)
      if (text.includes(value.slice(i, i + 16))) {
        found.push(`${label} (a piece at ${i})`);
        break;
      }
  }
  expect(found).toEqual([]);
  const log = JSON.parse(text) as Array<{ status?: number; rawQuery: string; body: string; pageId?: string }>;
  return { log, text, scan: secrets.assertClean([{ where: "GET /__emulator/requests", text }]) };
}

/** Sends one Graph request to an in-process emulator; a Buffer body goes without Content-Type. */
async function send(
  emu: Emulator,
  method: string,
  pathAndQuery: string,
  body?: string | Buffer,
  headers: Record<string, string> = {},
) {
  const res = await fetch(`${emu.url}${pathAndQuery}`, { method, body, headers });
  const text = await res.text();
  return { status: res.status, text, headers: res.headers };
}

const enc = encodeURIComponent;

describe("the request log keeps no secret, however the request spells it", () => {
  let logEmu: Emulator;
  beforeAll(async () => {
    logEmu = await startEmulator({ pages: [page, demo], logBodyBytes: 256 });
  });
  afterAll(async () => {
    await logEmu?.close();
  });
  beforeEach(() => {
    logEmu.clearRequests();
    logEmu.resetRateLimits();
  });

  scenario(LOG, 'emulator log redacts a JSON body whose keys are written "access\\u005ftoken"', async () => {
    const body = `{"access\\u005ftoken":${JSON.stringify(page.token)},"appsecret\\u005Fproof":"${proof}","account_linking_url":"https://e.example/"}`;
    const r = await send(logEmu, "POST", "/v25.0/me/messenger_profile", body, { "content-type": "application/json" });
    // The emulator reads the escaped keys as JSON does: the call is authenticated.
    expect(r.status).toBe(200);
    const { log, scan } = await cleanLog(logEmu);
    expect(log[0]).toMatchObject({ pageId: page.id, appSecretProof: "valid" });
    expect(log[0].body).toBe(
      `{"access\\u005ftoken":"[REDACTED]","appsecret\\u005Fproof":"[REDACTED]","account_linking_url":"https://e.example/"}`,
    );
    return { details: { status: r.status, body: log[0].body }, scan };
  });

  scenario(LOG, "emulator log redacts a form body sent without Content-Type or as text/plain", async () => {
    const form = `access_token=${enc(page.token)}&appsecret_proof=${proof}&account_linking_url=https%3A%2F%2Fe.example%2F`;
    const none = await send(logEmu, "POST", "/v25.0/me/messenger_profile", Buffer.from(form));
    const plain = await send(logEmu, "POST", "/v25.0/me/messenger_profile", form, { "content-type": "text/plain" });
    const multipart = await send(
      logEmu,
      "POST",
      "/v25.0/me/messenger_profile",
      `--x\r\nContent-Disposition: form-data; name="access_token"\r\n\r\n${page.token}\r\n--x--\r\n`,
      { "content-type": "multipart/form-data; boundary=x" },
    );
    const { log, scan } = await cleanLog(logEmu);
    expect(log.map((e) => [e.status, e.body.slice(0, 36)])).toEqual([
      [415, "access_token=[REDACTED]&appsecret_pr"],
      [415, "access_token=[REDACTED]&appsecret_pr"],
      [415, "--x\r\nContent-Disposition: form-data;"],
    ]);
    return { details: { statuses: [none.status, plain.status, multipart.status] }, scan };
  });

  scenario(LOG, "emulator log redacts parameters separated by ';' (fields=id;access_token=…)", async () => {
    const q = `fields=id;access_token=${enc(page.token)};appsecret_proof=${proof}`;
    await send(logEmu, "GET", `/v25.0/me?${q}`);
    await send(logEmu, "POST", "/v25.0/me/messenger_profile", `a=1;${q}`, {
      "content-type": "application/x-www-form-urlencoded",
    });
    const { log, scan } = await cleanLog(logEmu);
    expect(log[0].rawQuery).toBe("fields=id;access_token=[REDACTED];appsecret_proof=[REDACTED]");
    expect(log[1].body).toBe("a=1;fields=id;access_token=[REDACTED];appsecret_proof=[REDACTED]");
    return { details: { rawQuery: log[0].rawQuery }, scan };
  });

  scenario(
    LOG,
    "emulator log redacts secret names percent-encoded or in another case, in query, form and JSON",
    async () => {
      await send(logEmu, "GET", `/v25.0/me?ACCESS_TOKEN=${enc(page.token)}&Appsecret%5FProof=${proof}`);
      await send(logEmu, "POST", "/v25.0/me/messenger_profile", `access%5ftoken=${enc(page.token)}&x=1`, {
        "content-type": "application/x-www-form-urlencoded",
      });
      const json = JSON.stringify({ Access_Token: page.token, nested: { "access-token": [page.token] } });
      await send(logEmu, "POST", "/v25.0/me/messenger_profile", json, { "content-type": "application/json" });
      const { log, scan } = await cleanLog(logEmu);
      expect(log.map((e) => e.rawQuery || e.body)).toEqual([
        "ACCESS_TOKEN=[REDACTED]&Appsecret%5FProof=[REDACTED]",
        "access%5ftoken=[REDACTED]&x=1",
        '{"Access_Token":"[REDACTED]","nested":{"access-token":"[REDACTED]"}}',
      ]);
      return { details: { logged: log.map((e) => e.rawQuery || e.body) }, scan };
    },
  );

  scenario(
    LOG,
    "emulator log redacts a known token under any name, in the path, the query, the body and the Content-Type, in any encoding",
    async () => {
      const t = page.token;
      const b64 = Buffer.from(t).toString("base64");
      const doubly = encodeURIComponent(encodeURIComponent(t));
      await send(
        logEmu,
        "POST",
        `/v25.0/${lowerPercent(t)}/messenger_profile?note=${lowerPercent(t)}&b=${Buffer.from(t).toString("base64url")}&p=${lowerPercent(proof)}`,
        JSON.stringify({ x: b64, z: doubly, s: page.appSecret }).replace("}", `,"y":"${jsonEscaped(t)}"}`),
        { "content-type": `application/json; note="${b64}"` },
      );
      const { log, text, scan } = await cleanLog(logEmu);
      expect(text).toContain("[REDACTED]");
      return { details: { rawQuery: log[0].rawQuery, body: log[0].body }, scan };
    },
  );

  scenario(LOG, "emulator log redacts a token cut by the body prefix (no piece of it is kept)", async () => {
    // The token starts 20 bytes before the end of the 256-byte prefix the log keeps.
    const head = '{"note":"';
    const body = `${head}${"x".repeat(236 - head.length)}${page.token}","more":"${"y".repeat(300)}"}`;
    await send(logEmu, "POST", "/v25.0/me/messenger_profile", body, { "content-type": "application/json" });
    const { log, scan } = await cleanLog(logEmu);
    expect(Buffer.byteLength(log[0].body)).toBeLessThanOrEqual(256);
    expect(log[0].body.endsWith(`${"x".repeat(10)}[REDACTED]`)).toBe(true);
    return { details: { kept: log[0].body.length }, scan };
  });

  scenario(
    LOG,
    "emulator log redacts every value it read under a secret name wherever it recurs, unknown tokens and wrong proofs too",
    async () => {
      const unknown = "UNKNOWN-TOKEN-the-emulator-never-seeded-0123456789";
      const wrongProof = "0123456789abcdef".repeat(4);
      const b64 = Buffer.from(unknown).toString("base64url");
      const r = await send(
        logEmu,
        "POST",
        `/v25.0/me/messenger_profile?access_token=${unknown}&appsecret_proof=${wrongProof}&echo=${b64}`,
        JSON.stringify({ echo: unknown, proof: wrongProof }),
        { "content-type": "application/json" },
      );
      expect(r.status).toBe(400); // 190: the token is unknown
      const { log, scan } = await cleanLog(logEmu, [
        ["unknown token", unknown],
        ["wrong proof", wrongProof],
      ]);
      expect(log[0].rawQuery).toBe("access_token=[REDACTED]&appsecret_proof=[REDACTED]&echo=[REDACTED]");
      expect(log[0].body).toBe('{"echo":"[REDACTED]","proof":"[REDACTED]"}');
      return { details: { rawQuery: log[0].rawQuery, body: log[0].body }, scan };
    },
  );

  scenario(LOG, "emulator log keeps its documented format for what the provider sends", async () => {
    const client = new GraphClient({
      baseUrl: logEmu.url,
      credentials: { accessToken: page.token, appSecret: page.appSecret },
      retry: { maxRetries: 0 },
    });
    await client.call(meRequest("v25.0"));
    await client.call(threadSettingsSetRequest("v2.6", "https://provider.example/link"));
    const { log, scan } = await cleanLog(logEmu);
    expect(log.map((e) => [e.rawQuery, e.body])).toEqual([
      ["fields=id,name&access_token=[REDACTED]&appsecret_proof=[REDACTED]", ""],
      [
        "access_token=[REDACTED]&appsecret_proof=[REDACTED]",
        '{"setting_type":"account_linking","account_linking_url":"https://provider.example/link"}',
      ],
    ]);
    return { details: { entries: log.length }, scan };
  });
});

// ---------------------------------------------------------------------------------------------
// A web page cannot drive the emulator.

type GraphErrorBody = { error: { message: string; code: number; type: string; fbtrace_id: string } };

/** A Graph-shaped refusal with this status whose message matches `reason`. */
function graphRefusal(r: { status: number; text: string }, status: number, reason: RegExp): string {
  expect(r.status).toBe(status);
  const body = JSON.parse(r.text) as GraphErrorBody;
  expect(body.error).toMatchObject({ code: 100, type: expect.any(String) as unknown });
  expect(body.error.fbtrace_id).toMatch(/^[A-Za-z0-9]+$/);
  expect(body.error.message).toMatch(reason);
  return body.error.message;
}

describe("a web page cannot drive the emulator", () => {
  let web: Emulator;
  const demoToken = `access_token=${enc(demo.token)}`;
  const original = "https://original.example/link";
  beforeAll(async () => {
    web = await startEmulator({ pages: [page, { ...demo, accountLinkingUrl: original }] });
  });
  afterAll(async () => {
    await web?.close();
  });
  beforeEach(() => {
    web.clearRequests();
    web.resetRateLimits();
    web.setAccountLinkingUrl(demo.id, original);
  });

  scenario(
    ORIGIN,
    "emulator refuses a cross-origin text/plain POST that would rewrite a Page's URL (403)",
    async () => {
      // What <form enctype="text/plain"> or fetch(…, {mode: "no-cors"}) on any site sends: no preflight.
      const body = JSON.stringify({ setting_type: "account_linking", account_linking_url: "https://evil.example/" });
      const r = await send(web, "POST", `/v2.6/me/thread_settings?${demoToken}`, body, {
        "content-type": "text/plain;charset=UTF-8",
        origin: "https://evil.example",
        "sec-fetch-site": "cross-site",
      });
      const message = graphRefusal(r, 403, /Origin header \("https:\/\/evil\.example"\).*send no Origin header/);
      expect(web.page(demo.id)?.accountLinkingUrl).toBe(original);
      expect(web.requests().map((e) => e.status)).toEqual([403]);
      return { details: { status: r.status, message } };
    },
  );

  scenario(
    ORIGIN,
    "emulator refuses any request with an Origin header, its own origin and 'null' included (403)",
    async () => {
      const statuses: number[] = [];
      for (const origin of [web.url, "null", "http://localhost:3000"]) {
        const r = await send(web, "GET", `/v25.0/me?${demoToken}`, undefined, { origin });
        graphRefusal(r, 403, /Origin header/);
        statuses.push(r.status);
        const del = await send(
          web,
          "DELETE",
          `/v2.6/me/thread_settings?${demoToken}`,
          '{"setting_type":"account_linking"}',
          {
            origin,
            "content-type": "application/json",
          },
        );
        statuses.push(del.status);
      }
      expect(statuses).toEqual([403, 403, 403, 403, 403, 403]);
      expect(web.page(demo.id)?.accountLinkingUrl).toBe(original);
      return { details: { statuses } };
    },
  );

  scenario(
    ORIGIN,
    "emulator refuses Sec-Fetch-Site cross-site and same-site (403), accepts none and same-origin",
    async () => {
      const status = async (site: string) =>
        (await send(web, "GET", `/v25.0/me?${demoToken}`, undefined, { "sec-fetch-site": site })).status;
      const statuses = {
        crossSite: await status("cross-site"),
        sameSite: await status("same-site"),
        none: await status("none"),
        sameOrigin: await status("same-origin"),
      };
      expect(statuses).toEqual({ crossSite: 403, sameSite: 403, none: 200, sameOrigin: 200 });
      const r = await send(web, "GET", `/v25.0/me?${demoToken}`, undefined, { "sec-fetch-site": "cross-site" });
      graphRefusal(r, 403, /Sec-Fetch-Site "cross-site".*only "none" and "same-origin"/);
      return { details: statuses };
    },
  );

  scenario(
    ORIGIN,
    "emulator refuses Graph bodies it does not read: text/plain, multipart, none (415), and keeps the Page",
    async () => {
      const body = JSON.stringify({ setting_type: "account_linking", account_linking_url: "https://evil.example/" });
      const post = (b: string | Buffer, headers: Record<string, string>) =>
        send(web, "POST", `/v2.6/me/thread_settings?${demoToken}`, b, headers);
      const attempts = [
        await post(body, { "content-type": "text/plain" }),
        await post(body, { "content-type": "multipart/form-data; boundary=x" }),
        await post(Buffer.from(body), {}),
        await post("", { "content-type": "text/plain" }),
        await send(web, "DELETE", `/v2.6/me/thread_settings?${demoToken}`, body, { "content-type": "text/plain" }),
      ];
      expect(attempts.map((a) => a.status)).toEqual([415, 415, 415, 415, 415]);
      graphRefusal(attempts[0], 415, /does not read request bodies of type "text\/plain".*application\/json/);
      graphRefusal(attempts[2], 415, /has a body but no Content-Type/);
      expect(web.page(demo.id)?.accountLinkingUrl).toBe(original);
      return { details: { statuses: attempts.map((a) => a.status) } };
    },
  );

  scenario(ORIGIN, "emulator answers a CORS preflight with 403 and no Access-Control-Allow-* header", async () => {
    const r = await rawExchange(
      web.port,
      `OPTIONS /v2.6/me/thread_settings?${demoToken} HTTP/1.1\r\nHost: 127.0.0.1:${web.port}\r\nOrigin: https://evil.example\r\n` +
        "Access-Control-Request-Method: POST\r\nAccess-Control-Request-Headers: content-type\r\nConnection: close\r\n\r\n",
    );
    expect(r.status).toBe(403);
    expect(r.response.toLowerCase()).not.toContain("access-control-allow");
    return { details: { status: r.status } };
  });

  scenario(
    ORIGIN,
    "emulator control API refuses requests a web page sent (403), writes from a page still 415",
    async () => {
      const get = (headers: Record<string, string>) =>
        fetch(`${web.url}/__emulator/requests`, { headers }).then(async (r) => ({
          status: r.status,
          text: await r.text(),
        }));
      const fromPage = await get({ origin: "https://evil.example" });
      const crossSite = await get({ "sec-fetch-site": "cross-site" });
      const plain = await get({});
      const write = await fetch(`${web.url}/__emulator/pages/${demo.id}`, {
        method: "PUT",
        headers: { "content-type": "text/plain", origin: "https://evil.example" },
        body: '{"accountLinkingUrl":"https://evil.example/"}',
      });
      expect([fromPage.status, crossSite.status, plain.status, write.status]).toEqual([403, 403, 200, 415]);
      expect((JSON.parse(fromPage.text) as { error: string }).error).toMatch(/Origin header/);
      expect(web.page(demo.id)?.accountLinkingUrl).toBe(original);
      return { details: { statuses: [fromPage.status, crossSite.status, plain.status, write.status] } };
    },
  );

  scenario(
    ORIGIN,
    "emulator still answers what the provider and the tests send (JSON with charset, forms, no body)",
    async () => {
      const client = new GraphClient({
        baseUrl: web.url,
        credentials: { accessToken: demo.token },
        retry: { maxRetries: 0 },
      });
      await client.call(meRequest("v25.0"));
      await client.call(threadSettingsSetRequest("v2.6", "https://provider.example/link"));
      expect(web.page(demo.id)?.accountLinkingUrl).toBe("https://provider.example/link");
      await client.call(threadSettingsDeleteRequest("v2.6"));
      const json = await send(
        web,
        "POST",
        `/v25.0/me/messenger_profile?${demoToken}`,
        '{"account_linking_url":"https://j.example/"}',
        {
          "content-type": "Application/JSON; charset=utf-8",
        },
      );
      const form = await send(
        web,
        "POST",
        "/v25.0/me/messenger_profile",
        `${demoToken}&account_linking_url=https%3A%2F%2Ff.example%2F`,
        {
          "content-type": "application/x-www-form-urlencoded;charset=UTF-8",
        },
      );
      expect([json.status, form.status]).toEqual([200, 200]);
      expect(web.page(demo.id)?.accountLinkingUrl).toBe("https://f.example/");
      expect(web.requests().map((e) => e.status)).toEqual([200, 200, 200, 200, 200]);
      return { details: { statuses: web.requests().map((e) => e.status) } };
    },
  );
});

// ---------------------------------------------------------------------------------------------
// Idle and slow connections cannot hold the emulator (short timeouts set through its options).

/** Connections opened to `port` (in batches), each sending `first` when given; counts those the server closed. */
async function openMany(port: number, n: number, first?: string) {
  const sockets: net.Socket[] = [];
  let closed = 0;
  for (let i = 0; i < n; i += 50) {
    const batch = Array.from(
      { length: Math.min(50, n - i) },
      () =>
        new Promise<void>((resolve) => {
          const s = net.connect({ host: "127.0.0.1", port }, () => {
            if (first !== undefined) s.write(first);
            resolve();
          });
          s.on("error", () => resolve());
          s.on("close", () => closed++);
          sockets.push(s);
        }),
    );
    await Promise.all(batch);
  }
  return { closed: () => closed, destroy: () => sockets.forEach((s) => s.destroy()) };
}

/** Waits until `done()` holds (polling), at most `ms`. */
async function until(done: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!done() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
}

/** One socket that sends `head`, then `drip` every `everyMs` (when given); resolves when the server closes it. */
function watchClose(port: number, head: string, drip?: { text: string; everyMs: number }, ms = 10_000) {
  return new Promise<{ response: string; closedAfterMs: number | undefined }>((resolve) => {
    const t0 = Date.now();
    const chunks: Buffer[] = [];
    let timer: NodeJS.Timeout | undefined;
    const s = net.connect({ host: "127.0.0.1", port }, () => {
      s.write(head);
      if (drip) timer = setInterval(() => s.writable && s.write(drip.text), drip.everyMs);
    });
    const done = (closedAfterMs: number | undefined) => {
      clearInterval(timer);
      clearTimeout(limit);
      s.destroy();
      resolve({ response: Buffer.concat(chunks).toString("latin1"), closedAfterMs });
    };
    const limit = setTimeout(() => done(undefined), ms);
    s.on("data", (c: Buffer) => chunks.push(c));
    s.on("error", () => undefined);
    s.on("close", () => done(Date.now() - t0));
  });
}

describe("idle and slow connections cannot hold the emulator", () => {
  let local: Emulator | undefined;
  afterEach(async () => {
    await local?.close();
    local = undefined;
  });
  const client = (emu: Emulator) =>
    new GraphClient({
      baseUrl: emu.url,
      credentials: { accessToken: page.token, appSecret: page.appSecret },
      retry: { maxRetries: 0, attemptTimeoutMs: 10_000, deadlineMs: 20_000 },
    });

  scenario(
    CONNECTIONS,
    "emulator serves a provider call after 400 idle connections, closing the oldest past its cap (defaults)",
    async () => {
      local = await startEmulator({ pages: [page] });
      const cap = local.connectionLimits.maxConnections;
      const idle = await openMany(local.port, 400);
      try {
        await until(() => idle.closed() >= 400 - cap);
        const me = await client(local).call(meRequest("v25.0"));
        expect(me).toEqual({ id: page.id, name: page.name });
        expect(idle.closed()).toBeGreaterThanOrEqual(400 - cap);
        expect(local.openConnections()).toBeLessThanOrEqual(cap);
        return { details: { cap, idleClosed: idle.closed(), open: local.openConnections() } };
      } finally {
        idle.destroy();
      }
    },
  );

  scenario(
    CONNECTIONS,
    "emulator serves a provider call after 400 connections sending headers slowly (cap 100)",
    async () => {
      local = await startEmulator({ pages: [page], maxConnections: 100 });
      const slow = await openMany(
        local.port,
        400,
        `GET /v25.0/me HTTP/1.1\r\nHost: 127.0.0.1:${local.port}\r\nX-Slow: `,
      );
      try {
        await until(() => slow.closed() >= 300);
        const me = await client(local).call(meRequest("v25.0"));
        expect(me).toEqual({ id: page.id, name: page.name });
        expect(local.openConnections()).toBeLessThanOrEqual(100);
        return { details: { slowClosed: slow.closed(), open: local.openConnections() } };
      } finally {
        slow.destroy();
      }
    },
  );

  scenario(
    CONNECTIONS,
    "emulator serves a provider write after 200 connections sending bodies slowly (cap 50)",
    async () => {
      local = await startEmulator({ pages: [page], maxConnections: 50 });
      const head =
        `POST /v2.6/me/thread_settings?access_token=x HTTP/1.1\r\nHost: 127.0.0.1:${local.port}\r\n` +
        'Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"setting_type":';
      const slow = await openMany(local.port, 200, head);
      try {
        await until(() => slow.closed() >= 150);
        await client(local).call(threadSettingsSetRequest("v2.6", "https://after-slow.example/"));
        expect(local.page(page.id)?.accountLinkingUrl).toBe("https://after-slow.example/");
        expect(local.openConnections()).toBeLessThanOrEqual(50);
        return { details: { slowClosed: slow.closed(), open: local.openConnections() } };
      } finally {
        slow.destroy();
      }
    },
  );

  scenario(
    CONNECTIONS,
    "emulator answers headers sent too slowly with 408 after headersTimeoutMs (300 ms)",
    async () => {
      local = await startEmulator({ pages: [page], headersTimeoutMs: 300 });
      const r = await watchClose(local.port, "GET /v25.0/me HTTP/1.1\r\nHost: 127.0.0.1\r\n", {
        text: "X-A: b\r\n",
        everyMs: 100,
      });
      expect(r.response).toMatch(/^HTTP\/1\.1 408 /);
      expect(r.closedAfterMs).toBeLessThan(5000);
      return { details: { closedAfterMs: r.closedAfterMs } };
    },
  );

  scenario(
    CONNECTIONS,
    "emulator answers a body sent too slowly with 408 after requestTimeoutMs (800 ms)",
    async () => {
      local = await startEmulator({ pages: [page], requestTimeoutMs: 800 });
      const head = `POST /v25.0/me/messenger_profile HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 10000\r\n\r\n{"a":"`;
      const r = await watchClose(local.port, head, { text: "a", everyMs: 100 });
      expect(local.connectionLimits).toMatchObject({ requestTimeoutMs: 800, headersTimeoutMs: 800 });
      expect(r.response).toMatch(/^HTTP\/1\.1 408 /);
      expect(r.closedAfterMs).toBeLessThan(6000);
      return { details: { closedAfterMs: r.closedAfterMs } };
    },
  );

  scenario(
    CONNECTIONS,
    "emulator closes an idle keep-alive connection after keepAliveTimeoutMs (200 ms, plus 1 s on Node 24)",
    async () => {
      local = await startEmulator({ pages: [demo], keepAliveTimeoutMs: 200 });
      const r = await watchClose(
        local.port,
        `GET /v25.0/me?access_token=${enc(demo.token)} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`,
      );
      expect(r.response).toMatch(/^HTTP\/1\.1 200 /);
      expect(r.response.toLowerCase()).toContain("keep-alive");
      expect(r.closedAfterMs).toBeLessThan(5000);
      return { details: { closedAfterMs: r.closedAfterMs } };
    },
  );

  scenario(CONNECTIONS, "emulator closes a connection that sends nothing after idleTimeoutMs (300 ms)", async () => {
    local = await startEmulator({ pages: [page], idleTimeoutMs: 300, headersTimeoutMs: 60_000 });
    const r = await watchClose(local.port, "");
    expect(r.closedAfterMs).toBeLessThan(5000);
    expect(local.connectionLimits).toMatchObject({
      idleTimeoutMs: 300,
      headersTimeoutMs: 60_000,
      requestTimeoutMs: 60_000,
    });
    return { details: { closedAfterMs: r.closedAfterMs } };
  });

  scenario(
    CONNECTIONS,
    "emulator keeps connections awaiting a delayed answer past the cap and idle timeout, and answers a newcomer 503",
    async () => {
      local = await startEmulator({ pages: [demo], maxConnections: 3, idleTimeoutMs: 200 });
      local.injectFault({ match: { method: "GET", path: "/me" }, fault: { type: "delay", ms: 3000 }, times: 3 });
      const agent = new http.Agent({ keepAlive: false });
      const url = `${local.url}/v25.0/me?access_token=${enc(demo.token)}`;
      const calls = Promise.allSettled([0, 1, 2].map(() => fetch(url, { agent }).then((r) => r.status)));
      const emu = local;
      await until(() => emu.requests().length === 3);
      const newcomer = await rawExchange(
        local.port,
        `GET /v25.0/me HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`,
      );
      expect(newcomer.status).toBe(503);
      const body = JSON.parse(newcomer.response.slice(newcomer.response.indexOf("\r\n\r\n") + 4)) as GraphErrorBody;
      expect(body.error).toMatchObject({ code: 2, message: expect.stringMatching(/maxConnections/) as unknown });
      expect((await calls).map((c) => (c.status === "fulfilled" ? c.value : String(c.reason)))).toEqual([
        200, 200, 200,
      ]);
      agent.destroy();
      return { details: { newcomer: newcomer.status } };
    },
  );
});

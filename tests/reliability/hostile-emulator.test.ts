/**
 * Hostile clients of the emulator: malformed request lines, malformed control API bodies, huge
 * bodies, a growing log, cross-site writes, remote peers. The emulator runs as a child process
 * (the built CLI): every scenario ends by checking that the process is alive and still answers a
 * Graph call. Only loopback traffic.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import fetch from "node-fetch";
import { startEmulator, type Emulator } from "../../emulator";
import { appSecretProof } from "../../provider/graph/client";
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

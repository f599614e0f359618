/**
 * Hardening II (issue 16): secrets bound to their endpoint, the plugin's message cap, hostile Graph
 * answers (deep nesting, a Page id or name that acts on a terminal, absurd waits), retry settings
 * Number() would misread, and localized lists of 100,000 entries. Every server is on loopback; a
 * "foreign" server records what it receives, and each row asserts it received nothing.
 *
 * Rows are in categories `hostile/endpoint-binding`, `hostile/plugin-size`, `hostile/graph-answers`,
 * `hostile/settings` and `hostile/profile-size` of the reliability report; the texts a row produces
 * are scanned for the token, the app secret and the proof.
 */
import { spawn, type ChildProcess } from "child_process";
import * as fs from "fs";
import * as http from "http";
import * as path from "path";
import * as grpc from "@grpc/grpc-js";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import type * as plugproto from "@pulumi/pulumi/proto/plugin_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import { startEmulator, type Emulator } from "../../emulator";
import { AccountLinkingLifecycle } from "../../provider/account-linking/lifecycle";
import type { AccountLinkingInputs, AccountLinkingOutputs } from "../../provider/account-linking/types";
import { readProviderSettings, tokenFingerprint } from "../../provider/core/settings";
import { UNKNOWN } from "../../provider/core/unknown";
import { appSecretProof } from "../../provider/graph/client";
import { GraphApiError } from "../../provider/graph/errors";
import { hasActingCharacter } from "../../provider/graph/printable";
import { ProfileLifecycle } from "../../provider/profile/lifecycle";
import { readMessengerProfile } from "../../provider/profile/get-profile";
import { FACEBOOK_LOCALES } from "../../provider/profile/locales";
import type { MessengerProfileInputs } from "../../provider/profile/types";
import { mulberry32, randomHex, randomString, SEED } from "../support/prng";
import { scenario, useReport } from "../support/report";
import { errorTexts, secrets, type ScanText } from "../support/secret-scan";

useReport("hostile-inputs");

const ROOT = path.resolve(__dirname, "..", "..");
const random = mulberry32(SEED + 1616);
const TOKEN = `bound-page-token-${randomString(random, 32)}`;
const APP_SECRET = randomHex(random, 32);
const OWN_TOKEN = `own-page-token-${randomString(random, 32)}`;
secrets.add("bound token", TOKEN);
secrets.add("bound app secret", APP_SECRET);
secrets.add("bound appsecret_proof", appSecretProof(TOKEN, APP_SECRET));
const PAGE_ID = "9160000000000001";
const FAST_ENV = {
  MESSENGER_MAX_RETRIES: "1",
  MESSENGER_BACKOFF_BASE_MS: "5",
  MESSENGER_BACKOFF_MAX_MS: "20",
  MESSENGER_ATTEMPT_TIMEOUT_MS: "2000",
  MESSENGER_DEADLINE_MS: "5000",
};

/** A loopback server that records every request and answers with `answer`. */
interface Recorder {
  readonly url: string;
  readonly seen: string[];
  close(): Promise<void>;
}

async function recorder(
  answer: (req: http.IncomingMessage) => { status?: number; body: string; headers?: Record<string, string> } = () => ({
    body: JSON.stringify({ id: PAGE_ID, name: "Foreign" }),
  }),
): Promise<Recorder> {
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString("utf8")));
    req.on("end", () => {
      seen.push(`${req.method} ${req.url} ${body}`);
      const a = answer(req);
      res.writeHead(a.status ?? 200, { "content-type": "application/json", ...a.headers });
      res.end(a.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let emu: Emulator;
let foreign: Recorder;
beforeAll(async () => {
  emu = await startEmulator({
    port: 0,
    pages: [{ id: PAGE_ID, name: "Bound Page", token: TOKEN, appSecret: APP_SECRET }],
  });
  foreign = await recorder();
});
afterAll(async () => {
  await emu.close();
  await foreign.close();
});
beforeEach(() => {
  emu.clearRequests();
  emu.resetRateLimits();
  foreign.seen.length = 0;
});

/** Provider settings as stack config gives them: token and app secret, the emulator as the endpoint. */
const configured = (extra: Record<string, string> = {}) =>
  readProviderSettings(
    (key) =>
      ({
        "messenger:pageAccessToken": TOKEN,
        "messenger:appSecret": APP_SECRET,
        "messenger:graphApiUrl": emu.url,
        ...extra,
      })[key],
    FAST_ENV,
  );

/** Scans texts for the secrets; throws (failing the row) on an occurrence. */
function scanned(texts: ScanText[]) {
  const scan = secrets.scan(texts);
  expect(scan.hits).toEqual([]);
  return scan;
}

async function failure(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected a failure");
}

describe("a secret goes only to the endpoint it was configured with", () => {
  scenario(
    "hostile/endpoint-binding",
    "profile check: another graphApiUrl with the config's token is refused naming both inputs, 0 calls",
    async () => {
      const lc = new ProfileLifecycle({ settings: configured() });
      const r = await lc.check(
        {} as MessengerProfileInputs,
        {
          greeting: "Hi",
          graphApiUrl: foreign.url,
        } as unknown as MessengerProfileInputs,
      );
      expect(r.failures).toHaveLength(1);
      expect(r.failures?.[0].property).toBe("graphApiUrl");
      expect(r.failures?.[0].reason).toMatch(/token and app secret of stack config or the environment are sent only/);
      expect(r.failures?.[0].reason).toMatch(/Pass pageAccessToken and appSecret as inputs/);
      expect([foreign.seen, emu.requests()]).toEqual([[], []]);
      return { scan: scanned([{ where: "check failures", text: JSON.stringify(r.failures) }]) };
    },
    undefined,
    "MessengerProfile",
  );

  scenario(
    "hostile/endpoint-binding",
    "account linking check: own token but the config's app secret would follow it: refused, 0 calls",
    async () => {
      const lc = new AccountLinkingLifecycle({ settings: configured() });
      const r = await lc.check(
        {} as AccountLinkingInputs,
        {
          accountLinkingUrl: "https://example.com/link",
          graphApiUrl: foreign.url,
          pageAccessToken: OWN_TOKEN,
        } as AccountLinkingInputs,
      );
      expect(r.failures?.map((f) => f.property)).toEqual(["graphApiUrl"]);
      expect(r.failures?.[0].reason).toMatch(/the app secret of stack config or the environment is sent only/);
      expect([foreign.seen, emu.requests()]).toEqual([[], []]);
    },
  );

  scenario(
    "hostile/endpoint-binding",
    "create reached without check (a local gRPC caller): refused before any call, the foreign server sees nothing",
    async () => {
      const lc = new ProfileLifecycle({ settings: configured() });
      const e = await failure(
        lc.create({ platform: "messenger", greeting: "Hi", graphApiUrl: foreign.url } as MessengerProfileInputs),
      );
      expect(e.message).toMatch(/is not the provider's Graph endpoint/);
      expect([foreign.seen, emu.requests()]).toEqual([[], []]);
      return { scan: scanned(errorTexts(e, "create")) };
    },
    undefined,
    "MessengerProfile",
  );

  scenario(
    "hostile/endpoint-binding",
    "delete and read with forged state pointing elsewhere: refused, nothing sent anywhere",
    async () => {
      const lc = new AccountLinkingLifecycle({ settings: configured() });
      const forged = {
        accountLinkingUrl: "https://example.com/link",
        api: "messenger_profile",
        apiVersion: "v25.0",
        graphApiUrl: foreign.url,
        pageId: PAGE_ID,
        pageName: "Bound Page",
        tokenSource: "config",
        tokenFingerprint: tokenFingerprint(TOKEN),
      } as AccountLinkingOutputs;
      const errors = [await failure(lc.delete(PAGE_ID, forged)), await failure(lc.read(PAGE_ID, forged))];
      for (const e of errors) expect(e.message).toMatch(/sent only to that endpoint/);
      expect([foreign.seen, emu.requests()]).toEqual([[], []]);
      return { scan: scanned(errors.flatMap((e) => errorTexts(e, "delete/read"))) };
    },
  );

  scenario(
    "hostile/endpoint-binding",
    "getMessengerProfile with another graphApiUrl and the environment's token: refused, 0 calls",
    async () => {
      const e = await failure(readMessengerProfile({ graphApiUrl: foreign.url, fields: ["greeting"] }, configured()));
      expect(e.message).toMatch(/getMessengerProfile: graphApiUrl .* is not the provider's Graph endpoint/);
      expect([foreign.seen, emu.requests()]).toEqual([[], []]);
    },
    undefined,
    "MessengerProfile",
  );

  scenario(
    "hostile/endpoint-binding",
    "honest: own graphApiUrl with its own token and app secret works there; the same endpoint spelled with a slash borrows",
    async () => {
      const own = new AccountLinkingLifecycle({ settings: configured() });
      const checked = await own.check(
        {} as AccountLinkingInputs,
        {
          accountLinkingUrl: "https://example.com/link",
          graphApiUrl: `${emu.url}/`,
        } as AccountLinkingInputs,
      );
      expect(checked.failures).toEqual([]);
      const other = await startEmulator({
        port: 0,
        pages: [{ id: "9160000000000002", name: "Own Page", token: OWN_TOKEN, appSecret: APP_SECRET }],
      });
      try {
        const inputs = {
          accountLinkingUrl: "https://example.com/link",
          api: "messenger_profile",
          apiVersion: "v25.0",
          graphApiUrl: other.url,
          pageAccessToken: OWN_TOKEN,
          appSecret: APP_SECRET,
        } as AccountLinkingInputs;
        expect((await own.check({} as AccountLinkingInputs, inputs)).failures).toEqual([]);
        const created = await own.create(inputs);
        expect(created.id).toBe("9160000000000002");
        expect(other.requests().map((r) => r.appSecretProof)).toEqual(["valid", "valid"]);
        expect(emu.requests()).toEqual([]);
      } finally {
        await other.close();
      }
    },
  );
});

/** The built plugin, run as the engine runs it: a process that prints its port. */
async function spawnPlugin(): Promise<{ child: ChildProcess; client: provrpc.ResourceProviderClient }> {
  const main = path.join(ROOT, "dist", "provider", "plugin", "main.js");
  if (!fs.existsSync(main)) throw new Error("dist/provider/plugin/main.js is missing: run `npm run build` first");
  const child = spawn(process.execPath, [main], { stdio: ["ignore", "pipe", "pipe"] });
  const port = await new Promise<number>((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (c: Buffer) => {
      out += c.toString();
      const m = /^(\d+)\n/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.on("exit", (code) => reject(new Error(`plugin exited with ${code}`)));
  });
  const client = new provrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
    "grpc.max_send_message_length": -1,
  });
  return { child, client };
}

function rpc<Req, Res>(
  method: (req: Req, cb: (e: grpc.ServiceError | null, r: Res) => void) => grpc.ClientUnaryCall,
  req: Req,
): Promise<Res> {
  return new Promise((resolve, reject) => method(req, (e, r) => (e ? reject(e) : resolve(r))));
}

/** Peak resident memory of a process, in MiB (Linux). */
function peakMiB(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) / 1024 : Number.NaN;
}

describe("the provider plugin, over gRPC", () => {
  let plugin: Awaited<ReturnType<typeof spawnPlugin>>;
  beforeAll(async () => {
    plugin = await spawnPlugin();
  });
  afterAll(() => {
    plugin.client.close();
    plugin.child.kill();
  });

  const struct = (v: Record<string, unknown>) =>
    Struct.fromJavaScript(v as Parameters<typeof Struct.fromJavaScript>[0]);

  scenario(
    "hostile/plugin-size",
    "a 20 MB Check is refused with RESOURCE_EXHAUSTED before decoding; the plugin stays small and keeps serving",
    async () => {
      const c = plugin.client;
      const req = new provproto.CheckRequest()
        .setUrn("urn:pulumi:s::p::messenger:index:Profile::big")
        .setType("messenger:index:Profile")
        .setOlds(struct({}))
        .setNews(struct({ greeting: "x".repeat(20 * 1024 * 1024) }));
      const e = (await failure(rpc(c.check.bind(c), req))) as grpc.ServiceError;
      expect(e.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
      const info = await rpc<Empty, plugproto.PluginInfo>(c.getPluginInfo.bind(c), new Empty());
      expect(info.getVersion()).toMatch(/^\d+\.\d+\.\d+/);
      const peak = peakMiB(plugin.child.pid ?? 0);
      expect(peak).toBeLessThan(300);
      return { details: { peakMiB: Math.round(peak), refusedBytes: 20 * 1024 * 1024 } };
    },
    60_000,
  );

  scenario(
    "hostile/endpoint-binding",
    "plugin: after Configure with the token and app secret, a Create pointing at a local listener gets neither",
    async () => {
      const c = plugin.client;
      const conf = new provproto.ConfigureRequest();
      conf.getVariablesMap().set("messenger:pageAccessToken", TOKEN);
      conf.getVariablesMap().set("messenger:appSecret", APP_SECRET);
      conf.getVariablesMap().set("messenger:graphApiUrl", emu.url);
      await rpc(c.configure.bind(c), conf);
      const create = new provproto.CreateRequest()
        .setUrn("urn:pulumi:s::p::messenger:index:AccountLinking::steal")
        .setType("messenger:index:AccountLinking")
        .setProperties(
          struct({
            accountLinkingUrl: "https://example.com/link",
            api: "messenger_profile",
            apiVersion: "v25.0",
            graphApiUrl: foreign.url,
          }),
        );
      const e = (await failure(rpc(c.create.bind(c), create))) as grpc.ServiceError;
      expect(e.details).toMatch(/sent only to that endpoint/);
      expect([foreign.seen, emu.requests()]).toEqual([[], []]);
      return { scan: scanned([{ where: "grpc error", text: `${e.message}\n${e.details}` }]) };
    },
    30_000,
  );
  scenario(
    "hostile/endpoint-binding",
    "plugin: a second Configure (another caller moving messenger:graphApiUrl to its listener) is refused; calls still go to the configured endpoint",
    async () => {
      const c = plugin.client;
      const again = new provproto.ConfigureRequest();
      again.getVariablesMap().set("messenger:graphApiUrl", foreign.url);
      const e = (await failure(rpc(c.configure.bind(c), again))) as grpc.ServiceError;
      expect(e.details).toMatch(/^Configure was already called on this provider plugin/);
      const create = new provproto.CreateRequest()
        .setUrn("urn:pulumi:s::p::messenger:index:AccountLinking::honest")
        .setType("messenger:index:AccountLinking")
        .setProperties(
          struct({ accountLinkingUrl: "https://example.com/link", api: "messenger_profile", apiVersion: "v25.0" }),
        );
      const res = await rpc<provproto.CreateRequest, provproto.CreateResponse>(c.create.bind(c), create);
      expect(res.getId()).toBe(PAGE_ID);
      expect(foreign.seen).toEqual([]);
      expect(emu.requests().map((r) => `${r.method} ${r.path} ${r.appSecretProof}`)).toEqual([
        "GET /v25.0/me valid",
        "POST /v25.0/me/messenger_profile valid",
      ]);
    },
    30_000,
  );
});

describe("hostile Graph answers", () => {
  const lifecycleAt = (url: string) =>
    new AccountLinkingLifecycle({
      settings: readProviderSettings(undefined, {
        MESSENGER_PAGE_ACCESS_TOKEN: TOKEN,
        MESSENGER_GRAPH_API_URL: url,
        ...FAST_ENV,
      }),
    });
  const create = (lc: AccountLinkingLifecycle) =>
    lc.create({ accountLinkingUrl: "https://example.com/link", api: "messenger_profile", apiVersion: "v25.0" });

  async function withServer<T>(answer: Parameters<typeof recorder>[0], body: (r: Recorder) => Promise<T>): Promise<T> {
    const r = await recorder(answer);
    try {
      return await body(r);
    } finally {
      await r.close();
    }
  }

  for (const [name, status, text] of [
    ["an 800 KB array nest as the Page id", 200, `{"id":${"[".repeat(400_000)}${"]".repeat(400_000)}}`],
    ["an 800 KB object nest in an error body", 500, `{"error":${'{"a":'.repeat(160_000)}1${"}".repeat(160_000)}}`],
  ] as const) {
    scenario("hostile/graph-answers", `${name}: a GraphApiError with method, status and hint, not a RangeError`, () =>
      withServer(
        () => ({ status, body: text }),
        async (srv) => {
          const e = await failure(create(lifecycleAt(srv.url)));
          expect(GraphApiError.isInstance(e)).toBe(true);
          expect(e.message).toMatch(
            new RegExp(
              `GET /v25.0/me returned an answer .*HTTP ${status} with a JSON body nested deeper than 64 levels`,
            ),
          );
          expect(e.message).toMatch(/Check that graphApiUrl points at the Graph API/);
          expect(srv.seen.filter((s) => s.startsWith("POST"))).toEqual([]);
        },
      ),
    );
  }

  scenario("hostile/graph-answers", "a Page id with ESC and CR/LF is refused: no resource id, no POST", () =>
    withServer(
      () => ({ body: JSON.stringify({ id: "1\u001b[2K\r\nDeployment succeeded.", name: "x" }) }),
      async (srv) => {
        const e = await failure(create(lifecycleAt(srv.url)));
        expect(GraphApiError.isInstance(e)).toBe(true);
        expect(e.message).toMatch(/expected a Page id made of digits/);
        expect(hasActingCharacter(e.message)).toBe(false);
        expect(srv.seen.filter((s) => s.startsWith("POST"))).toEqual([]);
      },
    ),
  );

  scenario("hostile/graph-answers", "a Page name that forges a line is stored and shown escaped", () =>
    withServer(
      (req) =>
        req.method === "GET"
          ? { body: JSON.stringify({ id: PAGE_ID, name: "Shop\u001b[1A\r\nDeployment succeeded.\u202e" }) }
          : { body: JSON.stringify({ result: "success" }) },
      async (srv) => {
        const { outs } = await create(lifecycleAt(srv.url));
        expect(outs?.pageName).toBe("Shop\\u001b[1A\\r\\nDeployment succeeded.\\u202e");
      },
    ),
  );

  scenario("hostile/graph-answers", "a Graph error message with controls and a bidi override prints on one line", () =>
    withServer(
      () => ({
        status: 400,
        body: JSON.stringify({
          error: { message: "Bad\u001b[2K\r\nDeployment succeeded.\u202eevil", code: 100, type: "OAuthException" },
        }),
      }),
      async (srv) => {
        const e = await failure(create(lifecycleAt(srv.url)));
        expect(hasActingCharacter(e.message)).toBe(false);
        expect(e.message).toMatch(/Deployment succeeded\.\\u202eevil/);
      },
    ),
  );

  for (const [name, headers, said] of [
    // Not delay-seconds (RFC 9110: digits only) nor a date: no wait is read from it at all.
    ["Retry-After: 1e308", { "retry-after": "1e308" }, /failed: HTTP 429, Graph error 4: limit \(after 2 attempts\)/],
    ["Retry-After of 10^400 seconds", { "retry-after": "1".padEnd(401, "0") }, /asked to wait 24 h/],
    [
      "estimated_time_to_regain_access of 1e308 minutes",
      { "x-business-use-case-usage": JSON.stringify({ "1": [{ estimated_time_to_regain_access: 1e308 }] }) },
      /asked to wait 24 h/,
    ],
  ] as ReadonlyArray<readonly [string, Record<string, string>, RegExp]>) {
    scenario("hostile/graph-answers", `${name}: a wait of at most 24 h, never "Infinity"`, () =>
      withServer(
        () => ({ status: 429, headers, body: JSON.stringify({ error: { message: "limit", code: 4 } }) }),
        async (srv) => {
          const e = await failure(create(lifecycleAt(srv.url)));
          expect(e.message).toMatch(said);
          expect(e.message).not.toMatch(/Infinity|NaN/);
        },
      ),
    );
  }
});

describe("settings Number() would misread", () => {
  for (const raw of ["0x10", "1e3", "0b11", "0o7"]) {
    scenario("hostile/settings", `MESSENGER_MAX_RETRIES=${raw} is refused, asking for decimal digits`, () => {
      const s = readProviderSettings(undefined, { MESSENGER_MAX_RETRIES: raw });
      expect(s.retry.maxRetries).toBe(readProviderSettings(undefined, {}).retry.maxRetries);
      expect(s.problems?.map((p) => p.reason)).toEqual([
        `environment variable MESSENGER_MAX_RETRIES must be a whole number of retries from 0 to 10000, written in decimal digits, got ${JSON.stringify(raw)}`,
      ]);
      return Promise.resolve();
    });
  }
});

describe("localized lists past Meta's locales", () => {
  const lc = () =>
    new ProfileLifecycle({
      settings: readProviderSettings(undefined, {
        MESSENGER_PAGE_ACCESS_TOKEN: TOKEN,
        MESSENGER_GRAPH_API_URL: emu.url,
      }),
    });
  const check = (args: Record<string, unknown>) =>
    lc().check({} as MessengerProfileInputs, args as unknown as MessengerProfileInputs);

  scenario(
    "hostile/profile-size",
    "100,000 greeting locales: refused at check with 21 short failures, 0 calls",
    async () => {
      const greeting = [
        { locale: "default", text: "Hi" },
        ...Array.from({ length: 100_000 }, (_, i) => ({
          locale: `x${String.fromCharCode(97 + (i % 26))}_ZZ`,
          text: `t${i}`,
        })),
      ];
      const r = await check({ greeting });
      const failures = r.failures ?? [];
      expect(failures).toHaveLength(21);
      expect(failures[0].reason).toMatch(/^greeting has 100001 greetings .*; the limit is 170: remove 99831$/);
      expect(failures[20].reason).toMatch(/^and \d+ more failures not listed/);
      expect(JSON.stringify(failures).length).toBeLessThan(10_000);
      expect(emu.requests()).toEqual([]);
      return { details: { failureBytes: JSON.stringify(failures).length } };
    },
    60_000,
    "MessengerProfile",
  );

  scenario(
    "hostile/profile-size",
    "a locale that is not Facebook's is refused, naming the language's locales",
    async () => {
      const r = await check({
        greeting: [
          { locale: "default", text: "Hi" },
          { locale: "es_AR", text: "Hola" },
        ],
      });
      expect(r.failures?.map((f) => f.reason)).toEqual([
        expect.stringMatching(
          /^greeting\[1\]\.locale is not a Facebook locale, got "es_AR": .* es_CL, es_CO, es_ES, es_LA, es_MX, es_VE$/,
        ),
      ]);
    },
    undefined,
    "MessengerProfile",
  );

  scenario(
    "hostile/profile-size",
    "honest: a greeting in every Facebook locale passes check",
    async () => {
      const greeting = [
        { locale: "default", text: "Hi" },
        ...[...FACEBOOK_LOCALES].map((locale) => ({ locale, text: "Hi" })),
      ];
      expect((await check({ greeting })).failures).toEqual([]);
    },
    undefined,
    "MessengerProfile",
  );
});

describe("a secret Graph echoes inside a profile value never reaches state", () => {
  const lc = () => new ProfileLifecycle({ settings: configured() });
  /** The token in every encoding a server could echo it in. */
  const echoes = () => {
    const pct = [...Buffer.from(TOKEN)].map((b) => `%${b.toString(16).padStart(2, "0")}`).join("");
    return {
      raw: TOKEN,
      "percent-encoded, lowercase hex": pct,
      "percent-encoded, uppercase hex": pct.toUpperCase(),
      base64: Buffer.from(`x${TOKEN}`).toString("base64"),
      base64url: Buffer.from(`xy${TOKEN}`).toString("base64url"),
      "the app secret": APP_SECRET,
    };
  };

  for (const [name, echo] of Object.entries(echoes())) {
    scenario(
      "hostile/redaction-state",
      `refresh: a greeting that holds the token (${name}) is stored as [REDACTED]`,
      async () => {
        const l = lc();
        const inputs = (
          await l.check(
            {} as MessengerProfileInputs,
            {
              greeting: "Hi",
            } as unknown as MessengerProfileInputs,
          )
        ).inputs!;
        const { id, outs } = await l.create(inputs);
        emu.setProfileFields(PAGE_ID, { greeting: [{ locale: "default", text: `echo ${echo} end` }] });
        const read = await l.read(id, outs);
        const greeting = JSON.stringify(read.props?.greeting);
        expect(greeting).toContain("[REDACTED]");
        return { scan: scanned([{ where: "refreshed state", text: JSON.stringify(read.props) }]) };
      },
      undefined,
      "MessengerProfile",
    );
  }

  scenario(
    "hostile/redaction-state",
    "honest: a menu URL with someone else's access_token= parameter is kept as declared (no false drift)",
    async () => {
      const l = lc();
      const url = "https://shop.example.com/?access_token=public-demo-value";
      const inputs = (
        await l.check(
          {} as MessengerProfileInputs,
          {
            getStarted: { payload: "start" },
            persistentMenu: [{ locale: "default", callToActions: [{ type: "web_url", title: "Shop", url }] }],
          } as unknown as MessengerProfileInputs,
        )
      ).inputs!;
      const { id, outs } = await l.create(inputs);
      const read = await l.read(id, outs);
      expect(JSON.stringify(read.props?.persistentMenu)).toContain(url);
      expect((await l.diff(id, read.props!, inputs)).changes).toBe(false);
    },
    undefined,
    "MessengerProfile",
  );
});

describe("review follow-ups", () => {
  scenario(
    "hostile/endpoint-binding",
    "honest: a graphApiUrl not known at preview (another resource's output) diffs as a change, with no call and no refusal",
    async () => {
      const link = new AccountLinkingLifecycle({ settings: configured() });
      const created = await link.create({
        accountLinkingUrl: "https://example.com/link",
        api: "messenger_profile",
        apiVersion: "v25.0",
      });
      emu.clearRequests();
      const news = {
        accountLinkingUrl: "https://example.com/link",
        api: "messenger_profile",
        apiVersion: "v25.0",
        graphApiUrl: UNKNOWN,
      } as AccountLinkingInputs;
      expect((await link.check({} as AccountLinkingInputs, news)).failures).toEqual([]);
      const d = await link.diff(created.id, created.outs!, news);
      expect(d.changes).toBe(true);
      expect(Object.keys(d.detailedDiff)).toEqual(["graphApiUrl"]);
      const profile = new ProfileLifecycle({ settings: configured() });
      const p = await profile.create({ platform: "messenger", greeting: "Hi" } as MessengerProfileInputs);
      emu.clearRequests();
      const pd = await profile.diff(p.id, p.outs!, {
        platform: "messenger",
        greeting: "Hi",
        apiVersion: p.outs?.apiVersion,
        graphApiUrl: UNKNOWN,
      } as MessengerProfileInputs);
      expect(pd.detailedDiff).toEqual({ graphApiUrl: "update" });
      expect([foreign.seen, emu.requests()]).toEqual([[], []]);
    },
  );

  scenario(
    "hostile/profile-size",
    "a profile over 1 MiB of JSON (a 3 MB ice breaker question) is refused at check, naming the largest field, 0 calls",
    async () => {
      const lc = new ProfileLifecycle({ settings: configured() });
      const r = await lc.check(
        {} as MessengerProfileInputs,
        {
          iceBreakers: [{ question: "q".repeat(3_000_000), payload: "P" }],
        } as unknown as MessengerProfileInputs,
      );
      expect(r.failures?.map((f) => f.reason)).toEqual([
        "iceBreakers[0].question is 3000000 characters long; the limit is 1000: shorten it by 2999000",
        "the profile's fields total 2.9 MiB as JSON (iceBreakers 2.9 MiB); the limit is 1.0 MiB, far above any real profile: shorten the largest fields",
      ]);
      expect(emu.requests()).toEqual([]);
    },
    undefined,
    "MessengerProfile",
  );

  scenario(
    "hostile/graph-answers",
    'a usage header with estimated_time_to_regain_access "0x10" (a string) is not read as 16 minutes',
    async () => {
      const srv = await recorder(() => ({
        status: 429,
        headers: {
          "x-business-use-case-usage": JSON.stringify({ "1": [{ estimated_time_to_regain_access: "0x10" }] }),
        },
        body: JSON.stringify({ error: { message: "limit", code: 4 } }),
      }));
      try {
        const lc = new AccountLinkingLifecycle({
          settings: readProviderSettings(undefined, {
            MESSENGER_PAGE_ACCESS_TOKEN: TOKEN,
            MESSENGER_GRAPH_API_URL: srv.url,
            ...FAST_ENV,
          }),
        });
        const e = await failure(
          lc.create({ accountLinkingUrl: "https://example.com/link", api: "messenger_profile", apiVersion: "v25.0" }),
        );
        expect(e.message).toMatch(/\(after 2 attempts\)/);
        expect(e.message).not.toMatch(/asked to wait/);
      } finally {
        await srv.close();
      }
    },
  );

  scenario(
    "hostile/graph-answers",
    "a 300-emoji Page name is cut by code points: no lone surrogate in state",
    async () => {
      const srv = await recorder((req) =>
        req.method === "GET"
          ? { body: JSON.stringify({ id: PAGE_ID, name: "\u{1F600}".repeat(300) }) }
          : { body: JSON.stringify({ result: "success" }) },
      );
      try {
        const lc = new AccountLinkingLifecycle({
          settings: readProviderSettings(undefined, {
            MESSENGER_PAGE_ACCESS_TOKEN: TOKEN,
            MESSENGER_GRAPH_API_URL: srv.url,
          }),
        });
        const { outs } = await lc.create({
          accountLinkingUrl: "https://example.com/link",
          api: "messenger_profile",
          apiVersion: "v25.0",
        });
        expect(outs?.pageName).toBe(`${"\u{1F600}".repeat(199)}…`);
      } finally {
        await srv.close();
      }
    },
  );
});

/**
 * Every encoding of a secret, in every path (issue 16, item 7, and the export CLI's part of item 6).
 *
 * `hostile/redaction`: a Graph server that echoes the token, the app secret or the appsecret_proof
 * back in an encoding (percent-encoded with lowercase hex or every byte encoded, JSON `\u` escapes,
 * base64 and base64url at each byte alignment) into an error: what a host prints of the error
 * (message, stack, inspect, JSON) holds none of them, and the echo is really there, redacted.
 *
 * `hostile/export-cli`: `messenger-profile-export` (its `runExport`, in process) against the
 * emulator on loopback, whose Page holds the token in its profile values or its name, or whose
 * answers carry ESC, CR and LF: stdout and stderr hold no secret in any encoding, the program is
 * still one import and one declaration whose values read `[REDACTED]`, the summary says how many
 * values held a secret, and no server text forges a line on stderr.
 *
 * Secrets are built at run time from the seeded PRNG, registered in the suite's secret scan, and
 * shaped like app tokens ("|" is percent-encoded), so only exact-value redaction can catch them.
 */
import * as ts from "typescript";
import * as vm from "vm";
import type { Emulator } from "../../emulator";
import type { FaultKind } from "../../emulator/faults";
import { runExport, type ExportRun } from "../../provider/cli/export";
import { appSecretProof } from "../../provider/graph/client";
import { GraphApiError } from "../../provider/graph/errors";
import type { DeclaredProfile } from "../../provider/profile/types";
import { inputs, lifecycleFor, rejection, useEmulator } from "../support/emulator";
import { mulberry32, randomHex, randomString, SEED } from "../support/prng";
import { scenario, useReport } from "../support/report";
import { errorTexts, secrets, type ScanText } from "../support/secret-scan";

useReport("hostile-redaction", "MessengerProfile");

const random = mulberry32(SEED + 1607);
const appToken = (): string => `${100000 + Math.floor(random() * 900000)}|${randomString(random, 40)}`;
const TOKEN = appToken();
const APP_SECRET = randomHex(random, 32);
const PROOF = appSecretProof(TOKEN, APP_SECRET);
const ODD_TOKEN = appToken();
secrets.add("hostile-redaction token", TOKEN);
secrets.add("hostile-redaction app secret", APP_SECRET);
secrets.add("hostile-redaction appsecret_proof", PROOF);
secrets.add("hostile-redaction token of the odd Page", ODD_TOKEN);

const PAGE = "9300000000000001";
/** A Page whose id (as Graph sends it) would end one line of output and start another. */
const ODD_ID = "9300000000000002\r\nDeployment succeeded.\u001b[2K";
const FORGED = "Deployment succeeded.";

const emulator = useEmulator({
  pages: [
    { id: PAGE, name: "Redaction Shop", token: TOKEN, appSecret: APP_SECRET },
    { id: ODD_ID, name: "Odd Page", token: ODD_TOKEN },
  ],
});
let emu: Emulator;
beforeAll(() => {
  emu = emulator();
});
beforeEach(() => {
  for (const id of [PAGE, ODD_ID]) {
    const set = Object.keys(emu.profile(id) ?? {}).filter((k) => k !== "subject_to_new_eu_privacy_rules");
    if (set.length > 0) emu.deleteProfileFields(id, set);
  }
});

/** `%HH` of every UTF-8 byte of `s`, hex in the given case. */
const everyByte = (s: string, upper = false): string =>
  [...Buffer.from(s)]
    .map((b) => `%${(upper ? b.toString(16).toUpperCase() : b.toString(16)).padStart(2, "0")}`)
    .join("");
/** `encodeURIComponent` with lowercase hex (Go, Python and others write it so). */
const lowerHex = (s: string): string => encodeURIComponent(s).replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase());
/** Every character as a JSON `\uHHHH` escape. */
const unicodeEscaped = (s: string): string =>
  [...s].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`).join("");
/** `s` base64-encoded after `pad` bytes, so that its first byte falls at offset `pad` of a 3-byte group. */
const base64At = (s: string, pad: number, url = false): string =>
  Buffer.from(`${"#".repeat(pad)}${s}`).toString(url ? "base64url" : "base64");

// ---------------------------------------------------------------------------------------------
// hostile/redaction: a Graph error that echoes a secret in an encoding

/** Makes the Page's next call fail with `fault`, runs create, and scans what a host would print. */
async function echoedInError(fault: FaultKind) {
  emu.injectFault({ match: { pageId: PAGE }, fault, times: 1 });
  const lc = lifecycleFor(emu, {
    MESSENGER_PAGE_ACCESS_TOKEN: TOKEN,
    MESSENGER_APP_SECRET: APP_SECRET,
    MESSENGER_MAX_RETRIES: "0",
  });
  const error = await rejection(lc.create(inputs("https://example.com/messenger/link")));
  const scan = secrets.assertClean(errorTexts(error, "error"));
  expect(GraphApiError.isInstance(error)).toBe(true);
  return { error: error as unknown as GraphApiError, scan };
}

const graphError = (message: string, errorType = "OAuthException"): FaultKind => ({
  type: "graph",
  code: 100,
  status: 400,
  errorType,
  message,
});

describe("hostile/redaction: a secret echoed in an encoding into an error", () => {
  scenario("hostile/redaction", "the token percent-encoded with lowercase hex in Graph's message", async () => {
    const { error, scan } = await echoedInError(graphError(`(#100) bad callback ?t=${lowerHex(TOKEN)}&x=1`));
    expect(error.message).toContain("bad callback ?t=[REDACTED]&x=1");
    return { details: { message: error.message }, scan };
  });

  scenario("hostile/redaction", "the token with every byte percent-encoded, both hex cases", async () => {
    const { error, scan } = await echoedInError(
      graphError(`(#100) upper ${everyByte(TOKEN, true)} lower ${everyByte(TOKEN)}`),
    );
    expect(error.message).toContain("upper [REDACTED] lower [REDACTED]");
    return { details: { message: error.message }, scan };
  });

  scenario("hostile/redaction", "the token with some characters percent-encoded and some not", async () => {
    const half = [...TOKEN].map((c, i) => (i % 3 === 0 ? everyByte(c) : c)).join("");
    const { error, scan } = await echoedInError(graphError(`(#100) mixed ${half} end`));
    expect(error.message).toContain("mixed [REDACTED] end");
    return { details: { message: error.message }, scan };
  });

  for (const pad of [0, 1, 2])
    scenario("hostile/redaction", `the token in base64 and base64url, ${pad} bytes into a 3-byte group`, async () => {
      const { error, scan } = await echoedInError(
        graphError(`(#100) state=${base64At(TOKEN, pad)} next=${base64At(TOKEN, pad, true)}`),
      );
      expect(error.message).toMatch(/state=[A-Za-z0-9+/]{0,4}\[REDACTED\][A-Za-z0-9+/=]*/);
      expect(error.message).toMatch(/next=[A-Za-z0-9_-]{0,4}\[REDACTED\][A-Za-z0-9_-]*/);
      return { details: { pad, message: error.message }, scan };
    });

  scenario("hostile/redaction", "the token \\u-escaped in a plain-text body of an HTTP 500", async () => {
    const { error, scan } = await echoedInError({
      type: "status",
      status: 500,
      body: `upstream said {"token":"${unicodeEscaped(TOKEN)}"}`,
    });
    expect(error.message).toContain('upstream said {"token":"[REDACTED]"}');
    return { details: { message: error.message }, scan };
  });

  scenario(
    "hostile/redaction",
    "the app secret in base64 in the error type, the appsecret_proof lowercase-escaped in the message",
    async () => {
      const { error, scan } = await echoedInError(
        graphError(`(#100) proof ${everyByte(PROOF)} refused`, `OAuthException ${base64At(APP_SECRET, 1)}`),
      );
      expect(error.message).toContain("proof [REDACTED] refused");
      expect(error.type).toContain("[REDACTED]");
      return { details: { message: error.message, type: error.type }, scan };
    },
  );
});

// ---------------------------------------------------------------------------------------------
// hostile/export-cli: messenger-profile-export when the Page's values hold a secret

/** The environment of an export of the Page: its token and app secret, the emulator, no retries. */
const exportEnv = (token = TOKEN): NodeJS.ProcessEnv => ({
  MESSENGER_PAGE_ACCESS_TOKEN: token,
  ...(token === TOKEN ? { MESSENGER_APP_SECRET: APP_SECRET } : {}),
  MESSENGER_GRAPH_API_URL: emu.url,
  MESSENGER_MAX_RETRIES: "0",
});

/** Runs an export and scans both streams for every secret in every encoding. */
async function exported(
  args: readonly string[] = [],
  token = TOKEN,
): Promise<ExportRun & { scan: ReturnType<typeof secrets.assertClean> }> {
  const run = await runExport(args, exportEnv(token));
  const texts: ScanText[] = [
    { where: "stdout", text: run.stdout },
    { where: "stderr", text: run.stderr },
  ];
  return { ...run, scan: secrets.assertClean(texts) };
}

/** The program is one import and one `new MessengerProfile(...)` of literal data, and what it declares. */
function declared(program: string): DeclaredProfile {
  const out = ts.transpileModule(program, {
    reportDiagnostics: true,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  });
  expect(out.diagnostics ?? []).toEqual([]);
  const sf = ts.createSourceFile("p.ts", program, ts.ScriptTarget.ES2022, true);
  expect(sf.statements.map((s) => s.kind)).toEqual([ts.SyntaxKind.ImportDeclaration, ts.SyntaxKind.VariableStatement]);
  const made: DeclaredProfile[] = [];
  class MessengerProfile {
    constructor(_name: string, args: DeclaredProfile) {
      made.push(JSON.parse(JSON.stringify(args)) as DeclaredProfile);
    }
  }
  const module = { exports: {} };
  vm.runInNewContext(out.outputText, { require: () => ({ MessengerProfile }), module, exports: module.exports });
  expect(made).toHaveLength(1);
  return made[0];
}

/** stderr is one line, with no control character a terminal acts on, and no line a server forged. */
function oneCleanLine(stderr: string): void {
  expect(stderr.endsWith("\n")).toBe(true);
  expect(stderr.slice(0, -1)).not.toMatch(/[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]/u);
  expect(stderr.split("\n").filter((l) => l.startsWith(FORGED))).toEqual([]);
}

const SUMMARY_NOTE =
  /; (\d+) values? read from the Page held a secret \(the token, the app secret or the appsecret_proof\), printed as \[REDACTED\]/;

/** How many values the summary says held a secret (0 when it says nothing). */
const heldSecret = (stderr: string): number => Number(SUMMARY_NOTE.exec(stderr)?.[1] ?? 0);

describe("hostile/export-cli: the export CLI prints no secret, in any encoding, and no forged line", () => {
  scenario("hostile/export-cli", "the greeting holds the token as is: it prints as [REDACTED]", async () => {
    emu.setProfileFields(PAGE, {
      get_started: { payload: "START" },
      greeting: [{ locale: "default", text: `Hi! Your code: ${TOKEN}` }],
    });
    const run = await exported();
    expect(run.code).toBe(0);
    expect(declared(run.stdout).greeting).toBe("Hi! Your code: [REDACTED]");
    expect(heldSecret(run.stderr)).toBe(1);
    expect(run.stdout).toContain("// WARNING: 1 value read from the Page held a secret");
    oneCleanLine(run.stderr);
    return { details: { stderr: run.stderr }, scan: run.scan };
  });

  scenario(
    "hostile/export-cli",
    "a menu URL's query holds the token percent-encoded with lowercase hex, another base64url",
    async () => {
      emu.setProfileFields(PAGE, {
        get_started: { payload: "START" },
        persistent_menu: [
          {
            locale: "default",
            call_to_actions: [
              { type: "web_url", title: "Shop", url: `https://shop.example.com/cb?t=${lowerHex(TOKEN)}&x=1` },
              { type: "web_url", title: "Cart", url: `https://shop.example.com/cart?s=${base64At(TOKEN, 1, true)}` },
            ],
          },
        ],
      });
      const run = await exported();
      expect(run.code).toBe(0);
      const [menu] = declared(run.stdout).persistentMenu ?? [];
      const urls = (menu.callToActions ?? []).map((i) => (i.type === "web_url" ? i.url : ""));
      expect(urls[0]).toBe("https://shop.example.com/cb?t=[REDACTED]&x=1");
      expect(urls[1]).toMatch(/^https:\/\/shop\.example\.com\/cart\?s=[A-Za-z0-9_-]{0,4}\[REDACTED\][A-Za-z0-9_-]*$/);
      expect(heldSecret(run.stderr)).toBe(2);
      oneCleanLine(run.stderr);
      return { details: { stderr: run.stderr, urls }, scan: run.scan };
    },
  );

  scenario(
    "hostile/export-cli",
    "payloads hold the token base64 (3 alignments), every byte percent-encoded and \\u-escaped",
    async () => {
      emu.setProfileFields(PAGE, {
        get_started: { payload: `${base64At(TOKEN, 0)}.${base64At(TOKEN, 1)}.${base64At(TOKEN, 2)}` },
        ice_breakers: [
          {
            locale: "default",
            call_to_actions: [
              { question: "Where?", payload: everyByte(TOKEN, true) },
              { question: "When?", payload: `{"t":"${unicodeEscaped(TOKEN)}"}` },
            ],
          },
        ],
      });
      const run = await exported();
      expect(run.code).toBe(0);
      const args = declared(run.stdout);
      expect(args.getStarted?.payload.split("[REDACTED]")).toHaveLength(4);
      expect(args.iceBreakers).toEqual([
        { question: "Where?", payload: "[REDACTED]" },
        { question: "When?", payload: '{"t":"[REDACTED]"}' },
      ]);
      expect(heldSecret(run.stderr)).toBe(3);
      return { details: { stderr: run.stderr }, scan: run.scan };
    },
  );

  scenario(
    "hostile/export-cli",
    "values hold the app secret (base64) and the appsecret_proof (lowercase percent-encoded)",
    async () => {
      emu.setProfileFields(PAGE, {
        commands: [
          {
            locale: "default",
            commands: [
              { name: "secret", description: `s=${base64At(APP_SECRET, 2)}` },
              { name: "proof", description: `p=${everyByte(PROOF)}` },
            ],
          },
        ],
      });
      const run = await exported();
      expect(run.code).toBe(0);
      const [locale] = declared(run.stdout).commands ?? [];
      expect(locale.commands.map((c) => c.description)).toEqual([
        expect.stringMatching(/^s=[A-Za-z0-9+/]{0,4}\[REDACTED\]/),
        "p=[REDACTED]",
      ]);
      expect(heldSecret(run.stderr)).toBe(2);
      return { details: { stderr: run.stderr }, scan: run.scan };
    },
  );

  scenario(
    "hostile/export-cli",
    "the Page name holds the token base64-encoded: the header reads [REDACTED]",
    async () => {
      emu.addPage({ id: PAGE, name: `Shop ${base64At(TOKEN, 0)}`, token: TOKEN, appSecret: APP_SECRET });
      try {
        emu.setProfileFields(PAGE, { greeting: [{ locale: "default", text: "Hello" }] });
        const run = await exported();
        expect(run.code).toBe(0);
        expect(run.stdout.split("\n")[0]).toMatch(
          /^\/\/ Exported by messenger-profile-export from Page \d+ \("Shop \[REDACTED\]/,
        );
        expect(declared(run.stdout).greeting).toBe("Hello");
        expect(heldSecret(run.stderr)).toBe(1);
        return { details: { stderr: run.stderr, header: run.stdout.split("\n")[0] }, scan: run.scan };
      } finally {
        emu.addPage({ id: PAGE, name: "Redaction Shop", token: TOKEN, appSecret: APP_SECRET });
      }
    },
  );

  scenario(
    "hostile/export-cli",
    "nothing set, a Page name holding the token: exit 3, and the summary says so",
    async () => {
      emu.addPage({ id: PAGE, name: `Shop ${lowerHex(TOKEN)}`, token: TOKEN, appSecret: APP_SECRET });
      try {
        const run = await exported();
        expect(run.code).toBe(3);
        expect(run.stderr).toMatch(/^messenger-profile-export: nothing to export: /);
        expect(heldSecret(run.stderr)).toBe(1);
        expect(run.stdout).toContain('("Shop [REDACTED]")');
        return { details: { stderr: run.stderr }, scan: run.scan };
      } finally {
        emu.addPage({ id: PAGE, name: "Redaction Shop", token: TOKEN, appSecret: APP_SECRET });
      }
    },
  );

  scenario("hostile/export-cli", "a Page id with CR, LF and ESC: no forged line on stderr", async () => {
    emu.setProfileFields(ODD_ID, { greeting: [{ locale: "default", text: "Hello" }] });
    const run = await exported([], ODD_TOKEN);
    // Refused as a Page id, or printed escaped: either way one line, and nothing acts on the terminal.
    expect([0, 1]).toContain(run.code);
    oneCleanLine(run.stderr);
    return { details: { code: run.code, stderr: run.stderr }, scan: run.scan };
  });

  scenario(
    "hostile/export-cli",
    "a Graph error holding the token base64url, CR, LF, ESC and bidi overrides: one clean error line",
    async () => {
      emu.injectFault({
        match: { pageId: PAGE },
        fault: graphError(`(#100) nope\r\n${FORGED} \u001b[31m\u202e ${base64At(TOKEN, 2, true)}\u2028x`),
        times: 1,
      });
      const run = await exported();
      expect(run.code).toBe(1);
      expect(run.stdout).toBe("");
      expect(run.stderr).toMatch(/^messenger-profile-export: GET \/v25\.0\/me.* failed: HTTP 400, Graph error 100/);
      expect(run.stderr).toContain("[REDACTED]");
      oneCleanLine(run.stderr);
      return { details: { stderr: run.stderr }, scan: run.scan };
    },
  );

  scenario("hostile/export-cli", "a Page name with CR, LF and ESC stays inside the program's comment", async () => {
    emu.addPage({ id: PAGE, name: `Shop\r\n${FORGED}\u001b[2K`, token: TOKEN, appSecret: APP_SECRET });
    try {
      emu.setProfileFields(PAGE, { greeting: [{ locale: "default", text: "Hello" }] });
      const run = await exported();
      expect(run.code).toBe(0);
      oneCleanLine(run.stderr);
      expect(run.stdout.split("\n").filter((l) => l.startsWith(FORGED))).toEqual([]);
      for (const ch of ["\r", "\u001b"]) expect(run.stdout).not.toContain(ch);
      expect(declared(run.stdout).greeting).toBe("Hello");
      return { details: { stderr: run.stderr }, scan: run.scan };
    } finally {
      emu.addPage({ id: PAGE, name: "Redaction Shop", token: TOKEN, appSecret: APP_SECRET });
    }
  });

  scenario("hostile/export-cli", "an honest Page: no note, no warning, the values as they are", async () => {
    emu.setProfileFields(PAGE, {
      get_started: { payload: "START 100%" },
      greeting: [{ locale: "default", text: "Hi {{user_first_name}}, 50% off \\o/" }],
    });
    const run = await exported();
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(
      `messenger-profile-export: exported get_started, greeting of Page ${PAGE} (messenger); 2 calls made\n`,
    );
    expect(run.stdout).not.toContain("WARNING");
    expect(declared(run.stdout)).toMatchObject({
      getStarted: { payload: "START 100%" },
      greeting: "Hi {{user_first_name}}, 50% off \\o/",
    });
    return { details: { stderr: run.stderr }, scan: run.scan };
  });

  scenario(
    "hostile/export-cli",
    "values that only look like secrets (another site's access_token=, an EAA… word) are exported as they are",
    async () => {
      const lookAlike = `EAA${randomString(random, 24)}`;
      const url = `https://partner.example.com/open?access_token=${randomString(random, 16)}&ref=${lookAlike}`;
      emu.setProfileFields(PAGE, {
        get_started: { payload: "START" },
        persistent_menu: [{ locale: "default", call_to_actions: [{ type: "web_url", title: "Partner", url }] }],
      });
      const run = await exported();
      expect(run.code).toBe(0);
      expect(heldSecret(run.stderr)).toBe(0);
      const [menu] = declared(run.stdout).persistentMenu ?? [];
      expect(menu.callToActions).toEqual([{ type: "web_url", title: "Partner", url }]);
      return { details: { stderr: run.stderr }, scan: run.scan };
    },
  );
});

/**
 * The reliability suite on the real Pulumi engine through the provider plugin (run by `npm run
 * test:e2e`): YAML programs whose `messenger:index:AccountLinking` and `messenger:index:Profile` the
 * plugin serves. Bad inputs refused at `pulumi preview` with 0 Graph calls, and one fault row per
 * failure the engine must survive (a 500 then success, a permanent Graph 100, a short rate limit, an
 * invalid token, a fault on delete), each with the state after the failure and a re-run that
 * converges. Every row is reported with `frontDoor: "plugin"` and scans the CLI output, the raw state
 * files and the Pulumi homes of every session for every token, app secret and appsecret_proof.
 *
 * Every scenario is a stack of its own, and they all run at once: the bad inputs in lanes of one
 * session (they make no call), each fault row in a session of its own (faults are per emulator).
 */
import * as fs from "fs";
import type { PageSeed } from "../../../emulator";
import {
  programTest,
  retryConfig,
  startProgramTest,
  type ConfigInput,
  type Harness,
  type HarnessStack,
  type ProgramRun,
  type ProgramStep,
  type StateResource,
  type StepOutcome,
} from "../../../harness";
import { PLUGIN_TYPES, Sessions } from "../../support/engine";
import { scanSessions } from "../../support/engine-scan";
import type { FaultKind } from "../../../emulator/faults";
import { SERVICE_UNAVAILABLE, TOKEN_EXPIRED } from "../../support/graph-faults";
import { rateLimitFault } from "../../support/fault-harness";
import { PLUGIN_PROGRAMS_DIR, writeYamlProgram, type YamlResource } from "../../support/plugin-program";
import { mulberry32, SEED } from "../../support/prng";
import { note, scenario, useReport, type ReportedResource } from "../../support/report";
import { errorTexts, seedPage, type ScanResult, type ScanText } from "../../support/secret-scan";

jest.setTimeout(600_000);
useReport("engine-plugin", { frontDoor: "plugin" });

const [LINK, PROFILE] = PLUGIN_TYPES;
const random = mulberry32(SEED + 47);
/** One Page per fault row (each requires appsecret_proof), one for the bad inputs. */
const ROW_KEYS = ["create-500", "update-100", "rate-limit", "token-190", "delete-503"] as const;
type RowKey = (typeof ROW_KEYS)[number];
const PAGES = Object.fromEntries(
  ROW_KEYS.map((k, i) => [
    k,
    seedPage(random, i, { id: String(7200000000000001 + i), appSecret: true, prefix: `Plugin ${k} Page` }),
  ]),
) as Record<RowKey, PageSeed>;
const BAD_PAGE = seedPage(random, 9, { id: "7200000000000010", prefix: "Plugin bad-input Page" });

const sessions = new Sessions();
afterAll(() => sessions.close("Graph calls per step: reliability on the engine, provider plugin"));
beforeAll(() => fs.rmSync(PLUGIN_PROGRAMS_DIR, { recursive: true, force: true }));

const scanAll = (extra: ScanText[] = []): ScanResult => scanSessions(sessions, extra);
const lines = (o: StepOutcome) => o.calls.map((r) => `${r.method} ${r.path} ${r.status ?? r.fault}`);
const pluginResources = (s: HarnessStack, type: string): StateResource[] =>
  s.rawResources().filter((r) => r.type === type);
/** Retries fast, but with attempt timeouts that a loaded machine cannot hit. */
const RETRY = retryConfig({ attemptTimeoutMs: 10_000, deadlineMs: 20_000 });
const tokenConfig = (p: PageSeed): ConfigInput => ({
  "messenger:pageAccessToken": { value: p.token, secret: true },
  ...(p.appSecret ? { "messenger:appSecret": { value: p.appSecret, secret: true } } : {}),
});

const link = (url: string): YamlResource => ({ type: LINK, properties: { accountLinkingUrl: url } });
const profile = (properties: Record<string, unknown>): YamlResource => ({ type: PROFILE, properties });
const greeting = (text: string) => [{ locale: "default", text }];

/** The report's resource of a row: the class the plugin resource mirrors (a profile when the row has one). */
function reportedResourceOf(resources: readonly YamlResource[]): ReportedResource {
  return resources.some((r) => r.type === PROFILE) ? "MessengerProfile" : "MessengerAccountLinking";
}

// ---------------------------------------------------------------------------------------------
// Bad input: one stack per case, in lanes of one session; each preview must make 0 Graph calls.

interface BadCase {
  /** What is wrong, for the report. */
  readonly name: string;
  /** The one resource of the program. */
  readonly resource: YamlResource;
  /** The property that must be named. */
  readonly property: string;
  /** What the CLI output must say, exactly (the path inside the property included). */
  readonly says: string;
  /** Who refuses it: the provider's check, or the YAML host against the schema. */
  readonly refusedBy: "provider check" | "schema (YAML host)";
  /** No token in config (the case is about the missing token). */
  readonly noToken?: boolean;
}

const BAD: readonly BadCase[] = [
  {
    name: "greeting text of 161 characters",
    resource: profile({ greeting: greeting("x".repeat(161)) }),
    property: "greeting",
    says: "greeting[0].text is 161 characters long; the limit is 160: shorten it by 1",
    refusedBy: "provider check",
  },
  {
    name: "5 ice breakers",
    resource: profile({
      iceBreakers: Array.from({ length: 5 }, (_, i) => ({ question: `Question ${i}?`, payload: `Q${i}` })),
    }),
    property: "iceBreakers",
    says: "iceBreakers has 5 ice breaker questions ({ question, payload }); the limit is 4: remove 1",
    refusedBy: "provider check",
  },
  {
    name: "plain http: account linking URL",
    resource: link("http://example.com/messenger/link"),
    property: "accountLinkingUrl",
    says: 'accountLinkingUrl must use https, got "http:"',
    refusedBy: "provider check",
  },
  {
    name: "plain http: URL in a persistent menu item",
    resource: profile({
      getStarted: { payload: "GET_STARTED" },
      persistentMenu: [
        { locale: "default", callToActions: [{ type: "web_url", title: "Shop", url: "http://shop.example.com/" }] },
      ],
    }),
    property: "persistentMenu",
    says: 'persistentMenu[0].callToActions[0].url must use https, got "http:"',
    refusedBy: "provider check",
  },
  {
    name: "deprecated field homeUrl (home_url)",
    resource: profile({ greeting: greeting("Hi!"), homeUrl: { url: "https://shop.example.com/" } }),
    property: "homeUrl",
    says: "Property homeUrl does not exist on 'messenger:index:Profile'",
    refusedBy: "schema (YAML host)",
  },
  {
    name: "unknown platform",
    resource: profile({ platform: "whatsapp", greeting: greeting("Hi!") }),
    property: "platform",
    says: 'platform must be "messenger" or "instagram", got "whatsapp"',
    refusedBy: "provider check",
  },
  {
    name: "no token anywhere",
    resource: link("https://example.com/messenger/link"),
    property: "pageAccessToken",
    says: "pageAccessToken is missing: pass it as an input, or run `pulumi config set --secret messenger:pageAccessToken <token>`",
    refusedBy: "provider check",
    noToken: true,
  },
];

const LANES = 3;
const badName = (c: BadCase) => `preview (${c.property}: ${c.name})`;
let badLanes: ProgramRun[] = [];

/** The lanes' steps: each case rewrites the lane's program, then previews it. */
function badLaneSteps(lane: number): ProgramStep[] {
  return BAD.flatMap((c, i) =>
    i % LANES !== lane
      ? []
      : [
          {
            name: badName(c),
            op: "preview" as const,
            before: () => void writeYamlProgram(`bad-lane-${lane}`, { [`bad-${i}`]: c.resource }),
            removeConfig: c.noToken ? ["messenger:pageAccessToken"] : undefined,
            config: c.noToken ? undefined : tokenConfig(BAD_PAGE),
            fails: true as const,
            calls: 0,
            validate: ({ output }: StepOutcome) => {
              expect(output).toContain(c.says);
              if (c.refusedBy === "provider check") expect(output).toContain(`resource 'bad-${i}'`);
            },
          },
        ],
  );
}

// ---------------------------------------------------------------------------------------------
// One fault row per failure, each in a session of its own.

interface Row {
  readonly title: string;
  readonly resources: Readonly<Record<string, YamlResource>>;
  readonly steps: (h: Harness, program: string) => ProgramStep[];
}

const URL_CREATE = "https://example.com/plugin/create";

/** Graph 100 as the live API answers a field it refuses: the message names the field. */
const GREETING_REJECTED: FaultKind = {
  type: "graph",
  code: 100,
  status: 400,
  errorType: "OAuthException",
  message: "(#100) Param greeting[0][text] is invalid",
};

const ROWS: Record<RowKey, Row> = {
  "create-500": {
    title: "create × one HTTP 500: retried, the up completes; a no-change up makes 0 calls",
    resources: { link: link(URL_CREATE) },
    steps: (h) => [
      {
        name: "up (create, one HTTP 500)",
        op: "up",
        before: () =>
          h.emu.injectFault({
            match: { method: "POST", pageId: PAGES["create-500"].id },
            fault: { type: "status", status: 500, body: "" },
            times: 1,
          }),
        changes: { create: 2 },
        validate: (o, s) => {
          expect(lines(o)).toEqual([
            "GET /v25.0/me 200",
            "POST /v25.0/me/messenger_profile 500",
            "POST /v25.0/me/messenger_profile 200",
          ]);
          expect(h.emu.page(PAGES["create-500"].id)?.accountLinkingUrl).toBe(URL_CREATE);
          expect(pluginResources(s, LINK).map((r) => r.outputs?.accountLinkingUrl)).toEqual([URL_CREATE]);
        },
      },
      { name: "up (no change)", op: "up", calls: 0, changes: { same: 2 } },
    ],
  },
  "update-100": {
    title:
      "update × Graph 100 naming the field: fails with the field and what to do, old greeting kept in state and on the Page; re-run updates",
    resources: { profile: profile({ greeting: greeting("Hello v1") }) },
    steps: (h, program) => [
      { name: "up (create)", op: "up", calls: 2 },
      {
        name: "up (update, Graph 100)",
        op: "up",
        before: () => {
          writeYamlProgram(program, { profile: profile({ greeting: greeting("Hello v2") }) });
          h.emu.injectFault({
            match: { method: "POST", pageId: PAGES["update-100"].id },
            fault: GREETING_REJECTED,
            times: 1000,
          });
        },
        fails: /Graph error 100/,
        validate: (o, s) => {
          h.emu.clearFaults();
          expect(lines(o)).toEqual(["POST /v25.0/me/messenger_profile 400"]);
          expect(o.error?.message).toContain("Param greeting[0][text] is invalid");
          expect(o.error?.message).toMatch(/check the field against the limits in docs\/profile\.md/);
          expect(pluginResources(s, PROFILE).map((r) => r.outputs?.greeting)).toEqual([greeting("Hello v1")]);
          expect(h.emu.profile(PAGES["update-100"].id, "messenger")?.greeting).toEqual(greeting("Hello v1"));
        },
      },
      {
        name: "up (re-run)",
        op: "up",
        validate: (o, s) => {
          expect(lines(o)).toEqual(["POST /v25.0/me/messenger_profile 200"]);
          expect(pluginResources(s, PROFILE).map((r) => r.outputs?.greeting)).toEqual([greeting("Hello v2")]);
          expect(h.emu.profile(PAGES["update-100"].id, "messenger")?.greeting).toEqual(greeting("Hello v2"));
        },
      },
    ],
  },
  "rate-limit": {
    title: "create × Graph 613 announcing a 1.2 s wait: waits what the server announced, then completes",
    resources: { link: link("https://example.com/plugin/rate-limit") },
    steps: (h) => [
      {
        name: "up (create, Graph 613 for 1.2 s)",
        op: "up",
        before: () =>
          h.emu.injectFault({
            match: { method: "POST", pageId: PAGES["rate-limit"].id },
            fault: rateLimitFault(PAGES["rate-limit"].id, 0.02),
            times: 1,
          }),
        changes: { create: 2 },
        validate: (o) => {
          expect(lines(o)).toEqual([
            "GET /v25.0/me 200",
            "POST /v25.0/me/messenger_profile 400",
            "POST /v25.0/me/messenger_profile 200",
          ]);
          const [, limited, retried] = o.calls;
          expect(retried.time - limited.time).toBeGreaterThanOrEqual(1200);
          expect(h.emu.page(PAGES["rate-limit"].id)?.accountLinkingUrl).toBe("https://example.com/plugin/rate-limit");
        },
      },
    ],
  },
  "token-190": {
    title:
      "create × Graph 190 (token expired): fails fast with how to get and set a new token, nothing in state; re-run creates",
    resources: { profile: profile({ greeting: greeting("Hi!") }) },
    steps: (h) => [
      {
        name: "up (create, Graph 190)",
        op: "up",
        before: () =>
          h.emu.injectFault({
            match: { method: "POST", pageId: PAGES["token-190"].id },
            fault: TOKEN_EXPIRED,
            times: 1000,
          }),
        fails: /Graph error 190\/463/,
        validate: (o, s) => {
          h.emu.clearFaults();
          expect(lines(o)).toEqual(["GET /v25.0/me 200", "POST /v25.0/me/messenger_profile 400"]);
          expect(o.error?.message).toMatch(/The Page access token has expired/);
          expect(o.error?.message).toContain("pulumi config set --secret messenger:pageAccessToken");
          expect(pluginResources(s, PROFILE)).toEqual([]);
          expect(h.emu.profile(PAGES["token-190"].id, "messenger")).toEqual({});
        },
      },
      {
        name: "up (re-run)",
        op: "up",
        validate: (o, s) => {
          expect(lines(o)).toEqual(["GET /v25.0/me 200", "POST /v25.0/me/messenger_profile 200"]);
          expect(pluginResources(s, PROFILE)).toHaveLength(1);
          expect(h.emu.profile(PAGES["token-190"].id, "messenger")?.greeting).toEqual(greeting("Hi!"));
        },
      },
    ],
  },
  "delete-503": {
    title: "delete × Graph 2 (HTTP 503) on every attempt: fails after the retries, resource kept; re-run deletes",
    resources: { link: link("https://example.com/plugin/delete") },
    steps: (h) => [
      { name: "up (create)", op: "up", calls: 2 },
      {
        name: "destroy (Graph 2 on every attempt)",
        op: "destroy",
        before: () =>
          h.emu.injectFault({
            match: { method: "DELETE", pageId: PAGES["delete-503"].id },
            fault: SERVICE_UNAVAILABLE,
            times: 1000,
          }),
        fails: /Graph error 2\b/,
        validate: (o, s) => {
          h.emu.clearFaults();
          // The first attempt and every retry (messenger:maxRetries 3).
          expect(lines(o)).toEqual(Array.from({ length: 4 }, () => "DELETE /v25.0/me/messenger_profile 503"));
          expect(pluginResources(s, LINK)).toHaveLength(1);
          expect(h.emu.page(PAGES["delete-503"].id)?.accountLinkingUrl).toBe("https://example.com/plugin/delete");
        },
      },
      {
        name: "destroy (re-run)",
        op: "destroy",
        validate: (o, s) => {
          expect(lines(o)).toEqual(["DELETE /v25.0/me/messenger_profile 200"]);
          expect(pluginResources(s, LINK)).toEqual([]);
          expect(h.emu.page(PAGES["delete-503"].id)?.accountLinkingUrl).toBeUndefined();
        },
      },
    ],
  },
};
const rowRuns: Partial<Record<RowKey, Promise<StepOutcome[]>>> = {};

/** A fault row's report: every step's calls, and the scan (with the error of the step that failed). */
async function rowResult(key: RowKey) {
  const outcomes = await rowRuns[key]!;
  const failed = outcomes.find((o) => o.error !== undefined);
  return {
    details: { steps: Object.fromEntries(outcomes.map((o) => [o.step, lines(o)])) },
    scan: scanAll(failed ? errorTexts(failed.error, "Automation API error") : []),
  };
}

// ---------------------------------------------------------------------------------------------

let started = Date.now();
beforeAll(async () => {
  started = Date.now();
  const [bad, ...rowSessions] = await Promise.all([
    sessions.open("plugin-bad-input", [BAD_PAGE]),
    ...ROW_KEYS.map((k) => sessions.open(`plugin-${k}`, [PAGES[k]])),
  ]);
  badLanes = Array.from({ length: LANES }, (_, lane) =>
    startProgramTest(bad, {
      program: writeYamlProgram(`bad-lane-${lane}`, {}),
      stack: bad.stackName(`lane${lane + 1}`),
      config: tokenConfig(BAD_PAGE),
      steps: badLaneSteps(lane),
    }),
  );
  ROW_KEYS.forEach((k, i) => {
    const h = rowSessions[i];
    const program = writeYamlProgram(k, ROWS[k].resources);
    rowRuns[k] = programTest(h, {
      program,
      config: { ...RETRY, ...tokenConfig(PAGES[k]) },
      steps: ROWS[k].steps(h, k),
    });
    rowRuns[k].catch(() => undefined);
  });
  // Noted when the last stack is done (before the report is written).
  void Promise.allSettled([...badLanes.map((l) => l.done), ...Object.values(rowRuns)]).then(() =>
    note(
      `engine, provider plugin: ${BAD.length} bad-input previews in ${LANES} lanes and ${ROW_KEYS.length} fault rows, all at once: ${((Date.now() - started) / 1000).toFixed(1)} s`,
    ),
  );
});

describe("bad input through the provider plugin: refused at preview, 0 Graph calls", () => {
  BAD.forEach((c, i) => {
    scenario(
      "bad-input/engine",
      `plugin preview refuses ${c.property}: ${c.name}`,
      async () => {
        const o = await badLanes[i % LANES].step(badName(c));
        return {
          details: { property: c.property, refusedBy: c.refusedBy, says: c.says, graphCalls: o.calls.length },
          scan: scanAll(errorTexts(o.error, "Automation API error")),
        };
      },
      undefined,
      reportedResourceOf([c.resource]),
    );
  });
});

describe("fault rows through the provider plugin", () => {
  for (const k of ROW_KEYS)
    scenario(
      "fault-matrix/engine",
      `plugin ${ROWS[k].title}`,
      () => rowResult(k),
      undefined,
      reportedResourceOf(Object.values(ROWS[k].resources)),
    );
});

/**
 * The reliability suite on the real Pulumi engine (run by `npm run test:e2e`): bad input rejected
 * at preview with 0 Graph calls, one representative fault row per operation (create, update,
 * refresh, delete) with state checked after the failure and a re-run that converges, and 20
 * resources on 20 Pages with a seeded 30% of calls faulted. Every scenario scans the backends' raw
 * state files, the Pulumi homes and the CLI output for every token, app secret and appsecret_proof.
 *
 * Independent stacks run concurrently: the bad inputs in three lanes of one session (they make no
 * call), each fault row and the chaos fleet in a session of its own (faults are per emulator).
 */
import * as path from "path";
import type { PageSeed } from "../../../emulator";
import type { FaultSpec } from "../../../emulator/faults";
import {
  programTest,
  retryConfig,
  startProgramTest,
  type ConfigInput,
  type Harness,
  type ProgramRun,
  type ProgramStep,
  type StepOutcome,
} from "../../../harness";
import { Sessions, linkResources, rawLink } from "../../e2e/support";
import { CHAOS_FAULTS } from "../support/chaos";
import { echoingUrl, INVALID_PARAMETER, TOKEN_EXPIRED } from "../support/graph-faults";
import { BAD_INPUTS, VALID_TOKEN } from "../support/bad-inputs";
import { scanSessions } from "../support/engine-scan";
import { rateLimitFault } from "../support/harness";
import { mulberry32, SEED } from "../support/prng";
import { note, scenario, useReport } from "../support/report";
import { errorTexts, secrets, seedPage, type ScanResult, type ScanText } from "../support/secrets";

jest.setTimeout(600_000);
useReport("engine");

const PROGRAM = path.join(__dirname, "program");
const random = mulberry32(SEED + 31);
/** Pages of the fault rows (each requires appsecret_proof) and of the chaos fleet. */
const ROW_PAGES = ["create", "update", "refresh", "delete"].map((op, i) =>
  seedPage(random, i, { id: String(7000000000000001 + i), appSecret: true, prefix: `Engine ${op} Page` }),
);
const FLEET = Array.from({ length: 20 }, (_, i) =>
  seedPage(random, i, { id: String(7100000000000001 + i), appSecret: i % 5 === 0, prefix: "Engine Chaos Page" }),
);
secrets.add("the valid token of the bad-input cases", VALID_TOKEN);

const sessions = new Sessions();
afterAll(() => sessions.close("Graph calls per step: reliability on the engine"));

/** Scans everything the engine and the provider left: CLI output so far, raw state, Pulumi homes. */
function scanAll(extra: ScanText[] = []): ScanResult {
  return scanSessions(sessions, extra);
}

/** The texts of a step that failed as it had to. */
function failureTexts(o: StepOutcome): ScanText[] {
  return errorTexts(o.error, "Automation API error");
}

const lines = (o: StepOutcome) => o.calls.map((r) => `${r.method} ${r.path} ${r.status ?? r.fault}`);

// ---------------------------------------------------------------------------------------------
// Bad input: one preview per case (the engine stops a preview at the first failing check).

const LANES = 3;
const TOKEN_CONFIG = { "messenger:pageAccessToken": { value: VALID_TOKEN, secret: true } };
const badName = (c: (typeof BAD_INPUTS)[number]) => `preview (${c.property}: ${c.name})`;
const badSteps: ProgramStep[][] = Array.from({ length: LANES }, () => []);
BAD_INPUTS.forEach((c, i) => {
  const inputs: Record<string, unknown> = { ...c.inputs };
  const token = inputs.pageAccessToken;
  delete inputs.pageAccessToken; // a token travels as secret config, as a user's would
  const name = `bad-${i}`;
  badSteps[i % LANES].push({
    name: badName(c),
    op: "preview",
    removeConfig: c.ambientToken === false ? ["messenger:pageAccessToken"] : undefined,
    config: {
      ...(c.ambientToken === false ? {} : TOKEN_CONFIG),
      resources: JSON.stringify([{ name, inputs }]),
      inputTokenNames: JSON.stringify(token === undefined ? [] : [name]),
      inputTokens: { value: JSON.stringify(token === undefined ? {} : { [name]: token }), secret: true },
    },
    fails: true,
    calls: 0,
    validate: ({ output }) => {
      // The engine names the resource and the property; the provider's reason says what to do.
      expect(output).toContain(`resource '${name}'`);
      expect(output).toMatch(new RegExp(`property ${c.property}\\b`));
    },
  });
});
let badLanes: ProgramRun[] = [];

// ---------------------------------------------------------------------------------------------
// One fault row per operation, each in a session of its own.

const [pCreate, pUpdate, pRefresh, pDelete] = ROW_PAGES;
const rowConfig = (p: PageSeed, url: string): ConfigInput => ({
  ...retryConfig(),
  "messenger:pageAccessToken": { value: p.token, secret: true },
  "messenger:appSecret": { value: p.appSecret!, secret: true },
  resources: JSON.stringify([{ name: "link", inputs: { accountLinkingUrl: url } }]),
});

interface Row {
  readonly pages: readonly PageSeed[];
  readonly config: ConfigInput;
  readonly steps: (h: Harness) => ProgramStep[];
}

const ROWS: Record<string, Row> = {
  create: {
    pages: [pCreate],
    config: rowConfig(pCreate, "https://example.com/engine/create"),
    steps: (h) => [
      {
        name: "up (create, Graph 190)",
        op: "up",
        before: () =>
          h.emu.injectFault({
            match: { method: "POST", pageId: pCreate.id },
            fault: TOKEN_EXPIRED,
            times: 1000,
          }),
        fails: /Graph error 190\/463/,
        validate: (o, s) => {
          h.emu.clearFaults();
          expect(lines(o)).toEqual(["GET /v25.0/me 200", "POST /v25.0/me/messenger_profile 400"]);
          expect(o.error?.message).toMatch(/fbtrace_id [A-Za-z0-9]+/);
          expect(o.error?.message).toMatch(/messenger:pageAccessToken/);
          expect(linkResources(s.rawResources())).toEqual([]);
          expect(h.emu.page(pCreate.id)?.accountLinkingUrl).toBeUndefined();
        },
      },
      {
        name: "up (re-run)",
        op: "up",
        validate: (o) => {
          expect(lines(o)).toEqual(["GET /v25.0/me 200", "POST /v25.0/me/messenger_profile 200"]);
          expect(h.emu.page(pCreate.id)?.accountLinkingUrl).toBe("https://example.com/engine/create");
        },
      },
    ],
  },
  update: {
    pages: [pUpdate],
    config: rowConfig(pUpdate, "https://example.com/engine/update/old"),
    steps: (h) => [
      { name: "up (create)", op: "up", calls: 2 },
      {
        name: "up (update, Graph 100 echoing the URL)",
        op: "up",
        config: {
          resources: JSON.stringify([
            { name: "link", inputs: { accountLinkingUrl: "https://example.com/engine/update/new" } },
          ]),
        },
        before: () =>
          h.emu.injectFault({
            match: { method: "POST", pageId: pUpdate.id },
            fault: echoingUrl(INVALID_PARAMETER),
            times: 1000,
          } satisfies FaultSpec),
        fails: /Graph error 100/,
        validate: (o, s) => {
          h.emu.clearFaults();
          expect(lines(o)).toEqual(["POST /v25.0/me/messenger_profile 400"]);
          // The echo is there, redacted.
          expect(o.error?.message).toMatch(/access_token=\[REDACTED\]&appsecret_proof=\[REDACTED\]/);
          expect(rawLink(s).outputs?.accountLinkingUrl).toBe("https://example.com/engine/update/old");
          expect(h.emu.page(pUpdate.id)?.accountLinkingUrl).toBe("https://example.com/engine/update/old");
        },
      },
      {
        name: "up (re-run)",
        op: "up",
        validate: (o, s) => {
          expect(lines(o)).toEqual(["POST /v25.0/me/messenger_profile 200"]);
          expect(rawLink(s).outputs?.accountLinkingUrl).toBe("https://example.com/engine/update/new");
          expect(h.emu.page(pUpdate.id)?.accountLinkingUrl).toBe("https://example.com/engine/update/new");
        },
      },
    ],
  },
  refresh: {
    pages: [pRefresh],
    config: rowConfig(pRefresh, "https://example.com/engine/refresh"),
    steps: (h) => [
      { name: "up (create)", op: "up", calls: 2 },
      {
        name: "refresh (connection reset once)",
        op: "refresh",
        before: () => {
          h.emu.setAccountLinkingUrl(pRefresh.id, "https://example.com/engine/refresh/drifted");
          h.emu.injectFault({
            match: { method: "GET", path: "messenger_profile", pageId: pRefresh.id },
            fault: { type: "reset" },
            times: 1,
          });
        },
        validate: (o, s) => {
          expect(lines(o)).toEqual(["GET /v25.0/me/messenger_profile reset", "GET /v25.0/me/messenger_profile 200"]);
          expect(rawLink(s).outputs?.accountLinkingUrl).toBe("https://example.com/engine/refresh/drifted");
        },
      },
      {
        name: "up (repair)",
        op: "up",
        validate: (o) => {
          expect(lines(o)).toEqual(["POST /v25.0/me/messenger_profile 200"]);
          expect(h.emu.page(pRefresh.id)?.accountLinkingUrl).toBe("https://example.com/engine/refresh");
        },
      },
    ],
  },
  delete: {
    pages: [pDelete],
    config: rowConfig(pDelete, "https://example.com/engine/delete"),
    steps: (h) => [
      { name: "up (create)", op: "up", calls: 2 },
      {
        name: "destroy (Graph 613 for 30 min)",
        op: "destroy",
        before: () =>
          h.emu.injectFault({
            match: { method: "DELETE", pageId: pDelete.id },
            fault: rateLimitFault(pDelete.id, 30),
            times: 1000,
          }),
        fails: /Graph error 613/,
        validate: (o, s) => {
          h.emu.clearFaults();
          expect(lines(o)).toEqual(["DELETE /v25.0/me/messenger_profile 400"]);
          expect(o.error?.message).toMatch(/server asked to wait 30 min/);
          expect(linkResources(s.rawResources())).toHaveLength(1);
          expect(h.emu.page(pDelete.id)?.accountLinkingUrl).toBe("https://example.com/engine/delete");
        },
      },
      {
        name: "destroy (re-run)",
        op: "destroy",
        validate: (o, s) => {
          expect(lines(o)).toEqual(["DELETE /v25.0/me/messenger_profile 200"]);
          expect(linkResources(s.rawResources())).toEqual([]);
          expect(h.emu.page(pDelete.id)?.accountLinkingUrl).toBeUndefined();
        },
      },
    ],
  },
};
const rowRuns: Record<string, Promise<StepOutcome[]>> = {};

/** A fault row's report: the failed step's calls, the re-run's call count, the scan. */
async function rowResult(op: keyof typeof ROWS) {
  const outcomes = await rowRuns[op];
  const failed = outcomes.find((o) => o.error !== undefined);
  const rerun = outcomes[outcomes.length - 1];
  return {
    details: { calls: failed ? lines(failed) : lines(outcomes[outcomes.length - 2]), rerun: rerun.calls.length },
    scan: scanAll(failed ? failureTexts(failed) : []),
  };
}

// ---------------------------------------------------------------------------------------------
// Concurrency: 20 resources on 20 Pages with 30% of the calls faulted.

async function chaos(h: Harness) {
  const url = (i: number) => `https://example.com/engine/chaos/page-${i}`;
  const names = FLEET.map((_, i) => `page-${i}`);
  const withSecret = FLEET.map((p, i) => ({ p, i })).filter((x) => x.p.appSecret);
  const s = await h.newStack({
    program: PROGRAM,
    kind: "chaos",
    config: {
      ...retryConfig({ maxRetries: 2 }),
      resources: JSON.stringify(names.map((name, i) => ({ name, inputs: { accountLinkingUrl: url(i) } }))),
      inputTokenNames: JSON.stringify(names),
      inputTokens: {
        value: JSON.stringify(Object.fromEntries(FLEET.map((p, i) => [names[i], p.token]))),
        secret: true,
      },
      inputAppSecretNames: JSON.stringify(withSecret.map((x) => names[x.i])),
      inputAppSecrets: {
        value: JSON.stringify(Object.fromEntries(withSecret.map((x) => [names[x.i], x.p.appSecret]))),
        secret: true,
      },
    },
  });
  h.emu.setChaos({ rate: 0.3, seed: SEED, faults: CHAOS_FAULTS });
  let firstError: { message: string; texts: ScanText[] } | undefined;
  try {
    await s.up("up (30% of calls faulted)");
  } catch (e) {
    firstError = { message: String((e as Error).message), texts: errorTexts(e, "first up") };
  }
  const stats = h.emu.chaosStats();
  h.emu.clearFaults();
  expect(stats!.failed).toBeGreaterThan(0);
  // Consistent: every resource in state is on its Page; every Page without its URL is not in state.
  const inState = new Set(linkResources(s.rawResources()).map((r) => r.outputs?.pageId as string));
  FLEET.forEach((p, i) => {
    const onPage = h.emu.page(p.id)?.accountLinkingUrl;
    if (inState.has(p.id)) expect(onPage).toBe(url(i));
    else expect(onPage).toBeUndefined();
  });
  if (firstError) {
    expect(inState.size).toBeLessThan(FLEET.length);
    // Clear errors: each failed resource's error names the call and the Graph code or status.
    expect(firstError.message).toMatch(/(GET|POST) \/v25\.0\/me(\/messenger_profile)? failed: /);
  } else {
    expect(inState.size).toBe(FLEET.length);
  }
  const missing = FLEET.length - inState.size;
  const second = await s.up("up (faults cleared)");
  expect(second.calls).toHaveLength(2 * missing);
  expect(linkResources(s.rawResources())).toHaveLength(FLEET.length);
  FLEET.forEach((p, i) => expect(h.emu.page(p.id)?.accountLinkingUrl).toBe(url(i)));
  const destroy = await s.destroy("destroy (20 Pages)");
  expect(destroy.calls).toHaveLength(FLEET.length);
  FLEET.forEach((p) => expect(h.emu.page(p.id)?.accountLinkingUrl).toBeUndefined());
  note(
    `engine concurrency: ${stats!.failed} of ${stats!.calls} calls faulted; first up ${firstError ? `failed with ${missing} of 20 resources not created` : "applied fully"}; second up made ${second.calls.length} calls`,
  );
  return {
    details: {
      faultedCalls: stats,
      firstUp: firstError ? "failed with clear errors" : "applied fully",
      createdFirst: inState.size,
      secondUpCalls: second.calls.length,
    },
    firstErrorTexts: firstError?.texts ?? [],
  };
}
let chaosRun: ReturnType<typeof chaos>;

// ---------------------------------------------------------------------------------------------

beforeAll(async () => {
  const [bad, ...rowSessions] = await Promise.all([
    sessions.open("reliability-bad-input", []),
    ...Object.values(ROWS).map((row, i) => sessions.open(`reliability-${Object.keys(ROWS)[i]}`, row.pages)),
  ]);
  badLanes = badSteps.map((steps, i) =>
    startProgramTest(bad, { program: PROGRAM, stack: bad.stackName(`lane${i + 1}`), config: TOKEN_CONFIG, steps }),
  );
  Object.entries(ROWS).forEach(([op, row], i) => {
    const h = rowSessions[i];
    rowRuns[op] = programTest(h, { program: PROGRAM, config: row.config, steps: row.steps(h) });
    rowRuns[op].catch(() => undefined);
  });
  const chaosSession = await sessions.open("reliability-chaos", FLEET);
  chaosRun = chaos(chaosSession);
  chaosRun.catch(() => undefined);
});

describe("bad input on the engine: rejected at preview, 0 Graph calls", () => {
  BAD_INPUTS.forEach((c, i) => {
    scenario("bad-input/engine", `preview rejects ${c.property}: ${c.name}`, async () => {
      const o = await badLanes[i % LANES].step(badName(c));
      const reason = new RegExp(`has a problem: (${c.property}\\b[^\\n]*)`).exec(o.output)?.[1] ?? "";
      expect(reason).toMatch(c.reason);
      return { details: { property: c.property, reason, graphCalls: 0 }, scan: scanAll(failureTexts(o)) };
    });
  });
});

describe("one fault row per operation through the engine", () => {
  scenario(
    "fault-matrix/engine",
    "create × Graph 190 (token expired): fails fast, nothing in state; re-run creates",
    () => rowResult("create"),
  );
  scenario(
    "fault-matrix/engine",
    "update × Graph 100 echoing the request URL: fails fast, old URL kept in state; re-run updates",
    () => rowResult("update"),
  );
  scenario("fault-matrix/engine", "refresh × connection reset: retried, the drift is read; up repairs it", () =>
    rowResult("refresh"),
  );
  scenario(
    "fault-matrix/engine",
    "delete × a rate limit that outlasts the deadline: fails fast, resource kept; re-run deletes",
    () => rowResult("delete"),
  );
});

describe("concurrency on the engine", () => {
  scenario(
    "concurrency/engine",
    `20 resources on 20 Pages, 30% of calls faulted (seed ${SEED}): fully applied or clear errors; a second up converges`,
    async () => {
      const r = await chaosRun;
      return { details: r.details, scan: scanAll(r.firstErrorTexts) };
    },
  );
});

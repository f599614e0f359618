/**
 * The reliability suite on the real Pulumi engine (run by `npm run test:e2e`): bad input rejected
 * at preview with 0 Graph calls (MessengerAccountLinking's table and MessengerProfile's, each failure
 * naming its exact path), one representative fault row per operation (create, update, refresh,
 * delete) with state checked after the failure and a re-run that converges, a MessengerProfile update
 * whose DELETE fails after its POST went through (the engine records the Page's real state; the
 * re-run makes only the DELETE), and 20 resources on 20 Pages with a seeded 30% of calls faulted. Every scenario scans the backends' raw
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
  type StateResource,
  type StepOutcome,
} from "../../../harness";
import { Sessions, linkResources, rawLink } from "../../support/engine";
import { CHAOS_FAULTS } from "../../support/chaos";
import { echoingUrl, INVALID_PARAMETER, TOKEN_EXPIRED } from "../../support/graph-faults";
import { BAD_INPUTS, VALID_TOKEN } from "../../support/bad-inputs";
import { PROFILE_BAD_INPUTS, type ProfileBadInputCase } from "../../support/profile-bad-inputs";
import {
  fieldMismatches,
  MESSENGER_FULL,
  MESSENGER_NEXT,
  normalized,
  profileOnPage,
} from "../../support/profile-matrix";
import type { NormalizedProfile } from "../../../provider/profile/types";
import { PROFILE_WIRE_FIELDS } from "../../../provider/graph/profile-fields";
import { scanSessions } from "../../support/engine-scan";
import { rateLimitFault } from "../../support/fault-harness";
import { mulberry32, SEED } from "../../support/prng";
import { note, scenario, useReport } from "../../support/report";
import { errorTexts, secrets, seedPage, type ScanResult, type ScanText } from "../../support/secret-scan";
import { WIRE_FIELDS_IN_POST_ORDER } from "../../support/profile-fixtures";

jest.setTimeout(600_000);
useReport("engine");

const PROGRAM = path.join(__dirname, "..", "programs", "reliability");
const random = mulberry32(SEED + 31);
/** Pages of the fault rows (each requires appsecret_proof) and of the chaos fleet. */
const ROW_PAGES = ["create", "update", "refresh", "delete"].map((op, i) =>
  seedPage(random, i, { id: String(7000000000000001 + i), appSecret: true, prefix: `Engine ${op} Page` }),
);
const FLEET = Array.from({ length: 20 }, (_, i) =>
  seedPage(random, i, { id: String(7100000000000001 + i), appSecret: i % 5 === 0, prefix: "Engine Chaos Page" }),
);
secrets.add("the valid token of the bad-input cases", VALID_TOKEN);
const profileRandom = mulberry32(SEED + 37);
/** The Page of the profile's static-dependency case, and of the profile's update row (appsecret_proof). */
const [P_DEPENDENCY, P_UPDATE] = ["dependency", "update"].map((what, i) =>
  seedPage(profileRandom, i, {
    id: String(7200000000000001 + i),
    appSecret: i === 1,
    prefix: `Engine profile ${what} Page`,
  }),
);
const PROFILE_TYPE = "pulumi-nodejs:dynamic/messenger:MessengerProfile";
const PROFILE_FIELDS_ALL = [...PROFILE_WIRE_FIELDS];

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

// MessengerProfile's bad inputs: the same, in lanes of their own; a case about a change (olds) runs
// `up` with the previous inputs on a real Page first, then the preview of the change.
const PROFILE_LANES = 2;
const profileName = (c: ProfileBadInputCase) => `preview (MessengerProfile ${c.path || "resource"}: ${c.name})`;
const profileConfig = (name: string, inputs: Readonly<Record<string, unknown>>, ambient: boolean): ConfigInput => {
  const own: Record<string, unknown> = { ...inputs };
  const token = own.pageAccessToken;
  delete own.pageAccessToken; // a token travels as secret config, as a user's would
  return {
    ...(ambient ? TOKEN_CONFIG : {}),
    resources: JSON.stringify([{ name, kind: "profile", inputs: own }]),
    inputTokenNames: JSON.stringify(token === undefined ? [] : [name]),
    inputTokens: { value: JSON.stringify(token === undefined ? {} : { [name]: token }), secret: true },
  };
};
const profileStep = (c: ProfileBadInputCase, name: string): ProgramStep => ({
  name: profileName(c),
  op: "preview",
  removeConfig: c.ambientToken === false ? ["messenger:pageAccessToken"] : undefined,
  config: profileConfig(name, c.inputs, c.ambientToken !== false),
  fails: true,
  calls: 0,
  validate: ({ output }) => {
    // The engine names the resource and the property; the provider's reason starts with the exact path.
    expect(output).toContain(`resource '${name}'`);
    if (c.property !== "") expect(output).toMatch(new RegExp(`property ${c.property}\\b`));
    expect(output).toContain(`has a problem: ${c.path === "" ? "a MessengerProfile must declare" : `${c.path} `}`);
  },
});
const profileBadSteps: ProgramStep[][] = Array.from({ length: PROFILE_LANES }, () => []);
PROFILE_BAD_INPUTS.filter((c) => c.olds === undefined).forEach((c, i) =>
  profileBadSteps[i % PROFILE_LANES].push(profileStep(c, `bad-profile-${i}`)),
);
const PROFILE_CHANGE_CASES = PROFILE_BAD_INPUTS.filter((c) => c.olds !== undefined);
const dependencySteps: ProgramStep[] = PROFILE_CHANGE_CASES.flatMap((c, i) => [
  {
    name: `up (previous inputs of: ${c.name})`,
    op: "up" as const,
    config: {
      ...profileConfig(`changed-${i}`, c.olds!, false),
      "messenger:pageAccessToken": { value: P_DEPENDENCY.token, secret: true },
    },
    calls: 2,
  },
  profileStep(c, `changed-${i}`),
]);
let profileBadLanes: ProgramRun[] = [];
let dependencyLane: ProgramRun;

/** The exact reason the engine printed for a profile case (from the path on). */
function printedReason(c: ProfileBadInputCase, output: string): string {
  const start = c.path === "" ? "a MessengerProfile must declare" : `${c.path} `;
  const at = output.indexOf(`has a problem: ${start}`);
  return at < 0 ? "" : output.slice(at + "has a problem: ".length).split("\n")[0];
}

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

// MessengerProfile update: the POST goes through, then the DELETE hits the rate limit (the POST used
// the last call of the budget). The engine must record what the Page now holds, a refresh must work on
// that state, and the re-run must make only the DELETE.
const profileRowConfig = (inputs: object): ConfigInput => ({
  ...retryConfig(),
  "messenger:pageAccessToken": { value: P_UPDATE.token, secret: true },
  "messenger:appSecret": { value: P_UPDATE.appSecret!, secret: true },
  resources: JSON.stringify([{ name: "profile", kind: "profile", inputs }]),
});
const rawProfile = (s: { rawResources(): StateResource[] }): StateResource => {
  const found = s.rawResources().filter((r) => r.type === PROFILE_TYPE);
  if (found.length !== 1) throw new Error(`expected one MessengerProfile in state, found ${found.length}`);
  return found[0];
};
const FULL_M = normalized(MESSENGER_FULL, "messenger");
const NEXT_M = normalized(MESSENGER_NEXT, "messenger");
/** NEXT, plus the fields NEXT removes with FULL's values: what the Page holds when only the POST went through. */
const HALFWAY: NormalizedProfile = {
  ...NEXT_M,
  commands: FULL_M.commands,
  accountLinkingUrl: FULL_M.accountLinkingUrl,
};
const PROFILE_PATH_CALLS = {
  post: "POST /v25.0/me/messenger_profile",
  del: "DELETE /v25.0/me/messenger_profile",
  get: "GET /v25.0/me/messenger_profile",
};
function profileUpdateSteps(h: Harness): ProgramStep[] {
  const pageIs = (expected: NormalizedProfile, what: string) =>
    expect([
      what,
      ...fieldMismatches(expected, profileOnPage(h.emu, P_UPDATE.id, "messenger"), PROFILE_FIELDS_ALL),
    ]).toEqual([what]);
  const stateIs = (s: { rawResources(): StateResource[] }, expected: NormalizedProfile, what: string) => {
    const outs = (rawProfile(s).outputs ?? {}) as NormalizedProfile;
    expect([what, ...fieldMismatches(expected, outs, PROFILE_FIELDS_ALL)]).toEqual([what]);
  };
  return [
    {
      name: "up (create the full profile)",
      op: "up",
      validate: (o, s) => {
        expect(lines(o)).toEqual(["GET /v25.0/me 200", `${PROFILE_PATH_CALLS.post} 200`]);
        pageIs(FULL_M, "the Page after create");
        stateIs(s, FULL_M, "state after create");
      },
    },
    {
      name: "up (update: the POST goes through, the DELETE hits a 30-minute rate limit)",
      op: "up",
      config: { resources: JSON.stringify([{ name: "profile", kind: "profile", inputs: MESSENGER_NEXT }]) },
      before: () =>
        h.emu.injectFault({
          match: { method: "DELETE", pageId: P_UPDATE.id },
          fault: rateLimitFault(P_UPDATE.id, 30),
          times: 1000,
        }),
      fails: /Graph error 613/,
      validate: (o, s) => {
        h.emu.clearFaults();
        expect(lines(o)).toEqual([`${PROFILE_PATH_CALLS.post} 200`, `${PROFILE_PATH_CALLS.del} 400`]);
        expect(o.error?.message).toMatch(/server asked to wait 30 min/);
        pageIs(HALFWAY, "the Page after the failed DELETE");
        // The engine recorded what the Page holds: the new values, and the fields still to delete.
        stateIs(s, HALFWAY, "state after the failed DELETE");
        expect(rawProfile(s).outputs?.ownedFields).toEqual(WIRE_FIELDS_IN_POST_ORDER);
      },
    },
    {
      name: "refresh (on the recorded state)",
      op: "refresh",
      validate: (o, s) => {
        expect(lines(o)).toEqual([`${PROFILE_PATH_CALLS.get} 200`]);
        stateIs(s, HALFWAY, "state after refresh");
      },
    },
    {
      name: "up (re-run: only the DELETE)",
      op: "up",
      validate: (o, s) => {
        expect(lines(o)).toEqual([`${PROFILE_PATH_CALLS.del} 200`]);
        expect(o.calls[0].body).toBe(JSON.stringify({ fields: ["commands", "account_linking_url"] }));
        pageIs(NEXT_M, "the Page after the re-run");
        stateIs(s, NEXT_M, "state after the re-run");
      },
    },
    { name: "up (no change)", op: "up", calls: 0 },
    {
      name: "destroy",
      op: "destroy",
      validate: (o) => {
        expect(lines(o)).toEqual([`${PROFILE_PATH_CALLS.del} 200`]);
        pageIs({}, "the Page after destroy");
      },
    },
  ];
}
let profileRowRun: Promise<StepOutcome[]>;

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
  profileBadLanes = profileBadSteps.map((steps, i) =>
    startProgramTest(bad, {
      program: PROGRAM,
      stack: bad.stackName(`profile-lane${i + 1}`),
      config: TOKEN_CONFIG,
      steps,
    }),
  );
  const [dependency, profileRow] = await Promise.all([
    sessions.open("reliability-profile-dependency", [P_DEPENDENCY]),
    sessions.open("reliability-profile-update", [P_UPDATE]),
  ]);
  dependencyLane = startProgramTest(dependency, { program: PROGRAM, config: {}, steps: dependencySteps });
  profileRowRun = programTest(profileRow, {
    program: PROGRAM,
    config: profileRowConfig(MESSENGER_FULL),
    steps: profileUpdateSteps(profileRow),
  });
  profileRowRun.catch(() => undefined);
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

describe("bad MessengerProfile input on the engine: rejected at preview with its exact path, 0 Graph calls", () => {
  PROFILE_BAD_INPUTS.filter((c) => c.olds === undefined).forEach((c, i) => {
    scenario(
      "bad-input/profile-engine",
      `preview rejects ${c.path || "the resource"}: ${c.name}`,
      async () => {
        const o = await profileBadLanes[i % PROFILE_LANES].step(profileName(c));
        const reason = printedReason(c, o.output);
        expect(reason).toMatch(c.reason);
        return { details: { path: c.path, reason, graphCalls: 0 }, scan: scanAll(failureTexts(o)) };
      },
      undefined,
      "MessengerProfile",
    );
  });
  PROFILE_CHANGE_CASES.forEach((c) => {
    scenario(
      "bad-input/profile-engine",
      `preview rejects ${c.path}: ${c.name} (after an up with the previous inputs)`,
      async () => {
        const o = await dependencyLane.step(profileName(c));
        const reason = printedReason(c, o.output);
        expect(reason).toMatch(c.reason);
        return { details: { path: c.path, reason, graphCalls: 0 }, scan: scanAll(failureTexts(o)) };
      },
      undefined,
      "MessengerProfile",
    );
  });
});

describe("MessengerProfile fault row through the engine", () => {
  scenario(
    "fault-matrix/profile-engine",
    "update × a rate limit on the DELETE after the POST went through: state records the Page's real profile; refresh works on it; the re-run makes only the DELETE",
    async () => {
      const outcomes = await profileRowRun;
      const failed = outcomes.find((o) => o.error !== undefined)!;
      return {
        details: {
          calls: lines(failed),
          rerun: lines(outcomes[3]),
          steps: outcomes.map((o) => `${o.step}: ${o.calls.length} calls`),
        },
        scan: scanAll(failureTexts(failed)),
      };
    },
    undefined,
    "MessengerProfile",
  );
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

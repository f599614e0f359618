/**
 * The reliability suite on the real Pulumi engine (run by `npm run test:e2e`): bad input rejected
 * at preview with 0 Graph calls, one representative fault row per operation (create, update,
 * refresh, delete) with state checked after the failure and a re-run that converges, and 20
 * resources on 20 Pages with a seeded 30% of calls faulted. Every scenario scans the backend's raw
 * state files, the Pulumi home and the CLI output for every token, app secret and appsecret_proof.
 */
import * as fs from "fs";
import * as path from "path";
import type { FaultSpec } from "../../../emulator/faults";
import {
  closeSetup,
  E2EStack,
  filesUnder,
  linkResources,
  openSetup,
  removeDir,
  tempDir,
  useEngine,
  type SetupContext,
} from "../../e2e/support";
import { rejection } from "../../support";
import { CHAOS_FAULTS } from "../support/chaos";
import { BAD_INPUTS, VALID_TOKEN } from "../support/bad-inputs";
import { rateLimitFault } from "../support/harness";
import { mulberry32, SEED } from "../support/prng";
import { note, scenario, useReport } from "../support/report";
import { errorTexts, secrets, seedPage, type ScanResult, type ScanText } from "../support/secrets";

jest.setTimeout(600_000);
useReport("engine");

const PROGRAM = path.join(__dirname, "program");
const PROJECT = "messenger-reliability";
const random = mulberry32(SEED + 31);
/** Pages of the fault rows (each requires appsecret_proof) and of the chaos fleet. */
const ROW_PAGES = ["create", "update", "refresh", "delete"].map((op, i) =>
  seedPage(random, i, { id: String(7000000000000001 + i), appSecret: true, prefix: `Engine ${op} Page` }),
);
const FLEET = Array.from({ length: 20 }, (_, i) =>
  seedPage(random, i, { id: String(7100000000000001 + i), appSecret: i % 5 === 0, prefix: "Engine Chaos Page" }),
);
secrets.add("the valid token of the bad-input cases", VALID_TOKEN);
/** Fast retries, so that fault rows that fail do so in seconds. */
const RETRY_CONFIG = {
  "messenger:maxRetries": "3",
  "messenger:backoffBaseMs": "50",
  "messenger:backoffMaxMs": "200",
  "messenger:attemptTimeoutMs": "2000",
  "messenger:deadlineMs": "5000",
};

let ctx: SetupContext;
let root: string | undefined;

beforeAll(async () => {
  useEngine();
  root = tempDir("reliability");
  ctx = await openSetup({
    label: "reliability",
    workDir: PROGRAM,
    project: PROJECT,
    backendRoot: root,
    pages: [...ROW_PAGES, ...FLEET],
  });
});

afterAll(async () => {
  await closeSetup(ctx, "Graph calls per step: reliability on the engine");
  removeDir(root);
});

/** Scans everything the engine and the provider left: CLI output so far, raw state, Pulumi home. */
function scanAll(extra: ScanText[] = []): ScanResult {
  const texts: ScanText[] = [
    ...ctx.cliOutputs.map((o) => ({ where: `CLI output of ${o.stack} ${o.step}`, text: o.text })),
    ...extra,
  ];
  for (const dir of [ctx.backend.stateDir, ctx.backend.pulumiHome]) {
    for (const f of filesUnder(dir))
      if (!f.includes(`${path.sep}plugins${path.sep}`))
        texts.push({ where: `file ${path.relative(ctx.backend.root, f)}`, text: fs.readFileSync(f, "latin1") });
  }
  return secrets.assertClean(texts);
}

/** Runs a step that must fail; returns the error's texts (also scanned). */
async function mustFail(step: Promise<unknown>): Promise<{ message: string; texts: ScanText[] }> {
  const e = await rejection(step);
  return { message: String(e.message ?? e), texts: errorTexts(e, "Automation API error") };
}

describe("bad input on the engine: rejected at preview, 0 Graph calls", () => {
  // The engine stops a preview at the first resource whose check fails: one preview per case.
  let s: E2EStack;
  const TOKEN_CONFIG = { "messenger:pageAccessToken": { value: VALID_TOKEN, secret: true } };

  beforeAll(async () => {
    s = await E2EStack.create(ctx, `rel-bad-${process.pid}`, TOKEN_CONFIG);
  });

  BAD_INPUTS.forEach((c, i) => {
    scenario("bad-input/engine", `preview rejects ${c.property}: ${c.name}`, async () => {
      const inputs: Record<string, unknown> = { ...c.inputs };
      const token = inputs.pageAccessToken;
      delete inputs.pageAccessToken; // a token travels as secret config, as a user's would
      const name = `bad-${i}`;
      await s.setConfig({
        resources: JSON.stringify([{ name, inputs }]),
        inputTokenNames: JSON.stringify(token === undefined ? [] : [name]),
        inputTokens: { value: JSON.stringify(token === undefined ? {} : { [name]: token }), secret: true },
      });
      if (c.ambientToken === false) await s.removeConfig("messenger:pageAccessToken");
      let failure: { message: string; texts: ScanText[] };
      try {
        failure = await mustFail(s.preview(`preview (${c.property}: ${c.name})`));
      } finally {
        if (c.ambientToken === false) await s.setConfig(TOKEN_CONFIG);
      }
      const out = ctx.cliOutputs[ctx.cliOutputs.length - 1].text;
      expect(ctx.emu.requests()).toEqual([]);
      // The engine names the resource and the property; the provider's reason says what to do.
      expect(out).toContain(`resource '${name}'`);
      expect(out).toMatch(new RegExp(`property ${c.property}\\b`));
      const reason = new RegExp(`has a problem: (${c.property}\\b[^\\n]*)`).exec(out)?.[1] ?? "";
      expect(reason).toMatch(c.reason);
      const scan = scanAll(failure.texts);
      return { details: { property: c.property, reason, graphCalls: 0 }, scan };
    });
  });
});

describe("one fault row per operation through the engine", () => {
  const [pCreate, pUpdate, pRefresh, pDelete] = ROW_PAGES;
  const config = (p: typeof pCreate, url: string) => ({
    ...RETRY_CONFIG,
    "messenger:pageAccessToken": { value: p.token, secret: true },
    "messenger:appSecret": { value: p.appSecret!, secret: true },
    resources: JSON.stringify([{ name: "link", inputs: { accountLinkingUrl: url } }]),
  });
  const inject = (spec: FaultSpec) => ctx.emu.injectFault(spec);

  scenario(
    "fault-matrix/engine",
    "create × Graph 190 (token expired): fails fast, nothing in state; re-run creates",
    async () => {
      const s = await E2EStack.create(
        ctx,
        `rel-create-${process.pid}`,
        config(pCreate, "https://example.com/engine/create"),
      );
      inject({
        match: { method: "POST", pageId: pCreate.id },
        fault: {
          type: "graph",
          code: 190,
          subcode: 463,
          status: 400,
          errorType: "OAuthException",
          message: "Error validating access token: Session has expired.",
        },
        times: 1000,
      });
      const failure = await mustFail(s.up("up (create, Graph 190)"));
      const calls = ctx.emu.requests().map((r) => `${r.method} ${r.path} ${r.status}`);
      ctx.emu.clearFaults();
      expect(calls).toEqual(["GET /v25.0/me 200", "POST /v25.0/me/messenger_profile 400"]);
      expect(failure.message).toMatch(/Graph error 190\/463/);
      expect(failure.message).toMatch(/fbtrace_id [A-Za-z0-9]+/);
      expect(failure.message).toMatch(/messenger:pageAccessToken/);
      expect(linkResources(s.rawResources())).toEqual([]);
      expect(ctx.emu.page(pCreate.id)?.accountLinkingUrl).toBeUndefined();
      const rerun = await s.up("up (re-run)");
      expect(rerun.calls.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
        "GET /v25.0/me 200",
        "POST /v25.0/me/messenger_profile 200",
      ]);
      expect(ctx.emu.page(pCreate.id)?.accountLinkingUrl).toBe("https://example.com/engine/create");
      return { details: { calls, rerun: rerun.calls.length }, scan: scanAll(failure.texts) };
    },
  );

  scenario(
    "fault-matrix/engine",
    "update × Graph 100 echoing the request URL: fails fast, old URL kept in state; re-run updates",
    async () => {
      const s = await E2EStack.create(
        ctx,
        `rel-update-${process.pid}`,
        config(pUpdate, "https://example.com/engine/update/old"),
      );
      await s.up("up (create)");
      await s.setConfig({
        resources: JSON.stringify([
          { name: "link", inputs: { accountLinkingUrl: "https://example.com/engine/update/new" } },
        ]),
      });
      inject({
        match: { method: "POST", pageId: pUpdate.id },
        fault: {
          type: "graph",
          code: 100,
          status: 400,
          errorType: "OAuthException",
          message: "(#100) Invalid parameter",
          echoUrl: true,
        },
        times: 1000,
      });
      const failure = await mustFail(s.up("up (update, Graph 100 echoing the URL)"));
      const calls = ctx.emu.requests().map((r) => `${r.method} ${r.path} ${r.status}`);
      ctx.emu.clearFaults();
      expect(calls).toEqual(["POST /v25.0/me/messenger_profile 400"]);
      expect(failure.message).toMatch(/Graph error 100/);
      expect(failure.message).toMatch(/access_token=\[REDACTED\]&appsecret_proof=\[REDACTED\]/); // the echo is there, redacted
      expect(s.rawLink().outputs?.accountLinkingUrl).toBe("https://example.com/engine/update/old");
      expect(ctx.emu.page(pUpdate.id)?.accountLinkingUrl).toBe("https://example.com/engine/update/old");
      const rerun = await s.up("up (re-run)");
      expect(rerun.calls.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
        "POST /v25.0/me/messenger_profile 200",
      ]);
      expect(s.rawLink().outputs?.accountLinkingUrl).toBe("https://example.com/engine/update/new");
      expect(ctx.emu.page(pUpdate.id)?.accountLinkingUrl).toBe("https://example.com/engine/update/new");
      return { details: { calls, rerun: rerun.calls.length }, scan: scanAll(failure.texts) };
    },
  );

  scenario("fault-matrix/engine", "refresh × connection reset: retried, the drift is read; up repairs it", async () => {
    const s = await E2EStack.create(
      ctx,
      `rel-refresh-${process.pid}`,
      config(pRefresh, "https://example.com/engine/refresh"),
    );
    await s.up("up (create)");
    ctx.emu.setAccountLinkingUrl(pRefresh.id, "https://example.com/engine/refresh/drifted");
    inject({
      match: { method: "GET", path: "messenger_profile", pageId: pRefresh.id },
      fault: { type: "reset" },
      times: 1,
    });
    const refresh = await s.refresh("refresh (connection reset once)");
    const calls = refresh.calls.map((r) => `${r.method} ${r.path} ${r.status ?? r.fault}`);
    expect(calls).toEqual(["GET /v25.0/me/messenger_profile reset", "GET /v25.0/me/messenger_profile 200"]);
    expect(s.rawLink().outputs?.accountLinkingUrl).toBe("https://example.com/engine/refresh/drifted");
    const rerun = await s.up("up (repair)");
    expect(rerun.calls.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      "POST /v25.0/me/messenger_profile 200",
    ]);
    expect(ctx.emu.page(pRefresh.id)?.accountLinkingUrl).toBe("https://example.com/engine/refresh");
    return { details: { calls, rerun: rerun.calls.length }, scan: scanAll() };
  });

  scenario(
    "fault-matrix/engine",
    "delete × a rate limit that outlasts the deadline: fails fast, resource kept; re-run deletes",
    async () => {
      const s = await E2EStack.create(
        ctx,
        `rel-delete-${process.pid}`,
        config(pDelete, "https://example.com/engine/delete"),
      );
      await s.up("up (create)");
      inject({
        match: { method: "DELETE", pageId: pDelete.id },
        fault: rateLimitFault(pDelete.id, 30),
        times: 1000,
      });
      const failure = await mustFail(s.destroy("destroy (Graph 613 for 30 min)"));
      const calls = ctx.emu.requests().map((r) => `${r.method} ${r.path} ${r.status}`);
      ctx.emu.clearFaults();
      expect(calls).toEqual(["DELETE /v25.0/me/messenger_profile 400"]);
      expect(failure.message).toMatch(/Graph error 613/);
      expect(failure.message).toMatch(/server asked to wait 30 min/);
      expect(linkResources(s.rawResources())).toHaveLength(1);
      expect(ctx.emu.page(pDelete.id)?.accountLinkingUrl).toBe("https://example.com/engine/delete");
      const rerun = await s.destroy("destroy (re-run)");
      expect(rerun.calls.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
        "DELETE /v25.0/me/messenger_profile 200",
      ]);
      expect(linkResources(s.rawResources())).toEqual([]);
      expect(ctx.emu.page(pDelete.id)?.accountLinkingUrl).toBeUndefined();
      return { details: { calls, rerun: rerun.calls.length }, scan: scanAll(failure.texts) };
    },
  );
});

describe("concurrency on the engine", () => {
  scenario(
    "concurrency/engine",
    `20 resources on 20 Pages, 30% of calls faulted (seed ${SEED}): fully applied or clear errors; a second up converges`,
    async () => {
      const url = (i: number) => `https://example.com/engine/chaos/page-${i}`;
      const names = FLEET.map((_, i) => `page-${i}`);
      const withSecret = FLEET.map((p, i) => ({ p, i })).filter((x) => x.p.appSecret);
      const s = await E2EStack.create(ctx, `rel-chaos-${process.pid}`, {
        "messenger:maxRetries": "2",
        "messenger:backoffBaseMs": "50",
        "messenger:backoffMaxMs": "200",
        "messenger:attemptTimeoutMs": "2000",
        "messenger:deadlineMs": "5000",
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
      });
      ctx.emu.setChaos({ rate: 0.3, seed: SEED, faults: CHAOS_FAULTS });
      let firstError: { message: string; texts: ScanText[] } | undefined;
      try {
        await s.up("up (30% of calls faulted)");
      } catch (e) {
        firstError = { message: String((e as Error).message), texts: errorTexts(e, "first up") };
      }
      const stats = ctx.emu.chaosStats();
      ctx.emu.clearFaults();
      expect(stats!.failed).toBeGreaterThan(0);
      // Consistent: every resource in state is on its Page; every Page without its URL is not in state.
      const inState = new Set(linkResources(s.rawResources()).map((r) => r.outputs?.pageId as string));
      FLEET.forEach((p, i) => {
        const onPage = ctx.emu.page(p.id)?.accountLinkingUrl;
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
      FLEET.forEach((p, i) => expect(ctx.emu.page(p.id)?.accountLinkingUrl).toBe(url(i)));
      const destroy = await s.destroy("destroy (20 Pages)");
      expect(destroy.calls).toHaveLength(FLEET.length);
      FLEET.forEach((p) => expect(ctx.emu.page(p.id)?.accountLinkingUrl).toBeUndefined());
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
        scan: scanAll(firstError?.texts ?? []),
      };
    },
  );
});

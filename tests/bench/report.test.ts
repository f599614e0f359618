// The benchmark's own logic, without timing: the goals table is the one source of results.json's
// goals and of the docs, the op-overhead baseline replays the lifecycle's requests byte for byte
// over real HTTP (credentials rebuilt, whether the log redacts them or not), and the docs render
// from the committed results (Prettier, which formats them, cannot run under jest: `npm run lint`
// checks the committed page). Nothing here writes a file.
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { makePages, startEmulator, type Emulator } from "../../emulator";
import { GOALS, callsMeet, withinLimit, type Figure } from "../../bench/goals";
import { UNLIMITED } from "../../bench/limits";
import { measureOpOverhead, replayQuery } from "../../bench/micro/op-overhead";
import { renderResults } from "../../bench/report/document";
import type { ReportInput } from "../../bench/report/table";

const RESULTS = path.join(__dirname, "..", "..", "bench", "results.json");
const results = JSON.parse(fs.readFileSync(RESULTS, "utf8")) as ReportInput & Record<string, unknown>;

describe("GOALS", () => {
  it("states every figure's goal that results.json records", () => {
    for (const figure of Object.keys(GOALS) as Figure[]) {
      const recorded = results[figure] as { goal?: unknown } | undefined;
      expect({ figure, goal: recorded?.goal }).toEqual({ figure, goal: GOALS[figure].text });
    }
  });

  it("judges limits and call counts", () => {
    expect(withinLimit(GOALS.upRatio50, 1.15)).toBe(true);
    expect(withinLimit(GOALS.upRatio50, 1.16)).toBe(false);
    expect(withinLimit(GOALS.upScaling, 10)).toBe(false);
    const calls = { create: 2, update: 1, refresh: 1, delete: 1, preview: 0, noChangeUp: 0 };
    expect(callsMeet(GOALS.calls, calls)).toBe(true);
    expect(callsMeet(GOALS.calls, { ...calls, create: 1 })).toBe(true);
    expect(callsMeet(GOALS.calls, { ...calls, refresh: 2 })).toBe(false);
    expect(callsMeet(GOALS.calls, { ...calls, create: 3 })).toBe(false);
  });
});

describe("docs/performance.md", () => {
  it("has a row per figure with its goal from GOALS", () => {
    const md = renderResults(results);
    for (const figure of Object.keys(GOALS) as Figure[]) {
      const row = md.split("\n").find((l) => l.startsWith(`| \`${figure}\``));
      expect({ figure, hasGoal: row?.includes(`| ${GOALS[figure].text} |`) }).toEqual({ figure, hasGoal: true });
    }
  });

  it("is committed, and states this results.json's run", () => {
    const committed = fs.readFileSync(path.join(__dirname, "..", "..", "docs", "performance.md"), "utf8");
    expect(committed).toContain(`source at ${results.source.commit.slice(0, 7)}`);
    expect(committed).toContain(`Measured ${results.generatedAt.slice(0, 10)}`);
  });
});

describe("op-overhead baseline", () => {
  const pages = makePages(2);
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator({ port: 0, pages, rateLimit: UNLIMITED });
  });
  afterAll(() => emu.close());

  it("rebuilds redacted credentials and keeps every other parameter in order", () => {
    const page = { token: "EMU TOKEN+1", pageId: pages[0].id, appSecret: "app-secret" };
    const proof = crypto.createHmac("sha256", "app-secret").update("EMU TOKEN+1").digest("hex");
    const want = `fields=id,name&access_token=EMU%20TOKEN%2B1&appsecret_proof=${proof}`;
    expect(replayQuery("fields=id,name&access_token=[REDACTED]&appsecret_proof=[REDACTED]", page)).toBe(want);
    expect(replayQuery(`fields=id,name&access_token=${page.token}&appsecret_proof=${proof}`, page)).toBe(want);
    expect(replayQuery("", page)).toBe("");
  });

  it("replays the lifecycle's exact requests over HTTP and measures every operation", async () => {
    const run = await measureOpOverhead(
      emu,
      { token: pages[0].token, pageId: pages[0].id },
      { reps: 1, iterations: 4, warmup: 2, log: () => undefined },
    );
    expect(run.perOp.create.requests).toEqual(["GET /v25.0/me", "POST /v25.0/me/messenger_profile"]);
    expect(run.perOp.update.requests).toEqual(["POST /v25.0/me/messenger_profile"]);
    expect(run.perOp.read.requests).toEqual(["GET /v25.0/me/messenger_profile"]);
    expect(run.perOp.delete.requests).toEqual(["DELETE /v25.0/me/messenger_profile"]);
    for (const op of ["create", "update", "read", "delete"] as const) expect(run.perOp[op].ratio.n).toBe(1);
    expect(emu.page(pages[0].id)?.accountLinkingUrl).toBeUndefined();
  });
});

// rateLimitedUp: an up that runs into the rate limit. `resources` resources on one Page (one POST
// each counts against the limit; GET /me does not) with the emulator allowing `limit` calls per
// `windowMs`. The provider must wait for the window and complete. The wait of each rate-limited
// resource is read from the emulator's log: from its first 613 answer to its successful POST (the
// request bodies differ per resource).
import type { LoggedRequest } from "../../emulator";
import { retryConfig } from "../../harness";
import { GOALS, withinLimit } from "../goals";
import { UNLIMITED } from "../limits";
import type { RateLimitedResult, RateLimitedRun } from "../results";
import { round, summary } from "../stats";
import type { PageSeed } from "../../emulator";
import { programConfig, type EngineContext } from "./context";

/** The rate-limited run's set-up. */
export interface RateLimitedOptions {
  /** Reps, each with an unlimited baseline up. */
  readonly reps: number;
  /** The emulator's window. */
  readonly windowMs: number;
  /** Calls allowed per window per Page. */
  readonly limit: number;
  /** Resources on the one Page. */
  readonly resources: number;
  /** The (1-based) Page they all use. */
  readonly pageIndex: number;
  /**
   * Index in the run's Pages of the first of `resources` extra tokens of that Page, one per resource:
   * resources that share a Page and a field must not share a token, or the program refuses them as
   * conflicting owners (docs/profile.md), so each uses a token of its own, as separate apps would.
   */
  readonly tokenOffset: number;
}

/**
 * Extra tokens of one Page, as Page seeds of the same id (the emulator adds each token to the Page).
 *
 * @param page - the Page
 * @param n - how many
 */
export function extraTokens(page: PageSeed, n: number): PageSeed[] {
  return Array.from({ length: n }, (_, i) => ({ ...page, token: `${page.token}-app-${i + 1}` }));
}

/** The provider's retry settings for this run (over its defaults): enough retries and time to outwait one window. */
const TUNABLES = { maxRetries: 4, deadlineMs: 60_000 };

/** What one up's log says about its waits. */
function readWaits(posts: readonly LoggedRequest[], resources: number) {
  const byBody = new Map<string, LoggedRequest[]>();
  for (const r of posts) byBody.set(r.body, [...(byBody.get(r.body) ?? []), r]);
  const waits: number[] = [];
  const timelines: string[] = [];
  const afterLast613: number[] = [];
  let limited = 0;
  let limitedAgain = 0;
  const t0 = posts.length ? posts[0].time : 0;
  for (const chain of byBody.values()) {
    const answers613 = chain.filter((r) => r.status === 400);
    limited += answers613.length;
    if (answers613.length === 0) continue;
    const success = chain.find((r) => r.status === 200 && r.seq > answers613[0].seq);
    if (answers613.length > 1) {
      limitedAgain++;
      if (success) afterLast613.push(success.time - answers613[answers613.length - 1].time);
    }
    waits.push(success ? success.time - answers613[0].time : Infinity);
    // Attempts of this resource's POST, ms after the up's first POST.
    timelines.push(chain.map((r) => `${r.time - t0} ms: ${r.status === 400 ? "613" : r.status}`).join(", "));
  }
  const allSet =
    byBody.size === resources && [...byBody.values()].every((chain) => chain.some((r) => r.status === 200));
  return { waits, timelines, afterLast613, limited, limitedAgain, allSet };
}

/** Runs the rate-limited ups and their unlimited baselines. */
export async function measureRateLimited(ctx: EngineContext, opts: RateLimitedOptions): Promise<RateLimitedResult> {
  const { engine, emu, pages, log } = ctx;
  const page = pages[opts.pageIndex - 1];
  const stack = await engine.newStack("rate-limited");
  await stack.setConfig({
    ...programConfig({ n: opts.resources, mode: "real", tokenOffset: opts.tokenOffset }),
    ...retryConfig(TUNABLES, {}),
  });
  const runs: RateLimitedRun[] = [];
  for (let rep = 0; rep < opts.reps; rep++) {
    emu.setRateLimit({ calls: opts.limit, windowMs: opts.windowMs });
    emu.resetRateLimits();
    emu.clearRequests();
    let ok = true;
    let error: string | undefined;
    let ms = 0;
    try {
      ms = (await stack.up()).ms;
    } catch (e) {
      ok = false;
      error = String(e instanceof Error ? e.message : e).slice(0, 2000);
    }
    const posts = emu.requests().filter((r) => r.method === "POST" && r.pageId === page.id);
    const w = readWaits(posts, opts.resources);
    const maxWait = w.waits.length ? Math.max(...w.waits) : 0;
    log(
      `  rep ${rep + 1}/${opts.reps}: up ${ok ? "completed" : "FAILED"} in ${round(ms / 1000, 2)} s, ${w.limited} answer(s) 613, ${w.waits.length} resource(s) waited, longest wait ${maxWait} ms (window ${opts.windowMs} ms)`,
    );
    emu.setRateLimit(UNLIMITED);
    emu.resetRateLimits();
    await stack.destroy();
    // Baseline: the same up with no rate limit in the way.
    emu.clearRequests();
    const baseline = (await stack.up()).ms;
    if (emu.requests().some((r) => r.status !== 200)) throw new Error("the unlimited baseline up saw a non-200 answer");
    await stack.destroy();
    runs.push({
      completed: ok && w.allSet,
      upMs: round(ms, 0),
      rateLimitedAnswers: w.limited,
      resourcesThatWaited: w.waits.length,
      resourcesLimitedTwice: w.limitedAgain,
      msFromRepeated613ToSuccess: w.afterLast613,
      waitsMs: w.waits,
      maxWaitMs: maxWait,
      attempts: w.timelines,
      ...(error === undefined ? {} : { error }),
      unlimitedUpMs: round(baseline, 0),
      extraMsVsUnlimited: round(ms - baseline, 0),
    });
  }
  await stack.remove();
  const goal = GOALS.rateLimitedUp;
  const wr = summary(runs.map((r) => r.maxWaitMs / opts.windowMs));
  const allCompleted = runs.every((r) => r.completed);
  const everyRunLimited = runs.every((r) => r.rateLimitedAnswers > 0);
  return {
    goal: goal.text,
    met: allCompleted && everyRunLimited && withinLimit(goal, wr.median),
    everyRunWithinGoal: allCompleted && everyRunLimited && withinLimit(goal, wr.max),
    value: { completed: allCompleted, waitToWindowRatio: wr.median },
    waitToWindowRatio: wr,
    maxWaitMs: summary(
      runs.map((r) => r.maxWaitMs),
      0,
    ),
    upSeconds: summary(
      runs.map((r) => r.upMs / 1000),
      2,
    ),
    unlimitedUpSeconds: summary(
      runs.map((r) => r.unlimitedUpMs / 1000),
      2,
    ),
    extraUpTimeToWindowRatio: summary(runs.map((r) => r.extraMsVsUnlimited / opts.windowMs)),
    setup: {
      resourcesOnOnePage: opts.resources,
      limitCallsPerWindow: opts.limit,
      windowMs: opts.windowMs,
      providerConfig: TUNABLES,
    },
    runs,
  };
}

// `calls`: the Graph calls of every step of one resource's life on the real engine, with the
// emulator's live-like rate limit (10 calls per 10 minutes per Page).
import { callsMeet, GOALS } from "../goals";
import { LIVE_LIKE } from "../limits";
import type { CallsResult, PageStateCheck } from "../results";
import { round } from "../stats";
import { describeRequests, programConfig, type EngineContext } from "./context";
import type { Timed } from "./driver";

const URL1 = "https://example.com/messenger/link";
const URL2 = "https://login.example.org/messenger/link-v2";

/** Graph calls per step of one resource (Page 1, token as an input), on one stack. */
export async function measureCalls(ctx: EngineContext): Promise<CallsResult> {
  const { engine, emu, pages, log } = ctx;
  const page = pages[0];
  emu.setRateLimit(LIVE_LIKE);
  emu.resetRateLimits();
  emu.setAccountLinkingUrl(page.id, undefined);
  const stack = await engine.newStack("calls");
  const base = programConfig({ n: 1, mode: "real", url: URL1 });

  const steps: CallsResult["steps"] = {};
  const checks: PageStateCheck[] = [];
  const step = async (name: string, run: () => Promise<Timed>): Promise<void> => {
    const { ms, calls: reqs } = await run();
    const requests = describeRequests(reqs);
    steps[name] = { calls: reqs.length, requests, seconds: round(ms / 1000, 2) };
    log(`  ${name}: ${reqs.length} Graph call(s) ${reqs.length ? `(${requests.join(", ")})` : ""}`);
  };
  const expectUrl = (when: string, want: string | undefined): void => {
    const have = emu.page(page.id)?.accountLinkingUrl;
    checks.push({ when, pageUrl: have ?? null, expected: want ?? null, ok: have === want });
  };

  await step("preview (new stack)", () => stack.preview(base));
  await step("up (create)", () => stack.up(base));
  expectUrl("after create", `${URL1}?page=1`);
  await step("up (no change)", () => stack.up());
  await step("preview (URL changed)", () => stack.preview({ "bench:url": URL2 }));
  await step("up (update)", () => stack.up({ "bench:url": URL2 }));
  expectUrl("after update", `${URL2}?page=1`);
  await step("refresh", () => stack.refresh({ skipPreview: true }));
  await step("destroy", () => stack.destroy());
  expectUrl("after destroy", undefined);
  await stack.remove();

  const value = {
    create: steps["up (create)"].calls,
    update: steps["up (update)"].calls,
    refresh: steps.refresh.calls,
    delete: steps.destroy.calls,
    preview: Math.max(steps["preview (new stack)"].calls, steps["preview (URL changed)"].calls),
    noChangeUp: steps["up (no change)"].calls,
  };
  return {
    goal: GOALS.calls.text,
    met: callsMeet(GOALS.calls, value) && checks.every((c) => c.ok),
    value,
    steps,
    pageStateChecks: checks,
  };
}

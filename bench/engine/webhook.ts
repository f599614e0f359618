// The webhook resources on the engine (the program's `webhook`, `bot`, `bot-profile` and `subscriptions`
// modes, bench/program/index.ts), against the benchmark's loopback callback receiver:
//   webhookVsBottender  our side: one `pulumi up` per step of the webhook sequence
//   botUp               a bot's whole set-up from empty (profile, webhook, Page subscription): Graph
//                       calls, and time against the same program declaring the profile alone
//   webhookUp50         `pulumi up` of 50 MessengerPageSubscriptions and their webhook / 50 no-op
// Every timed up starts from empty: what a destroy left (there should be nothing) is recorded and
// cleared out of band first.
import { DEFAULT_APPS, type Emulator, type LoggedRequest } from "../../emulator";
import { callsSince, logMark } from "../../harness";
import { GOALS, isExactly, withinLimit } from "../goals";
import { UNLIMITED } from "../limits";
import type { BotUpResult, WebhookUpResult } from "../results";
import { round, summary } from "../stats";
import type { SubscriptionPostMode, WebhookSyncSide } from "../webhook-sync/measure";
import type { CallbackReceiver } from "../webhook-sync/receiver";
import { emptyRun, heldState, recordStep, type WebhookTarget } from "../webhook-sync/sequence";
import type { WebhookDeclaration } from "../webhook-sync/steps";
import { programConfig, type EngineContext } from "./context";
import type { BenchStack, Timed } from "./driver";

/** The app the program's webhook uses: the emulator's first (bench/engine/harness-adapter.ts stages its secret). */
const APP_ID = DEFAULT_APPS[0].id;

/** The bot's field list: messages, and the postbacks its Get Started button and menu send. */
export const BOT_FIELDS: readonly string[] = ["messages", "messaging_postbacks"];

/** Resources of `webhookUp50`. */
const N = 50;

/**
 * What the app and the Pages hold (the app's subscriptions, the Pages' subscriptions of any app and,
 * when `profiles`, their profiles), each as a line, cleared out of band. Empty when nothing was left.
 */
function clearLeftovers(emu: Emulator, pageIds: readonly string[], profiles: boolean): string[] {
  const left: string[] = [];
  for (const s of emu.app(APP_ID)?.subscriptions ?? []) {
    left.push(`app ${APP_ID} ${s.object}: ${s.fields.join(",")}`);
    emu.deleteAppSubscription(APP_ID, s.object);
  }
  for (const id of pageIds) {
    for (const s of emu.pageSubscriptions(id)) {
      left.push(`Page ${id} subscribes app ${s.appId}: ${s.fields.join(",")}`);
      emu.setPageSubscription(id, s.appId, undefined);
    }
    const fields = Object.keys(emu.profile(id) ?? {});
    if (profiles && fields.length > 0) {
      left.push(`Page ${id} profile: ${fields.join(",")}`);
      emu.deleteProfileFields(id, fields);
    }
  }
  return left;
}

/** A command's calls, or when it failed, the calls logged since `mark` and the error. */
async function attempt(
  emu: Emulator,
  run: () => Promise<Timed>,
): Promise<{ calls: readonly LoggedRequest[]; error: string | null }> {
  const mark = logMark(emu);
  try {
    return { calls: (await run()).calls, error: null };
  } catch (e) {
    return { calls: callsSince(emu, mark), error: e instanceof Error ? e.message : String(e) };
  }
}

/**
 * Our side of `webhookVsBottender` on the engine: one stack declaring a `MessengerWebhook` and the
 * `MessengerPageSubscription` of one Page, one `pulumi up --skip-preview` per step.
 *
 * @param ctx - the engine run's context
 * @param page - the 1-based Page (of `ctx.pages`) the subscription is on
 */
export function engineWebhookSide(ctx: EngineContext, page: number): WebhookSyncSide {
  return async (declarations: readonly WebhookDeclaration[], mode: SubscriptionPostMode) => {
    const { emu, log } = ctx;
    const target: WebhookTarget = { appId: APP_ID, pageId: ctx.pages[page - 1].id };
    emu.setRateLimit(UNLIMITED);
    emu.setSubscriptionPost(mode);
    const left = clearLeftovers(emu, [target.pageId], false);
    if (left.length > 0) log(`  cleared before the sequence: ${left.join("; ")}`);
    const stack = await ctx.engine.newStack(`webhook-sync-${mode}`);
    const run = emptyRun();
    try {
      for (const [i, declared] of declarations.entries()) {
        const config = programConfig({ n: 1, mode: "webhook", page, webhook: declared });
        const { calls, error } = await attempt(emu, () => stack.up(config));
        recordStep(run, calls, heldState(emu, target, declared), error);
        log(
          `  webhookVsBottender, engine (${mode}), step ${i}: ${calls.length} Graph call(s)${error ? ", FAILED" : ""}`,
        );
      }
      await stack.destroy();
    } finally {
      await stack.remove();
      emu.setSubscriptionPost("merge"); // the emulator's default, for the figures after
    }
    return run;
  };
}

/** Throws unless every call was answered 200 and there were `want` of them. */
function expectCalls(what: string, calls: readonly LoggedRequest[], want: number): void {
  const bad = calls.filter((c) => c.status !== 200);
  if (calls.length !== want || bad.length > 0)
    throw new Error(
      `${what}: expected ${want} Graph calls all answered 200, saw ${calls.length} (${bad.length} not 200)`,
    );
}

/** Throws unless the app and every Page hold the declaration. */
function expectSubscribed(emu: Emulator, what: string, pageIds: readonly string[], declared: WebhookDeclaration): void {
  const wrong = pageIds.filter((pageId) => {
    const held = heldState(emu, { appId: APP_ID, pageId }, declared);
    return !held.appMatches || !held.pageMatches;
  });
  if (wrong.length > 0) throw new Error(`${what}: the app or ${wrong.length} Page(s) not as declared after up`);
}

/** Options of the timed webhook figures. */
export interface WebhookUpOptions {
  /** Reps. */
  readonly reps: number;
  /** The callback receiver the webhook declares. */
  readonly receiver: CallbackReceiver;
  /** The 1-based Page of the bot (`botUp`). */
  readonly page: number;
}

/** One timed pair of stacks: ups interleaved rep by rep, each from empty and followed by a destroy. */
interface Pair {
  readonly real: BenchStack;
  readonly base: BenchStack;
  /** Checks the real up (calls, state), throws on a mismatch. */
  readonly checkReal: (calls: readonly LoggedRequest[]) => void;
  /** Checks the baseline up. */
  readonly checkBase: (calls: readonly LoggedRequest[]) => void;
  /** The Pages to clear before each up, and whether their profiles too. */
  readonly pageIds: readonly string[];
  readonly profiles: boolean;
}

/** Runs a pair's warm-up and reps; returns the times, the last real up's calls and destroy calls, and leftovers. */
async function runPair(ctx: EngineContext, pair: Pair, reps: number) {
  const { emu, log } = ctx;
  const left: string[] = [];
  const up = async (s: BenchStack): Promise<Timed> => {
    left.push(...clearLeftovers(emu, pair.pageIds, pair.profiles));
    emu.clearRequests();
    return s.up();
  };
  for (const s of [pair.real, pair.base]) {
    const { ms } = await up(s);
    await s.destroy();
    log(`  warm-up up ${s.name}: ${round(ms / 1000, 2)} s`);
  }
  const real: number[] = [];
  const base: number[] = [];
  let lastCalls: readonly LoggedRequest[] = [];
  let destroyCalls = 0;
  for (let rep = 0; rep < reps; rep++) {
    for (const s of rep % 2 === 0 ? [pair.real, pair.base] : [pair.base, pair.real]) {
      const { ms, calls } = await up(s);
      if (s === pair.real) {
        pair.checkReal(calls);
        real.push(ms);
        lastCalls = calls;
      } else {
        pair.checkBase(calls);
        base.push(ms);
      }
      const d = await s.destroy();
      if (s === pair.real) destroyCalls = d.calls.length;
    }
    log(
      `  rep ${rep + 1}/${reps}: ${pair.real.name} ${round(real[rep] / 1000, 2)} s, ${pair.base.name} ${round(base[rep] / 1000, 2)} s`,
    );
  }
  left.push(...clearLeftovers(emu, pair.pageIds, pair.profiles));
  await pair.real.remove();
  await pair.base.remove();
  const seconds = (xs: number[]) =>
    summary(
      xs.map((x) => x / 1000),
      2,
    );
  return {
    ratio: summary(real.map((t, i) => t / base[i])),
    real: seconds(real),
    base: seconds(base),
    lastCalls,
    destroyCalls,
    left,
  };
}

/** `botUp`: a bot's whole set-up from empty, against the profile alone. */
export async function measureBotUp(ctx: EngineContext, opts: WebhookUpOptions): Promise<BotUpResult> {
  const { engine, emu } = ctx;
  emu.setRateLimit(UNLIMITED);
  emu.resetRateLimits();
  const pageId = ctx.pages[opts.page - 1].id;
  const declared: WebhookDeclaration = { callbackUrl: opts.receiver.urls[0], fields: BOT_FIELDS };
  const bot = await engine.newStack("bot-up");
  const alone = await engine.newStack("bot-profile-alone");
  await bot.setConfig(programConfig({ n: 1, mode: "bot", page: opts.page, webhook: declared }));
  await alone.setConfig(programConfig({ n: 1, mode: "bot-profile", page: opts.page }));
  const counts: number[] = [];
  let aloneCalls = 0;
  const r = await runPair(
    ctx,
    {
      real: bot,
      base: alone,
      checkReal: (calls) => {
        counts.push(calls.length);
        if (calls.some((c) => c.status !== 200)) throw new Error(`${bot.name}: a Graph call was not answered 200`);
        expectSubscribed(emu, bot.name, [pageId], declared);
      },
      checkBase: (calls) => {
        aloneCalls = calls.length;
        expectCalls(alone.name, calls, 2);
      },
      pageIds: [pageId],
      profiles: true,
    },
    opts.reps,
  );
  const goal = GOALS.botUp;
  const calls = Math.max(...counts);
  return {
    goal: goal.text,
    met: counts.every((c) => isExactly(goal.calls, c)) && withinLimit(goal.ratioToProfileAlone, r.ratio.median),
    value: { calls, ratioToProfileAlone: r.ratio.median },
    requests: r.lastCalls.map((c) => `${c.method} ${c.path} ${c.status ?? "-"}`),
    profileAloneCalls: aloneCalls,
    ratio: r.ratio,
    botSeconds: r.real,
    profileSeconds: r.base,
    destroyCalls: r.destroyCalls,
    leftAfterDestroy: r.left,
    note: "per rep: wall time of `pulumi up` creating a full MessengerProfile, a MessengerWebhook (verified by a loopback receiver) and the Page's MessengerPageSubscription (after the webhook) on one Page / the same program declaring the profile alone",
  };
}

/** `webhookUp50`: 50 Page subscriptions and their webhook, against 50 no-op resources. */
export async function measureWebhookUp50(ctx: EngineContext, opts: WebhookUpOptions): Promise<WebhookUpResult> {
  const { engine, emu } = ctx;
  emu.setRateLimit(UNLIMITED);
  emu.resetRateLimits();
  const pageIds = ctx.pages.slice(0, N).map((p) => p.id);
  const declared: WebhookDeclaration = { callbackUrl: opts.receiver.urls[0], fields: BOT_FIELDS };
  const subs = await engine.newStack("subscriptions-50");
  const noop = await engine.newStack("subscriptions-noop-50");
  await subs.setConfig(programConfig({ n: N, mode: "subscriptions", webhook: declared }));
  await noop.setConfig(programConfig({ n: N, mode: "noop" }));
  const want = 2 + 2 * N;
  const r = await runPair(
    ctx,
    {
      real: subs,
      base: noop,
      checkReal: (calls) => {
        expectCalls(subs.name, calls, want);
        expectSubscribed(emu, subs.name, pageIds, declared);
      },
      checkBase: (calls) => expectCalls(noop.name, calls, 0),
      pageIds,
      profiles: false,
    },
    opts.reps,
  );
  if (r.left.length > 0) ctx.log(`  left after a destroy: ${r.left.join("; ")}`);
  return {
    goal: GOALS.webhookUp50.text,
    met: withinLimit(GOALS.webhookUp50, r.ratio.median),
    value: r.ratio.median,
    ratio: r.ratio,
    realSeconds: r.real,
    noopSeconds: r.base,
    calls: want,
    leftAfterDestroy: r.left,
    note: `per rep: wall time of \`pulumi up\` creating a MessengerWebhook (verified by a loopback receiver) and, after it, 50 MessengerPageSubscriptions on 50 Pages (${want} Graph calls) / the same up declaring 50 no-op dynamic resources`,
  };
}

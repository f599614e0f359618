// The `webhookVsBottender` figure: the calls of the scripted webhook sequence (steps.ts) made by our
// resources (a `MessengerWebhook` and a `MessengerPageSubscription`, through a side the caller passes:
// one `pulumi up` per step on the engine) and by bottender's `messenger webhook set` (bottender.ts, on
// an emulator of its own with the same seeds), each counted from the emulator's request log, with
// what the app and the Page held after every step. Graph does not document whether a POST of the
// app's subscription merges its fields into the subscribed ones or replaces them, so the sequence runs
// under both (the emulator's `subscriptionPost`); the judged ratio is the worse of the two.
import { DEFAULT_APPS, makePages, startEmulator, type Emulator } from "../../emulator";
import { GOALS, isExactly, withinLimit } from "../goals";
import { UNLIMITED } from "../limits";
import type { WebhookSyncModeRun, WebhookSyncStepResult, WebhookVsBottenderResult } from "../results";
import { round } from "../stats";
import { runBottenderWebhook, type BottenderTarget } from "./bottender";
import type { CallbackReceiver } from "./receiver";
import type { WebhookSideRun } from "./sequence";
import { WEBHOOK_SYNC_STEPS, webhookDeclarations, type WebhookDeclaration } from "./steps";

/** How the emulator treats a POST of an app's subscription. */
export type SubscriptionPostMode = "merge" | "replace";

/** Both, in the order the figure runs them. */
export const SUBSCRIPTION_POST_MODES: readonly SubscriptionPostMode[] = ["merge", "replace"];

/**
 * Our side: applies each declaration in turn (index 0 on an app and a Page with no subscription) with
 * the emulator in `mode`, and says what each step did.
 */
export type WebhookSyncSide = (
  declarations: readonly WebhookDeclaration[],
  mode: SubscriptionPostMode,
) => Promise<WebhookSideRun>;

/** Options of {@link measureWebhookVsBottender}. */
export interface WebhookSyncOptions {
  /** The callback receiver both sides declare (it answers the emulators' verifications). */
  readonly receiver: CallbackReceiver;
  /** Our side. */
  readonly ourSide: WebhookSyncSide;
  /** What our side is. */
  readonly ourSideKind: WebhookVsBottenderResult["ourSide"];
  /** Progress lines. */
  readonly log?: (line: string) => void;
}

const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

/** bottender's whole sequence under one mode, on an emulator of its own (one Page of the first app). */
async function bottenderRun(
  mode: SubscriptionPostMode,
  receiver: CallbackReceiver,
  declarations: readonly WebhookDeclaration[],
): Promise<WebhookSideRun> {
  const [page] = makePages(1);
  const emu: Emulator = await startEmulator({ port: 0, pages: [page], rateLimit: UNLIMITED });
  try {
    emu.setSubscriptionPost(mode);
    const [app] = DEFAULT_APPS;
    const target: BottenderTarget = {
      appId: app.id,
      pageId: page.id,
      pageToken: page.token,
      appSecret: app.secret,
      verifyToken: receiver.verifyToken,
    };
    return await runBottenderWebhook(emu, target, declarations);
  } finally {
    await emu.close();
  }
}

/** The steps' names where `flags` is false. */
function whereFalse(flags: readonly boolean[]): string[] {
  return WEBHOOK_SYNC_STEPS.filter((_, i) => !flags[i]).map((s) => s.name);
}

/** One mode's result from both sides' runs; the receiver's origin written `<receiver>`. */
function modeResult(
  mode: SubscriptionPostMode,
  ours: WebhookSideRun,
  theirs: WebhookSideRun,
  urls: readonly [string, string],
): WebhookSyncModeRun {
  const origin = new URL(urls[0]).origin;
  const hide = (text: string) => text.split(origin).join("<receiver>");
  const steps: WebhookSyncStepResult[] = WEBHOOK_SYNC_STEPS.map((s, i) => ({
    name: s.name,
    kind: s.kind,
    description: s.description,
    declared: { callbackPath: new URL(urls[s.callback]).pathname, fields: [...s.fields] },
    calls: { ours: ours.perStep[i], bottender: theirs.perStep[i] },
    requests: { ours: ours.requests[i], bottender: theirs.requests[i] },
    appAsDeclared: { ours: ours.appMatches[i], bottender: theirs.appMatches[i] },
    pageAsDeclared: { ours: ours.pageMatches[i], bottender: theirs.pageMatches[i] },
    appHeld: { ours: hide(ours.appHeld[i]), bottender: hide(theirs.appHeld[i]) },
    pageHeld: { ours: ours.pageHeld[i], bottender: theirs.pageHeld[i] },
    errors: { ours: ours.errors[i], bottender: theirs.errors[i] },
  }));
  const calls = { ours: sum(ours.perStep), bottender: sum(theirs.perStep) };
  return {
    subscriptionPost: mode,
    calls,
    ratioVsBottender: round(calls.ours / calls.bottender, 3),
    stepsWhereAppDiffers: { ours: whereFalse(ours.appMatches), bottender: whereFalse(theirs.appMatches) },
    stepsWherePageDiffers: { ours: whereFalse(ours.pageMatches), bottender: whereFalse(theirs.pageMatches) },
    steps,
  };
}

/**
 * Runs the sequence with both sides under both modes and judges the figure.
 *
 * @param opts - receiver, our side
 */
export async function measureWebhookVsBottender(opts: WebhookSyncOptions): Promise<WebhookVsBottenderResult> {
  const { receiver, log = () => undefined } = opts;
  const declarations = webhookDeclarations(receiver.urls);
  const verifiedBefore = receiver.counts().verified;
  const modes: WebhookSyncModeRun[] = [];
  for (const mode of SUBSCRIPTION_POST_MODES) {
    const theirs = await bottenderRun(mode, receiver, declarations);
    const ours = await opts.ourSide(declarations, mode);
    const run = modeResult(mode, ours, theirs, receiver.urls);
    log(`webhookVsBottender (${mode}): calls ours ${run.calls.ours}, bottender ${run.calls.bottender}`);
    modes.push(run);
  }
  const worst = modes.reduce((a, b) => (b.ratioVsBottender > a.ratioVsBottender ? b : a));
  const edits = (side: "ours" | "bottender") => sum(worst.steps.slice(1).map((s) => s.calls[side]));
  const noopCalls = Math.max(
    ...modes.flatMap((m) => m.steps.filter((s) => s.kind === "noop").map((s) => s.calls.ours)),
  );
  const oursAsDeclared = modes.every((m) =>
    m.steps.every((s) => s.appAsDeclared.ours && s.pageAsDeclared.ours && s.errors.ours === null),
  );
  const value = {
    steps: WEBHOOK_SYNC_STEPS.length,
    ourCalls: worst.calls.ours,
    bottenderCalls: worst.calls.bottender,
    ratioVsBottender: worst.ratioVsBottender,
    editsOnly: {
      ours: edits("ours"),
      bottender: edits("bottender"),
      ratio: round(edits("ours") / edits("bottender"), 3),
    },
    noopCalls,
    oursAsDeclaredAfterEveryStep: oursAsDeclared,
  };
  const goal = GOALS.webhookVsBottender;
  return {
    goal: goal.text,
    met:
      withinLimit(goal.ratioVsBottender, value.ratioVsBottender) &&
      isExactly(goal.noopCalls, noopCalls) &&
      oursAsDeclared,
    value,
    ourSide: opts.ourSideKind,
    modes,
    callbackVerifications: receiver.counts().verified - verifiedBefore,
  };
}

// Applies the webhook sequence with one tool and counts, from the emulator's request log, every Graph
// call each step made (app-token and Page-token calls alike). After each step it reads what the app's
// subscription (object `page`) and the Page's subscription of that app hold, and whether each is
// exactly the step's declaration.
import type { Emulator, LoggedRequest } from "../../emulator";
import type { WebhookDeclaration } from "./steps";

/** The app and the Page a side works on. */
export interface WebhookTarget {
  /** The app's id. */
  readonly appId: string;
  /** The Page's id. */
  readonly pageId: string;
}

/** What a side did, step by step. */
export interface WebhookSideRun {
  /** Graph calls per step (index 0: set-up). */
  readonly perStep: number[];
  /** Each step's calls: `METHOD path status`. */
  readonly requests: string[][];
  /** Whether, after each step, the app's `page` subscription is the declared callback and fields, exactly. */
  readonly appMatches: boolean[];
  /** Whether, after each step, the Page subscribes the app to exactly the declared fields. */
  readonly pageMatches: boolean[];
  /** What the app held after each step (`callback <url>, fields a,b`, or `none`). */
  readonly appHeld: string[];
  /** What the Page held for the app after each step (`fields a,b`, or `none`). */
  readonly pageHeld: string[];
  /** The error a step ended with (the tool would have stopped there), or null. */
  readonly errors: (string | null)[];
}

/** `METHOD path status` of a logged request (the Graph version kept). */
export function describeCall(r: LoggedRequest): string {
  return `${r.method} ${r.path} ${r.status ?? "-"}`;
}

const sameSet = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && [...a].sort().join(",") === [...b].sort().join(",");

/** What the emulator holds for the target after a step, and whether it is the declaration. */
export interface HeldState {
  readonly appMatches: boolean;
  readonly pageMatches: boolean;
  readonly appHeld: string;
  readonly pageHeld: string;
}

/**
 * Reads the app's `page` subscription and the Page's subscription of the app, and compares them with
 * the declaration (fields as sets: order carries no meaning at either level).
 *
 * @param emu - the emulator
 * @param target - the app and Page
 * @param declared - the step's declaration
 */
export function heldState(emu: Emulator, target: WebhookTarget, declared: WebhookDeclaration): HeldState {
  const sub = emu.app(target.appId)?.subscriptions.find((s) => s.object === "page");
  const onPage = emu.pageSubscriptions(target.pageId).find((s) => s.appId === target.appId);
  return {
    appMatches: sub !== undefined && sub.callbackUrl === declared.callbackUrl && sameSet(sub.fields, declared.fields),
    pageMatches: onPage !== undefined && sameSet(onPage.fields, declared.fields),
    appHeld: sub === undefined ? "none" : `callback ${sub.callbackUrl}, fields ${sub.fields.join(",")}`,
    pageHeld: onPage === undefined ? "none" : `fields ${onPage.fields.join(",")}`,
  };
}

/** An empty {@link WebhookSideRun}. */
export function emptyRun(): WebhookSideRun {
  return { perStep: [], requests: [], appMatches: [], pageMatches: [], appHeld: [], pageHeld: [], errors: [] };
}

/**
 * Records one step: its calls, what the emulator holds after it, its error.
 *
 * @param run - the run so far
 * @param calls - the step's Graph calls
 * @param held - what the emulator holds after it
 * @param error - the error it ended with, or null
 */
export function recordStep(
  run: WebhookSideRun,
  calls: readonly LoggedRequest[],
  held: HeldState,
  error: string | null,
): void {
  run.perStep.push(calls.length);
  run.requests.push(calls.map(describeCall));
  run.appMatches.push(held.appMatches);
  run.pageMatches.push(held.pageMatches);
  run.appHeld.push(held.appHeld);
  run.pageHeld.push(held.pageHeld);
  run.errors.push(error);
}

/**
 * Runs the sequence step by step, counting each step's calls from the request log.
 *
 * @param emu - the emulator (the log is cleared before each step; nothing else may use it meanwhile)
 * @param target - the app and Page the tool works on (neither subscribed at first)
 * @param declarations - the steps' declarations
 * @param apply - how the tool applies one
 */
export async function runWebhookSequence(
  emu: Emulator,
  target: WebhookTarget,
  declarations: readonly WebhookDeclaration[],
  apply: (declared: WebhookDeclaration, index: number) => Promise<void>,
): Promise<WebhookSideRun> {
  const run = emptyRun();
  for (const [i, declared] of declarations.entries()) {
    emu.clearRequests();
    let error: string | null = null;
    try {
      await apply(declared, i);
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }
    recordStep(run, emu.requests(), heldState(emu, target, declared), error);
  }
  return run;
}

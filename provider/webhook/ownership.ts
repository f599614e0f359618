/**
 * What a `MessengerWebhook` may do to an app's subscription of one object that other owners share
 * (staging and production stacks of one app, the App Dashboard): the fields it sends so that no
 * other owner's field is lost whether Graph's POST merges or replaces the field list, and the
 * conflict of a callback that would move other owners' fields. Pure functions: no I/O.
 *
 * @packageDocumentation
 */
import type { AppSubscription } from "../graph/subscription-wire";
import { printable } from "../graph/printable";
import { canonicalUrl, urlFieldProblem } from "../graph/url-rules";

/** The callback of a subscription as Graph reports it, in its one spelling when it is a URL we accept. */
export function callbackOf(sub: AppSubscription | undefined): string {
  if (sub === undefined) return "";
  return urlFieldProblem("webhookCallback", sub.callbackUrl) === undefined
    ? canonicalUrl(sub.callbackUrl)
    : sub.callbackUrl;
}

/** A callback for a message: without its query (which may carry a secret), at most 200 characters, printable. */
export function shownCallback(url: string): string {
  const cut = url.split("?")[0].slice(0, 200);
  return printable(JSON.stringify(url.includes("?") ? `${cut}?…` : cut));
}

/**
 * The fields of a subscription that are not this resource's (neither what it owned nor what it owns).
 *
 * @param sub - the object's subscription on the app, if any
 * @param own - every field this resource owned or owns
 */
export function othersFields(sub: AppSubscription | undefined, ...own: ReadonlyArray<readonly string[]>): string[] {
  const mine = new Set(own.flat());
  return (sub?.fields ?? []).filter((f) => !mine.has(f)).sort();
}

/**
 * The field list of a POST that keeps every other owner's field under both behaviours: the fields
 * on the app, without those this resource gives up, with those it owns.
 *
 * @param sub - the object's subscription on the app, if any
 * @param owns - the fields this resource owns now
 * @param givesUp - the fields it owned and no longer owns
 */
export function fieldsToPost(
  sub: AppSubscription | undefined,
  owns: readonly string[],
  givesUp: readonly string[],
): string[] {
  const drop = new Set(givesUp);
  const kept = (sub?.fields ?? []).filter((f) => !drop.has(f));
  return [...new Set([...kept, ...owns])];
}

/** Thrown when a callback change would move other owners' fields to this resource's callback. */
export class CallbackConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CallbackConflictError";
  }
}

/**
 * The conflict of moving an object's callback, or undefined: the app's callback differs from the
 * one declared while fields this resource does not own are subscribed, and the program did not say
 * it takes the callback over.
 *
 * @param app - the app id
 * @param sub - the object's subscription on the app, if any
 * @param callbackUrl - the declared callback
 * @param others - the fields of other owners
 * @param takeOver - the `takeOverCallback` input
 */
export function callbackConflict(
  app: string,
  sub: AppSubscription | undefined,
  callbackUrl: string,
  others: readonly string[],
  takeOver: boolean,
): CallbackConflictError | undefined {
  if (sub === undefined || takeOver || others.length === 0 || callbackOf(sub) === callbackUrl) return undefined;
  return new CallbackConflictError(
    `App ${app}'s ${sub.object} subscription sends to ${shownCallback(callbackOf(sub))}, ` +
      `with fields this resource does not own (${others.join(", ")}): another stack or the App Dashboard set them, and one object has one callback per app. ` +
      `Subscribing to ${shownCallback(callbackUrl)} would move their events too. Use the same callbackUrl as the app, ` +
      `or set takeOverCallback: true to move every field of the ${sub.object} object to this callback, ` +
      `or remove those fields from the app first.`,
  );
}

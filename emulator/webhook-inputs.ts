/**
 * Schema checks of the webhook inputs a client hands the emulator: app seeds, the webhook options,
 * subscriptions set out of band, Page subscriptions and delivery specs. The library API and the
 * control API run the same checks (an `EmulatorInputError` naming the field and the rule).
 *
 * @packageDocumentation
 */
import type { AppSeed, AppSubscriptionSpec } from "./apps";
import type { DeliverySpec } from "./delivery";
import type { PageSeed } from "./pages";
import { checkAppId, fail, integer, MAX_TIMER_MS, object, onlyKeys } from "./validate";
import { isWebhookObject, WEBHOOK_FIELDS, WEBHOOK_OBJECTS, type WebhookObject } from "./webhook-fields";

/** How `POST /{app-id}/subscriptions` combines the given fields with the subscribed ones. */
export type SubscriptionPostMode = "merge" | "replace";

/** The webhook settings of an emulator, checked, defaults filled. */
export interface WebhookSettings {
  /** How `POST /{app-id}/subscriptions` combines fields. */
  readonly subscriptionPost: SubscriptionPostMode;
  /** Deadline of a verification request or a delivery, in ms. */
  readonly verifyTimeoutMs: number;
  /** Whether `POST /{app-id}/subscriptions` sends the verification request. */
  readonly verifyCallbacks: boolean;
}

/** Checks the webhook options of `startEmulator`, filling the defaults (merge, 5000 ms, verify). */
export function checkWebhookSettings(o: {
  readonly subscriptionPost?: unknown;
  readonly verifyTimeoutMs?: unknown;
  readonly verifyCallbacks?: unknown;
}): WebhookSettings {
  if (o.verifyCallbacks !== undefined && typeof o.verifyCallbacks !== "boolean")
    fail("verifyCallbacks must be true or false");
  return {
    subscriptionPost: checkSubscriptionPost(o.subscriptionPost ?? "merge"),
    verifyTimeoutMs: integer(o.verifyTimeoutMs ?? 5000, "verifyTimeoutMs", 1, MAX_TIMER_MS),
    verifyCallbacks: o.verifyCallbacks !== false,
  };
}

/** Checks that a Page seed's `appId`, when given, names a known app. */
export function checkPageApp(seed: PageSeed, isApp: (id: string) => boolean, what = "page"): PageSeed {
  if (seed.appId !== undefined && !isApp(seed.appId))
    fail(`${what}.appId names no app of the emulator (${seed.appId})`);
  return seed;
}

/** Checks one {@link AppSeed}. */
export function checkAppSeed(v: unknown, what = "app"): AppSeed {
  const o = object(v, what);
  onlyKeys(o, ["id", "name", "secret"], what);
  checkAppId(o.id, `${what}.id`);
  if (typeof o.name !== "string" || o.name === "") fail(`${what}.name must be a non-empty string`);
  if (typeof o.secret !== "string" || !/^[A-Za-z0-9]{8,128}$/.test(o.secret))
    fail(`${what}.secret must be 8 to 128 letters and digits`);
  return o as unknown as AppSeed;
}

/** Checks `EmulatorOptions.apps`: a non-empty array of app seeds with distinct ids. */
export function checkAppSeeds(v: unknown): AppSeed[] {
  if (!Array.isArray(v) || v.length === 0) fail("apps must be a non-empty array of app seeds");
  const seeds = v.map((a, i) => checkAppSeed(a, `apps[${i}]`));
  const ids = seeds.map((s) => s.id);
  const twice = ids.find((id, i) => ids.indexOf(id) !== i);
  if (twice !== undefined) fail(`apps holds the app id ${twice} twice`);
  return seeds;
}

/** Checks a `subscriptionPost` mode: "merge" or "replace". */
export function checkSubscriptionPost(v: unknown, what = "subscriptionPost"): SubscriptionPostMode {
  if (v !== "merge" && v !== "replace") fail(`${what} must be "merge" or "replace"`);
  return v;
}

/** Checks an object name: one the emulator models. */
export function checkWebhookObject(v: unknown, what = "object"): WebhookObject {
  if (!isWebhookObject(v)) fail(`${what} must be one of ${WEBHOOK_OBJECTS.map((o) => `"${o}"`).join(", ")}`);
  return v;
}

/** Checks a list of webhook fields of an object: a non-empty array of its field names (duplicates dropped). */
export function checkWebhookFields(v: unknown, obj: WebhookObject, what = "fields"): string[] {
  if (!Array.isArray(v) || v.length === 0) fail(`${what} must be a non-empty array of field names`);
  v.forEach((f, i) => {
    if (typeof f !== "string" || !WEBHOOK_FIELDS[obj].includes(f))
      fail(`${what}[${i}] must be a field of the object ${obj} (one of ${WEBHOOK_FIELDS[obj].join(", ")})`);
  });
  return [...new Set(v as string[])];
}

/** Checks a callback URL: an absolute http or https URL of at most 2048 characters. */
export function checkCallbackUrl(v: unknown, what = "callbackUrl"): string {
  if (typeof v !== "string" || v.length > 2048) fail(`${what} must be a URL of at most 2048 characters`);
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    return fail(`${what} must be an absolute URL`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") fail(`${what} must be an http or https URL`);
  return v;
}

/** Checks a subscription set out of band (`setAppSubscription`, `PUT /__emulator/apps/{id}/subscriptions`). */
export function checkAppSubscription(
  v: unknown,
  what = "subscription",
): Required<AppSubscriptionSpec> & { readonly object: WebhookObject } {
  const o = object(v, what);
  onlyKeys(o, ["object", "callbackUrl", "fields", "includeValues"], what);
  const obj = checkWebhookObject(o.object, `${what}.object`);
  const callbackUrl = checkCallbackUrl(o.callbackUrl, `${what}.callbackUrl`);
  const fields = checkWebhookFields(o.fields, obj, `${what}.fields`);
  if (o.includeValues !== undefined && typeof o.includeValues !== "boolean")
    fail(`${what}.includeValues must be true or false`);
  return { object: obj, callbackUrl, fields, includeValues: o.includeValues === true };
}

/** Checks the body of `PUT /__emulator/pages/{id}/subscribed_apps/{appId}`: `{"fields": [...]}`. */
export function checkPageSubscriptionBody(v: unknown): string[] {
  const o = object(v, "page subscription");
  onlyKeys(o, ["fields"], "page subscription");
  return checkWebhookFields(o.fields, "page", "page subscription.fields");
}

/** Checks the body of `POST /__emulator/subscription-post`: `{"mode": "merge" | "replace"}`. */
export function checkSubscriptionPostBody(v: unknown): SubscriptionPostMode {
  const o = object(v, "subscription post");
  onlyKeys(o, ["mode"], "subscription post");
  return checkSubscriptionPost(o.mode, "subscription post.mode");
}

function text(o: Record<string, unknown>, key: string, what: string, pattern: RegExp, rule: string): void {
  const v = o[key];
  if (v !== undefined && (typeof v !== "string" || !pattern.test(v))) fail(`${what}.${key} must be ${rule}`);
}

/** Checks a {@link DeliverySpec} (the Page and the app are checked against the world by the caller). */
export function checkDeliverySpec(v: unknown, what = "delivery"): DeliverySpec {
  const o = object(v, what);
  onlyKeys(o, ["pageId", "field", "appId", "object", "senderId", "text", "payload", "title"], what);
  if (typeof o.pageId !== "string" || o.pageId === "") fail(`${what}.pageId must be a non-empty string`);
  if (o.field !== "messages" && o.field !== "messaging_postbacks")
    fail(`${what}.field must be "messages" or "messaging_postbacks"`);
  if (o.appId !== undefined) checkAppId(o.appId, `${what}.appId`);
  if (o.object !== undefined) checkWebhookObject(o.object, `${what}.object`);
  text(o, "senderId", what, /^[0-9]{1,32}$/, "a string of 1 to 32 digits");
  for (const key of ["text", "payload", "title"])
    text(o, key, what, /^[\s\S]{1,2000}$/u, "a string of 1 to 2000 characters");
  return o as unknown as DeliverySpec;
}

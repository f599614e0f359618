/**
 * The webhook vocabulary both levels of a bot's subscription share: the objects an app subscribes
 * (`page` for Messenger, `instagram`), the documented field names of each, and the Page-level field
 * names (`/{page-id}/subscribed_apps`). Pure data and lookups: no I/O.
 *
 * @see https://developers.facebook.com/docs/graph-api/webhooks/reference/page/
 * @see https://developers.facebook.com/docs/messenger-platform/webhooks
 * @packageDocumentation
 */

/** The objects a `MessengerWebhook` subscribes: Messenger (`page`) or Instagram messaging. */
export const WEBHOOK_OBJECTS = ["page", "instagram"] as const;

/** An object an app subscribes to a callback URL. */
export type WebhookObject = (typeof WEBHOOK_OBJECTS)[number];

/** The object a webhook subscribes when the program names none. */
export const DEFAULT_WEBHOOK_OBJECT: WebhookObject = "page";

/** The field that carries Get Started taps and postback menu items. */
export const POSTBACK_FIELD = "messaging_postbacks";

/** The documented fields of the `page` object: Messenger's, and the Page's own changes. */
const PAGE_FIELDS = [
  "messages",
  "messaging_postbacks",
  "messaging_optins",
  "message_deliveries",
  "message_reads",
  "messaging_referrals",
  "message_echoes",
  "messaging_handovers",
  "standby",
  "message_reactions",
  "messaging_account_linking",
  "messaging_policy_enforcement",
  "messaging_payments",
  "messaging_checkout_updates",
  "messaging_pre_checkouts",
  "messaging_game_plays",
  "messaging_customer_information",
  "messaging_feedback",
  "messaging_seen",
  "message_edits",
  "inbox_labels",
  "feed",
  "mention",
  "name",
  "picture",
  "ratings",
  "leadgen",
] as const;

/** The documented fields of the `instagram` object (Instagram messaging and the account's media). */
const INSTAGRAM_FIELDS = [
  "messages",
  "messaging_postbacks",
  "messaging_seen",
  "messaging_referral",
  "message_reactions",
  "messaging_optins",
  "messaging_handover",
  "message_edit",
  "comments",
  "live_comments",
  "mentions",
  "story_insights",
] as const;

/** The field names each object accepts, in the order the documentation lists them. */
export const WEBHOOK_FIELDS: Readonly<Record<WebhookObject, readonly string[]>> = {
  page: PAGE_FIELDS,
  instagram: INSTAGRAM_FIELDS,
};

/** The field names a Page's subscription of an app accepts (`subscribed_fields`): the `page` object's. */
export const PAGE_SUBSCRIPTION_FIELDS: readonly string[] = PAGE_FIELDS;

/** Most fields one list may hold: more than every documented name, low enough to catch a runaway list. */
export const MAX_FIELD_LIST = 64;

/** Whether `v` is a webhook object this package manages. */
export function isWebhookObject(v: unknown): v is WebhookObject {
  return typeof v === "string" && (WEBHOOK_OBJECTS as readonly string[]).includes(v);
}

/**
 * The documented name nearest to `name` (edit distance, at most a third of its length plus one), to
 * suggest in a reason; undefined when none is near.
 *
 * @param name - the unknown name
 * @param names - the documented names
 */
export function nearestName(name: string, names: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  let best: { name: string; distance: number } | undefined;
  for (const candidate of names) {
    const d = editDistance(lower, candidate);
    if (best === undefined || d < best.distance) best = { name: candidate, distance: d };
  }
  return best !== undefined && best.distance <= Math.floor(name.length / 3) + 1 ? best.name : undefined;
}

/** Levenshtein distance, capped in work by the callers' short names (at most 64 characters are compared). */
function editDistance(a: string, b: string): number {
  const s = a.slice(0, 64);
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (s[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length];
}

/**
 * The webhook objects the emulator models and the field names each one accepts, at the app level
 * (`/{app-id}/subscriptions`) and at the Page level (`/{page-id}/subscribed_apps`, which takes the
 * `page` list). The provider keeps its own copy: it never imports the emulator.
 *
 * @packageDocumentation
 */

/** An object an app can subscribe to in the emulator. */
export type WebhookObject = "page" | "instagram";

/** The objects the emulator models, in the order they are listed in messages. */
export const WEBHOOK_OBJECTS: readonly WebhookObject[] = ["page", "instagram"];

/** The webhook field names of each object (the Page level uses the `page` list). */
export const WEBHOOK_FIELDS: Readonly<Record<WebhookObject, readonly string[]>> = {
  page: [
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
  ],
  instagram: [
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
  ],
};

/** Whether a value names an object the emulator models. */
export function isWebhookObject(v: unknown): v is WebhookObject {
  return typeof v === "string" && (WEBHOOK_OBJECTS as readonly string[]).includes(v);
}

/**
 * The first name of a list that is not a field of the object, with its index, or undefined when
 * every name is one.
 */
export function unknownField(
  object: WebhookObject,
  names: readonly string[],
): { index: number; name: string } | undefined {
  const index = names.findIndex((n) => !WEBHOOK_FIELDS[object].includes(n));
  return index < 0 ? undefined : { index, name: names[index] };
}

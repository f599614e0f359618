// The scripted sequence of the `webhookVsBottender` figure: a bot's webhook set up once, then edited
// the way a bot's subscriptions evolve. Each step is the WHOLE declaration after the edit: the
// callback URL and one field list, which the app's subscription (object `page`) and the Page's
// subscription of that app both declare (bottender has one list for both levels; ours declares the
// same list on a `MessengerWebhook` and a `MessengerPageSubscription`, so that both sides aim at the
// same end state).
//
// Step 0 sets the webhook up on an app and a Page that have no subscription; steps 1.. are the edits.

/** What a step is, for the figure. */
export type WebhookStepKind = "create" | "change" | "noop";

/** One step of the sequence. */
export interface WebhookSyncStep {
  /** Short name, unique. */
  readonly name: string;
  /** What the edit does, in words. */
  readonly description: string;
  /** A `noop` step declares what the previous one did. */
  readonly kind: WebhookStepKind;
  /** Which of the receiver's two callback URLs (see receiver.ts) the step declares. */
  readonly callback: 0 | 1;
  /** The field list, for the app (object `page`) and the Page alike. */
  readonly fields: readonly string[];
}

/** The declaration of a step, its callback resolved. */
export interface WebhookDeclaration {
  /** The app subscription's callback URL. */
  readonly callbackUrl: string;
  /** The fields of the app subscription and of the Page's subscription of the app. */
  readonly fields: readonly string[];
}

const SETUP = ["messages", "messaging_postbacks", "messaging_optins"];
const ADDED = [...SETUP, "messaging_referrals"];
const REMOVED = ["messages", "messaging_postbacks", "messaging_referrals"];

/** The sequence. */
export const WEBHOOK_SYNC_STEPS: readonly WebhookSyncStep[] = [
  {
    name: "set-up",
    description: "the webhook set up from empty: callback, three fields on the app and on the Page",
    kind: "create",
    callback: 0,
    fields: SETUP,
  },
  {
    name: "field-added",
    description: "`messaging_referrals` added to the field list",
    kind: "change",
    callback: 0,
    fields: ADDED,
  },
  {
    name: "field-removed",
    description: "`messaging_optins` removed from the field list",
    kind: "change",
    callback: 0,
    fields: REMOVED,
  },
  {
    name: "callback-moved",
    description: "the callback URL moved to another path of the receiver, fields unchanged",
    kind: "change",
    callback: 1,
    fields: REMOVED,
  },
  { name: "no-op", description: "the same declaration again", kind: "noop", callback: 1, fields: REMOVED },
];

/**
 * The declarations of the sequence, callbacks resolved.
 *
 * @param callbackUrls - the receiver's two callback URLs
 */
export function webhookDeclarations(callbackUrls: readonly [string, string]): WebhookDeclaration[] {
  return WEBHOOK_SYNC_STEPS.map((s) => ({ callbackUrl: callbackUrls[s.callback], fields: s.fields }));
}

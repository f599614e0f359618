// A complete Messenger bot's set-up, owned by Pulumi: what the Page shows (Get Started, greeting,
// a persistent menu), where the app sends events (the webhook: the callback URL of receiver.ts),
// and what the Page sends to the app (its subscription). Without the last two a bot receives
// nothing: Graph delivers a field only when both the app and the Page subscribe it.
//
//   pulumi config set --secret messenger:pageAccessToken <Page access token>
//   pulumi config set messenger:appId <app id>
//   pulumi config set --secret messenger:appSecret <app secret>
//   pulumi config set callbackUrl https://bot.example.com/webhook   # where receiver.ts answers
//   pulumi config set --secret verifyToken <a random string receiver.ts also knows>
//   pulumi up
//
// `pulumi up` makes Graph verify the callback first (receiver.ts must be running and reachable):
// start it before. The Get Started button and the menu's postback arrive as `messaging_postbacks`,
// so the Page subscription must include that field (the program fails at preview otherwise).
import * as pulumi from "@pulumi/pulumi";
import { MessengerPageSubscription, MessengerProfile, MessengerWebhook } from "pulumi-messenger";

const config = new pulumi.Config();

/** The fields the bot handles: text messages, and postbacks (Get Started and menu taps). */
const fields = ["messages", "messaging_postbacks"];

const profile = new MessengerProfile("bot-profile", {
  getStarted: { payload: "GET_STARTED" },
  greeting: [{ locale: "default", text: "Hi {{user_first_name}}! Tap Get Started, or just write to us." }],
  persistentMenu: [
    {
      locale: "default",
      callToActions: [
        { type: "postback", title: "Help", payload: "HELP" },
        { type: "postback", title: "Start over", payload: "GET_STARTED" },
      ],
    },
  ],
});

// The app's subscription to the Page object: this resource owns these two fields only; fields
// another stack or a person subscribed on the same app stay.
const webhook = new MessengerWebhook("bot-webhook", {
  object: "page",
  callbackUrl: config.require("callbackUrl"),
  verifyToken: config.requireSecret("verifyToken"),
  fields,
});

// The Page's subscription of the app (the app of messenger:appId), after the webhook is verified.
const subscription = new MessengerPageSubscription(
  "bot-page-subscription",
  { subscribedFields: fields },
  { dependsOn: [webhook] },
);

export const pageId = profile.pageId;
export const pageName = profile.pageName;
export const profileFields = profile.ownedFields;
export const appId = webhook.appId;
export const webhookId = webhook.id;
export const webhookFields = webhook.fields;
export const callbackUrl = webhook.callbackUrl;
export const pageSubscriptionId = subscription.id;
export const subscribedFields = subscription.subscribedFields;

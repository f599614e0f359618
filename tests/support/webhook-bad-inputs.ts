/**
 * The bad-input table of `MessengerWebhook` and `MessengerPageSubscription`: each case is one
 * invalid input among otherwise valid ones (or a missing one, with no stack config or environment
 * value to fall back on), the property Pulumi's check failure must name, the exact path every
 * reason must start with, and what the reason must say (what is wrong and what to do).
 */
import { APP, VERIFY_TOKEN } from "./webhook-world";
import type { SubscriptionResource } from "./webhook-faults";

/** What the provider settings carry besides the endpoint (all by default, from the environment). */
export interface Ambient {
  /** MESSENGER_APP_ID (true: the app's id; a string: that value). */
  readonly appId?: boolean | string;
  /** MESSENGER_APP_SECRET. */
  readonly appSecret?: boolean;
  /** MESSENGER_PAGE_ACCESS_TOKEN (the Page subscription's cases). */
  readonly token?: boolean;
}

/** One invalid input. */
export interface WebhookBadInput {
  readonly resource: SubscriptionResource;
  /** What is wrong, for the report. */
  readonly name: string;
  /** The raw inputs, as a program could pass them. */
  readonly inputs: Readonly<Record<string, unknown>>;
  /** The exact path every reason starts with. */
  readonly path: string;
  /** The property Pulumi's check failure names. */
  readonly property: string;
  /** What the reason must say. */
  readonly reason: RegExp;
  /** The provider settings of the case. */
  readonly ambient?: Ambient;
}

/** A valid callback (never called: check makes no call). */
export const OK_CALLBACK = "https://bot.example.com/webhook";
/** A password in a callback URL: registered as a secret by the suite, never quoted. */
export const URL_PASSWORD = "hunter2hunter2";

const WEBHOOK_BASE = { callbackUrl: OK_CALLBACK, verifyToken: VERIFY_TOKEN, fields: ["messages"] };
const SUBSCRIPTION_BASE = { subscribedFields: ["messages", "messaging_postbacks"] };

/** A webhook case: `path`'s top-level property set to `value` (undefined: removed). */
function webhook(path: string, name: string, value: unknown, reason: RegExp, extra: object = {}): WebhookBadInput {
  const property = /^[A-Za-z]+/.exec(path)?.[0] ?? "";
  const inputs: Record<string, unknown> = { ...WEBHOOK_BASE, ...extra, [property]: value };
  if (value === undefined) delete inputs[property];
  return { resource: "MessengerWebhook", name, inputs, path, property, reason };
}

/** A Page subscription case. */
function subscription(path: string, name: string, value: unknown, reason: RegExp, extra: object = {}): WebhookBadInput {
  const property = /^[A-Za-z]+/.exec(path)?.[0] ?? "";
  const inputs: Record<string, unknown> = { ...SUBSCRIPTION_BASE, ...extra, [property]: value };
  if (value === undefined) delete inputs[property];
  return { resource: "MessengerPageSubscription", name, inputs, path, property, reason };
}

const callback = (name: string, value: unknown, reason: RegExp) => webhook("callbackUrl", name, value, reason);
const verifyToken = (name: string, value: unknown, reason: RegExp) => webhook("verifyToken", name, value, reason);
const without = <T extends WebhookBadInput>(c: T, ambient: Ambient): T => ({ ...c, ambient });
const PLAIN_HTTP = /uses plain http with the non-loopback host .*Use https, or http only with localhost/;
/** A name with no near suggestion: the sentence still ends before the list of names. */
const NO_SUGGESTION = /is not a field of [^:]+[.:;] Fields: /;
/** The provider's endpoint in these cases comes from MESSENGER_GRAPH_API_URL: the reason must say so. */
const FROM_ENV = String.raw`is not the provider's Graph endpoint \(http://127\.0\.0\.1:[0-9]+, MESSENGER_GRAPH_API_URL\)`;

/** The callback URL cases. */
const CALLBACK_CASES: WebhookBadInput[] = [
  callback("plain http to a public host", "http://bot.example.com/webhook", PLAIN_HTTP),
  callback("plain http to 0.0.0.0 (not loopback)", "http://0.0.0.0:8080/webhook", PLAIN_HTTP),
  callback("plain http to localhost. (a DNS name, not loopback)", "http://localhost./webhook", PLAIN_HTTP),
  callback("plain http to a name that embeds 127.0.0.1", "http://127.0.0.1.nip.io/webhook", PLAIN_HTTP),
  callback("a look-alike full stop (U+3002) in the host", "https://bot.example\u3002com/webhook", /ASCII dots/),
  callback(
    "user and password before the host",
    `https://bot:${URL_PASSWORD}@bot.example.com/webhook`,
    /must not contain user:password@ credentials/,
  ),
  callback("a backslash before an @", "https://bot.example.com\\@evil.example/webhook", /\\/),
  callback("a fragment", `${OK_CALLBACK}#top`, /must not contain a fragment .*hub\.mode, hub\.challenge/),
  callback("empty", "", /must not be empty: give the absolute https URL of your bot's webhook/),
  callback(
    "over 2000 characters",
    `https://bot.example.com/${"a".repeat(2100)}`,
    /the limit is 2000\. Use a shorter URL/,
  ),
  callback("a number", 443, /must be a string .*got a number/),
  callback("a list", [OK_CALLBACK], /must be a string/),
  callback("a space inside", "https://bot.example.com/web hook", /U\+0020/),
  callback("a Unicode host name", "https://bót.example.com/webhook", /xn--/),
  webhook("callbackUrl", "missing", undefined, /callbackUrl is required: the absolute https URL of your bot's webhook/),
];

/** The verify token cases (its value is never quoted). */
const VERIFY_TOKEN_CASES: WebhookBadInput[] = [
  verifyToken("empty", "", /must not be empty: choose a random string and give your callback the same one/),
  verifyToken("only whitespace", "    ", /must be printable, without whitespace.*U\+0020 at index 0/),
  verifyToken("a control character", `${VERIFY_TOKEN.slice(0, 8)}\u0007${VERIFY_TOKEN.slice(8)}`, /U\+0007 at index 8/),
  verifyToken("a zero-width space", `${VERIFY_TOKEN}\u200b`, /invisible characters \(U\+200B/),
  verifyToken("300 characters", "v".repeat(300), /over 256 characters: choose a shorter random string/),
  verifyToken("a number", 123456789, /must be a string .*got a number/),
  webhook("verifyToken", "missing", undefined, /verifyToken is required: the secret Graph sends your callback/),
];

/** The fields and object cases. */
const FIELD_CASES: WebhookBadInput[] = [
  webhook("fields", "an empty list", [], /must name at least one field of the page object, e\.g\. \["messages"/),
  webhook(
    "fields[0]",
    "a misspelt name",
    ["mesages"],
    /"mesages" is not a field of the page object: did you mean "messages"\?/,
  ),
  webhook("fields[1]", "a name in the wrong case", ["feed", "Messages"], /"Messages" .*did you mean "messages"\?/),
  webhook("fields[0]", "an Instagram field on the page object", ["comments"], NO_SUGGESTION),
  webhook("fields[0]", "a page field on the instagram object", ["feed"], NO_SUGGESTION, {
    object: "instagram",
  }),
  webhook("fields", "a string instead of a list", "messages", /must be a list of field names, got a string/),
  webhook("fields", "65 entries", Array(65).fill("messages"), /has 65 entries; at most 64/),
  webhook("fields[1]", "a number among the names", ["messages", 7], /must be a field name \(a string\), got a number/),
  webhook("fields", "missing", undefined, /fields is required: the fields of the page object to subscribe/),
  webhook("object", "an unknown object", "whatsapp", /must be one of "page", "instagram" .*got "whatsapp"/),
  webhook("object", "a number", 1, /must be one of "page", "instagram".*got a number/),
  webhook("includeValues", "a string", "yes", /includeValues must be true or false, got a string/),
  webhook("takeOverCallback", "a number", 1, /takeOverCallback must be true or false, got a number/),
];

/** The app, version and endpoint cases of the webhook. */
const APP_CASES: WebhookBadInput[] = [
  webhook("appId", "not digits", "my-bot-app", /digits only\), got /),
  without(
    webhook("appId", "missing, with no config or environment value", undefined, /appId is missing: .*messenger:appId/),
    { appId: false },
  ),
  without(webhook("appId", "missing, and MESSENGER_APP_ID not digits", undefined, /MESSENGER_APP_ID/), {
    appId: "app-3700000000000001",
  }),
  webhook("appId", "the app secret given as the app id (inputs swapped)", APP.secret, /digits only/, {
    appSecret: APP.id,
  }),
  without(webhook("appId", "missing, and MESSENGER_APP_ID holds the app secret", undefined, /MESSENGER_APP_ID/), {
    appId: APP.secret,
  }),
  webhook("appSecret", "with spaces", "not the app secret", /App Dashboard > Settings > Basic/),
  webhook("appSecret", "a number", 1234567890, /must be a string .*got a number/),
  without(
    webhook(
      "appSecret",
      "missing, with no config or environment value",
      undefined,
      /appSecret is missing: the app token/,
    ),
    { appSecret: false },
  ),
  webhook("apiVersion", "without the v", "25.0", /must look like "v25\.0"/),
  webhook("apiVersion", "a word", "latest", /must look like "v25\.0"/),
  webhook("graphApiUrl", "plain http to a public host", "http://graph.example.com", PLAIN_HTTP),
  webhook(
    "graphApiUrl",
    "another endpoint, with the app secret from the environment (bound to the provider's)",
    "https://graph.example.com",
    new RegExp(`${FROM_ENV}.*Pass appSecret as an input`),
  ),
];

/** The Page subscription cases. */
const SUBSCRIPTION_CASES: WebhookBadInput[] = [
  subscription("subscribedFields", "an empty list", [], /must name at least one field of a Page's subscription/),
  subscription("subscribedFields[0]", "a misspelt name", ["mesages"], /did you mean "messages"\?/),
  subscription("subscribedFields[0]", "a name in the wrong case", ["Feed"], /did you mean "feed"\?/),
  subscription("subscribedFields[0]", "an Instagram field", ["comments"], NO_SUGGESTION),
  subscription("subscribedFields", "a string instead of a list", "messages", /must be a list of field names/),
  subscription("subscribedFields", "missing", undefined, /subscribedFields is required/),
  without(
    subscription(
      "pageAccessToken",
      "missing, with no config or environment value",
      undefined,
      /messenger:pageAccessToken/,
    ),
    {
      token: false,
    },
  ),
  subscription("pageAccessToken", "with a Bearer prefix", "Bearer EAAfakebearertoken00000000", /whitespace/),
  without(subscription("appId", "missing, with no config or environment value", undefined, /appId is missing/), {
    appId: false,
  }),
  subscription("appId", "a number", 3700000000000001, /digits only/),
  subscription("appSecret", "with spaces", "not the app secret", /App Dashboard > Settings > Basic/),
  subscription(
    "graphApiUrl",
    "another endpoint, with the token from the environment (bound to the provider's)",
    "https://graph.example.com",
    new RegExp(`${FROM_ENV}.*Pass pageAccessToken and appSecret as inputs`),
  ),
];

/** Every bad input of the suite. */
export const WEBHOOK_BAD_INPUTS: readonly WebhookBadInput[] = [
  ...CALLBACK_CASES,
  ...VERIFY_TOKEN_CASES,
  ...FIELD_CASES,
  ...APP_CASES,
  ...SUBSCRIPTION_CASES,
];

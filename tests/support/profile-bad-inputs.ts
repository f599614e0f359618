/**
 * The `MessengerProfile` bad-input table: each case is one invalid value in an otherwise valid full
 * profile (or one invalid connection input), the exact path its failure must name, the top-level
 * property Pulumi reports, and what the reason must say. Every limit of docs/profile.md's field table
 * has a case. The same table drives `check` in process (bad-input.profile.test.ts) and the preview on
 * the engine (engine/engine.test.ts).
 */
import { VALID_TOKEN } from "./bad-inputs";
import { INSTAGRAM_FULL, MESSENGER_FULL } from "./profile-matrix";
import type { DeclaredProfile } from "../../provider/profile/types";

/** One invalid `MessengerProfile` input. */
export interface ProfileBadInputCase {
  /** What is wrong, for the report. */
  readonly name: string;
  /** The raw inputs, as a program could pass them. */
  readonly inputs: Readonly<Record<string, unknown>>;
  /**
   * The inputs of the previous deployment, when the case is about a change (a dependency the
   * removal of a field breaks): the engine case runs `up` with them first.
   */
  readonly olds?: Readonly<Record<string, unknown>>;
  /** The exact path every failure's reason starts with ("" for a failure of the whole resource). */
  readonly path: string;
  /** The top-level property Pulumi's check failure names ("" for the whole resource). */
  readonly property: string;
  /** What the reason must say. */
  readonly reason: RegExp;
  /** false: no token in config or environment (the case is about the missing input). */
  readonly ambientToken?: boolean;
}

type Json = Record<string, unknown>;

/** One edit: the path of a value (`persistentMenu[0].callToActions[2].title`) and its new value (undefined: removed). */
type Edit = readonly [path: string, value: unknown];

/** A deep copy of a profile with the edits applied (plain JSON, as the engine passes inputs). */
function edited(base: DeclaredProfile, edits: readonly Edit[]): Json {
  const copy = JSON.parse(JSON.stringify(base)) as Json;
  for (const [path, value] of edits) {
    const keys = path.split(/\.|\[(\d+)\]/).filter((k) => k !== undefined && k !== "");
    let node = copy as Record<string, unknown>;
    for (const k of keys.slice(0, -1)) node = node[k] as Record<string, unknown>;
    const last = keys[keys.length - 1];
    if (value === undefined) delete node[last];
    else node[last] = value;
  }
  return copy;
}

const messenger = (...edits: Edit[]) => edited(MESSENGER_FULL, edits);
const instagram = (...edits: Edit[]) => edited(INSTAGRAM_FULL, edits);
const chars = (n: number, c = "a"): string => c.repeat(n);
const menuItems = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ type: "postback", title: `Item ${i + 1}`, payload: `ITEM_${i + 1}` }));

const cases: Array<Omit<ProfileBadInputCase, "property"> & { property?: string }> = [
  // greeting
  {
    name: "greeting text of 161 characters",
    inputs: messenger(["greeting[1].text", chars(161)]),
    path: "greeting[1].text",
    reason: /161 characters long; the limit is 160: shorten it by 1/,
  },
  {
    name: "greeting string of 161 characters (the default-locale shorthand)",
    inputs: messenger(["greeting", chars(161, "b")]),
    path: "greeting",
    reason: /161 characters long; the limit is 160/,
  },
  {
    name: "greeting without a default locale",
    inputs: messenger([
      "greeting",
      [
        { locale: "fr_FR", text: "Bonjour" },
        { locale: "de_DE", text: "Hallo" },
      ],
    ]),
    path: "greeting",
    reason: /no "default" locale: add an entry with locale: "default"/,
  },
  {
    name: "locale written en-US",
    inputs: messenger(["greeting[1].locale", "en-US"]),
    path: "greeting[1].locale",
    reason: /xx_XX form: write "en_US"/,
  },
  {
    name: "the same locale twice",
    inputs: messenger(["greeting[2]", { locale: "fr_FR", text: "Salut" }]),
    path: "greeting[2].locale",
    reason: /repeats locale "fr_FR" \(already at greeting\[1\]\)/,
  },
  // ice breakers
  {
    name: "5 ice breakers in one locale",
    inputs: messenger([
      "iceBreakers[0].callToActions",
      Array.from({ length: 5 }, (_, i) => ({ question: `Question ${i + 1}?`, payload: `Q${i + 1}` })),
    ]),
    path: "iceBreakers[0].callToActions",
    reason: /has 5 ice breaker questions .*; the limit is 4: remove 1/,
  },
  {
    name: "ice breakers mixing the flat and the per-locale forms",
    inputs: messenger(["iceBreakers[2]", { question: "Flat?", payload: "FLAT" }]),
    path: "iceBreakers[2]",
    reason: /mixes a flat question with per-locale entries/,
  },
  {
    name: "ice breaker payload of 1001 characters",
    inputs: messenger(["iceBreakers[0].callToActions[1].payload", chars(1001)]),
    path: "iceBreakers[0].callToActions[1].payload",
    reason: /1001 characters long; the limit is 1000/,
  },
  {
    name: "ice breaker locale written es-es (Instagram)",
    inputs: instagram(["iceBreakers[1].locale", "es-es"]),
    path: "iceBreakers[1].locale",
    reason: /write "es_ES"/,
  },
  // persistent menu
  {
    name: "menu title of 31 characters",
    inputs: messenger(["persistentMenu[0].callToActions[2].title", chars(31, "t")]),
    path: "persistentMenu[0].callToActions[2].title",
    reason: /31 characters long; the limit is 30: shorten it by 1/,
  },
  {
    name: "menu payload of 1001 characters",
    inputs: messenger(["persistentMenu[0].callToActions[0].payload", chars(1001, "p")]),
    path: "persistentMenu[0].callToActions[0].payload",
    reason: /1001 characters long; the limit is 1000/,
  },
  {
    name: "21 menu items in one locale",
    inputs: messenger(["persistentMenu[1].callToActions", menuItems(21)]),
    path: "persistentMenu[1].callToActions",
    reason: /has 21 menu items; the limit is 20: remove 1/,
  },
  {
    name: "a nested menu",
    inputs: messenger([
      "persistentMenu[0].callToActions[1]",
      { type: "nested", title: "More", callToActions: menuItems(2) },
    ]),
    path: "persistentMenu[0].callToActions[1].type",
    reason: /Meta removed nested menus on 2022-08-04/,
  },
  {
    name: "a web_url item on plain http",
    inputs: messenger(["persistentMenu[0].callToActions[1].url", "http://shop.example.com/catalog"]),
    path: "persistentMenu[0].callToActions[1].url",
    reason: /https/,
  },
  {
    name: "fallbackUrl without messengerExtensions",
    inputs: messenger(["persistentMenu[0].callToActions[1].fallbackUrl", "https://shop.example.com/fallback"]),
    path: "persistentMenu[0].callToActions[1].fallbackUrl",
    reason: /only allowed with messengerExtensions: true/,
  },
  {
    name: "webviewHeightRatio half",
    inputs: messenger(["persistentMenu[1].callToActions[1].webviewHeightRatio", "half"]),
    path: "persistentMenu[1].callToActions[1].webviewHeightRatio",
    reason: /must be one of "compact", "tall", "full", got "half"/,
  },
  {
    name: "a menu item of an unknown type",
    inputs: messenger(["persistentMenu[1].callToActions[0].type", "phone_number"]),
    path: "persistentMenu[1].callToActions[0].type",
    reason: /must be "postback" or "web_url", got "phone_number"/,
  },
  {
    name: "composer disabled with no menu items",
    inputs: messenger(
      ["persistentMenu[1].composerInputDisabled", true],
      ["persistentMenu[1].callToActions", undefined],
    ),
    path: "persistentMenu[1].callToActions",
    reason: /required when composerInputDisabled is true/,
  },
  {
    name: "a Messenger Extensions URL outside the declared domains",
    inputs: messenger(
      ["persistentMenu[0].callToActions[1].url", "https://pay.example.org/checkout"],
      ["persistentMenu[0].callToActions[1].messengerExtensions", true],
    ),
    path: "persistentMenu[0].callToActions[1].url",
    property: "persistentMenu",
    reason: /Messenger Extensions.*add "https:\/\/pay\.example\.org" to whitelistedDomains/,
  },
  // whitelisted domains
  {
    name: "51 whitelisted domains",
    inputs: messenger(["whitelistedDomains", Array.from({ length: 51 }, (_, i) => `https://shop${i + 1}.example.com`)]),
    path: "whitelistedDomains",
    reason: /has 51 https domains; the limit is 50: remove 1/,
  },
  {
    name: "an IP address as a domain",
    inputs: messenger(["whitelistedDomains[2]", "https://192.168.10.20"]),
    path: "whitelistedDomains[2]",
    reason: /not an IP address/,
  },
  {
    name: "localhost as a domain",
    inputs: messenger(["whitelistedDomains[2]", "https://localhost"]),
    path: "whitelistedDomains[2]",
    reason: /must not be localhost/,
  },
  {
    name: "a domain with a path",
    inputs: messenger(["whitelistedDomains[1]", "https://example.com/shop"]),
    path: "whitelistedDomains[1]",
    reason: /remove the path "\/shop" \(write "https:\/\/example\.com"\)/,
  },
  {
    name: "the same domain twice (other case, trailing slash)",
    inputs: messenger(["whitelistedDomains[2]", "https://SHOP.example.com/"]),
    path: "whitelistedDomains[2]",
    reason: /repeats https:\/\/shop\.example\.com \(already at whitelistedDomains\[0\]\)/,
  },
  {
    name: "an http domain",
    inputs: messenger(["whitelistedDomains[1]", "http://example.com"]),
    path: "whitelistedDomains[1]",
    reason: /must use https/,
  },
  // commands
  {
    name: "a command name starting with /",
    inputs: messenger(["commands[0].commands[1].name", "/help"]),
    path: "commands[0].commands[1].name",
    reason: /must not start with "\/" \(Messenger adds it\): write "help"/,
  },
  {
    name: "101 commands in one locale",
    inputs: messenger([
      "commands[1].commands",
      Array.from({ length: 101 }, (_, i) => ({ name: `cmd${i + 1}`, description: `Command ${i + 1}` })),
    ]),
    path: "commands[1].commands",
    reason: /has 101 commands .*; the limit is 100: remove 1/,
  },
  {
    name: "command description of 65 characters",
    inputs: messenger(["commands[0].commands[0].description", chars(65, "d")]),
    path: "commands[0].commands[0].description",
    reason: /65 characters long; the limit is 64: shorten it by 1/,
  },
  {
    name: "the same command name twice in a locale",
    inputs: messenger(["commands[1].commands[1]", { name: "commande", description: "Encore" }]),
    path: "commands[1].commands[1].name",
    reason: /repeats "commande" \(already at commands\[1\]\.commands\[0\]\)/,
  },
  // account linking URL
  {
    name: "account linking URL on plain http",
    inputs: messenger(["accountLinkingUrl", "http://example.com/messenger/link"]),
    path: "accountLinkingUrl",
    reason: /https/,
  },
  // Instagram
  {
    name: "a greeting on Instagram",
    inputs: instagram(["greeting", "Hi!"]),
    path: "greeting",
    reason: /does not exist on Instagram: with platform "instagram" only iceBreakers and persistentMenu/,
  },
  {
    name: "composerInputDisabled on Instagram",
    inputs: instagram(["persistentMenu[0].composerInputDisabled", false]),
    path: "persistentMenu[0].composerInputDisabled",
    reason: /does not exist on Instagram/,
  },
  {
    name: "webviewHeightRatio on Instagram",
    inputs: instagram(["persistentMenu[0].callToActions[1].webviewHeightRatio", "tall"]),
    path: "persistentMenu[0].callToActions[1].webviewHeightRatio",
    reason: /does not exist on Instagram \(Meta's Instagram menu has no webview options\): remove it/,
  },
  {
    name: "Get Started on Instagram",
    inputs: instagram(["getStarted", { payload: "GET_STARTED" }]),
    path: "getStarted",
    reason: /does not exist on Instagram/,
  },
  // deprecated fields and wire names
  {
    name: "home_url (removed in Graph v7.0)",
    inputs: messenger(["home_url", { url: "https://example.com/home", webview_height_ratio: "tall" }]),
    path: "home_url",
    reason: /deprecated: Meta removed the Chat Extensions home URL \(home_url\) in Graph v7\.0/,
  },
  {
    name: "homeUrl (removed in Graph v7.0)",
    inputs: messenger(["homeUrl", { url: "https://example.com/home" }]),
    path: "homeUrl",
    reason: /deprecated.*home_url/,
  },
  {
    name: "target_audience (removed)",
    inputs: messenger(["target_audience", { audience_type: "all" }]),
    path: "target_audience",
    reason: /deprecated: Meta removed target_audience/,
  },
  {
    name: "targetAudience (removed)",
    inputs: messenger(["targetAudience", { audienceType: "all" }]),
    path: "targetAudience",
    reason: /deprecated: Meta removed target_audience/,
  },
  {
    name: "payment_settings (removed)",
    inputs: messenger(["payment_settings", { privacy_url: "https://example.com/privacy" }]),
    path: "payment_settings",
    reason: /deprecated: Meta removed Messenger payments/,
  },
  {
    name: "paymentSettings (removed)",
    inputs: messenger(["paymentSettings", { privacyUrl: "https://example.com/privacy" }]),
    path: "paymentSettings",
    reason: /deprecated: Meta removed Messenger payments/,
  },
  {
    name: "a live field spelled the wire way: get_started",
    inputs: messenger(["get_started", MESSENGER_FULL.getStarted], ["getStarted", undefined]),
    path: "get_started",
    reason: /is the wire name: write getStarted/,
  },
  // the resource as a whole
  {
    name: "no profile field at all",
    inputs: {},
    path: "",
    reason: /must declare at least one field: set one of whitelistedDomains, getStarted, greeting/,
  },
  {
    name: "an unknown platform",
    inputs: messenger(["platform", "whatsapp"]),
    path: "platform",
    reason: /must be "messenger" or "instagram", got "whatsapp"/,
  },
  {
    name: "a menu kept while getStarted is removed (static dependency)",
    olds: { ...MESSENGER_FULL },
    inputs: messenger(["getStarted", undefined]),
    path: "persistentMenu",
    reason: /getStarted was removed from this resource, which deletes it from the Page: keep getStarted/,
  },
  // connection inputs
  {
    name: "token with a Bearer prefix",
    inputs: messenger(["pageAccessToken", `Bearer ${VALID_TOKEN}`]),
    path: "pageAccessToken",
    reason: /whitespace/,
  },
  {
    name: "no token anywhere",
    inputs: messenger(),
    path: "pageAccessToken",
    reason: /messenger:pageAccessToken/,
    ambientToken: false,
  },
  {
    name: "apiVersion without the v",
    inputs: messenger(["apiVersion", "25.0"]),
    path: "apiVersion",
    reason: /v25\.0/,
  },
  {
    name: "graphApiUrl on ftp",
    inputs: messenger(["graphApiUrl", "ftp://graph.facebook.com"]),
    path: "graphApiUrl",
    reason: /https/,
  },
];

/** Every bad `MessengerProfile` input of the suite (at least 30). */
export const PROFILE_BAD_INPUTS: readonly ProfileBadInputCase[] = cases.map((c) => ({
  ...c,
  property: c.property ?? /^[A-Za-z_]+/.exec(c.path)?.[0] ?? "",
}));

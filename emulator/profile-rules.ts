/**
 * The Messenger profile's field rules as the emulator enforces them: which fields exist on which
 * platform, the shape and limits of each value, and the rules between fields (a persistent menu
 * needs Get Started; webviews with Messenger Extensions need their domain whitelisted). Written from
 * Meta's documentation, independently of the provider's own checks, so that a bug in one is not
 * cancelled by the same bug in the other.
 *
 * @packageDocumentation
 */

/** A messaging platform: each Page has one profile document per platform. */
export type ProfilePlatform = "messenger" | "instagram";

/** A profile document: wire field names to wire values (JSON). */
export type ProfileDocument = Record<string, unknown>;

/** The seven live fields of the Messenger platform, in the order the emulator lists them. */
export const MESSENGER_FIELDS: readonly string[] = [
  "whitelisted_domains",
  "get_started",
  "greeting",
  "ice_breakers",
  "persistent_menu",
  "commands",
  "account_linking_url",
];

/** The fields of the Instagram platform. */
export const INSTAGRAM_FIELDS: readonly string[] = ["ice_breakers", "persistent_menu"];

/** Fields Meta removed: refused on every call, never stored. */
export const DEPRECATED_FIELDS: Readonly<Record<string, string>> = {
  home_url: "home_url is deprecated: the Chat Extensions home URL was removed in Graph API v7.0",
  target_audience: "target_audience is deprecated and can no longer be set",
  payment_settings: "payment_settings is deprecated and can no longer be set",
};

/** Read-only: readable on the Messenger platform, never written by the Graph routes. */
export const READ_ONLY_FIELD = "subject_to_new_eu_privacy_rules";

/** A refusal of a profile call: Graph code 100, with a message naming the field. */
export class ProfileRuleError extends Error {
  /**
   * @param message - the Graph message, "(#100) …"
   * @param errorType - the Graph error type
   */
  constructor(
    message: string,
    readonly errorType: "OAuthException" | "GraphMethodException" = "OAuthException",
  ) {
    super(message);
    this.name = "ProfileRuleError";
  }
}

function refuse(message: string): never {
  throw new ProfileRuleError(`(#100) ${message}`);
}

/** The live fields of a platform. */
export function fieldsOf(platform: ProfilePlatform): readonly string[] {
  return platform === "instagram" ? INSTAGRAM_FIELDS : MESSENGER_FIELDS;
}

/**
 * Refuses a field name a call may not name on a platform: deprecated, unknown, or not on the
 * platform. `readable` lets GET name the read-only field.
 */
export function checkFieldName(name: string, platform: ProfilePlatform, readable = false): void {
  if (Object.hasOwn(DEPRECATED_FIELDS, name)) refuse(DEPRECATED_FIELDS[name]);
  if (name === READ_ONLY_FIELD) {
    if (readable && platform === "messenger") return;
    if (platform === "messenger") refuse(`${READ_ONLY_FIELD} is read-only: it cannot be set or deleted`);
  }
  if (fieldsOf(platform).includes(name)) return;
  if (platform === "instagram" && MESSENGER_FIELDS.includes(name))
    refuse(
      `Param ${name} is not supported on the Instagram platform (platform=instagram has ice_breakers and persistent_menu only)`,
    );
  refuse(`Param ${name} is not a Messenger profile field (fields: ${fieldsOf(platform).join(", ")})`);
}

/** Length in characters (code points: an emoji counts once). */
function length(s: string): number {
  return [...s].length;
}

type Obj = Record<string, unknown>;

function obj(v: unknown, path: string): Obj {
  if (typeof v !== "object" || v === null || Array.isArray(v)) refuse(`Param ${path} must be an object`);
  return v as Obj;
}

function list(v: unknown, path: string): unknown[] {
  if (!Array.isArray(v)) refuse(`Param ${path} must be an array`);
  return v;
}

function onlyKeys(o: Obj, allowed: readonly string[], path: string): void {
  const extra = Object.keys(o).filter((k) => !allowed.includes(k));
  if (extra.length > 0) refuse(`Invalid keys "${extra.join(", ")}" were found in param "${path}".`);
}

function text(v: unknown, path: string, max?: number): string {
  if (typeof v !== "string" || v === "") refuse(`Param ${path} must be a non-empty string`);
  if (max !== undefined && length(v) > max)
    refuse(`Param ${path} must be at most ${max} characters long (got ${length(v)})`);
  return v;
}

function httpsUrl(v: unknown, path: string): URL {
  let url: URL | undefined;
  try {
    url = typeof v === "string" ? new URL(v) : undefined;
  } catch {
    url = undefined;
  }
  if (!url || url.protocol !== "https:")
    refuse(`Param ${path} must be a valid URL with https (got ${JSON.stringify(v)})`);
  return url;
}

const LOCALE = /^[a-z]{2}_[A-Z]{2}$/;

/** Checks a localized list: each entry's locale, no locale twice, and a `default` entry. */
function localized(v: unknown, field: string, entry: (e: Obj, path: string) => void): void {
  const entries = list(v, field);
  if (entries.length === 0) refuse(`Param ${field} must not be empty`);
  const seen = new Set<string>();
  entries.forEach((raw, i) => {
    const path = `${field}[${i}]`;
    const e = obj(raw, path);
    const locale = e.locale;
    if (typeof locale !== "string" || (locale !== "default" && !LOCALE.test(locale)))
      refuse(
        `Param ${path}[locale] must be "default" or a locale like fr_FR (got ${JSON.stringify(locale) ?? "nothing"})`,
      );
    if (seen.has(locale)) refuse(`Param ${path}[locale] repeats the locale ${locale}`);
    seen.add(locale);
    entry(e, path);
  });
  if (!seen.has("default"))
    refuse(`Param ${field} must include the default locale (an entry with "locale": "default")`);
}

function getStarted(v: unknown): void {
  const o = obj(v, "get_started");
  onlyKeys(o, ["payload"], "get_started");
  text(o.payload, "get_started[payload]", 1000);
}

function greeting(v: unknown): void {
  localized(v, "greeting", (e, path) => {
    onlyKeys(e, ["locale", "text"], path);
    text(e.text, `${path}[text]`, 160);
  });
}

function iceBreaker(v: unknown, path: string): void {
  const o = obj(v, path);
  onlyKeys(o, ["question", "payload"], path);
  text(o.question, `${path}[question]`);
  text(o.payload, `${path}[payload]`, 1000);
}

function iceBreakers(v: unknown): void {
  const entries = list(v, "ice_breakers");
  const isLocalized = (e: unknown) => typeof e === "object" && e !== null && ("locale" in e || "call_to_actions" in e);
  const kinds = new Set(entries.map(isLocalized));
  if (kinds.size > 1)
    refuse(
      "Param ice_breakers mixes the flat list of questions with the localized format ({locale, call_to_actions}): use one format per call",
    );
  if (!kinds.has(true)) {
    if (entries.length === 0) refuse("Param ice_breakers must not be empty");
    if (entries.length > 4) refuse(`Param ice_breakers has ${entries.length} ice breakers; the limit is 4`);
    entries.forEach((e, i) => iceBreaker(e, `ice_breakers[${i}]`));
    return;
  }
  localized(v, "ice_breakers", (e, path) => {
    onlyKeys(e, ["locale", "call_to_actions"], path);
    const ctas = list(e.call_to_actions, `${path}[call_to_actions]`);
    if (ctas.length === 0) refuse(`Param ${path}[call_to_actions] must not be empty`);
    if (ctas.length > 4)
      refuse(`Param ${path}[call_to_actions] has ${ctas.length} ice breakers; the limit is 4 per locale`);
    ctas.forEach((c, j) => iceBreaker(c, `${path}[call_to_actions][${j}]`));
  });
}

const WEBVIEW_KEYS = ["webview_height_ratio", "messenger_extensions", "fallback_url", "webview_share_button"];

function menuItem(v: unknown, path: string, platform: ProfilePlatform): void {
  const o = obj(v, path);
  if (o.type === "nested" || o.call_to_actions !== undefined)
    refuse(`Param ${path}: nested menus are no longer supported (removed on 2022-08-04); use up to 20 items`);
  if (platform === "instagram") {
    const webview = WEBVIEW_KEYS.find((k) => o[k] !== undefined);
    if (webview !== undefined) refuse(`Param ${path}[${webview}] is not supported on the Instagram platform`);
  }
  if (o.type === "postback") {
    onlyKeys(o, ["type", "title", "payload"], path);
    text(o.title, `${path}[title]`, 30);
    text(o.payload, `${path}[payload]`, 1000);
    return;
  }
  if (o.type !== "web_url")
    refuse(`Param ${path}[type] must be "postback" or "web_url" (got ${JSON.stringify(o.type) ?? "nothing"})`);
  onlyKeys(o, ["type", "title", "url", ...WEBVIEW_KEYS], path);
  text(o.title, `${path}[title]`, 30);
  httpsUrl(o.url, `${path}[url]`);
  const ratio = o.webview_height_ratio;
  if (ratio !== undefined && ratio !== "compact" && ratio !== "tall" && ratio !== "full")
    refuse(`Param ${path}[webview_height_ratio] must be "compact", "tall" or "full" (got ${JSON.stringify(ratio)})`);
  if (o.messenger_extensions !== undefined && typeof o.messenger_extensions !== "boolean")
    refuse(`Param ${path}[messenger_extensions] must be true or false`);
  if (o.fallback_url !== undefined) {
    if (o.messenger_extensions !== true)
      refuse(`Param ${path}[fallback_url] may only be set with "messenger_extensions": true`);
    httpsUrl(o.fallback_url, `${path}[fallback_url]`);
  }
  const share = o.webview_share_button;
  if (share !== undefined && share !== "hide" && share !== "show")
    refuse(`Param ${path}[webview_share_button] must be "hide" or "show"`);
}

function persistentMenu(v: unknown, platform: ProfilePlatform): void {
  localized(v, "persistent_menu", (e, path) => {
    if (platform === "instagram" && e.composer_input_disabled !== undefined)
      refuse(`Param ${path}[composer_input_disabled] is not supported on the Instagram platform`);
    onlyKeys(e, ["locale", "composer_input_disabled", "call_to_actions", "disabled_surfaces"], path);
    if (e.composer_input_disabled !== undefined && typeof e.composer_input_disabled !== "boolean")
      refuse(`Param ${path}[composer_input_disabled] must be true or false`);
    const ctas = e.call_to_actions === undefined ? [] : list(e.call_to_actions, `${path}[call_to_actions]`);
    if (ctas.length === 0 && (platform === "instagram" || e.composer_input_disabled === true))
      refuse(
        `Param ${path}[call_to_actions] is required ${platform === "instagram" ? "on the Instagram platform" : 'when "composer_input_disabled" is true'}`,
      );
    if (ctas.length > 20) refuse(`Param ${path}[call_to_actions] has ${ctas.length} items; the limit is 20`);
    ctas.forEach((c, j) => menuItem(c, `${path}[call_to_actions][${j}]`, platform));
  });
}

function commands(v: unknown): void {
  localized(v, "commands", (e, path) => {
    onlyKeys(e, ["locale", "commands"], path);
    const cmds = list(e.commands, `${path}[commands]`);
    if (cmds.length === 0) refuse(`Param ${path}[commands] must not be empty`);
    cmds.forEach((c, j) => {
      const p = `${path}[commands][${j}]`;
      const o = obj(c, p);
      onlyKeys(o, ["name", "description"], p);
      text(o.name, `${p}[name]`);
      text(o.description, `${p}[description]`);
    });
  });
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

function whitelistedDomains(v: unknown): void {
  const domains = list(v, "whitelisted_domains");
  if (domains.length > 50) refuse(`Param whitelisted_domains has ${domains.length} domains; the limit is 50`);
  domains.forEach((d, i) => {
    const path = `whitelisted_domains[${i}]`;
    const url = httpsUrl(d, path);
    const host = url.hostname.toLowerCase();
    if (host.startsWith("[") || IPV4.test(host))
      refuse(`Param ${path} must name a domain, not an IP address (got ${JSON.stringify(d)})`);
    if (host === "localhost" || host.endsWith(".localhost"))
      refuse(`Param ${path} may not be localhost (got ${JSON.stringify(d)})`);
    const labels = host.split(".");
    if (labels.length < 2 || labels.some((l) => l === "") || /^\d+$/.test(labels[labels.length - 1]))
      refuse(`Param ${path} must be a fully qualified domain like https://shop.example.com (got ${JSON.stringify(d)})`);
  });
}

function accountLinkingUrl(v: unknown): void {
  // The message and type the emulator has always answered (the account linking calls' tests pin them).
  let ok: boolean;
  try {
    ok = typeof v === "string" && new URL(v).protocol === "https:";
  } catch {
    ok = false;
  }
  if (!ok)
    throw new ProfileRuleError(
      "(#100) account_linking_url should represent a valid URL with https",
      "GraphMethodException",
    );
}

/**
 * Checks one field's value on a platform (shape and limits). Throws a {@link ProfileRuleError}.
 * The name must have passed {@link checkFieldName}.
 */
export function checkFieldValue(name: string, value: unknown, platform: ProfilePlatform): void {
  switch (name) {
    case "get_started":
      return getStarted(value);
    case "greeting":
      return greeting(value);
    case "ice_breakers":
      return iceBreakers(value);
    case "persistent_menu":
      return persistentMenu(value, platform);
    case "commands":
      return commands(value);
    case "whitelisted_domains":
      return whitelistedDomains(value);
    case "account_linking_url":
      return accountLinkingUrl(value);
    case READ_ONLY_FIELD:
      if (typeof value !== "boolean") refuse(`Param ${READ_ONLY_FIELD} must be true or false`);
      return undefined;
    default:
      refuse(`Param ${name} is not a Messenger profile field`);
  }
}

/** The origins of web_url items with Messenger Extensions, with their paths, in a menu value. */
function extensionOrigins(menu: unknown): Array<{ origin: string; path: string }> {
  const out: Array<{ origin: string; path: string }> = [];
  if (!Array.isArray(menu)) return out;
  menu.forEach((e: unknown, i) => {
    const ctas = (e as Obj).call_to_actions;
    if (!Array.isArray(ctas)) return;
    ctas.forEach((c: unknown, j) => {
      const item = c as Obj;
      if (item.type === "web_url" && item.messenger_extensions === true && typeof item.url === "string")
        out.push({ origin: new URL(item.url).origin, path: `persistent_menu[${i}][call_to_actions][${j}]` });
    });
  });
  return out;
}

/**
 * The rules between fields of one POST on the Messenger platform, checked against the document as
 * it would be after the POST:
 * - a persistent menu needs Get Started on the Page, or in the same POST;
 * - a web_url item with `messenger_extensions: true` needs its origin in `whitelisted_domains`.
 */
export function checkPostDependencies(current: ProfileDocument, post: ProfileDocument): void {
  if (post.persistent_menu === undefined) return;
  if (post.get_started === undefined && current.get_started === undefined)
    refuse("You must set a Get Started button if you also wish to use persistent menu.");
  const domains = (post.whitelisted_domains ?? current.whitelisted_domains ?? []) as string[];
  const allowed = new Set(domains.map((d) => new URL(d).origin));
  for (const { origin, path } of extensionOrigins(post.persistent_menu)) {
    if (!allowed.has(origin))
      refuse(
        `Param ${path}[url]: ${origin} must be in whitelisted_domains to open with "messenger_extensions": true; whitelist it first (or in the same call)`,
      );
  }
}

/**
 * The rules between fields of one DELETE on the Messenger platform: Get Started cannot be removed
 * while a persistent menu stays (unconfirmed on the live API; the emulator refuses it).
 */
export function checkDeleteDependencies(current: ProfileDocument, fields: readonly string[]): void {
  if (fields.includes("get_started") && current.persistent_menu !== undefined && !fields.includes("persistent_menu"))
    refuse(
      "You cannot delete the Get Started button while a persistent menu is set: delete persistent_menu first (or in the same call)",
    );
}

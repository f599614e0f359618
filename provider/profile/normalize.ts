/**
 * Normalization of a Messenger profile: args to the canonical document, the canonical document to the
 * wire and back (wire to normalized is what a GET answer becomes), and a stable JSON form for
 * comparing fields. Cosmetic differences (locale order, shorthand or long form, domain spelling,
 * explicit defaults) normalize away, so that they never cost a call.
 *
 * The args given to {@link normalizeProfileArgs} are expected to have passed `validateProfile`.
 *
 * @packageDocumentation
 */
import { isUnknown } from "../validate";
import {
  PROFILE_FIELDS,
  inPostOrder,
  type ProfileInputField,
  type ProfilePlatform,
  type ProfileWireField,
} from "./fields";
import type {
  CommandsLocaleArgs,
  GreetingArgs,
  IceBreakersArgs,
  IceBreakersLocaleArgs,
  IceBreakerArgs,
  MenuItemArgs,
  MessengerProfileArgs,
  NormalizedCommandsLocale,
  NormalizedGreeting,
  NormalizedIceBreakersLocale,
  NormalizedMenuItem,
  NormalizedMenuLocale,
  NormalizedProfile,
  PersistentMenuLocaleArgs,
  WireCommandsLocale,
  WireGreeting,
  WireMenuItem,
  WireMenuLocale,
  WireProfile,
} from "./types";

/** The locale every localized field must have, and the one listed first. */
export const DEFAULT_LOCALE = "default";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Orders per-locale entries canonically: `"default"` first, then by locale code (code-unit order).
 * Stable; returns a new array.
 *
 * @param entries - entries with a `locale`
 */
export function sortLocales<T extends { readonly locale: string }>(entries: readonly T[]): T[] {
  const rank = (l: string) => (l === DEFAULT_LOCALE ? 0 : 1);
  return [...entries].sort(
    (a, b) => rank(a.locale) - rank(b.locale) || (a.locale < b.locale ? -1 : a.locale > b.locale ? 1 : 0),
  );
}

/**
 * The canonical spelling of a whitelisted domain: its origin (`https://host[:port]`), host in lower
 * case, no trailing slash. A value that is not a URL is returned trimmed (validation refuses it).
 *
 * @param domain - as declared or as returned by Graph (which may add a trailing slash)
 */
export function normalizeDomain(domain: string): string {
  const trimmed = domain.trim();
  try {
    const u = new URL(trimmed);
    if (u.origin === "null") return trimmed;
    return u.origin;
  } catch {
    return trimmed;
  }
}

/**
 * Canonical whitelisted domains: each normalized, duplicates removed, sorted.
 *
 * @param domains - declared or returned domains
 */
export function normalizeDomains(domains: readonly string[]): string[] {
  return [...new Set(domains.map(normalizeDomain))].sort();
}

/** Whether `v` is, or contains anywhere, Pulumi's unknown-value sentinel. */
export function containsUnknown(v: unknown): boolean {
  if (isUnknown(v)) return true;
  if (Array.isArray(v)) return v.some(containsUnknown);
  if (v !== null && typeof v === "object") return Object.values(v).some(containsUnknown);
  return false;
}

/**
 * The declared fields whose value is not known yet (preview, a value from another resource's output).
 * {@link normalizeProfileArgs} leaves them out; a diff must treat them as changing.
 *
 * @param args - the declared args
 */
export function unknownFields(args: MessengerProfileArgs): ProfileWireField[] {
  const raw = args as Readonly<Record<string, unknown>>;
  return inPostOrder(PROFILE_FIELDS.filter((f) => containsUnknown(raw[f.input])).map((f) => f.wire));
}

/** Whether the flat-list shorthand is used (a list of questions rather than of locales). */
function isFlatIceBreakers(v: IceBreakersArgs): v is readonly IceBreakerArgs[] {
  return v.length > 0 && v.every((e) => !("locale" in e));
}

/**
 * Greeting args to canonical form.
 *
 * @param greeting - a string (default locale) or a list of locales
 */
export function normalizeGreeting(greeting: GreetingArgs): NormalizedGreeting[] {
  const list = typeof greeting === "string" ? [{ locale: DEFAULT_LOCALE, text: greeting }] : greeting;
  return sortLocales(list.map((g) => ({ locale: g.locale, text: g.text })));
}

/**
 * Ice breaker args to canonical form.
 *
 * @param iceBreakers - a flat list of questions (default locale) or a list of locales
 */
export function normalizeIceBreakers(iceBreakers: IceBreakersArgs): NormalizedIceBreakersLocale[] {
  const locales: readonly IceBreakersLocaleArgs[] = isFlatIceBreakers(iceBreakers)
    ? [{ locale: DEFAULT_LOCALE, callToActions: iceBreakers }]
    : iceBreakers;
  return sortLocales(
    locales.map((l) => ({
      locale: l.locale,
      callToActions: l.callToActions.map((q) => ({ question: q.question, payload: q.payload })),
    })),
  );
}

/**
 * A menu item to canonical form for a platform.
 *
 * @param item - the declared item
 * @param platform - Messenger makes the webview defaults explicit; Instagram has none
 */
export function normalizeMenuItem(item: MenuItemArgs, platform: ProfilePlatform): NormalizedMenuItem {
  if (item.type === "postback") return { type: "postback", title: item.title, payload: item.payload };
  const out: Mutable<NormalizedMenuItem> = { type: "web_url", title: item.title, url: item.url };
  if (platform === "messenger") {
    out.webviewHeightRatio = item.webviewHeightRatio ?? "full";
    out.messengerExtensions = item.messengerExtensions ?? false;
    if (out.messengerExtensions && item.fallbackUrl !== undefined) out.fallbackUrl = item.fallbackUrl;
    if (item.webviewShareButton === "hide") out.webviewShareButton = "hide";
  }
  return out;
}

/**
 * Persistent menu args to canonical form.
 *
 * @param menu - one entry per locale
 * @param platform - the profile's platform
 */
export function normalizePersistentMenu(
  menu: readonly PersistentMenuLocaleArgs[],
  platform: ProfilePlatform,
): NormalizedMenuLocale[] {
  return sortLocales(
    menu.map((l) => {
      const items = (l.callToActions ?? []).map((i) => normalizeMenuItem(i, platform));
      return platform === "messenger"
        ? { locale: l.locale, composerInputDisabled: l.composerInputDisabled ?? false, callToActions: items }
        : { locale: l.locale, callToActions: items };
    }),
  );
}

/**
 * Commands args to canonical form.
 *
 * @param commands - one entry per locale
 */
export function normalizeCommands(commands: readonly CommandsLocaleArgs[]): NormalizedCommandsLocale[] {
  return sortLocales(
    commands.map((l) => ({
      locale: l.locale,
      commands: l.commands.map((c) => ({ name: c.name, description: c.description })),
    })),
  );
}

/**
 * Validated args to the canonical document. Fields whose value contains an unknown (see
 * {@link unknownFields}) and fields that do not exist on the platform are left out.
 *
 * @param args - args that passed `validateProfile`
 * @param platform - the profile's platform
 */
export function normalizeProfileArgs(args: MessengerProfileArgs, platform: ProfilePlatform): NormalizedProfile {
  const skip = new Set(unknownFields(args));
  const has = (wire: ProfileWireField, input: ProfileInputField): boolean => {
    const spec = PROFILE_FIELDS.find((f) => f.wire === wire);
    const v = (args as Readonly<Record<string, unknown>>)[input];
    return v !== undefined && v !== null && !skip.has(wire) && spec !== undefined && spec.platforms.includes(platform);
  };
  const out: Mutable<NormalizedProfile> = {};
  if (has("whitelisted_domains", "whitelistedDomains") && args.whitelistedDomains)
    out.whitelistedDomains = normalizeDomains(args.whitelistedDomains);
  if (has("get_started", "getStarted") && args.getStarted) out.getStarted = { payload: args.getStarted.payload };
  if (has("greeting", "greeting") && args.greeting !== undefined) out.greeting = normalizeGreeting(args.greeting);
  if (has("ice_breakers", "iceBreakers") && args.iceBreakers) out.iceBreakers = normalizeIceBreakers(args.iceBreakers);
  if (has("persistent_menu", "persistentMenu") && args.persistentMenu)
    out.persistentMenu = normalizePersistentMenu(args.persistentMenu, platform);
  if (has("commands", "commands") && args.commands) out.commands = normalizeCommands(args.commands);
  if (has("account_linking_url", "accountLinkingUrl") && args.accountLinkingUrl !== undefined)
    out.accountLinkingUrl = args.accountLinkingUrl;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Normalized -> wire.
// ---------------------------------------------------------------------------------------------

function menuItemToWire(item: NormalizedMenuItem): WireMenuItem {
  if (item.type === "postback") return { type: "postback", title: item.title, payload: item.payload };
  const out: Mutable<WireMenuItem> = { type: "web_url", title: item.title, url: item.url };
  if (item.webviewHeightRatio !== undefined) out.webview_height_ratio = item.webviewHeightRatio;
  // Only `true` is sent: false is the API's default, and GET answers may omit it.
  if (item.messengerExtensions === true) out.messenger_extensions = true;
  if (item.fallbackUrl !== undefined) out.fallback_url = item.fallbackUrl;
  if (item.webviewShareButton !== undefined) out.webview_share_button = item.webviewShareButton;
  return out;
}

/**
 * The wire document of a normalized profile, keys in POST order (`whitelisted_domains` first,
 * `get_started` before `persistent_menu`). Ice breakers always in Meta's localized format.
 *
 * @param profile - the canonical document
 * @param fields - only these fields (default: every field present)
 */
export function toWire(profile: NormalizedProfile, fields?: readonly ProfileWireField[]): WireProfile {
  const wanted = new Set(fields ?? profileFields(profile));
  const out: Mutable<WireProfile> = {};
  for (const f of inPostOrder(wanted)) {
    switch (f) {
      case "whitelisted_domains":
        if (profile.whitelistedDomains) out.whitelisted_domains = [...profile.whitelistedDomains];
        break;
      case "get_started":
        if (profile.getStarted) out.get_started = { payload: profile.getStarted.payload };
        break;
      case "greeting":
        if (profile.greeting) out.greeting = profile.greeting.map((g) => ({ locale: g.locale, text: g.text }));
        break;
      case "ice_breakers":
        if (profile.iceBreakers)
          out.ice_breakers = profile.iceBreakers.map((l) => ({
            locale: l.locale,
            call_to_actions: l.callToActions.map((q) => ({ question: q.question, payload: q.payload })),
          }));
        break;
      case "persistent_menu":
        if (profile.persistentMenu)
          out.persistent_menu = profile.persistentMenu.map((l) => {
            const m: Mutable<WireMenuLocale> = { locale: l.locale };
            if (l.composerInputDisabled !== undefined) m.composer_input_disabled = l.composerInputDisabled;
            if (l.callToActions.length > 0) m.call_to_actions = l.callToActions.map(menuItemToWire);
            return m;
          });
        break;
      case "commands":
        if (profile.commands)
          out.commands = profile.commands.map((l) => ({
            locale: l.locale,
            commands: l.commands.map((c) => ({ name: c.name, description: c.description })),
          }));
        break;
      case "account_linking_url":
        if (profile.accountLinkingUrl !== undefined) out.account_linking_url = profile.accountLinkingUrl;
        break;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Wire -> normalized (a GET answer). Tolerant: entries of an unexpected shape are dropped, so that
// they show as a difference rather than crash a refresh.
// ---------------------------------------------------------------------------------------------

type Obj = Readonly<Record<string, unknown>>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const list = (v: unknown): readonly unknown[] => (Array.isArray(v) ? (v as readonly unknown[]) : []);

function greetingFromWire(v: unknown): NormalizedGreeting[] {
  const out: WireGreeting[] = [];
  for (const g of list(v)) {
    if (isObj(g) && str(g.locale) !== undefined && str(g.text) !== undefined)
      out.push({ locale: g.locale as string, text: g.text as string });
  }
  return sortLocales(out);
}

function questionsFromWire(v: unknown): { question: string; payload: string }[] {
  return list(v)
    .filter((q): q is Obj => isObj(q) && str(q.question) !== undefined && str(q.payload) !== undefined)
    .map((q) => ({ question: q.question as string, payload: q.payload as string }));
}

function iceBreakersFromWire(v: unknown): NormalizedIceBreakersLocale[] {
  const entries = list(v).filter(isObj);
  // Meta's older flat format: a list of questions, meaning the default locale.
  if (entries.length > 0 && entries.every((e) => e.locale === undefined && e.call_to_actions === undefined))
    return [{ locale: DEFAULT_LOCALE, callToActions: questionsFromWire(entries) }];
  const out: NormalizedIceBreakersLocale[] = [];
  for (const e of entries) {
    const locale = str(e.locale) ?? DEFAULT_LOCALE;
    out.push({ locale, callToActions: questionsFromWire(e.call_to_actions) });
  }
  return sortLocales(out);
}

function menuItemFromWire(i: Obj, platform: ProfilePlatform): NormalizedMenuItem | undefined {
  const title = str(i.title) ?? "";
  if (i.type === "postback") return { type: "postback", title, payload: str(i.payload) ?? "" };
  if (i.type !== "web_url") return undefined;
  const item: Mutable<MenuItemArgs> = { type: "web_url", title, url: str(i.url) ?? "" };
  if (platform === "messenger") {
    const ratio = i.webview_height_ratio;
    if (ratio === "compact" || ratio === "tall" || ratio === "full") item.webviewHeightRatio = ratio;
    if (i.messenger_extensions === true || i.messenger_extensions === "true") item.messengerExtensions = true;
    if (str(i.fallback_url) !== undefined) item.fallbackUrl = i.fallback_url as string;
    if (i.webview_share_button === "hide") item.webviewShareButton = "hide";
  }
  return normalizeMenuItem(item, platform);
}

function menuFromWire(v: unknown, platform: ProfilePlatform): NormalizedMenuLocale[] {
  const out: NormalizedMenuLocale[] = [];
  for (const l of list(v).filter(isObj)) {
    const items = list(l.call_to_actions)
      .filter(isObj)
      .map((i) => menuItemFromWire(i, platform))
      .filter((i): i is NormalizedMenuItem => i !== undefined);
    const locale = str(l.locale) ?? DEFAULT_LOCALE;
    out.push(
      platform === "messenger"
        ? { locale, composerInputDisabled: l.composer_input_disabled === true, callToActions: items }
        : { locale, callToActions: items },
    );
  }
  return sortLocales(out);
}

function commandsFromWire(v: unknown): NormalizedCommandsLocale[] {
  const out: WireCommandsLocale[] = [];
  for (const l of list(v).filter(isObj)) {
    const commands = list(l.commands)
      .filter((c): c is Obj => isObj(c) && str(c.name) !== undefined)
      .map((c) => ({ name: c.name as string, description: str(c.description) ?? "" }));
    out.push({ locale: str(l.locale) ?? DEFAULT_LOCALE, commands });
  }
  return sortLocales(out);
}

/**
 * A wire document (one element of a GET answer's `data`, or a POST body) to the canonical document.
 * Keys that are not live fields, and fields that do not exist on the platform, are ignored.
 *
 * @param doc - the wire document
 * @param platform - the profile's platform
 */
export function fromWire(doc: unknown, platform: ProfilePlatform): NormalizedProfile {
  if (!isObj(doc)) return {};
  const on = (wire: ProfileWireField) =>
    doc[wire] !== undefined &&
    doc[wire] !== null &&
    PROFILE_FIELDS.some((f) => f.wire === wire && f.platforms.includes(platform));
  const out: Mutable<NormalizedProfile> = {};
  if (on("whitelisted_domains"))
    out.whitelistedDomains = normalizeDomains(
      list(doc.whitelisted_domains).filter((d): d is string => typeof d === "string"),
    );
  if (on("get_started") && isObj(doc.get_started)) out.getStarted = { payload: str(doc.get_started.payload) ?? "" };
  if (on("greeting")) out.greeting = greetingFromWire(doc.greeting);
  if (on("ice_breakers")) out.iceBreakers = iceBreakersFromWire(doc.ice_breakers);
  if (on("persistent_menu")) out.persistentMenu = menuFromWire(doc.persistent_menu, platform);
  if (on("commands")) out.commands = commandsFromWire(doc.commands);
  if (on("account_linking_url") && typeof doc.account_linking_url === "string")
    out.accountLinkingUrl = doc.account_linking_url;
  return out;
}

/**
 * The profile a GET `…/messenger_profile?fields=…` answered: `{"data":[{…}]}`, or `{"data":[]}` when
 * none of the fields is set. Several elements in `data` are merged, first one winning.
 *
 * @param body - the parsed answer
 * @param platform - the profile's platform
 */
export function fromGetAnswer(body: unknown, platform: ProfilePlatform): NormalizedProfile {
  const data = isObj(body) ? list(body.data).filter(isObj) : [];
  const merged: Record<string, unknown> = {};
  for (const d of data) for (const [k, v] of Object.entries(d)) if (!(k in merged)) merged[k] = v;
  return fromWire(merged, platform);
}

// ---------------------------------------------------------------------------------------------
// Fields, comparison.
// ---------------------------------------------------------------------------------------------

/**
 * The fields present in a normalized profile, as wire names in POST order.
 *
 * @param profile - the canonical document
 */
export function profileFields(profile: NormalizedProfile): ProfileWireField[] {
  return inPostOrder(PROFILE_FIELDS.filter((f) => profile[f.input] !== undefined).map((f) => f.wire));
}

/**
 * The normalized value of one field, or undefined when absent.
 *
 * @param profile - the canonical document
 * @param wire - the field
 */
export function fieldValue(profile: NormalizedProfile, wire: ProfileWireField): unknown {
  const spec = PROFILE_FIELDS.find((f) => f.wire === wire);
  return spec ? profile[spec.input] : undefined;
}

/**
 * A stable JSON text of `value`: object keys sorted, keys with undefined values left out, array order
 * kept (array order is meaningful once normalized). Equal texts mean equal values.
 *
 * @param value - any JSON-like value
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value)) ?? "undefined";
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v !== null && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const child = (v as Obj)[k];
      if (child !== undefined) out[k] = sortKeys(child);
    }
    return out;
  }
  return v;
}

/**
 * Whether one field has the same value in two normalized profiles (both absent counts as equal).
 *
 * @param a - one profile
 * @param b - the other
 * @param wire - the field
 */
export function fieldEquals(a: NormalizedProfile, b: NormalizedProfile, wire: ProfileWireField): boolean {
  return canonicalJson(fieldValue(a, wire)) === canonicalJson(fieldValue(b, wire));
}

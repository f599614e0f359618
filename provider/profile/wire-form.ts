/**
 * A normalized profile to the wire and back: the POST body of the fields a plan sends, and what a GET
 * answer (or an expanded `GET /me`) becomes. One conversion per field of the field table, in
 * {@link TO_WIRE} and {@link FROM_WIRE}. Reading is tolerant: entries of an unexpected shape are
 * dropped, so that they show as a difference rather than crash a refresh.
 *
 * @packageDocumentation
 */
import {
  PROFILE_FIELDS,
  inPostOrder,
  type ProfileField,
  type ProfileInputField,
  type ProfilePlatform,
  type ProfileWireField,
} from "../graph/profile-fields";
import type {
  WireCommandsLocale,
  WireGreeting,
  WireMenuItem,
  WireMenuLocale,
  WireProfile,
} from "../graph/profile-wire";
import { DEFAULT_LOCALE, normalizeDomains, normalizeMenuItem, profileFields, sortLocales } from "./normalize";
import type {
  MenuItemArgs,
  NormalizedCommandsLocale,
  NormalizedGreeting,
  NormalizedIceBreakersLocale,
  NormalizedMenuItem,
  NormalizedMenuLocale,
  NormalizedProfile,
} from "./types";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The wire name of the field whose input name is `K`. */
type WireOf<K extends ProfileInputField> = Extract<ProfileField, { readonly input: K }>["wire"];

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

/** Each field's wire form, by input name. */
const TO_WIRE: {
  readonly [K in ProfileInputField]: (value: NonNullable<NormalizedProfile[K]>) => NonNullable<WireProfile[WireOf<K>]>;
} = {
  whitelistedDomains: (v) => [...v],
  getStarted: (v) => ({ payload: v.payload }),
  greeting: (v) => v.map((g) => ({ locale: g.locale, text: g.text })),
  iceBreakers: (v) =>
    v.map((l) => ({
      locale: l.locale,
      call_to_actions: l.callToActions.map((q) => ({ question: q.question, payload: q.payload })),
    })),
  persistentMenu: (v) =>
    v.map((l) => {
      const m: Mutable<WireMenuLocale> = { locale: l.locale };
      if (l.composerInputDisabled !== undefined) m.composer_input_disabled = l.composerInputDisabled;
      if (l.callToActions.length > 0) m.call_to_actions = l.callToActions.map(menuItemToWire);
      return m;
    }),
  commands: (v) =>
    v.map((l) => ({
      locale: l.locale,
      commands: l.commands.map((c) => ({ name: c.name, description: c.description })),
    })),
  accountLinkingUrl: (v) => v,
};

function fieldToWire<K extends ProfileInputField>(input: K, value: NonNullable<NormalizedProfile[K]>): unknown {
  return TO_WIRE[input](value);
}

/**
 * The wire document of a normalized profile, keys in POST order (`whitelisted_domains` first,
 * `get_started` before `persistent_menu`). Ice breakers always in Meta's localized format.
 *
 * @param profile - the canonical document
 * @param fields - only these fields (default: every field present)
 */
export function toWire(profile: NormalizedProfile, fields?: readonly ProfileWireField[]): WireProfile {
  const wanted = new Set(inPostOrder(fields ?? profileFields(profile)));
  const out: Record<string, unknown> = {};
  for (const f of PROFILE_FIELDS) {
    const value = profile[f.input];
    if (!wanted.has(f.wire) || value === undefined) continue;
    out[f.wire] = fieldToWire(f.input, value as NonNullable<NormalizedProfile[typeof f.input]>);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Wire -> normalized (a GET answer).
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

/** Each field's normalized form from the wire, by input name (undefined: nothing usable). */
const FROM_WIRE: {
  readonly [K in ProfileInputField]: (value: unknown, platform: ProfilePlatform) => NormalizedProfile[K] | undefined;
} = {
  whitelistedDomains: (v) => normalizeDomains(list(v).filter((d): d is string => typeof d === "string")),
  getStarted: (v) => (isObj(v) ? { payload: str(v.payload) ?? "" } : undefined),
  greeting: (v) => greetingFromWire(v),
  iceBreakers: (v) => iceBreakersFromWire(v),
  persistentMenu: (v, platform) => menuFromWire(v, platform),
  commands: (v) => commandsFromWire(v),
  accountLinkingUrl: (v) => str(v),
};

/**
 * A wire document (one element of a GET answer's `data`, or a POST body) to the canonical document.
 * Keys that are not live fields, and fields that do not exist on the platform, are ignored.
 *
 * @param doc - the wire document
 * @param platform - the profile's platform
 */
export function fromWire(doc: unknown, platform: ProfilePlatform): NormalizedProfile {
  if (!isObj(doc)) return {};
  const out: Record<string, unknown> = {};
  for (const f of PROFILE_FIELDS) {
    const value = doc[f.wire];
    if (value === undefined || value === null || !f.platforms.includes(platform)) continue;
    const normalized = FROM_WIRE[f.input](value, platform);
    if (normalized !== undefined) out[f.input] = normalized;
  }
  return out;
}

/**
 * Normalization of a Messenger profile: the args a program writes to the canonical document that
 * state holds and diffs compare, and the comparison of fields. Cosmetic differences (locale order,
 * shorthand or long form, domain spelling, explicit defaults) normalize away, so that they never cost
 * a call. (The canonical document to the wire and back is `wire-form.ts`.)
 *
 * The args given to {@link normalizeProfileArgs} are expected to have passed `validateProfile`.
 *
 * @packageDocumentation
 */
import { containsUnknown } from "../core/unknown";
import {
  PROFILE_FIELDS,
  inPostOrder,
  type ProfileInputField,
  type ProfilePlatform,
  type ProfileWireField,
} from "../graph/profile-fields";
import type {
  CommandsLocaleArgs,
  DeclaredProfile,
  GreetingArgs,
  IceBreakerArgs,
  IceBreakersArgs,
  IceBreakersLocaleArgs,
  MenuItemArgs,
  NormalizedCommandsLocale,
  NormalizedGreeting,
  NormalizedIceBreakersLocale,
  NormalizedMenuItem,
  NormalizedMenuLocale,
  NormalizedProfile,
  PersistentMenuLocaleArgs,
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

/**
 * The declared fields whose value is not known yet (preview, a value from another resource's output).
 * {@link normalizeProfileArgs} leaves them out; a diff must treat them as changing.
 *
 * @param args - the declared args
 */
export function unknownFields(args: DeclaredProfile): ProfileWireField[] {
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

/** Normalizes one field's declared value (known, on a platform the field exists on). */
type FieldNormalizer<K extends ProfileInputField> = (
  value: NonNullable<DeclaredProfile[K]>,
  platform: ProfilePlatform,
) => NonNullable<NormalizedProfile[K]>;

/** Each field's normalization, by input name. */
const NORMALIZE: { readonly [K in ProfileInputField]: FieldNormalizer<K> } = {
  whitelistedDomains: (v) => normalizeDomains(v),
  getStarted: (v) => ({ payload: v.payload }),
  greeting: (v) => normalizeGreeting(v),
  iceBreakers: (v) => normalizeIceBreakers(v),
  persistentMenu: (v, platform) => normalizePersistentMenu(v, platform),
  commands: (v) => normalizeCommands(v),
  accountLinkingUrl: (v) => v,
};

function normalizeField<K extends ProfileInputField>(
  input: K,
  value: NonNullable<DeclaredProfile[K]>,
  platform: ProfilePlatform,
): NonNullable<NormalizedProfile[K]> {
  return NORMALIZE[input](value, platform);
}

/**
 * Validated args to the canonical document. Fields whose value contains an unknown (see
 * {@link unknownFields}) and fields that do not exist on the platform are left out.
 *
 * @param args - args that passed `validateProfile`
 * @param platform - the profile's platform
 */
export function normalizeProfileArgs(args: DeclaredProfile, platform: ProfilePlatform): NormalizedProfile {
  const skip = new Set(unknownFields(args));
  const out: Record<string, unknown> = {};
  for (const f of PROFILE_FIELDS) {
    const value = args[f.input];
    if (value === undefined || value === null || skip.has(f.wire) || !f.platforms.includes(platform)) continue;
    out[f.input] = normalizeField(f.input, value as NonNullable<DeclaredProfile[typeof f.input]>, platform);
  }
  return out;
}

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
      const child = (v as Readonly<Record<string, unknown>>)[k];
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

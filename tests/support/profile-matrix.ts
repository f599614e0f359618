/**
 * The `MessengerProfile` fixtures of the reliability suites: full profiles on both platforms (several
 * fields, two locales), the edit each update row makes (some fields changed, some removed, so that an
 * update is one POST and one DELETE), the drift a refresh row finds, a bystander field on the other
 * platform that no row owns, and the helpers that compare a Page's profile in the emulator with what
 * a row expects, field by field on normalized values.
 */
import type { Emulator } from "../../emulator/server";
import type { ProfileDocument } from "../../emulator/profile-rules";
import { inPostOrder, type ProfilePlatform, type ProfileWireField } from "../../provider/graph/profile-fields";
import {
  canonicalJson,
  fieldEquals,
  fieldValue,
  normalizeProfileArgs,
  profileFields,
} from "../../provider/profile/normalize";
import type { NormalizedProfile } from "../../provider/profile/types";
import { fromWire, toWire } from "../../provider/profile/wire-form";
import type { DeclaredProfile } from "../../provider/profile/types";

/** A full Messenger profile: all seven fields, two locales in every localized one. */
export const MESSENGER_FULL: DeclaredProfile = {
  whitelistedDomains: ["https://shop.example.com", "https://example.com"],
  getStarted: { payload: "GET_STARTED" },
  greeting: [
    { locale: "default", text: "Hi {{user_first_name}}! Ask us anything." },
    { locale: "fr_FR", text: "Bonjour {{user_first_name}} !" },
  ],
  iceBreakers: [
    {
      locale: "default",
      callToActions: [
        { question: "Where is my order?", payload: "ORDER_STATUS" },
        { question: "What are your opening hours?", payload: "HOURS" },
      ],
    },
    { locale: "fr_FR", callToActions: [{ question: "Où est ma commande ?", payload: "ORDER_STATUS" }] },
  ],
  persistentMenu: [
    {
      locale: "default",
      composerInputDisabled: false,
      callToActions: [
        { type: "postback", title: "Talk to a human", payload: "HUMAN" },
        { type: "web_url", title: "Shop", url: "https://shop.example.com/catalog", webviewHeightRatio: "tall" },
        { type: "postback", title: "Track my order", payload: "TRACK" },
      ],
    },
    {
      locale: "fr_FR",
      composerInputDisabled: false,
      callToActions: [
        { type: "postback", title: "Parler à un humain", payload: "HUMAN" },
        { type: "web_url", title: "Boutique", url: "https://shop.example.com/fr/catalogue" },
      ],
    },
  ],
  commands: [
    {
      locale: "default",
      commands: [
        { name: "order", description: "Track an order" },
        { name: "help", description: "Talk to a human" },
      ],
    },
    { locale: "fr_FR", commands: [{ name: "commande", description: "Suivre une commande" }] },
  ],
  accountLinkingUrl: "https://example.com/messenger/link",
};

/**
 * The program's next version of {@link MESSENGER_FULL}: the French greeting and the default menu
 * changed, `commands` and `accountLinkingUrl` removed. Update = 1 POST of `greeting` and
 * `persistent_menu`, then 1 DELETE of `commands` and `account_linking_url`.
 */
export const MESSENGER_NEXT: DeclaredProfile = {
  whitelistedDomains: MESSENGER_FULL.whitelistedDomains,
  getStarted: MESSENGER_FULL.getStarted,
  greeting: [
    { locale: "default", text: "Hi {{user_first_name}}! Ask us anything." },
    { locale: "fr_FR", text: "Salut {{user_first_name}}, posez-nous vos questions !" },
  ],
  iceBreakers: MESSENGER_FULL.iceBreakers,
  persistentMenu: [
    {
      locale: "default",
      composerInputDisabled: false,
      callToActions: [
        { type: "postback", title: "Talk to a human", payload: "HUMAN" },
        { type: "web_url", title: "Shop the sale", url: "https://shop.example.com/sale", webviewHeightRatio: "full" },
      ],
    },
    MESSENGER_FULL.persistentMenu![1],
  ],
};

/** A full Instagram profile: the two fields Instagram has, two locales each. */
export const INSTAGRAM_FULL: DeclaredProfile = {
  platform: "instagram",
  iceBreakers: [
    {
      locale: "default",
      callToActions: [
        { question: "Is this in stock?", payload: "STOCK" },
        { question: "Do you ship abroad?", payload: "SHIPPING" },
      ],
    },
    { locale: "es_ES", callToActions: [{ question: "¿Hay existencias?", payload: "STOCK" }] },
  ],
  persistentMenu: [
    {
      locale: "default",
      callToActions: [
        { type: "postback", title: "Talk to a human", payload: "HUMAN" },
        { type: "web_url", title: "Shop", url: "https://shop.example.com/ig" },
      ],
    },
    { locale: "es_ES", callToActions: [{ type: "postback", title: "Hablar con alguien", payload: "HUMAN" }] },
  ],
};

/**
 * The program's next version of {@link INSTAGRAM_FULL}: the Spanish menu changed, `iceBreakers`
 * removed. Update = 1 POST of `persistent_menu`, then 1 DELETE of `ice_breakers`.
 */
export const INSTAGRAM_NEXT: DeclaredProfile = {
  platform: "instagram",
  persistentMenu: [
    INSTAGRAM_FULL.persistentMenu![0],
    {
      locale: "es_ES",
      callToActions: [
        { type: "postback", title: "Hablar con alguien", payload: "HUMAN" },
        { type: "web_url", title: "Tienda", url: "https://shop.example.com/ig/es" },
      ],
    },
  ],
};

/** The full profile and the edit of each platform. */
export const PROFILES: Readonly<Record<ProfilePlatform, { full: DeclaredProfile; next: DeclaredProfile }>> = {
  messenger: { full: MESSENGER_FULL, next: MESSENGER_NEXT },
  instagram: { full: INSTAGRAM_FULL, next: INSTAGRAM_NEXT },
};

/** A value changed outside Pulumi, as the Page settings would write it (wire names and shapes). */
export function driftOf(platform: ProfilePlatform): ProfileDocument {
  return platform === "messenger"
    ? wireOf({ greeting: [{ locale: "default", text: "Edited by hand in the Page settings" }] }, platform)
    : wireOf({ iceBreakers: [{ question: "Edited by hand?", payload: "HAND" }] }, platform);
}

/** The platform no row of a Page owns: its profile carries the bystander. */
export function otherPlatform(platform: ProfilePlatform): ProfilePlatform {
  return platform === "messenger" ? "instagram" : "messenger";
}

/**
 * A field set by hand on the other platform's profile of the same Page: no row owns it, so no step,
 * failed or not, may change it.
 */
export function bystanderOf(platform: ProfilePlatform): ProfileDocument {
  return otherPlatform(platform) === "messenger"
    ? wireOf({ greeting: [{ locale: "default", text: "Set by hand, owned by nobody" }] }, "messenger")
    : wireOf({ iceBreakers: [{ question: "Set by hand?", payload: "NOBODY" }] }, "instagram");
}

/** The wire document of some args (what a POST of them carries). */
export function wireOf(args: DeclaredProfile, platform: ProfilePlatform): ProfileDocument {
  return toWire(normalizeProfileArgs(args, platform)) as ProfileDocument;
}

/** The normalized profile of some args. */
export function normalized(args: DeclaredProfile, platform: ProfilePlatform): NormalizedProfile {
  return normalizeProfileArgs(args, platform);
}

/** A Page's profile on a platform in the emulator, normalized (empty for an unknown Page). */
export function profileOnPage(emu: Emulator, pageId: string, platform: ProfilePlatform): NormalizedProfile {
  return fromWire(emu.profile(pageId, platform) ?? {}, platform);
}

/** The profile fields a normalized profile sets, wire names in POST order. */
export function fieldsOf(profile: NormalizedProfile): ProfileWireField[] {
  return profileFields(profile);
}

/**
 * Where `actual` differs from `expected` on the given fields (a field absent from `expected` must be
 * absent from `actual`), one line per field; empty when they agree.
 *
 * @param expected - the values the row expects (normalized)
 * @param actual - what the Page has (normalized)
 * @param fields - the fields to compare
 */
export function fieldMismatches(
  expected: NormalizedProfile,
  actual: NormalizedProfile,
  fields: readonly ProfileWireField[],
): string[] {
  const out: string[] = [];
  for (const f of inPostOrder(fields)) {
    if (fieldEquals(expected, actual, f)) continue;
    const show = (p: NormalizedProfile) => {
      const v = fieldValue(p, f);
      return v === undefined ? "unset" : canonicalJson(v).slice(0, 160);
    };
    out.push(`${f}: expected ${show(expected)}, found ${show(actual)}`);
  }
  return out;
}

/** A compact, comparable form of a profile for the report: field -> canonical JSON. */
export function summary(profile: NormalizedProfile): Record<string, string> {
  return Object.fromEntries(fieldsOf(profile).map((f) => [f, canonicalJson(fieldValue(profile, f)).slice(0, 120)]));
}

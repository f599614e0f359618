// Shared profiles for the profile tests (pure data, no I/O), and what a GET answer becomes.
import type { ProfilePlatform, ProfileWireField } from "../../provider/graph/profile-fields";
import { parseProfileAnswer } from "../../provider/graph/wire";
import type { DeclaredProfile, NormalizedProfile } from "../../provider/profile/types";
import { fromWire } from "../../provider/profile/wire-form";

/**
 * Every live field's wire name in POST order, written out by hand: the order the tests expect of the
 * provider (and of the emulator), independent of the field table they check.
 */
export const WIRE_FIELDS_IN_POST_ORDER: ProfileWireField[] = [
  "whitelisted_domains",
  "get_started",
  "greeting",
  "ice_breakers",
  "persistent_menu",
  "commands",
  "account_linking_url",
];

/** A full Messenger profile: every field, two locales where the field is localized. */
export const FULL: DeclaredProfile = {
  getStarted: { payload: "GET_STARTED" },
  greeting: [
    { locale: "default", text: "Hi {{user_first_name}}!" },
    { locale: "fr_FR", text: "Salut !" },
  ],
  iceBreakers: [
    { locale: "default", callToActions: [{ question: "Where are you?", payload: "WHERE" }] },
    { locale: "fr_FR", callToActions: [{ question: "Où êtes-vous ?", payload: "WHERE" }] },
  ],
  persistentMenu: [
    {
      locale: "default",
      composerInputDisabled: false,
      callToActions: [
        { type: "postback", title: "Help", payload: "HELP" },
        { type: "web_url", title: "Shop", url: "https://shop.example.com", webviewHeightRatio: "full" },
      ],
    },
    {
      locale: "fr_FR",
      callToActions: [{ type: "postback", title: "Aide", payload: "HELP" }],
    },
  ],
  commands: [
    { locale: "default", commands: [{ name: "order", description: "Track an order" }] },
    { locale: "fr_FR", commands: [{ name: "commande", description: "Suivre une commande" }] },
  ],
  whitelistedDomains: ["https://shop.example.com", "https://example.com"],
  accountLinkingUrl: "https://example.com/link",
};

/** A full Instagram profile: the two fields Instagram has. */
export const INSTAGRAM: DeclaredProfile = {
  platform: "instagram",
  iceBreakers: [{ question: "Opening hours?", payload: "HOURS" }],
  persistentMenu: [
    {
      locale: "default",
      callToActions: [
        { type: "postback", title: "Help", payload: "HELP" },
        { type: "web_url", title: "Shop", url: "https://shop.example.com" },
      ],
    },
  ],
};

/** FULL on the wire, written out by hand: POST order, snake_case, domains lowercased and sorted. */
export const FULL_WIRE = {
  whitelisted_domains: ["https://example.com", "https://shop.example.com"],
  get_started: { payload: "GET_STARTED" },
  greeting: [
    { locale: "default", text: "Hi {{user_first_name}}!" },
    { locale: "fr_FR", text: "Salut !" },
  ],
  ice_breakers: [
    { locale: "default", call_to_actions: [{ question: "Where are you?", payload: "WHERE" }] },
    { locale: "fr_FR", call_to_actions: [{ question: "Où êtes-vous ?", payload: "WHERE" }] },
  ],
  persistent_menu: [
    {
      locale: "default",
      composer_input_disabled: false,
      call_to_actions: [
        { type: "postback", title: "Help", payload: "HELP" },
        { type: "web_url", title: "Shop", url: "https://shop.example.com", webview_height_ratio: "full" },
      ],
    },
    {
      locale: "fr_FR",
      composer_input_disabled: false,
      call_to_actions: [{ type: "postback", title: "Aide", payload: "HELP" }],
    },
  ],
  commands: [
    { locale: "default", commands: [{ name: "order", description: "Track an order" }] },
    { locale: "fr_FR", commands: [{ name: "commande", description: "Suivre une commande" }] },
  ],
  account_linking_url: "https://example.com/link",
};

/** INSTAGRAM on the wire: the flat ice breakers under the default locale, no Messenger-only defaults. */
export const INSTAGRAM_WIRE = {
  ice_breakers: [{ locale: "default", call_to_actions: [{ question: "Opening hours?", payload: "HOURS" }] }],
  persistent_menu: [
    {
      locale: "default",
      call_to_actions: [
        { type: "postback", title: "Help", payload: "HELP" },
        { type: "web_url", title: "Shop", url: "https://shop.example.com" },
      ],
    },
  ],
};

/** `args` with some top-level fields replaced (a shallow edit, as a program edit would be). */
export function withFields(args: DeclaredProfile, edit: Record<string, unknown>): DeclaredProfile {
  return { ...args, ...edit };
}

/** `args` without the given top-level fields. */
export function without(args: DeclaredProfile, ...keys: string[]): DeclaredProfile {
  const out: Record<string, unknown> = { ...args };
  for (const k of keys) delete out[k];
  return out;
}

/** A string of `n` characters. */
export const chars = (n: number, c = "a"): string => c.repeat(n);

/**
 * What a GET `…/messenger_profile?fields=…` answer (`{"data":[{…}]}`) becomes in the provider: the
 * answer read by the transport, its fields normalized.
 */
export function profileOfAnswer(body: unknown, platform: ProfilePlatform): NormalizedProfile {
  return fromWire(parseProfileAnswer(body), platform);
}

// The scripted edit sequence of the `profileSync` figure: a full Messenger profile (all seven fields,
// two locales in every localized field) created once, then edited step by step the way a bot's
// profile evolves. Each step is the WHOLE program's declaration after the edit (a
// `DeclaredProfile`), so that any tool can apply it: our `MessengerProfile` resource on the
// engine (one `pulumi up` per step), bottender's profile sync, a naive re-post.
//
// Step 0 creates the profile on a Page whose profile is empty; steps 1.. are the edits the figure
// counts. Every step passes `validateProfile` and every tool's requests are accepted by the emulator
// (tests/bench-profile-sync.test.ts checks both).
import type {
  CommandsLocaleArgs,
  GreetingLocaleArgs,
  IceBreakersLocaleArgs,
  PersistentMenuLocaleArgs,
} from "../../provider/profile/types";
import type { DeclaredProfile } from "../../provider/profile/types";

/** What an edit is, for the figure: a real change, a cosmetic one (same normalized profile) or none. */
export type EditKind = "create" | "change" | "cosmetic" | "noop";

/** One step of the sequence. */
export interface ProfileSyncStep {
  /** Short name, unique. */
  readonly name: string;
  /** What the edit does, in words. */
  readonly description: string;
  /** `cosmetic` and `noop` steps must cost our resource 0 calls. */
  readonly kind: EditKind;
  /** The whole declaration after the edit. */
  readonly args: DeclaredProfile;
}

const SHOP = "https://shop.example.com";
const HELP = "https://help.example.com";

const GREETING: readonly GreetingLocaleArgs[] = [
  { locale: "default", text: "Hi {{user_first_name}}! How can we help?" },
  { locale: "fr_FR", text: "Bonjour {{user_first_name}} !" },
];

const ICE_BREAKERS: readonly IceBreakersLocaleArgs[] = [
  {
    locale: "default",
    callToActions: [
      { question: "Where is my order?", payload: "ORDER_STATUS" },
      { question: "What are your opening hours?", payload: "HOURS" },
    ],
  },
  {
    locale: "fr_FR",
    callToActions: [
      { question: "Où est ma commande ?", payload: "ORDER_STATUS" },
      { question: "Quels sont vos horaires ?", payload: "HOURS" },
    ],
  },
];

const MENU: readonly PersistentMenuLocaleArgs[] = [
  {
    locale: "default",
    composerInputDisabled: false,
    callToActions: [
      { type: "postback", title: "Help", payload: "HELP" },
      { type: "web_url", title: "Shop", url: `${SHOP}/`, messengerExtensions: true },
      { type: "web_url", title: "Track an order", url: `${SHOP}/orders`, webviewHeightRatio: "tall" },
    ],
  },
  {
    locale: "fr_FR",
    callToActions: [
      { type: "postback", title: "Aide", payload: "HELP" },
      { type: "web_url", title: "Boutique", url: `${SHOP}/fr`, webviewHeightRatio: "full", messengerExtensions: true },
    ],
  },
];

const COMMANDS: readonly CommandsLocaleArgs[] = [
  { locale: "default", commands: [{ name: "order", description: "Track an order" }] },
  { locale: "fr_FR", commands: [{ name: "commande", description: "Suivre une commande" }] },
];

/** The profile of step 0: every field but `accountLinkingUrl` (step 1 adds it). */
const CREATED: DeclaredProfile = {
  whitelistedDomains: [SHOP],
  getStarted: { payload: "GET_STARTED" },
  greeting: GREETING,
  iceBreakers: ICE_BREAKERS,
  persistentMenu: MENU,
  commands: COMMANDS,
};

/** `args` without the named fields. */
function without(args: DeclaredProfile, ...fields: (keyof DeclaredProfile)[]): DeclaredProfile {
  const out: Record<string, unknown> = { ...args };
  for (const f of fields) delete out[f];
  return out;
}

/** Each localized list reversed: the same profile once normalized. */
function localesReversed(args: DeclaredProfile): DeclaredProfile {
  const rev = <T>(l: readonly T[] | undefined): T[] | undefined => (l === undefined ? undefined : [...l].reverse());
  return {
    ...args,
    greeting: typeof args.greeting === "string" ? args.greeting : rev(args.greeting),
    iceBreakers: rev(args.iceBreakers as readonly IceBreakersLocaleArgs[] | undefined),
    persistentMenu: rev(args.persistentMenu),
    commands: rev(args.commands),
  };
}

/** Builds the steps in order, each from the previous one. */
function buildSteps(): ProfileSyncStep[] {
  const steps: ProfileSyncStep[] = [];
  const add = (name: string, kind: EditKind, description: string, args: DeclaredProfile): DeclaredProfile => {
    steps.push({ name, kind, description, args });
    return args;
  };
  let p = add("create", "create", "create six fields, two locales each (an empty profile before)", CREATED);
  p = add("add-field", "change", "add accountLinkingUrl: the profile is now full (7 fields)", {
    ...p,
    accountLinkingUrl: "https://example.com/messenger/link",
  });
  p = add("greeting-one-locale", "change", "change the fr_FR greeting only", {
    ...p,
    greeting: [GREETING[0], { locale: "fr_FR", text: "Salut {{user_first_name}}, que puis-je faire ?" }],
  });
  p = add("reorder-locales", "cosmetic", "list every localized field's locales in the other order", localesReversed(p));
  p = add("remove-field", "change", "remove greeting", without(p, "greeting"));
  p = add("menu-item", "change", "rename one menu item (default locale)", {
    ...p,
    persistentMenu: MENU.map((l) =>
      l.locale === "default"
        ? { ...l, callToActions: (l.callToActions ?? []).map((i, n) => (n === 0 ? { ...i, title: "Get help" } : i)) }
        : l,
    ),
  });
  p = add("add-domain", "change", "whitelist a second domain", { ...p, whitelistedDomains: [SHOP, HELP] });
  p = add("switch-locale-set", "change", "ice breakers: fr_FR replaced by es_ES", {
    ...p,
    iceBreakers: [
      ICE_BREAKERS[0],
      {
        locale: "es_ES",
        callToActions: [
          { question: "¿Dónde está mi pedido?", payload: "ORDER_STATUS" },
          { question: "¿Cuál es su horario?", payload: "HOURS" },
        ],
      },
    ],
  });
  p = add("get-started-payload", "change", "change the Get Started payload", {
    ...p,
    getStarted: { payload: "GET_STARTED_V2" },
  });
  p = add("remove-commands", "change", "remove commands (re-added by the next step)", without(p, "commands"));
  p = add("re-add-commands", "change", "declare commands again, as before", { ...p, commands: COMMANDS });
  p = add("change-commands", "change", "add a command to the default locale", {
    ...p,
    commands: [
      {
        locale: "default",
        commands: [...COMMANDS[0].commands, { name: "help", description: "Talk to a person" }],
      },
      COMMANDS[1],
    ],
  });
  p = add("change-ice-breakers", "change", "reword one ice breaker question (default locale)", {
    ...p,
    iceBreakers: (p.iceBreakers as readonly IceBreakersLocaleArgs[]).map((l) =>
      l.locale === "default"
        ? {
            ...l,
            callToActions: l.callToActions.map((q, n) => (n === 1 ? { ...q, question: "When are you open?" } : q)),
          }
        : l,
    ),
  });
  p = add("no-op", "noop", "run again with the same declaration", p);
  p = add("explicit-defaults", "cosmetic", "spell out defaults (composerInputDisabled false, webview ratio full)", {
    ...p,
    persistentMenu: (p.persistentMenu ?? []).map((l) => ({
      ...l,
      composerInputDisabled: l.composerInputDisabled ?? false,
      callToActions: (l.callToActions ?? []).map((i) =>
        i.type === "web_url" ? { ...i, webviewHeightRatio: i.webviewHeightRatio ?? "full" } : i,
      ),
    })),
  });
  p = add("default-greeting", "change", "declare a greeting again, default locale only", {
    ...p,
    greeting: [{ locale: "default", text: "Hello!" }],
  });
  p = add("greeting-shorthand", "cosmetic", "write that greeting as a string (the default-locale shorthand)", {
    ...p,
    greeting: "Hello!",
  });
  add("several-fields", "change", "one edit touching three fields: greeting (two locales), a domain dropped, menu", {
    ...p,
    greeting: GREETING,
    whitelistedDomains: [SHOP],
    persistentMenu: MENU,
  });
  return steps;
}

/** Step 0 (`create`) and the edits, in order. */
export const PROFILE_SYNC_STEPS: readonly ProfileSyncStep[] = buildSteps();

/** The declarations alone, in order (step 0 first): what a side applies, one after the other. */
export const PROFILE_SYNC_PROGRAMS: readonly DeclaredProfile[] = PROFILE_SYNC_STEPS.map((s) => s.args);

/** The full profile (all seven fields, two locales), as after step 1; used by the micro-benchmark too. */
export const FULL_PROFILE: DeclaredProfile = PROFILE_SYNC_STEPS[1].args;

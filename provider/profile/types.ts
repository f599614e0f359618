/**
 * The resource's shapes of a Messenger profile:
 *
 * - the args a program writes (camelCase, with shorthands): {@link DeclaredProfile};
 * - the normalized document (camelCase, canonical: what state holds and what diffs compare);
 * - the resource's inputs after `check` and its state.
 *
 * (The wire document, Graph's snake_case, is the transport's: `graph/profile-wire.ts`.) Limits
 * quoted here are checked by `validate.ts` (the numbers live in `limits.ts`); they come from Meta's
 * Messenger Profile API reference.
 *
 * @packageDocumentation
 */
import type { PageConnectionOutputs } from "../core/page-connection";
import type { ProfilePlatform, ProfileWireField } from "../graph/profile-fields";

/**
 * The resource's class name: its dynamic type in state is `messenger:MessengerProfile`, and the
 * schema reads the class and `MessengerProfileArgs`. Stacks record it: it never changes.
 */
export const PROFILE_CLASS = "MessengerProfile";

// ---------------------------------------------------------------------------------------------
// Args: what a program declares.
// ---------------------------------------------------------------------------------------------

/**
 * A locale: `"default"` (the fallback shown when no other locale matches the person's), or a
 * Facebook locale in `xx_XX` form: two lowercase letters, an underscore, two uppercase letters
 * (e.g. `"fr_FR"`, `"en_US"`, `"es_LA"`). Each localized field must include `"default"` and may not
 * list a locale twice.
 */
export type ProfileLocale = string;

/** The Get Started button (`get_started`). Messenger only. */
export interface GetStartedArgs {
  /** Postback payload sent to the webhook when the button is tapped. 1 to 1000 characters. */
  readonly payload: string;
}

/** The greeting for one locale. */
export interface GreetingLocaleArgs {
  /** The locale (see {@link ProfileLocale}). */
  readonly locale: ProfileLocale;
  /**
   * The text, 1 to 160 characters. May use `{{user_first_name}}`, `{{user_last_name}}` and
   * `{{user_full_name}}`.
   */
  readonly text: string;
}

/**
 * The welcome-screen greeting (`greeting`). Messenger only. A string is shorthand for
 * `[{ locale: "default", text }]`; a list gives one entry per locale, `"default"` required.
 */
export type GreetingArgs = string | readonly GreetingLocaleArgs[];

/** One ice breaker question. */
export interface IceBreakerArgs {
  /** The question shown to the person. Must not be empty. */
  readonly question: string;
  /** Postback payload sent to the webhook when the question is tapped. 1 to 1000 characters. */
  readonly payload: string;
}

/** The ice breakers of one locale. */
export interface IceBreakersLocaleArgs {
  /** The locale (see {@link ProfileLocale}). */
  readonly locale: ProfileLocale;
  /** The questions, 1 to 4, shown in this order. */
  readonly callToActions: readonly IceBreakerArgs[];
}

/**
 * Ice breakers (`ice_breakers`), on Messenger and Instagram. A flat list of questions is shorthand for
 * `[{ locale: "default", callToActions: list }]`; a list of locales gives one entry per locale,
 * `"default"` required. The two forms cannot be mixed in one list. Always sent in Meta's localized
 * format (one POST cannot mix the two formats).
 */
export type IceBreakersArgs = readonly IceBreakerArgs[] | readonly IceBreakersLocaleArgs[];

/** Height of the webview opened by a `web_url` menu item. */
export type WebviewHeightRatio = "compact" | "tall" | "full";

/** Whether the webview shows its share button (`"hide"` for pages with sensitive information). */
export type WebviewShareButton = "hide" | "show";

/** A menu item that sends a postback to the webhook. */
export interface PostbackMenuItemArgs {
  /** Item type. */
  readonly type: "postback";
  /** Label shown in the menu, 1 to 30 characters. */
  readonly title: string;
  /** Postback payload sent to the webhook, 1 to 1000 characters. */
  readonly payload: string;
}

/** A menu item that opens a web page. */
export interface WebUrlMenuItemArgs {
  /** Item type. */
  readonly type: "web_url";
  /** Label shown in the menu, 1 to 30 characters. */
  readonly title: string;
  /**
   * The page to open: an absolute https URL. With `messengerExtensions: true` its host must be in
   * `whitelistedDomains` (declared here or already on the Page).
   */
  readonly url: string;
  /**
   * Webview height. Messenger only (refused on Instagram).
   *
   * @defaultValue `"full"`
   */
  readonly webviewHeightRatio?: WebviewHeightRatio;
  /**
   * Whether the page uses the Messenger Extensions SDK. Messenger only. When true, the URL's host must
   * be whitelisted.
   *
   * @defaultValue `false`
   */
  readonly messengerExtensions?: boolean;
  /**
   * An https URL opened instead on clients without Messenger Extensions. Messenger only, and only with
   * `messengerExtensions: true`.
   */
  readonly fallbackUrl?: string;
  /**
   * Share button of the webview. Messenger only.
   *
   * @defaultValue `"show"`
   */
  readonly webviewShareButton?: WebviewShareButton;
}

/**
 * One item of the persistent menu. Nested menus (`type: "nested"`) were removed by Meta on
 * 2022-08-04 and are refused.
 */
export type MenuItemArgs = PostbackMenuItemArgs | WebUrlMenuItemArgs;

/** The persistent menu of one locale. */
export interface PersistentMenuLocaleArgs {
  /** The locale (see {@link ProfileLocale}). */
  readonly locale: ProfileLocale;
  /**
   * Disables the composer: people can then only use the menu, postbacks and webviews. Messenger only
   * (refused on Instagram). When true, `callToActions` must not be empty.
   *
   * @defaultValue `false`
   */
  readonly composerInputDisabled?: boolean;
  /**
   * The menu items, at most 20, shown in this order. Required (at least one item) on Instagram and
   * when `composerInputDisabled` is true.
   *
   * @defaultValue `[]`
   */
  readonly callToActions?: readonly MenuItemArgs[];
}

/** One command offered in the composer. */
export interface CommandArgs {
  /** The command's name, 1 to 32 characters, not starting with `/`. Unique within its locale. */
  readonly name: string;
  /** What it does, 1 to 64 characters. */
  readonly description: string;
}

/** The commands of one locale. */
export interface CommandsLocaleArgs {
  /** The locale (see {@link ProfileLocale}). */
  readonly locale: ProfileLocale;
  /** The commands, 1 to 100, shown in this order. */
  readonly commands: readonly CommandArgs[];
}

/**
 * The profile fields a `MessengerProfile` declares, with every value known (what `check` validates
 * and the lifecycle normalizes; a program writes `MessengerProfileArgs`, whose values may be
 * outputs of other resources). Every field is optional, at least one must be set; the resource owns
 * exactly the fields it declares and never touches the others.
 */
export interface DeclaredProfile {
  /** Get Started button (`get_started`). Messenger only. Required on the Page before a persistent menu. */
  readonly getStarted?: GetStartedArgs;
  /** Greeting (`greeting`). Messenger only. */
  readonly greeting?: GreetingArgs;
  /** Ice breakers (`ice_breakers`). Messenger and Instagram. */
  readonly iceBreakers?: IceBreakersArgs;
  /**
   * Persistent menu (`persistent_menu`), one entry per locale, `"default"` required. Messenger and
   * Instagram. On Messenger it needs a Get Started button (declared here or already on the Page).
   */
  readonly persistentMenu?: readonly PersistentMenuLocaleArgs[];
  /** Composer commands (`commands`), one entry per locale, `"default"` required. Messenger only. */
  readonly commands?: readonly CommandsLocaleArgs[];
  /**
   * Whitelisted domains (`whitelisted_domains`): 1 to 50 https origins such as
   * `"https://shop.example.com"`: fully qualified host names, no IP address, no localhost, no path,
   * query or fragment. A domain covers its exact host only (list each sub-domain). Messenger only.
   * Owning this field means owning the whole list: domains set by hand are replaced.
   */
  readonly whitelistedDomains?: readonly string[];
  /** Account linking URL (`account_linking_url`): an absolute https URL. Messenger only. */
  readonly accountLinkingUrl?: string;
  /**
   * Which profile of the Page: Messenger's, or Instagram messaging's (only `iceBreakers` and
   * `persistentMenu` exist there). Changing it replaces the resource.
   *
   * @defaultValue `"messenger"`
   */
  readonly platform?: ProfilePlatform;
}

// ---------------------------------------------------------------------------------------------
// Normalized: canonical camelCase, what state stores and diffs compare.
// ---------------------------------------------------------------------------------------------

/** Get Started, normalized (same as its args). */
export interface NormalizedGetStarted {
  /** Postback payload. */
  readonly payload: string;
}

/** A greeting locale, normalized. */
export interface NormalizedGreeting {
  /** The locale. */
  readonly locale: string;
  /** The text. */
  readonly text: string;
}

/** An ice breaker question, normalized. */
export interface NormalizedIceBreaker {
  /** The question. */
  readonly question: string;
  /** Postback payload. */
  readonly payload: string;
}

/** The ice breakers of one locale, normalized. */
export interface NormalizedIceBreakersLocale {
  /** The locale. */
  readonly locale: string;
  /** The questions, in display order. */
  readonly callToActions: readonly NormalizedIceBreaker[];
}

/** A postback menu item, normalized. */
export interface NormalizedPostbackItem {
  /** Item type. */
  readonly type: "postback";
  /** Label. */
  readonly title: string;
  /** Postback payload. */
  readonly payload: string;
}

/**
 * A web_url menu item, normalized. On Messenger `webviewHeightRatio` and `messengerExtensions` are
 * always present (defaults made explicit); on Instagram they are always absent.
 */
export interface NormalizedWebUrlItem {
  /** Item type. */
  readonly type: "web_url";
  /** Label. */
  readonly title: string;
  /** URL opened. */
  readonly url: string;
  /** Webview height (Messenger only; `"full"` when not given). */
  readonly webviewHeightRatio?: WebviewHeightRatio;
  /** Messenger Extensions (Messenger only; `false` when not given). */
  readonly messengerExtensions?: boolean;
  /** Fallback URL (only with Messenger Extensions). */
  readonly fallbackUrl?: string;
  /** Present only as `"hide"`: `"show"` is the default and normalizes to absent. */
  readonly webviewShareButton?: "hide";
}

/** A menu item, normalized. */
export type NormalizedMenuItem = NormalizedPostbackItem | NormalizedWebUrlItem;

/** The persistent menu of one locale, normalized. */
export interface NormalizedMenuLocale {
  /** The locale. */
  readonly locale: string;
  /** Composer disabled (Messenger only; `false` when not given; absent on Instagram). */
  readonly composerInputDisabled?: boolean;
  /** The items, in display order (`[]` when none). */
  readonly callToActions: readonly NormalizedMenuItem[];
}

/** A command, normalized. */
export interface NormalizedCommand {
  /** Name. */
  readonly name: string;
  /** Description. */
  readonly description: string;
}

/** The commands of one locale, normalized. */
export interface NormalizedCommandsLocale {
  /** The locale. */
  readonly locale: string;
  /** The commands, in display order. */
  readonly commands: readonly NormalizedCommand[];
}

/**
 * A profile in canonical form: camelCase, shorthands expanded, localized lists ordered `"default"`
 * first then by locale code, whitelisted domains as lowercase origins without trailing slash, sorted
 * and unique, API defaults explicit. Two declarations that mean the same profile normalize to
 * deep-equal documents. A field is absent when not declared (or, from a GET, not set).
 */
export interface NormalizedProfile {
  /** Whitelisted domains. */
  readonly whitelistedDomains?: readonly string[];
  /** Get Started. */
  readonly getStarted?: NormalizedGetStarted;
  /** Greeting, per locale. */
  readonly greeting?: readonly NormalizedGreeting[];
  /** Ice breakers, per locale. */
  readonly iceBreakers?: readonly NormalizedIceBreakersLocale[];
  /** Persistent menu, per locale. */
  readonly persistentMenu?: readonly NormalizedMenuLocale[];
  /** Commands, per locale. */
  readonly commands?: readonly NormalizedCommandsLocale[];
  /** Account linking URL. */
  readonly accountLinkingUrl?: string;
}

// ---------------------------------------------------------------------------------------------
// At the provider boundary: inputs after `check`, and state.
// ---------------------------------------------------------------------------------------------

/**
 * `MessengerProfile`'s inputs as the lifecycle sees them after `check`: the declared profile fields
 * as the program wrote them (shorthands included; normalized by the lifecycle), with `platform` and
 * `apiVersion` filled in.
 */
export interface MessengerProfileInputs extends DeclaredProfile {
  /** The profile's platform. */
  readonly platform: ProfilePlatform;
  /** Graph API version. */
  readonly apiVersion: string;
  /** Page token, only when given as an input. */
  readonly pageAccessToken?: string;
  /** App secret, only when given as an input. */
  readonly appSecret?: string;
  /** Graph endpoint, only when given as an input. */
  readonly graphApiUrl?: string;
}

/**
 * `MessengerProfile`'s outputs, as stored in state: the owned fields' values (normalized; a field is
 * absent when the last refresh found it unset on the Page), the Page, and how it was reached.
 */
export interface MessengerProfileOutputs extends NormalizedProfile, PageConnectionOutputs {
  /** The profile's platform. */
  readonly platform: ProfilePlatform;
  /** The fields the resource owns (declared), wire names in POST order. */
  readonly ownedFields: readonly ProfileWireField[];
}

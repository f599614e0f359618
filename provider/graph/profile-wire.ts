/**
 * A Messenger profile on the wire: Graph's snake_case documents, as POST bodies carry them and GET
 * answers return them. The resource-side shapes (what a program declares, the canonical form state
 * holds) live with the profile resource; these are the transport's.
 *
 * @see https://developers.facebook.com/docs/messenger-platform/reference/messenger-profile-api/
 * @packageDocumentation
 */
/** A greeting locale on the wire. */
export interface WireGreeting {
  /** The locale. */
  readonly locale: string;
  /** The text. */
  readonly text: string;
}

/** An ice breaker question on the wire (also Meta's older flat format, a list of these). */
export interface WireIceBreaker {
  /** The question. */
  readonly question: string;
  /** Postback payload. */
  readonly payload: string;
}

/** The ice breakers of one locale on the wire (Meta's localized format). */
export interface WireIceBreakersLocale {
  /** The locale. */
  readonly locale: string;
  /** The questions. */
  readonly call_to_actions: readonly WireIceBreaker[];
}

/** A menu item on the wire. */
export interface WireMenuItem {
  /** `postback` or `web_url`. */
  readonly type: string;
  /** Label. */
  readonly title: string;
  /** Postback payload (postback). */
  readonly payload?: string;
  /** URL (web_url). */
  readonly url?: string;
  /** Webview height (web_url, Messenger). */
  readonly webview_height_ratio?: string;
  /** Messenger Extensions (web_url, Messenger). */
  readonly messenger_extensions?: boolean;
  /** Fallback URL (web_url with Messenger Extensions). */
  readonly fallback_url?: string;
  /** `hide` to hide the webview's share button. */
  readonly webview_share_button?: string;
}

/** The persistent menu of one locale on the wire. */
export interface WireMenuLocale {
  /** The locale. */
  readonly locale: string;
  /** Composer disabled (Messenger only). */
  readonly composer_input_disabled?: boolean;
  /** The items (absent when none). */
  readonly call_to_actions?: readonly WireMenuItem[];
}

/** A command on the wire. */
export interface WireCommand {
  /** Name. */
  readonly name: string;
  /** Description. */
  readonly description: string;
}

/** The commands of one locale on the wire. */
export interface WireCommandsLocale {
  /** The locale. */
  readonly locale: string;
  /** The commands. */
  readonly commands: readonly WireCommand[];
}

/**
 * A profile document on the wire: a POST body (keys in POST order) or one element of a GET answer's
 * `data`. A GET may return ice breakers in Meta's older flat format; this package always sends the
 * localized one.
 */
export interface WireProfile {
  /** Whitelisted domains. */
  readonly whitelisted_domains?: readonly string[];
  /** Get Started. */
  readonly get_started?: { readonly payload: string };
  /** Greeting. */
  readonly greeting?: readonly WireGreeting[];
  /** Ice breakers. */
  readonly ice_breakers?: readonly WireIceBreakersLocale[] | readonly WireIceBreaker[];
  /** Persistent menu. */
  readonly persistent_menu?: readonly WireMenuLocale[];
  /** Commands. */
  readonly commands?: readonly WireCommandsLocale[];
  /** Account linking URL. */
  readonly account_linking_url?: string;
}

/**
 * The limits Meta documents for the Messenger profile, checked at `check`.
 *
 * @see https://developers.facebook.com/docs/messenger-platform/reference/messenger-profile-api/
 * @packageDocumentation
 */

/**
 * The documented limits, checked at `check` (Meta's Messenger Profile API reference; the ice breaker
 * payload limit is assumed equal to the postback payload limit, Meta states none).
 */
export const PROFILE_LIMITS = {
  /** Characters of a `get_started` payload, a menu payload and an ice breaker payload. */
  payload: 1000,
  /** Characters of a greeting text. */
  greetingText: 160,
  /** Ice breaker questions per locale. */
  iceBreakersPerLocale: 4,
  /** Characters of a menu item's title. */
  menuTitle: 30,
  /** Items in a locale's `call_to_actions`. */
  menuItems: 20,
  /** Commands per locale. */
  commandsPerLocale: 100,
  /** Characters of a command name. */
  commandName: 32,
  /** Characters of a command description. */
  commandDescription: 64,
  /** Whitelisted domains. */
  whitelistedDomains: 50,
  /** Characters of an ice breaker question (Meta states none: the package's bound, as for a payload). */
  iceBreakerQuestion: 1000,
  /**
   * Bytes of the declared fields as JSON (Meta states none: the package's bound, far above a real
   * profile, so that a request of the provider plugin, which carries up to three copies, stays small).
   */
  profileBytes: 1024 * 1024,
} as const;

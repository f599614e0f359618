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
} as const;

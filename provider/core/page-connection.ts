/**
 * What the state of every resource records about the Page it reached and how: pure types, read by
 * every resource's state type.
 *
 * @packageDocumentation
 */

/** Where the Page access token of a resource came from. */
export type TokenSource = "input" | "config" | "env";

/**
 * What the state of every resource of this package records about its Page and how it was reached. No
 * token in clear: the secret ones are marked secret by the resource.
 */
export interface PageConnectionOutputs {
  /** The Page id (also the resource id). */
  readonly pageId: string;
  /** The Page name, as Graph reports it. */
  readonly pageName: string;
  /** Graph API version used. */
  readonly apiVersion: string;
  /** The Graph endpoint used (effective value, from input, config, environment or default). */
  readonly graphApiUrl: string;
  /** Where the token came from. */
  readonly tokenSource: TokenSource;
  /**
   * A one-way fingerprint of the token (16 hex digits of SHA-256), so that a later `diff` can tell
   * that the token changed without storing it.
   */
  readonly tokenFingerprint: string;
  /** Page token: present (and stored encrypted) only when it was given as an input. */
  readonly pageAccessToken?: string;
  /** App secret: present (and stored encrypted) only when it was given as an input. */
  readonly appSecret?: string;
}

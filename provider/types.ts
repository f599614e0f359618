/**
 * The shapes that cross the provider boundary: resolved inputs (after `check`) and outputs (state).
 *
 * @packageDocumentation
 */
import type { ProfilePlatform, ProfileWireField } from "./profile/fields";
import type { MessengerProfileArgs, NormalizedProfile } from "./profile/types";
import type { ApiKind } from "./wire";

/** Where the Page access token of a resource came from. */
export type TokenSource = "input" | "config" | "env";

/** Inputs as the lifecycle sees them after `check` filled in the defaults. */
export interface AccountLinkingInputs {
  /** The account linking URL to set on the Page. */
  readonly accountLinkingUrl: string;
  /** Page token, only when given as an input (config and environment are read by the provider). */
  readonly pageAccessToken?: string;
  /** App secret, only when given as an input. */
  readonly appSecret?: string;
  /** Which API sets the URL. */
  readonly api: ApiKind;
  /** Graph API version. */
  readonly apiVersion: string;
  /** Graph endpoint, only when given as an input. */
  readonly graphApiUrl?: string;
}

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

/** `MessengerAccountLinking`'s outputs, as stored in state. */
export interface AccountLinkingOutputs extends PageConnectionOutputs {
  /** The URL set on the Page ("" when a refresh found none set). */
  readonly accountLinkingUrl: string;
  /** Which API set the URL. */
  readonly api: ApiKind;
}

/**
 * `MessengerProfile`'s inputs as the lifecycle sees them after `check`: the declared profile fields
 * as the program wrote them (shorthands included; normalized by the lifecycle), with `platform` and
 * `apiVersion` filled in.
 */
export interface MessengerProfileInputs extends MessengerProfileArgs {
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

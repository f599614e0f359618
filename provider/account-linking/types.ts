/**
 * `MessengerAccountLinking`'s shapes at the provider boundary: its inputs after `check`, and its
 * state.
 *
 * @packageDocumentation
 */
import type { PageConnectionOutputs } from "../core/page-connection";
import type { ApiKind } from "./apis";

/**
 * The resource's class name: its dynamic type in state is `messenger:MessengerAccountLinking`, and
 * the schema reads the class and `MessengerAccountLinkingArgs`. Stacks record it: it never changes.
 */
export const ACCOUNT_LINKING_CLASS = "MessengerAccountLinking";

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

/** `MessengerAccountLinking`'s outputs, as stored in state. */
export interface AccountLinkingOutputs extends PageConnectionOutputs {
  /** The URL set on the Page ("" when a refresh found none set). */
  readonly accountLinkingUrl: string;
  /** Which API set the URL. */
  readonly api: ApiKind;
}

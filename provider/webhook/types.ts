/**
 * `MessengerWebhook`'s shapes at the provider boundary: its inputs after `check`, and its state.
 *
 * @packageDocumentation
 */
import type { WebhookObject } from "../graph/webhook-fields";

/**
 * The resource's class name: its dynamic type in state is `messenger:MessengerWebhook`, and the
 * schema reads the class and `MessengerWebhookArgs`. Stacks record it: it never changes.
 */
export const WEBHOOK_CLASS = "MessengerWebhook";

/** Inputs as the lifecycle sees them after `check` (defaults filled in, URL and fields normalized). */
export interface WebhookInputs {
  /** The callback URL, in its one spelling (lowercase scheme and host). */
  readonly callbackUrl: string;
  /**
   * The verify token Graph sends to the callback (secret): given whenever the step POSTs the app's
   * subscription (check makes sure); absent for an imported webhook the program has not changed.
   */
  readonly verifyToken?: string;
  /** The fields this resource owns, sorted, without duplicates. */
  readonly fields: readonly string[];
  /** The object. */
  readonly object: WebhookObject;
  /** Whether change notifications carry the new values. */
  readonly includeValues: boolean;
  /** Whether this resource may move the callback of other owners' fields. */
  readonly takeOverCallback: boolean;
  /** App id, only when given as an input. */
  readonly appId?: string;
  /** App secret, only when given as an input. */
  readonly appSecret?: string;
  /** Graph version. */
  readonly apiVersion: string;
  /** Graph endpoint, only when given as an input. */
  readonly graphApiUrl?: string;
}

/** `MessengerWebhook`'s state. No secret in clear: `verifyToken` and `appSecret` are marked secret. */
export interface WebhookOutputs {
  /** The app id. */
  readonly appId: string;
  /** The object. */
  readonly object: WebhookObject;
  /** The callback URL on the app ("" after a refresh that found no subscription of the object). */
  readonly callbackUrl: string;
  /** The fields this resource owns that the app subscribes (a field removed by hand is missing after a refresh). */
  readonly fields: readonly string[];
  /** Fields of the object's subscription that other owners subscribed, at the last step that read them. */
  readonly otherFields: readonly string[];
  /** Whether change notifications carry the new values. */
  readonly includeValues: boolean;
  /** Whether this resource may move the callback of other owners' fields. */
  readonly takeOverCallback: boolean;
  /** The verify token last sent (secret); absent after an import (Graph never returns it). */
  readonly verifyToken?: string;
  /** Graph version used. */
  readonly apiVersion: string;
  /** The Graph endpoint used. */
  readonly graphApiUrl: string;
  /** App secret: present (and stored encrypted) only when it was given as an input. */
  readonly appSecret?: string;
}

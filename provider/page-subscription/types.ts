/**
 * `MessengerPageSubscription`'s shapes at the provider boundary: its inputs after `check`, and its
 * state.
 *
 * @packageDocumentation
 */
import type { PageConnectionOutputs } from "../core/page-connection";

/**
 * The resource's class name: its dynamic type in state is `messenger:MessengerPageSubscription`,
 * and the schema reads the class and `MessengerPageSubscriptionArgs`. Stacks record it: it never changes.
 */
export const PAGE_SUBSCRIPTION_CLASS = "MessengerPageSubscription";

/** Inputs as the lifecycle sees them after `check` (fields sorted, without duplicates). */
export interface PageSubscriptionInputs {
  /** The fields the Page subscribes the app to, sorted. */
  readonly subscribedFields: readonly string[];
  /** App id, only when given as an input. */
  readonly appId?: string;
  /** Page token, only when given as an input. */
  readonly pageAccessToken?: string;
  /** App secret, only when given as an input. */
  readonly appSecret?: string;
  /** Graph version. */
  readonly apiVersion: string;
  /** Graph endpoint, only when given as an input. */
  readonly graphApiUrl?: string;
}

/** `MessengerPageSubscription`'s state. */
export interface PageSubscriptionOutputs extends PageConnectionOutputs {
  /** The app id. */
  readonly appId: string;
  /** The fields the Page subscribes the app to, sorted ([] after a refresh found the app unsubscribed). */
  readonly subscribedFields: readonly string[];
}

/**
 * The operations on one app's webhook subscriptions, one Graph call each, with the app token
 * (`{app-id}|{app-secret}`, derived from the app id and secret for each process, never stored) and
 * `appsecret_proof`:
 *
 * | operation | call |
 * |-----------|------|
 * | `subscriptions()` | `GET /{app-id}/subscriptions` |
 * | `subscribe(params)` | `POST /{app-id}/subscriptions` (Graph verifies the callback first) |
 * | `unsubscribe(object, fields)` | `DELETE /{app-id}/subscriptions?object=…&fields=…` (only those fields) |
 *
 * @packageDocumentation
 */
import { callAndParse } from "./call";
import type { GraphClient } from "./client";
import type { WireRequest } from "./wire";
import {
  appSubscribeRequest,
  appSubscriptionsRequest,
  appUnsubscribeRequest,
  parseAppSubscriptionsAnswer,
  parseSuccessAnswer,
  type AppSubscription,
  type SubscribeParams,
} from "./subscription-wire";

/** How to reach one app: endpoint, app id and secret, Graph version. Holds a secret: never log it. */
export interface AppConnection {
  /** Graph endpoint. */
  readonly graphApiUrl: string;
  /** The app id (digits). */
  readonly appId: string;
  /** The app secret. */
  readonly appSecret: string;
  /** Graph version of the calls. */
  readonly apiVersion: string;
  /** Other secrets the calls carry (the verify token): removed from every answer and error too. */
  readonly secrets?: readonly string[];
}

/**
 * The app access token Graph accepts for app-level calls: the app id and secret joined by `|`.
 *
 * @param appId - the app id
 * @param appSecret - the app secret
 */
export function appAccessToken(appId: string, appSecret: string): string {
  return `${appId}|${appSecret}`;
}

/** The operations on one app, each exactly one Graph call. */
export class AppOperations {
  /**
   * @param client - the app's client (created on first call)
   * @param version - Graph version of the calls
   * @param appId - the app id
   */
  constructor(
    private readonly client: () => GraphClient,
    readonly version: string,
    readonly appId: string,
  ) {}

  /** One call of the app's client (async: a client refused at creation rejects rather than throws). */
  private async call<T>(req: WireRequest, parse: (body: unknown) => T): Promise<T> {
    return await callAndParse(this.client(), req, parse);
  }

  /** `GET /{app-id}/subscriptions`: every object the app subscribes, its callback and fields. */
  subscriptions(): Promise<AppSubscription[]> {
    return this.call(appSubscriptionsRequest(this.version, this.appId), parseAppSubscriptionsAnswer);
  }

  /**
   * `POST /{app-id}/subscriptions`: subscribes an object's fields to a callback. Graph first sends
   * the callback a verification request with the verify token (code 2200 when it fails).
   *
   * @param params - object, callback, verify token, fields, include_values
   */
  subscribe(params: SubscribeParams): Promise<void> {
    return this.call(appSubscribeRequest(this.version, this.appId, params), parseSuccessAnswer);
  }

  /**
   * `DELETE /{app-id}/subscriptions` naming exactly these fields of the object: the others stay.
   *
   * @param object - the object
   * @param fields - the fields to remove (at least one)
   */
  unsubscribe(object: string, fields: readonly string[]): Promise<void> {
    return callAndParse(
      this.client(),
      appUnsubscribeRequest(this.version, this.appId, object, fields),
      parseSuccessAnswer,
    );
  }
}

/**
 * The exact wire formats of a bot's two subscription levels, and the answers they get (pure
 * functions, no I/O):
 *
 * | call | request |
 * |------|---------|
 * | app's subscriptions | `GET /{v}/{app-id}/subscriptions` |
 * | subscribe an object | `POST /{v}/{app-id}/subscriptions` `{"object","callback_url","fields","include_values","verify_token"}` |
 * | unsubscribe fields  | `DELETE /{v}/{app-id}/subscriptions?object=…&fields=a,b` (without `fields`: the whole object) |
 * | Page's apps         | `GET /{v}/{page-id}/subscribed_apps` |
 * | subscribe the app   | `POST /{v}/{page-id}/subscribed_apps` `{"subscribed_fields":"a,b"}` |
 * | unsubscribe the app | `DELETE /{v}/{page-id}/subscribed_apps` |
 *
 * @see https://developers.facebook.com/docs/graph-api/reference/app/subscriptions/
 * @see https://developers.facebook.com/docs/graph-api/reference/page/subscribed_apps/
 * @packageDocumentation
 */
import { describe, isObject, UnexpectedAnswer, type WireRequest } from "./wire";

/** One object's subscription on an app, as `GET /{app-id}/subscriptions` reports it. */
export interface AppSubscription {
  /** The object, e.g. `page`. */
  readonly object: string;
  /** The callback URL, as Graph wrote it. */
  readonly callbackUrl: string;
  /** Whether Graph reports it active. */
  readonly active: boolean;
  /** The subscribed fields, in Graph's order. */
  readonly fields: readonly string[];
}

/** What a POST subscribes. */
export interface SubscribeParams {
  /** The object. */
  readonly object: string;
  /** The callback URL. */
  readonly callbackUrl: string;
  /** The verify token Graph sends to the callback in the verification request. */
  readonly verifyToken: string;
  /** The fields, comma-joined on the wire. */
  readonly fields: readonly string[];
  /** Whether change notifications carry the new values. */
  readonly includeValues: boolean;
}

/** One app subscribed on a Page, as `GET /{page-id}/subscribed_apps` reports it. */
export interface SubscribedApp {
  /** The app id. */
  readonly id: string;
  /** The app's name, as Graph wrote it. */
  readonly name: string;
  /** The fields the Page subscribed the app to. */
  readonly subscribedFields: readonly string[];
}

/** An app id or Page id: digits only (a path segment of every call). */
const NODE_ID = /^[0-9]{1,32}$/;

/** A field name as Graph writes them. */
const FIELD_NAME = /^[a-z][a-z0-9_]{0,63}$/;

/** Most entries read from one answer (an app has a handful of objects; a Page a handful of apps). */
const MAX_ENTRIES = 256;

/**
 * `GET /{version}/{app-id}/subscriptions`: every object the app subscribes.
 *
 * @param version - Graph version
 * @param appId - the app id (digits)
 */
export function appSubscriptionsRequest(version: string, appId: string): WireRequest {
  return { method: "GET", path: `/${version}/${appId}/subscriptions`, query: [] };
}

/**
 * `POST /{version}/{app-id}/subscriptions`: subscribes `object`'s fields to the callback (Graph first
 * verifies the callback with the verify token).
 *
 * @param version - Graph version
 * @param appId - the app id
 * @param p - what to subscribe
 */
export function appSubscribeRequest(version: string, appId: string, p: SubscribeParams): WireRequest {
  return {
    method: "POST",
    path: `/${version}/${appId}/subscriptions`,
    query: [],
    body: {
      object: p.object,
      callback_url: p.callbackUrl,
      fields: p.fields.join(","),
      include_values: p.includeValues,
      verify_token: p.verifyToken,
    },
  };
}

/**
 * `DELETE /{version}/{app-id}/subscriptions?object=…&fields=a,b`: removes exactly these fields of
 * the object's subscription (other fields stay).
 *
 * @param version - Graph version
 * @param appId - the app id
 * @param object - the object
 * @param fields - the fields to remove (at least one)
 */
export function appUnsubscribeRequest(
  version: string,
  appId: string,
  object: string,
  fields: readonly string[],
): WireRequest {
  return {
    method: "DELETE",
    path: `/${version}/${appId}/subscriptions`,
    query: [
      ["object", object],
      ["fields", fields.join(",")],
    ],
  };
}

/**
 * `GET /{version}/{page-id}/subscribed_apps`: every app the Page subscribes.
 *
 * @param version - Graph version
 * @param pageId - the Page id
 */
export function subscribedAppsRequest(version: string, pageId: string): WireRequest {
  return { method: "GET", path: `/${version}/${pageId}/subscribed_apps`, query: [] };
}

/**
 * `POST /{version}/{page-id}/subscribed_apps`: subscribes the token's app to exactly these fields.
 *
 * @param version - Graph version
 * @param pageId - the Page id
 * @param fields - the fields
 */
export function subscribeAppRequest(version: string, pageId: string, fields: readonly string[]): WireRequest {
  return {
    method: "POST",
    path: `/${version}/${pageId}/subscribed_apps`,
    query: [],
    body: { subscribed_fields: fields.join(",") },
  };
}

/**
 * `DELETE /{version}/{page-id}/subscribed_apps`: removes the token's app from the Page.
 *
 * @param version - Graph version
 * @param pageId - the Page id
 */
export function unsubscribeAppRequest(version: string, pageId: string): WireRequest {
  return { method: "DELETE", path: `/${version}/${pageId}/subscribed_apps`, query: [] };
}

/**
 * Checks `{"success":true}`, the answer of every subscription write.
 *
 * @throws UnexpectedAnswer
 */
export function parseSuccessAnswer(body: unknown): void {
  if (isObject(body) && body.success === true) return;
  throw new UnexpectedAnswer(`expected {"success": true}, got ${describe(body)}`);
}

/** The `data` list of an answer, capped. */
function dataOf(body: unknown): unknown[] {
  if (!isObject(body) || !Array.isArray(body.data))
    throw new UnexpectedAnswer(`expected {"data": […]}, got ${describe(body)}`);
  if (body.data.length > MAX_ENTRIES)
    throw new UnexpectedAnswer(`expected at most ${MAX_ENTRIES} entries in "data", got ${body.data.length}`);
  return body.data;
}

/** A list of field names, each `{"name":…}` (app level) or a string (Page level). */
function fieldNames(v: unknown, where: string): string[] {
  if (!Array.isArray(v) || v.length > MAX_ENTRIES)
    throw new UnexpectedAnswer(`expected a list of fields in ${where}, got ${describe(v)}`);
  return v.map((f) => {
    const name: unknown = isObject(f) ? f.name : f;
    if (typeof name !== "string" || !FIELD_NAME.test(name))
      throw new UnexpectedAnswer(`expected field names in ${where}, got ${describe(f)}`);
    return name;
  });
}

/**
 * Reads `{"data":[{"object","callback_url","active","fields":[{"name","version"}]}]}`.
 *
 * @throws UnexpectedAnswer
 */
export function parseAppSubscriptionsAnswer(body: unknown): AppSubscription[] {
  return dataOf(body).map((entry) => {
    if (!isObject(entry) || typeof entry.object !== "string" || typeof entry.callback_url !== "string")
      throw new UnexpectedAnswer(`expected {"object": …, "callback_url": …} entries, got ${describe(entry)}`);
    if (entry.callback_url.length > 4096)
      throw new UnexpectedAnswer(`expected a callback URL, got ${entry.callback_url.length} characters`);
    return {
      object: entry.object,
      callbackUrl: entry.callback_url,
      active: entry.active !== false,
      fields: fieldNames(entry.fields ?? [], `the "${entry.object.slice(0, 40)}" subscription`),
    };
  });
}

/**
 * Reads `{"data":[{"id","name","subscribed_fields":[…]}]}`.
 *
 * @throws UnexpectedAnswer
 */
export function parseSubscribedAppsAnswer(body: unknown): SubscribedApp[] {
  return dataOf(body).map((entry) => {
    if (!isObject(entry) || typeof entry.id !== "string" || !NODE_ID.test(entry.id))
      throw new UnexpectedAnswer(`expected {"id": <app id digits>, …} entries, got ${describe(entry)}`);
    const name = typeof entry.name === "string" ? [...entry.name].slice(0, 200).join("") : "";
    return { id: entry.id, name, subscribedFields: fieldNames(entry.subscribed_fields ?? [], `app ${entry.id}`) };
  });
}

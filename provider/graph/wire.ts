/**
 * The exact wire formats of the Graph calls every resource shares: the Messenger Profile API (any
 * fields, either platform) and `GET /me`, and the answers they get. Pure functions: no I/O. (The
 * 2016 Thread Settings call, which only account linking makes, lives with it.)
 *
 * @see https://developers.facebook.com/docs/messenger-platform/reference/messenger-profile-api/
 * @packageDocumentation
 */
import {
  DEFAULT_PLATFORM,
  inPostOrder,
  isProfileWireField,
  type ProfilePlatform,
  type ProfileWireField,
} from "./profile-fields";
import type { WireProfile } from "./profile-wire";

/** One HTTP call, before authentication parameters are added. */
export interface WireRequest {
  /** HTTP method. */
  readonly method: "GET" | "POST" | "DELETE";
  /** Path starting with the version, e.g. `/v2.6/me/thread_settings`. */
  readonly path: string;
  /** Query parameters that come before `access_token`, in order. */
  readonly query: ReadonlyArray<readonly [string, string]>;
  /** JSON body, serialised exactly by `JSON.stringify`. */
  readonly body?: Readonly<Record<string, unknown>>;
}

/** Query parameters of a Messenger Profile call on a platform: none for Messenger, `platform=instagram` else. */
function platformQuery(platform: ProfilePlatform): Array<[string, string]> {
  return platform === DEFAULT_PLATFORM ? [] : [["platform", platform]];
}

/**
 * `GET /{version}/me/messenger_profile?fields=a,b[&platform=instagram]`: the named fields (in POST
 * order) of the Page's profile on a platform.
 *
 * @param version - Graph version, e.g. `v25.0`
 * @param fields - the wire names to read (at least one)
 * @param platform - `messenger` (no parameter) or `instagram`
 */
export function profileGetRequest(
  version: string,
  fields: readonly ProfileWireField[],
  platform: ProfilePlatform = DEFAULT_PLATFORM,
): WireRequest {
  return {
    method: "GET",
    path: `/${version}/me/messenger_profile`,
    query: [["fields", inPostOrder(fields).join(",")], ...platformQuery(platform)],
  };
}

/**
 * `POST /{version}/me/messenger_profile[?platform=instagram]` with a partial profile document, its
 * fields in POST order (`whitelisted_domains` first, `get_started` before `persistent_menu`).
 *
 * @param version - Graph version
 * @param doc - the fields to set, in wire form (at least one)
 * @param platform - `messenger` (no parameter) or `instagram`
 */
export function profileSetRequest(
  version: string,
  doc: WireProfile,
  platform: ProfilePlatform = DEFAULT_PLATFORM,
): WireRequest {
  const given = doc as Readonly<Record<string, unknown>>;
  const names = inPostOrder(Object.keys(given).filter((k) => given[k] !== undefined) as ProfileWireField[]);
  return {
    method: "POST",
    path: `/${version}/me/messenger_profile`,
    query: platformQuery(platform),
    body: Object.fromEntries(names.map((k) => [k, given[k]])),
  };
}

/**
 * `DELETE /{version}/me/messenger_profile[?platform=instagram]` with `{"fields":[…]}` naming exactly
 * the given fields, in POST order.
 *
 * @param version - Graph version
 * @param fields - the wire names to remove (at least one)
 * @param platform - `messenger` (no parameter) or `instagram`
 */
export function profileDeleteRequest(
  version: string,
  fields: readonly ProfileWireField[],
  platform: ProfilePlatform = DEFAULT_PLATFORM,
): WireRequest {
  return {
    method: "DELETE",
    path: `/${version}/me/messenger_profile`,
    query: platformQuery(platform),
    body: { fields: inPostOrder(fields) },
  };
}

/**
 * Reads the fields of `{"data":[{…}]}` (the answer to {@link profileGetRequest}); `{"data":[]}`
 * means none of them is set. Values are returned as Graph sent them (wire form).
 *
 * @returns the fields that are set, by wire name
 * @throws UnexpectedAnswer
 */
export function parseProfileAnswer(body: unknown): Partial<Record<ProfileWireField, unknown>> {
  if (!isObject(body) || !Array.isArray(body.data))
    throw new UnexpectedAnswer(`expected {"data": […]}, got ${describe(body)}`);
  const out: Partial<Record<ProfileWireField, unknown>> = {};
  for (const entry of body.data) {
    if (!isObject(entry)) continue;
    for (const [k, v] of Object.entries(entry))
      if (isProfileWireField(k) && v !== undefined && out[k] === undefined) out[k] = v;
  }
  return out;
}

/** `GET /{version}/me?fields=id,name`: the Page a token belongs to. */
export function meRequest(version: string): WireRequest {
  return { method: "GET", path: `/${version}/me`, query: [["fields", "id,name"]] };
}

/**
 * `GET /{version}/me?fields=id,name,messenger_profile{a,b}`: the Page a token belongs to and, by
 * Graph's field expansion of the Page's `messenger_profile` edge, some of its Messenger profile, in
 * one call (`messenger_profile.platform(instagram){…}` for the Instagram profile). Used by a
 * profile's create when a dependency rule needs the Page's state, and by `pulumi import`: one call
 * both proves the token's Page and reads its profile.
 *
 * @param version - Graph version
 * @param fields - the profile fields to read
 * @param platform - the profile's platform
 */
export function meWithProfileRequest(
  version: string,
  fields: readonly ProfileWireField[],
  platform: ProfilePlatform = DEFAULT_PLATFORM,
): WireRequest {
  const edge = platform === DEFAULT_PLATFORM ? "messenger_profile" : `messenger_profile.platform(${platform})`;
  return {
    method: "GET",
    path: `/${version}/me`,
    query: [["fields", `id,name,${edge}{${inPostOrder(fields).join(",")}}`]],
  };
}

/** The Page, and the profile fields an expanded `GET /me` returned (undefined: Graph did not expand the edge). */
export interface PageWithProfile extends PageIdentity {
  /** The fields that are set, by wire name; undefined when the answer had no `messenger_profile`. */
  readonly profile?: Partial<Record<ProfileWireField, unknown>>;
}

/**
 * Parses an expanded `GET /me` answer: `{"id","name","messenger_profile":{"data":[{…}]}}`. An
 * answer without `messenger_profile` means Graph did not expand it (nothing is known of the profile).
 *
 * @throws UnexpectedAnswer
 */
export function parseMeWithProfileAnswer(body: unknown): PageWithProfile {
  const page = parseMeAnswer(body);
  const edge = isObject(body) ? body.messenger_profile : undefined;
  if (edge === undefined || edge === null) return page;
  return { ...page, profile: parseProfileAnswer(edge) };
}

/** Why an answer did not have the expected shape (the caller turns it into a protocol error). */
export class UnexpectedAnswer extends Error {}

/** Whether `v` is a JSON object (not an array, not null). */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Checks the answer to a set call. thread_settings answers `{"result":"Account linking url added"}`,
 * messenger_profile `{"result":"success"}`; any other `result` string is accepted too (proxies and
 * archived behaviour differ) but a body without `result` is not.
 *
 * @throws UnexpectedAnswer
 */
export function parseSetAnswer(body: unknown): string {
  if (isObject(body) && typeof body.result === "string") return body.result;
  throw new UnexpectedAnswer(`expected {"result": …}, got ${describe(body)}`);
}

/**
 * Checks the answer to a delete call: a `result` string or an empty body (the Thread Settings
 * delete answer is not documented).
 *
 * @throws UnexpectedAnswer
 */
export function parseDeleteAnswer(body: unknown): void {
  if (body === undefined || (isObject(body) && (body.result === undefined || typeof body.result === "string"))) return;
  throw new UnexpectedAnswer(`expected {"result": …} or an empty body, got ${describe(body)}`);
}

/** The Page a token belongs to. */
export interface PageIdentity {
  /** Page id. */
  readonly id: string;
  /** Page name. */
  readonly name: string;
}

/** A Page id: digits only (it becomes the resource id, a path segment and part of messages). */
const PAGE_ID = /^[0-9]{1,32}$/;

/** Longest Page name kept (Meta caps names far below; a longer one is cut, with "…"). */
const MAX_PAGE_NAME = 200;

/**
 * Reads `{"id":…,"name":…}` from `GET /me`. The id must be digits; the name is kept at most 200
 * characters, as Graph wrote it (what shows it to a person makes it printable: state, messages and
 * the export's summary through `printable.ts`, the exported program through its string literals).
 *
 * @throws UnexpectedAnswer
 */
export function parseMeAnswer(body: unknown): PageIdentity {
  if (isObject(body) && typeof body.id === "string" && PAGE_ID.test(body.id)) {
    const name = typeof body.name === "string" ? [...body.name] : [];
    // Cut by code points, so that no surrogate pair is split.
    return {
      id: body.id,
      name: name.length > MAX_PAGE_NAME ? `${name.slice(0, MAX_PAGE_NAME - 1).join("")}…` : name.join(""),
    };
  }
  if (isObject(body) && typeof body.id === "string")
    throw new UnexpectedAnswer(`expected a Page id made of digits, got ${describe(body.id)}`);
  throw new UnexpectedAnswer(`expected {"id": …, "name": …}, got ${describe(body)}`);
}

/** An answer, quoted for a message (cut at 120 characters). */
export function describe(body: unknown): string {
  if (body === undefined) return "an empty body";
  const text = JSON.stringify(body);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/**
 * What the emulator refuses because a web page could have sent it. The demo Pages' tokens are
 * published, so a page open in a browser on the same machine must not be able to drive the
 * emulator (rewrite a Page's URL, fill its log, spend a Page's rate limit):
 *
 * - a request that carries an `Origin` header (browsers add it to every cross-origin request and to
 *   every POST or DELETE; no test client, script or the provider sends one), or a `Sec-Fetch-Site`
 *   header other than `none` or `same-origin`, is refused with 403;
 * - a Graph request body is read only as `application/json` or `application/x-www-form-urlencoded`
 *   (what the provider and the tests send); another Content-Type (`text/plain`, `multipart/form-data`,
 *   which a page can send cross-origin without a CORS preflight), or a body without one, is refused
 *   with 415.
 *
 * @packageDocumentation
 */
import type { IncomingHttpHeaders } from "http";

/** How a request body is read. */
export type BodyKind = "json" | "form";

/** `Sec-Fetch-Site` values that no other site's page sends. */
const OWN_SITES: ReadonlySet<string> = new Set(["none", "same-origin"]);

/** A refusal of a request: status and reason. */
export interface Refusal {
  /** HTTP status. */
  readonly status: number;
  /** Why, and what to do. */
  readonly reason: string;
}

/**
 * How a body with this Content-Type is read: JSON, a form, or (undefined) not at all. Only the media
 * type counts, in any case; parameters such as `charset` are ignored.
 */
export function bodyKind(contentType: string | undefined): BodyKind | undefined {
  const type = (contentType ?? "").split(";")[0].trim().toLowerCase();
  if (type === "application/json") return "json";
  if (type === "application/x-www-form-urlencoded") return "form";
  return undefined;
}

/** A header value for a message: one line, at most 100 characters, quoted. */
function quoted(value: string | string[]): string {
  const text = Array.isArray(value) ? value.join(", ") : value;
  return JSON.stringify(text.length > 100 ? `${text.slice(0, 100)}…` : text);
}

/**
 * Refuses (403) a request a web page sent: one with an `Origin` header, or with a `Sec-Fetch-Site`
 * header other than `none` and `same-origin`.
 *
 * @param headers - the request's headers
 * @returns undefined when the request may go on
 */
export function browserRefusal(headers: IncomingHttpHeaders): Refusal | undefined {
  const origin = headers.origin;
  if (origin !== undefined)
    return {
      status: 403,
      reason: `Refused: the request carries an Origin header (${quoted(origin)}), so a web page sent it, and the emulator answers no web page. Call it from a test, a script or the provider, which send no Origin header`,
    };
  const site = headers["sec-fetch-site"];
  if (site !== undefined && (Array.isArray(site) || !OWN_SITES.has(site.trim().toLowerCase())))
    return {
      status: 403,
      reason: `Refused: the request carries Sec-Fetch-Site ${quoted(site)}, so a page of another origin sent it (only "none" and "same-origin" are accepted), and the emulator answers no web page. Call it from a test, a script or the provider, which send no such header`,
    };
  return undefined;
}

/**
 * Refuses (415) a Graph request whose body the emulator does not read: a Content-Type other than
 * `application/json` or `application/x-www-form-urlencoded` on a request with a body, or on any
 * request but GET and HEAD; a body with no Content-Type.
 *
 * @param method - HTTP method, uppercase
 * @param contentType - the Content-Type header
 * @param bodyBytes - the body's length
 * @returns undefined when the request may go on
 */
export function bodyRefusal(method: string, contentType: string | undefined, bodyBytes: number): Refusal | undefined {
  if (bodyKind(contentType) !== undefined) return undefined;
  const advice = "send the body as JSON with Content-Type: application/json (or as application/x-www-form-urlencoded)";
  if (contentType === undefined)
    return bodyBytes > 0
      ? { status: 415, reason: `(#100) The request has a body but no Content-Type: ${advice}` }
      : undefined;
  if (bodyBytes === 0 && (method === "GET" || method === "HEAD")) return undefined;
  return {
    status: 415,
    reason: `(#100) The emulator does not read request bodies of type ${quoted(contentType)}: ${advice}`,
  };
}

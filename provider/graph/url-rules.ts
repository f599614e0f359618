/**
 * The rules every URL the provider accepts must follow, in one place: the common rules, and the
 * account linking URL's (the Graph endpoint's are in `endpoint.ts`, the profile's other URL fields'
 * in the profile resource, both built on these).
 *
 * The aim is that every parser reads the same host as we do. A URL passes only when it is already
 * in the form a WHATWG parser (browsers, Node's `URL`, node-fetch) serializes it to, give or take a
 * trailing `/`; so nothing in it is rewritten, decoded or guessed by the parser: no `\` read as `/`,
 * no `@` splitting the authority, no look-alike dots or invisible characters folded away, no IDN
 * silently turned into punycode. Each reason says what to write instead.
 *
 * @packageDocumentation
 */
import { redact } from "./redact";

/**
 * Characters refused anywhere in a URL: Unicode categories Cc (controls, tab and newline included),
 * Cf (format: zero-width space U+200B, soft hyphen U+00AD, bidi overrides U+202E, U+180E, BOM), Z
 * (every space and separator: U+0020, U+2003, U+3000, U+2028…) and lone surrogates (Cs).
 */
const INVISIBLE_OR_SPACE = /[\p{Cc}\p{Cf}\p{Z}\p{Cs}]/u;

/** Dots that IDNA folds into "." in a host name (ideographic, fullwidth and halfwidth full stops). */
const LOOKALIKE_DOTS = /[\u3002\uff0e\uff61]/;

/** Whether `hostname` (as `URL.hostname` gives it) is `localhost`, in 127.0.0.0/8, or `[::1]`. */
export function isLoopbackHost(hostname: string): boolean {
  if (hostname === "localhost" || hostname === "[::1]") return true;
  const m = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(hostname);
  return m !== null && m.slice(1).every((octet) => Number(octet) <= 255);
}

/** What a URL field accepts beyond the common rules. */
export interface UrlRuleOptions {
  /**
   * Accept plain `http:` when the host is loopback (`localhost`, 127.0.0.0/8, `[::1]`).
   * @defaultValue false
   */
  readonly httpOnLoopback?: boolean;
  /**
   * Accept a query string (`?…`). An empty trailing `?` is never accepted when this is false.
   * @defaultValue true
   */
  readonly query?: boolean;
  /**
   * Accept a fragment (`#…`).
   * @defaultValue false
   */
  readonly fragment?: boolean;
  /**
   * Longest accepted length, in UTF-16 code units.
   * @defaultValue 2000
   */
  readonly maxLength?: number;
  /** An example of a good value, quoted in reasons. */
  readonly example?: string;
}

/** The parsed URL, or why it is refused. */
export type UrlCheck = { readonly url: URL; readonly problem?: undefined } | { readonly problem: string };

/**
 * Applies the URL rules to `text`. The reason (never the URL itself, which may carry a secret in
 * its query) completes a sentence that starts with the field's name: "must …", "uses …".
 *
 * Rules, in order: a non-empty string; no control, format, space or separator character anywhere;
 * not longer than `maxLength`; an absolute URL with `//` and a host; `https:` (or `http:` on
 * loopback when allowed); no `\` anywhere; no `@` in the authority (so no credentials, not even an
 * empty `https://@host/`); ASCII host (no look-alike dots, IDN in its `xn--` form); query and
 * fragment only when allowed; and the text must be exactly what a WHATWG parser serializes it to,
 * give or take a trailing `/`.
 *
 * @param text - the candidate
 * @param options - what this field accepts beyond the common rules
 * @returns the parsed URL, or the reason it is refused
 */
export function checkUrl(text: unknown, options: UrlRuleOptions = {}): UrlCheck {
  const example = options.example ?? "https://example.com/path";
  const maxLength = options.maxLength ?? 2000;
  const schemes = options.httpOnLoopback ? "https (or http on a loopback host)" : "https";
  if (typeof text !== "string")
    return { problem: `must be a string (an absolute ${schemes} URL), got ${typeOf(text)}` };
  if (text === "") return { problem: `must not be empty: give an absolute ${schemes} URL, e.g. ${example}` };
  const bad = INVISIBLE_OR_SPACE.exec(text);
  if (bad)
    return {
      problem: `must not contain whitespace or control characters, nor invisible format characters, anywhere in the URL (found ${codePoint(bad[0])} at index ${bad.index}); percent-encode them, e.g. %20`,
    };
  if (text.length > maxLength)
    return { problem: `is ${text.length} characters long; the limit is ${maxLength}. Use a shorter URL` };
  if (text.includes("\\"))
    return {
      problem: `must not contain "\\" (browsers read it as "/", other parsers do not, so they disagree on the host); percent-encode it as %5C`,
    };
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(text)?.[1].toLowerCase();
  if (scheme === undefined) return { problem: `must be an absolute URL starting with https://, e.g. ${example}` };
  if (scheme !== "https" && !(scheme === "http" && options.httpOnLoopback))
    return { problem: `must use ${schemes}, got "${scheme}:"` };
  if (!/^[A-Za-z]+:\/\/[^/]/.test(text)) return { problem: `must start with ${scheme}:// followed by a host` };
  const authority = /^[A-Za-z]+:\/\/([^/?#]*)/.exec(text)?.[1] ?? "";
  if (authority.includes("@"))
    return {
      problem:
        'must not contain user:password@ credentials, nor any "@" before the path (parsers disagree on the host of such URLs, and credentials would be shown to every user); authenticate on the page instead',
    };
  if (LOOKALIKE_DOTS.test(authority))
    return {
      problem: 'must write the host with ASCII dots: a full stop such as "。" is read as "." by some parsers only',
    };
  if (/[^\x21-\x7e]/.test(authority))
    return { problem: "must have an ASCII host: write an international domain name in its xn-- (punycode) form" };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { problem: `must be an absolute URL, e.g. ${example}` };
  }
  if (url.hostname === "") return { problem: "must name a host" };
  if (url.protocol === "http:" && !isLoopbackHost(url.hostname))
    return {
      problem: `uses plain http with the non-loopback host "${url.hostname}": the token would travel in clear. Use https, or http only with localhost, 127.0.0.0/8 or [::1]`,
    };
  if (options.query === false && text.includes("?"))
    return { problem: 'must not contain a query string, not even an empty "?"' };
  if (!options.fragment && text.includes("#")) return { problem: 'must not contain a fragment ("#…")' };
  if (!sameAsSerialized(text, url.href))
    return {
      problem: `must be written the way a browser reads it (lowercase scheme and host, no default port, percent-encoded special characters): write ${JSON.stringify(redact(url.href))}`,
    };
  return { url };
}

/**
 * The reason `text` is refused under `options`, or undefined when it is accepted.
 *
 * @param text - the candidate
 * @param options - what the field accepts beyond the common rules
 */
export function urlProblem(text: unknown, options: UrlRuleOptions = {}): string | undefined {
  return checkUrl(text, options).problem;
}

/**
 * Whether `text` equals `href`, give or take the `/` a parser adds to an empty path
 * (`https://host` is `https://host/`, `https://host?x` is `https://host/?x`).
 */
function sameAsSerialized(text: string, href: string): boolean {
  if (text === href) return true;
  const m = /^([A-Za-z]+:\/\/[^/?#]*)(.*)$/s.exec(text);
  return m !== null && !m[2].startsWith("/") && `${m[1]}/${m[2]}` === href;
}

function codePoint(ch: string): string {
  return `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;
}

/** "a number", "an object", "null": for reasons. */
export function typeOf(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  return typeof v === "object" ? "an object" : `a ${typeof v}`;
}

/** Longest account linking URL accepted (Graph documents none; browsers and proxies cut near 2 KB). */
export const MAX_URL_LENGTH = 2000;

/**
 * Reason why `url` is not an acceptable account linking URL, or undefined when it is: the common
 * URL rules (https only), with no fragment. The rule of the `account_linking_url` field, whichever
 * resource sets it.
 *
 * @param url - the candidate
 */
export function accountLinkingUrlProblem(url: unknown): string | undefined {
  if (url === "")
    return "must not be empty: give the absolute https URL of your login page, e.g. https://example.com/messenger/link";
  const problem = urlProblem(url, { maxLength: MAX_URL_LENGTH, example: "https://example.com/messenger/link" });
  if (problem?.startsWith("must not contain a fragment"))
    return "must not contain a fragment (#...): Messenger appends account_linking_token and redirect_uri as query parameters";
  return problem;
}

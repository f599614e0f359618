/**
 * The rules every URL the provider accepts must follow, in one place: the common rules
 * ({@link checkUrl}) and, in {@link URL_FIELD_RULES}, what each kind of URL field adds (the account
 * linking URL, a web page a menu item opens, a whitelisted domain, the Graph endpoint). Every URL
 * field of every resource, input, stack config, environment variable and command-line flag goes
 * through {@link urlFieldProblem}; a new kind of URL field is a new row of that table.
 *
 * The aim is that every parser reads the same host as we do. A URL passes only when it is already
 * in the form a WHATWG parser (browsers, Node's `URL`, node-fetch) serializes it to, give or take a
 * trailing `/`; so nothing in it is rewritten, decoded or guessed by the parser: no `\` read as `/`,
 * no `@` splitting the authority, no look-alike dots or invisible characters folded away, no IDN
 * silently turned into punycode. Each reason says what to write instead.
 *
 * @packageDocumentation
 */
import { domainToASCII, domainToUnicode } from "url";
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
  /**
   * Accept ASCII capitals in the scheme and host (`https://Shop.Example.com`): for a field whose
   * value is an origin compared without case, where the capitals are only a spelling.
   * @defaultValue false
   */
  readonly anyHostCase?: boolean;
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
  const authority = authorityProblem(text);
  if (authority !== undefined) return { problem: authority };
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
  if (!sameAsSerialized(options.anyHostCase ? lowerAsciiAuthority(text) : text, url.href))
    return {
      problem: `must be written the way a browser reads it (lowercase scheme and host, no default port, percent-encoded special characters): write ${JSON.stringify(redact(url.href))}`,
    };
  return { url };
}

/** Why the authority (what is between `//` and the path) of `text` is refused, or undefined. */
function authorityProblem(text: string): string | undefined {
  const authority = /^[A-Za-z]+:\/\/([^/?#]*)/.exec(text)?.[1] ?? "";
  if (authority.includes("@"))
    return 'must not contain user:password@ credentials, nor any "@" before the path (parsers disagree on the host of such URLs, and credentials would be shown to every user); authenticate on the page instead';
  if (LOOKALIKE_DOTS.test(authority))
    return 'must write the host with ASCII dots: a full stop such as "。" is read as "." by some parsers only';
  if (/[^\x21-\x7e]/.test(authority)) {
    const ascii = asciiHostOf(text);
    const hint =
      ascii === undefined
        ? ""
        : ` ("${ascii}"), and check each letter: a look-alike from another script makes it another host`;
    return `must have an ASCII host: write an international domain name in its xn-- (punycode) form${hint}`;
  }
  return undefined;
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

/** The host a WHATWG parser reads in `text`, in its ASCII (xn--) form, or undefined when it reads none. */
function asciiHostOf(text: string): string | undefined {
  try {
    const host = new URL(text).hostname;
    return /^[\x21-\x7e]+$/.test(host) ? host : undefined;
  } catch {
    return undefined;
  }
}

/** `text` with the ASCII capitals of its scheme and authority in lower case (nothing else changes). */
function lowerAsciiAuthority(text: string): string {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*)(.*)$/s.exec(text);
  return m === null ? text : `${m[1].replace(/[A-Z]+/g, (s) => s.toLowerCase())}${m[2]}`;
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

/** What one kind of URL field accepts: the common rules' options, and what it checks beyond them. */
export interface UrlFieldRule {
  /** The common rules' options. */
  readonly options: UrlRuleOptions;
  /** A reason of the common rules said this field's own way, or undefined to keep it. */
  readonly reword?: (problem: string, text: unknown) => string | undefined;
  /** What the field checks once the common rules passed, on the parsed URL. */
  readonly then?: (url: URL, text: string) => string | undefined;
}

const ACCOUNT_LINKING_EXAMPLE = "https://example.com/messenger/link";
const DOMAIN_EXAMPLE = '"https://shop.example.com"';

/**
 * Every kind of URL field, and its rule. Each is the common rules ({@link checkUrl}: no control,
 * format or space character, no look-alike dot, an ASCII host, no `@` or `\`, the exact form a
 * browser reads) with:
 *
 * - `accountLinking`: https, a query, no fragment (Messenger appends its own query parameters);
 * - `webPage`: https, a query and a fragment (a menu item's `url` and `fallbackUrl`);
 * - `whitelistedDomain`: an https origin (a `/` path at most, no query or fragment), with a fully
 *   qualified host name (no IP address, no localhost, no trailing dot); capitals in the host allowed;
 * - `graphEndpoint`: https, or http on a loopback host; no query or fragment, not even an empty `?`;
 * - `webhookCallback`: https, or http on a loopback host (a bot on the developer's machine, the
 *   emulator); a query, no fragment (Graph appends `hub.*` parameters); capitals in the host allowed
 *   (a spelling: {@link canonicalUrl} lowercases them).
 */
export const URL_FIELD_RULES = {
  accountLinking: {
    options: { maxLength: MAX_URL_LENGTH, example: ACCOUNT_LINKING_EXAMPLE },
    reword: (problem, text) => {
      if (text === "")
        return `must not be empty: give the absolute https URL of your login page, e.g. ${ACCOUNT_LINKING_EXAMPLE}`;
      if (problem.startsWith("must not contain a fragment"))
        return "must not contain a fragment (#...): Messenger appends account_linking_token and redirect_uri as query parameters";
      return undefined;
    },
  },
  webPage: {
    options: { maxLength: MAX_URL_LENGTH, fragment: true, example: "https://example.com/page" },
    reword: (_problem, text) =>
      text === "" ? "must not be empty: give the absolute https URL of the page to open" : undefined,
  },
  whitelistedDomain: {
    options: { query: true, fragment: true, anyHostCase: true, maxLength: 300, example: DOMAIN_EXAMPLE },
    reword: (problem, text) => {
      if (typeof text !== "string") return `must be a string such as ${DOMAIN_EXAMPLE}, got ${typeOf(text)}`;
      if (text === "") return `must not be empty: give an https origin such as ${DOMAIN_EXAMPLE}`;
      if (problem.startsWith("must be an absolute URL"))
        return `must be an https origin such as ${DOMAIN_EXAMPLE} (scheme and host), got ${JSON.stringify(text.slice(0, 60))}`;
      if (problem.startsWith("must use https")) return `${problem} (Meta whitelists only https domains)`;
      return undefined;
    },
    then: (url, text) => domainProblem(url, text),
  },
  graphEndpoint: {
    options: {
      httpOnLoopback: true,
      query: false,
      fragment: false,
      example: "https://graph.facebook.com, or http://127.0.0.1:8080 for the emulator",
    },
  },
  webhookCallback: {
    options: {
      httpOnLoopback: true,
      anyHostCase: true,
      maxLength: MAX_URL_LENGTH,
      example: "https://bot.example.com/webhook",
    },
    reword: (problem, text) => {
      if (text === "")
        return "must not be empty: give the absolute https URL of your bot's webhook, e.g. https://bot.example.com/webhook";
      if (problem.startsWith("must not contain a fragment"))
        return "must not contain a fragment (#...): Graph appends hub.mode, hub.challenge and hub.verify_token as query parameters";
      return undefined;
    },
  },
} as const satisfies Readonly<Record<string, UrlFieldRule>>;

/** A kind of URL field (a row of {@link URL_FIELD_RULES}). */
export type UrlField = keyof typeof URL_FIELD_RULES;

/**
 * The reason `value` is refused as a URL field of kind `field`, or undefined when it is accepted:
 * the one URL rule of the package, with the field's row of {@link URL_FIELD_RULES}. The reason
 * completes a sentence that starts with the field's path, and never quotes a query string.
 *
 * @param field - the kind of URL field
 * @param value - the candidate
 * @example
 * ```ts
 * urlFieldProblem("whitelistedDomain", "https://ex\u0430mple.com") // "must have an ASCII host: …"
 * ```
 */
export function urlFieldProblem(field: UrlField, value: unknown): string | undefined {
  const rule: UrlFieldRule = URL_FIELD_RULES[field];
  const checked = checkUrl(value, rule.options);
  if (checked.problem !== undefined) return rule.reword?.(checked.problem, value) ?? checked.problem;
  return rule.then?.(checked.url, value as string);
}

/**
 * The one spelling of an accepted URL: what a WHATWG parser serializes it to (scheme and host in
 * lowercase, `/` for an empty path). Two spellings of one URL compare equal through it.
 *
 * @param url - a URL a rule of {@link URL_FIELD_RULES} accepted
 */
export function canonicalUrl(url: string): string {
  return new URL(url).href;
}

/**
 * Reason why `url` is not an acceptable account linking URL, or undefined when it is: the
 * `accountLinking` row of {@link URL_FIELD_RULES}, whichever resource sets the field.
 *
 * @param url - the candidate
 */
export function accountLinkingUrlProblem(url: unknown): string | undefined {
  return urlFieldProblem("accountLinking", url);
}

/** What a whitelisted domain checks beyond the common rules: an origin, with a public host name. */
function domainProblem(u: URL, text: string): string | undefined {
  if (u.search !== "" || u.hash !== "" || text.includes("?") || text.includes("#"))
    return `must be a domain, not a URL: remove the query or fragment (write "${u.origin}")`;
  if (u.pathname !== "/") return `must be a domain, not a URL: remove the path "${u.pathname}" (write "${u.origin}")`;
  const host = u.hostname;
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.startsWith("["))
    return `must name a host, not an IP address (${host}): Meta refuses IP addresses; use the site's domain name`;
  if (host === "localhost" || host.endsWith(".localhost"))
    return "must not be localhost: Meta refuses it; whitelist the public domain your webview pages are served from";
  if (host.endsWith(".")) return `must not end with a dot: write "https://${host.replace(/\.+$/, "")}"`;
  const labels = host.split(".");
  if (labels.length < 2 || !/^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/.test(labels[labels.length - 1]))
    return `must be a fully qualified domain name such as ${DOMAIN_EXAMPLE}, got host "${host}"`;
  const bad = labels.find((l) => !/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(l));
  if (bad !== undefined)
    return `must be a host name of letters, digits and inner hyphens, 1 to 63 per label: "${bad}" in "${host}" is not one`;
  if (domainToASCII(domainToUnicode(host)) !== host)
    return `must write an international name in a valid xn-- (punycode) form: "${host}" does not decode`;
  return undefined;
}

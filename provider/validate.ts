/**
 * Input validation for `check`: every input, failures reported by property with a reason a person
 * can act on, unknown values (preview) let through. No network calls, and no reason ever quotes a
 * secret.
 *
 * @packageDocumentation
 */
import { API_KINDS, DEFAULT_API_VERSION, type ApiKind } from "./wire";
import type { AccountLinkingInputs } from "./types";

/** The value Pulumi passes for an input that is not known yet (preview). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Whether `v` is Pulumi's unknown-value sentinel. */
export function isUnknown(v: unknown): boolean {
  return v === UNKNOWN;
}

/** One validation failure. */
export interface InputFailure {
  /** The input's name. */
  readonly property: string;
  /** Why, and what to do. */
  readonly reason: string;
}

/** Longest account linking URL accepted (Graph documents none; browsers and proxies cut near 2 KB). */
export const MAX_URL_LENGTH = 2000;

const CONTROL_OR_SPACE = /[\u0000-\u0020\u007f-\u009f\u2028\u2029\u00a0\ufeff]/;
const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

/** Whether `hostname` is a loopback host (where plain http cannot leak a token off the machine). */
export function isLoopbackHost(hostname: string): boolean {
  return (
    LOOPBACK_HOSTS.has(hostname) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname) || hostname.endsWith(".localhost")
  );
}

/**
 * Reason why `url` is not an acceptable account linking URL, or undefined when it is.
 *
 * @param url - the candidate
 */
export function accountLinkingUrlProblem(url: unknown): string | undefined {
  if (typeof url !== "string") return `must be a string (an absolute https URL), got ${typeOf(url)}`;
  if (url === "")
    return "must not be empty: give the absolute https URL of your login page, e.g. https://example.com/messenger/link";
  if (CONTROL_OR_SPACE.test(url))
    return "must not contain whitespace or control characters (percent-encode them, e.g. %20)";
  if (url.length > MAX_URL_LENGTH)
    return `is ${url.length} characters long; the limit is ${MAX_URL_LENGTH}. Use a shorter URL and keep state server-side`;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "must be an absolute URL starting with https:// (relative URLs are not accepted by Messenger)";
  }
  if (parsed.protocol !== "https:") return `must use https (Messenger requires it), got "${parsed.protocol}"`;
  if (!/^https:\/\//i.test(url)) return "must start with https:// followed by a host";
  if (parsed.username !== "" || parsed.password !== "")
    return "must not contain user:password@ credentials (they would be shown to every user); authenticate on the page instead";
  if (parsed.hostname === "") return "must name a host";
  if (url.includes("#"))
    return "must not contain a fragment (#...): Messenger appends account_linking_token and redirect_uri as query parameters";
  return undefined;
}

/**
 * Reason why `url` is not an acceptable Graph endpoint, or undefined.
 *
 * @param url - the candidate
 */
export function graphApiUrlProblem(url: unknown): string | undefined {
  if (typeof url !== "string") return `must be a string (e.g. https://graph.facebook.com), got ${typeOf(url)}`;
  if (url === "" || CONTROL_OR_SPACE.test(url))
    return "must be a non-empty URL without whitespace, e.g. https://graph.facebook.com";
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "must be an absolute URL, e.g. https://graph.facebook.com or http://127.0.0.1:8080 for the emulator";
  }
  if (parsed.username !== "" || parsed.password !== "") return "must not contain user:password@ credentials";
  if (parsed.search !== "" || parsed.hash !== "") return "must not contain a query string or fragment";
  if (parsed.protocol === "http:") {
    if (!isLoopbackHost(parsed.hostname)) {
      return `uses plain http with the non-loopback host "${parsed.hostname}": the token would travel in clear. Use https, or http only with localhost/127.0.0.1/[::1]`;
    }
  } else if (parsed.protocol !== "https:") {
    return `must use https (or http on a loopback host), got "${parsed.protocol}"`;
  }
  return undefined;
}

/**
 * Reason why `token` is not a plausible Page access token, or undefined. Never quotes the token.
 *
 * @param token - the candidate
 * @param what - how to name it in the reason
 */
export function tokenProblem(token: unknown, what = "the Page access token"): string | undefined {
  if (typeof token !== "string") return `must be a string (${what}), got ${typeOf(token)}`;
  if (token === "")
    return `is empty: give ${what}, or leave the input out and set messenger:pageAccessToken (secret) in stack config`;
  if (/\s/.test(token)) return `contains whitespace: paste ${what} alone, without "Bearer " or line breaks`;
  if (!/^[A-Za-z0-9_.|-]+$/.test(token))
    return `contains characters a Graph token never has: check that ${what} was copied whole`;
  if (token.length < 16)
    return `is ${token.length} characters long, too short for ${what}: check that it was copied whole`;
  if (token.length > 4096) return `is over 4096 characters: check that ${what} was copied alone`;
  return undefined;
}

/**
 * Reason why `secret` is not a plausible app secret, or undefined. Never quotes the secret.
 *
 * @param secret - the candidate
 */
export function appSecretProblem(secret: unknown): string | undefined {
  if (typeof secret !== "string")
    return `must be a string (the app secret from App Dashboard > Settings > Basic), got ${typeOf(secret)}`;
  if (!/^[A-Za-z0-9]{8,128}$/.test(secret))
    return "must be the app secret as shown in App Dashboard > Settings > Basic (letters and digits, usually 32 hex digits)";
  return undefined;
}

/** Reason why `v` is not a supported `api`, or undefined. */
export function apiProblem(v: unknown): string | undefined {
  if (typeof v === "string" && (API_KINDS as readonly string[]).includes(v)) return undefined;
  return `must be one of ${API_KINDS.map((k) => `"${k}"`).join(", ")} ("messenger_profile" is the live API), got ${typeof v === "string" ? JSON.stringify(v.slice(0, 40)) : typeOf(v)}`;
}

/** Reason why `v` is not a Graph version like `v25.0`, or undefined. */
export function apiVersionProblem(v: unknown): string | undefined {
  if (typeof v === "string" && /^v\d{1,2}\.\d{1,2}$/.test(v)) return undefined;
  return `must look like "v25.0" (a "v", the major and minor version), got ${typeof v === "string" ? JSON.stringify(v.slice(0, 40)) : typeOf(v)}`;
}

function typeOf(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  return typeof v === "object" ? "an object" : `a ${typeof v}`;
}

/** What validation knows about the provider's configuration. */
export interface ValidationContext {
  /** Whether a token is available from stack config or the environment. */
  readonly haveAmbientToken: boolean;
}

/**
 * Validates raw inputs and fills in defaults (`api`, `apiVersion`). Unknown values pass.
 *
 * @param news - the inputs as the engine passes them
 * @param ctx - what the provider's configuration offers
 * @returns the resolved inputs and every failure found
 */
export function validateInputs(
  news: Record<string, unknown>,
  ctx: ValidationContext,
): { inputs: AccountLinkingInputs; failures: InputFailure[] } {
  const failures: InputFailure[] = [];
  const check = (property: string, problem: string | undefined) => {
    if (problem) failures.push({ property, reason: `${property} ${problem}` });
  };
  const { accountLinkingUrl, pageAccessToken, appSecret, graphApiUrl } = news;
  const api = news.api === undefined || news.api === null ? "messenger_profile" : news.api;
  const apiVersion =
    news.apiVersion === undefined || news.apiVersion === null
      ? isUnknown(api)
        ? undefined
        : DEFAULT_API_VERSION[api as ApiKind]
      : news.apiVersion;

  if (accountLinkingUrl === undefined || accountLinkingUrl === null) {
    failures.push({
      property: "accountLinkingUrl",
      reason: "accountLinkingUrl is required: the absolute https URL of your login page",
    });
  } else if (!isUnknown(accountLinkingUrl)) check("accountLinkingUrl", accountLinkingUrlProblem(accountLinkingUrl));
  if (!isUnknown(api)) check("api", apiProblem(api));
  if (apiVersion !== undefined && !isUnknown(apiVersion)) check("apiVersion", apiVersionProblem(apiVersion));
  if (graphApiUrl !== undefined && graphApiUrl !== null && !isUnknown(graphApiUrl))
    check("graphApiUrl", graphApiUrlProblem(graphApiUrl));
  if (appSecret !== undefined && appSecret !== null && !isUnknown(appSecret))
    check("appSecret", appSecretProblem(appSecret));
  if (pageAccessToken === undefined || pageAccessToken === null) {
    if (!ctx.haveAmbientToken) {
      failures.push({
        property: "pageAccessToken",
        reason:
          "pageAccessToken is missing: pass it as an input, or run `pulumi config set --secret messenger:pageAccessToken <token>`, or set MESSENGER_PAGE_ACCESS_TOKEN",
      });
    }
  } else if (!isUnknown(pageAccessToken)) check("pageAccessToken", tokenProblem(pageAccessToken));

  // Only defined values: the dynamic-provider host encodes the inputs as a protobuf Struct, which
  // throws ("Unexpected struct type") on undefined, hiding the failures above behind that error.
  const inputs: Record<string, unknown> = {};
  for (const [k, v] of [
    ["accountLinkingUrl", accountLinkingUrl],
    ["api", api],
    ["apiVersion", apiVersion],
  ] as const)
    if (v !== undefined && v !== null) inputs[k] = v;
  if (pageAccessToken !== undefined && pageAccessToken !== null) inputs.pageAccessToken = pageAccessToken;
  if (appSecret !== undefined && appSecret !== null) inputs.appSecret = appSecret;
  if (graphApiUrl !== undefined && graphApiUrl !== null)
    inputs.graphApiUrl =
      typeof graphApiUrl === "string" && !isUnknown(graphApiUrl) ? graphApiUrl.replace(/\/+$/, "") : graphApiUrl;
  return { inputs: inputs as unknown as AccountLinkingInputs, failures };
}

/**
 * The connection every resource shares: its inputs (Page token, app secret, Graph version and
 * endpoint), checked at `check` with reasons a person can act on (unknown values pass, no reason
 * ever quotes a secret), and the state fields that record which Page was reached and how
 * (`page-connection.ts`).
 *
 * @packageDocumentation
 */
import { apiVersionProblem, endpointOf, graphApiUrlProblem } from "../graph/endpoint";
import type { PageIdentity } from "../graph/wire";
import { typeOf } from "../graph/url-rules";
import type { PageConnectionOutputs } from "./page-connection";
import { refusedSettings, tokenFingerprint, type ProviderSettings } from "./settings";
import { boundSecretsProblem, type EffectiveSettings } from "./effective-settings";
import { isUnknown } from "./unknown";
import { printable } from "../graph/printable";

/** One validation failure. */
export interface InputFailure {
  /** The input's name ("" for a provider setting: the engine then blames the resource). */
  readonly property: string;
  /** Why, and what to do. */
  readonly reason: string;
}

/** Longest token accepted: far above any Graph token, low enough to catch a pasted file. */
export const MAX_TOKEN_LENGTH = 4096;

/** Whitespace, controls, format characters, separators and lone surrogates. */
const NOT_PRINTABLE = /[\p{Cc}\p{Cf}\p{Z}\p{Cs}]/u;

/**
 * Reason why `token` is not a usable Page access token, or undefined. Only the shape that could
 * break the request or betray a paste error is checked: a non-empty string of printable
 * characters, without whitespace or control characters, at most {@link MAX_TOKEN_LENGTH}. Whether
 * the token is valid is the Graph API's business (a refused token ends in a Graph 190 error).
 * Never quotes the token.
 *
 * @param token - the candidate
 * @param what - how to name it in the reason
 */
export function tokenProblem(token: unknown, what = "the Page access token"): string | undefined {
  if (typeof token !== "string") return `must be a string (${what}), got ${typeOf(token)}`;
  if (token === "")
    return `is empty: give ${what}, or leave the input out and set messenger:pageAccessToken (secret) in stack config`;
  if (/\s/.test(token)) return `contains whitespace: paste ${what} alone, without "Bearer " or line breaks`;
  const bad = NOT_PRINTABLE.exec(token);
  if (bad)
    return `contains a control or invisible character (U+${(bad[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")} at index ${bad.index}): check that ${what} was copied alone`;
  if (token.length > MAX_TOKEN_LENGTH)
    return `is over ${MAX_TOKEN_LENGTH} characters: check that ${what} was copied alone`;
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

/** The connection inputs every resource shares, after validation. */
export interface ConnectionInputs {
  /** Page token input (may be unknown at preview). */
  readonly pageAccessToken?: string;
  /** App secret input. */
  readonly appSecret?: string;
  /** Graph version (default filled in by the caller). */
  readonly apiVersion?: string;
  /** Graph endpoint input, in its one spelling (no trailing slash). */
  readonly graphApiUrl?: string;
}

const given = (v: unknown): boolean => v !== undefined && v !== null;

/**
 * Validates the inputs every resource shares (token, app secret, Graph version and endpoint) and
 * the provider settings refused when read. Unknown values pass.
 *
 * @param news - the inputs as the engine passes them
 * @param apiVersion - the Graph version in force (the input, or the resource's default)
 * @param settings - the provider settings (a token there makes the input optional; refused ones fail)
 * @returns the defined connection inputs and every failure found
 */
export function validateConnection(
  news: Readonly<Record<string, unknown>>,
  apiVersion: unknown,
  settings: ProviderSettings,
): { inputs: ConnectionInputs; failures: InputFailure[] } {
  const failures: InputFailure[] = [];
  const check = (property: string, problem: string | undefined) => {
    if (problem) failures.push({ property, reason: `${property} ${problem}` });
  };
  const { pageAccessToken, appSecret, graphApiUrl } = news;
  if (apiVersion !== undefined && !isUnknown(apiVersion)) check("apiVersion", apiVersionProblem(apiVersion));
  if (given(graphApiUrl) && !isUnknown(graphApiUrl)) check("graphApiUrl", graphApiUrlProblem(graphApiUrl));
  if (given(appSecret) && !isUnknown(appSecret)) check("appSecret", appSecretProblem(appSecret));
  if (!given(pageAccessToken)) {
    if (settings.pageAccessToken === undefined) {
      failures.push({
        property: "pageAccessToken",
        reason:
          "pageAccessToken is missing: pass it as an input, or run `pulumi config set --secret messenger:pageAccessToken <token>`, or set MESSENGER_PAGE_ACCESS_TOKEN",
      });
    }
  } else if (!isUnknown(pageAccessToken)) check("pageAccessToken", tokenProblem(pageAccessToken));
  if (!isUnknown(graphApiUrl) && !failures.some((f) => f.property === "graphApiUrl")) {
    const unbound = boundSecretsProblem({ graphApiUrl, pageAccessToken, appSecret }, settings);
    if (unbound !== undefined) failures.push({ property: "graphApiUrl", reason: unbound });
  }
  for (const p of refusedSettings(settings, given(graphApiUrl))) failures.push({ property: "", reason: p.reason });
  // Only defined values: the dynamic-provider host encodes the inputs as a protobuf Struct, which
  // throws ("Unexpected struct type") on undefined, hiding the failures above behind that error.
  const inputs: Record<string, unknown> = {};
  if (given(apiVersion)) inputs.apiVersion = apiVersion;
  if (given(pageAccessToken)) inputs.pageAccessToken = pageAccessToken;
  if (given(appSecret)) inputs.appSecret = appSecret;
  if (given(graphApiUrl))
    inputs.graphApiUrl =
      typeof graphApiUrl === "string" && !isUnknown(graphApiUrl) ? endpointOf(graphApiUrl) : graphApiUrl;
  return { inputs: inputs, failures };
}

/**
 * The state fields every resource records about its Page and how it was reached. The token is kept
 * (encrypted by the resource) only when it was an input; from config or environment only its
 * fingerprint is.
 *
 * @param s - the effective settings of the step
 * @param page - the Page
 * @param own - the resource's own app secret input, if any
 */
export function connectionOutputs(
  s: EffectiveSettings,
  page: PageIdentity,
  own: { readonly appSecret?: string },
): PageConnectionOutputs {
  return {
    pageId: page.id,
    // Shown by `pulumi stack output` and in diffs: controls and bidi overrides as escapes.
    pageName: printable(page.name),
    apiVersion: s.apiVersion,
    graphApiUrl: s.graphApiUrl,
    tokenSource: s.tokenSource,
    tokenFingerprint: tokenFingerprint(s.token),
    ...(s.tokenSource === "input" ? { pageAccessToken: s.token } : {}),
    ...(own.appSecret !== undefined ? { appSecret: own.appSecret } : {}),
  };
}

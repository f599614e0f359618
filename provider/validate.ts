/**
 * Input validation for `check`: every input, failures reported by property with a reason a person
 * can act on, unknown values (preview) let through. No network calls, and no reason ever quotes a
 * secret.
 *
 * @packageDocumentation
 */
import type { RetryOptions } from "./retry";
import type { AccountLinkingInputs } from "./types";
import { typeOf, urlProblem } from "./url-rules";
import { API_KINDS, DEFAULT_API_VERSION, type ApiKind } from "./wire";

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

/** A provider setting that was refused. */
export interface SettingProblem {
  /** The setting: `graphApiUrl` or a retry option. */
  readonly setting: "graphApiUrl" | keyof RetryOptions;
  /** Why, starting with the source, e.g. `stack config messenger:deadlineMs must be …`. */
  readonly reason: string;
}

/** Longest account linking URL accepted (Graph documents none; browsers and proxies cut near 2 KB). */
export const MAX_URL_LENGTH = 2000;

/** Longest token accepted: far above any Graph token, low enough to catch a pasted file. */
export const MAX_TOKEN_LENGTH = 4096;

/**
 * Reason why `url` is not an acceptable account linking URL, or undefined when it is: the common
 * URL rules of `url-rules.ts` (https only), with no fragment.
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

/**
 * Reason why `url` is not an acceptable Graph endpoint, or undefined: the common URL rules, https
 * or plain http on a loopback host (`localhost`, 127.0.0.0/8, `[::1]`), no query string or
 * fragment (not even an empty `?` or `#`). The same rule applies to the input, the stack config
 * `messenger:graphApiUrl` and the environment variable `MESSENGER_GRAPH_API_URL`.
 *
 * @param url - the candidate
 */
export function graphApiUrlProblem(url: unknown): string | undefined {
  return urlProblem(url, {
    httpOnLoopback: true,
    query: false,
    fragment: false,
    example: "https://graph.facebook.com, or http://127.0.0.1:8080 for the emulator",
  });
}

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

/** What validation knows about the provider's configuration. */
export interface ValidationContext {
  /** Whether a token is available from stack config or the environment. */
  readonly haveAmbientToken: boolean;
  /**
   * Provider settings refused when read (stack config, environment). Reported with an empty
   * property (the engine then blames the resource, not an input); a `graphApiUrl` problem only
   * when the input does not override the setting.
   */
  readonly settingProblems?: readonly SettingProblem[];
}

/** The connection inputs every resource shares, after validation. */
export interface ConnectionInputs {
  /** Page token input (may be unknown at preview). */
  readonly pageAccessToken?: string;
  /** App secret input. */
  readonly appSecret?: string;
  /** Graph version (default filled in by the caller). */
  readonly apiVersion?: string;
  /** Graph endpoint input, trailing slashes removed. */
  readonly graphApiUrl?: string;
}

/**
 * Validates the inputs every resource shares (token, app secret, Graph version and endpoint) and
 * the provider settings refused when read. Unknown values pass.
 *
 * @param news - the inputs as the engine passes them
 * @param apiVersion - the Graph version in force (the input, or the resource's default)
 * @param ctx - what the provider's configuration offers
 * @returns the defined connection inputs and every failure found
 */
export function validateConnection(
  news: Readonly<Record<string, unknown>>,
  apiVersion: unknown,
  ctx: ValidationContext,
): { inputs: ConnectionInputs; failures: InputFailure[] } {
  const failures: InputFailure[] = [];
  const check = (property: string, problem: string | undefined) => {
    if (problem) failures.push({ property, reason: `${property} ${problem}` });
  };
  const { pageAccessToken, appSecret, graphApiUrl } = news;
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
  for (const p of ctx.settingProblems ?? []) {
    if (p.setting === "graphApiUrl" && graphApiUrl !== undefined && graphApiUrl !== null) continue;
    failures.push({ property: "", reason: p.reason });
  }
  // Only defined values: the dynamic-provider host encodes the inputs as a protobuf Struct, which
  // throws ("Unexpected struct type") on undefined, hiding the failures above behind that error.
  const inputs: Record<string, unknown> = {};
  if (apiVersion !== undefined && apiVersion !== null) inputs.apiVersion = apiVersion;
  if (pageAccessToken !== undefined && pageAccessToken !== null) inputs.pageAccessToken = pageAccessToken;
  if (appSecret !== undefined && appSecret !== null) inputs.appSecret = appSecret;
  if (graphApiUrl !== undefined && graphApiUrl !== null)
    inputs.graphApiUrl =
      typeof graphApiUrl === "string" && !isUnknown(graphApiUrl) ? graphApiUrl.replace(/\/+$/, "") : graphApiUrl;
  return { inputs: inputs, failures };
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
  const { accountLinkingUrl } = news;
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
  const connection = validateConnection(news, apiVersion, ctx);
  failures.push(...connection.failures);

  const inputs: Record<string, unknown> = {};
  for (const [k, v] of [
    ["accountLinkingUrl", accountLinkingUrl],
    ["api", api],
  ] as const)
    if (v !== undefined && v !== null) inputs[k] = v;
  Object.assign(inputs, connection.inputs);
  return { inputs: inputs as unknown as AccountLinkingInputs, failures };
}

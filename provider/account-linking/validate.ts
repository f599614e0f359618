/**
 * `MessengerAccountLinking`'s inputs checked at `check`: the URL, the API and the connection
 * inputs every resource shares, each failure naming its input with a reason a person can act on.
 * Unknown values (preview) pass; no network call; no reason ever quotes a secret.
 *
 * @packageDocumentation
 */
import { validateConnection, type InputFailure } from "../core/connection";
import type { ProviderSettings } from "../core/settings";
import { isUnknown } from "../core/unknown";
import { accountLinkingUrlProblem, typeOf } from "../graph/url-rules";
import { API_KINDS, DEFAULT_API_VERSION, type ApiKind } from "./apis";
import type { AccountLinkingInputs } from "./types";

/** Reason why `v` is not a supported `api`, or undefined. */
export function apiProblem(v: unknown): string | undefined {
  if (typeof v === "string" && (API_KINDS as readonly string[]).includes(v)) return undefined;
  return `must be one of ${API_KINDS.map((k) => `"${k}"`).join(", ")} ("messenger_profile" is the live API), got ${typeof v === "string" ? JSON.stringify(v.slice(0, 40)) : typeOf(v)}`;
}

/**
 * Validates raw inputs and fills in defaults (`api`, `apiVersion`). Unknown values pass.
 *
 * @param news - the inputs as the engine passes them
 * @param settings - the provider settings
 * @returns the resolved inputs and every failure found
 */
export function validateInputs(
  news: Readonly<Record<string, unknown>>,
  settings: ProviderSettings,
): { inputs: AccountLinkingInputs; failures: InputFailure[] } {
  const failures: InputFailure[] = [];
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
  } else if (!isUnknown(accountLinkingUrl)) {
    const problem = accountLinkingUrlProblem(accountLinkingUrl);
    if (problem) failures.push({ property: "accountLinkingUrl", reason: `accountLinkingUrl ${problem}` });
  }
  const badApi = isUnknown(api) ? undefined : apiProblem(api);
  if (badApi) failures.push({ property: "api", reason: `api ${badApi}` });
  const connection = validateConnection(news, apiVersion, settings);
  failures.push(...connection.failures);

  const inputs: Record<string, unknown> = {};
  if (accountLinkingUrl !== undefined && accountLinkingUrl !== null) inputs.accountLinkingUrl = accountLinkingUrl;
  inputs.api = api;
  Object.assign(inputs, connection.inputs);
  return { inputs: inputs as unknown as AccountLinkingInputs, failures };
}

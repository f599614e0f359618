/**
 * The settings one resource's calls use: its own connection inputs (or what its state records)
 * layered over the provider settings, under the rule that binds a secret to its endpoint (a token or
 * app secret of stack config or the environment goes only to the provider's endpoint).
 *
 * @packageDocumentation
 */
import { DEFAULT_GRAPH_API_URL, DEFAULT_GRAPH_API_VERSION, endpointOf } from "../graph/endpoint";
import type { TokenSource } from "./page-connection";
import { MissingTokenError, type ProviderSettings } from "./settings";
import { isUnknown } from "./unknown";

/** What one resource's calls use. */
export interface EffectiveSettings {
  /** The token for the calls. */
  readonly token: string;
  /** Where it came from. */
  readonly tokenSource: TokenSource;
  /** App secret, when any. */
  readonly appSecret?: string;
  /** Endpoint. */
  readonly graphApiUrl: string;
  /** Graph version. */
  readonly apiVersion: string;
}

/** The subset of inputs or outputs that settings are resolved from. */
export interface SettingsSource {
  /** Token input. */
  readonly pageAccessToken?: string;
  /** App secret input. */
  readonly appSecret?: string;
  /** Endpoint input (or recorded output). */
  readonly graphApiUrl?: string;
  /** Version. */
  readonly apiVersion?: string;
}

/**
 * Thrown when a step would send a token or app secret of stack config or the environment to an
 * endpoint other than the provider's (see {@link boundSecretsProblem}). No call is made.
 */
export class UnboundSecretError extends Error {
  /** @param message - the reason, from {@link boundSecretsProblem} */
  constructor(message: string) {
    super(message);
    this.name = "UnboundSecretError";
  }
}

/** The endpoint the provider-wide secrets are bound to: config, else environment, else the default. */
export function providerEndpoint(provider: ProviderSettings): string {
  return provider.graphApiUrl ?? DEFAULT_GRAPH_API_URL;
}

/** What a resource brings of its own, as {@link boundSecretsProblem} reads it (an unknown value counts as given). */
export interface OwnConnection {
  /** Its endpoint (input or state), if any. */
  readonly graphApiUrl?: unknown;
  /** Its own token, if any. */
  readonly pageAccessToken?: unknown;
  /** Its own app secret, if any. */
  readonly appSecret?: unknown;
}

const present = (v: unknown): boolean => v !== undefined && v !== null;

/**
 * The rule that binds a secret to its endpoint: a token or app secret from stack config or the
 * environment is sent only to the provider's endpoint (`messenger:graphApiUrl`, else
 * `MESSENGER_GRAPH_API_URL`, else the default), whatever a resource or a caller of the provider
 * plugin asks. A resource whose endpoint is another one must bring its own `pageAccessToken`, and
 * its own `appSecret` when the provider has one. Returns why this resource breaks the rule, or
 * undefined when it keeps it.
 *
 * @param own - the resource's endpoint, token and app secret (inputs, or what its state records)
 * @param provider - the provider settings
 * @param usesPageToken - whether the resource's calls carry a Page token (an app's calls carry only the app secret)
 */
export function boundSecretsProblem(
  own: OwnConnection,
  provider: ProviderSettings,
  usesPageToken = true,
): string | undefined {
  // An endpoint not known yet (preview) is judged when it is: create and update see it known.
  if (typeof own.graphApiUrl !== "string" || isUnknown(own.graphApiUrl)) return undefined;
  const bound = providerEndpoint(provider);
  if (endpointOf(own.graphApiUrl) === endpointOf(bound)) return undefined;
  const borrowed: string[] = [];
  if (usesPageToken && !present(own.pageAccessToken) && provider.pageAccessToken) borrowed.push("token");
  if (!present(own.appSecret) && provider.appSecret !== undefined) borrowed.push("app secret");
  if (borrowed.length === 0) return undefined;
  const where =
    provider.graphApiUrl === undefined
      ? "the default endpoint"
      : provider.graphApiUrlFrom === "env"
        ? "MESSENGER_GRAPH_API_URL"
        : "messenger:graphApiUrl";
  const bring = !usesPageToken
    ? "appSecret as an input"
    : provider.appSecret === undefined
      ? "pageAccessToken as an input"
      : "pageAccessToken and appSecret as inputs";
  return (
    `graphApiUrl ${JSON.stringify(endpointOf(own.graphApiUrl))} is not the provider's Graph endpoint (${bound}, ${where}), ` +
    `and the ${borrowed.join(" and ")} of stack config or the environment ${borrowed.length > 1 ? "are" : "is"} sent only to that endpoint. ` +
    `Pass ${bring} of this resource (secrets) for its own endpoint, ` +
    "or remove its graphApiUrl to use the provider's endpoint, or point messenger:graphApiUrl at this endpoint"
  );
}

/**
 * Layers a resource's own values over the provider settings: input, then config, then environment,
 * then defaults. A secret of config or the environment is used only at the provider's endpoint.
 *
 * @param own - the resource's inputs or state
 * @param provider - the provider settings
 * @param defaultApiVersion - the Graph version when the resource names none
 * @throws MissingTokenError when no token is available
 * @throws UnboundSecretError when an ambient secret would go to another endpoint
 */
export function effectiveSettings(
  own: SettingsSource,
  provider: ProviderSettings,
  defaultApiVersion: string = DEFAULT_GRAPH_API_VERSION,
): EffectiveSettings {
  let token: string;
  let tokenSource: TokenSource;
  const unbound = boundSecretsProblem(own, provider);
  if (unbound !== undefined) throw new UnboundSecretError(`${unbound}.`);
  if (own.pageAccessToken !== undefined) {
    token = own.pageAccessToken;
    tokenSource = "input";
  } else if (provider.pageAccessToken) {
    token = provider.pageAccessToken.value;
    tokenSource = provider.pageAccessToken.source;
  } else {
    throw new MissingTokenError();
  }
  return {
    token,
    tokenSource,
    appSecret: own.appSecret ?? provider.appSecret,
    graphApiUrl: own.graphApiUrl ?? providerEndpoint(provider),
    apiVersion: own.apiVersion ?? defaultApiVersion,
  };
}

/**
 * Provider-wide settings (stack config read in `configure`, then environment) and the effective
 * settings of one resource (its inputs or outputs layered over them).
 *
 * @packageDocumentation
 */
import * as crypto from "crypto";
import { DEFAULT_GRAPH_API_URL, DEFAULT_GRAPH_API_VERSION, endpointOf, graphApiUrlProblem } from "../graph/endpoint";
import { DEFAULT_RETRY, retryOptionProblem, type RetryOptions } from "../graph/retry";
import { PULUMI_PACKAGE } from "./package-names";
import type { TokenSource } from "./page-connection";
import { isUnknown } from "./unknown";

/**
 * The connection settings of stack config, `messenger:<key>` (the provider's configuration in the
 * plugin's schema, with the HTTP tunables of `RetryOptions`). Each is used by every resource that
 * has no input of its own, and read from the environment when config is silent.
 */
export interface ConnectionConfig {
  /**
   * Page access token (with pages_messaging). Used by every resource that has no pageAccessToken
   * input. Else the environment variable MESSENGER_PAGE_ACCESS_TOKEN.
   */
  readonly pageAccessToken?: string;
  /** App secret: every call then carries appsecret_proof. Else MESSENGER_APP_SECRET. */
  readonly appSecret?: string;
  /**
   * Graph endpoint. Plain http only for loopback hosts. Else MESSENGER_GRAPH_API_URL; default
   * https://graph.facebook.com.
   */
  readonly graphApiUrl?: string;
}

/** Stack config keys the provider reads (namespace `messenger`). */
export const CONFIG_KEYS: { readonly [K in keyof ConnectionConfig]-?: string } = {
  pageAccessToken: `${PULUMI_PACKAGE}:pageAccessToken`,
  appSecret: `${PULUMI_PACKAGE}:appSecret`,
  graphApiUrl: `${PULUMI_PACKAGE}:graphApiUrl`,
};

/** Environment variables the provider reads when stack config is silent. */
export const ENV_VARS: { readonly [K in keyof ConnectionConfig]-?: string } = {
  pageAccessToken: "MESSENGER_PAGE_ACCESS_TOKEN",
  appSecret: "MESSENGER_APP_SECRET",
  graphApiUrl: "MESSENGER_GRAPH_API_URL",
};

/** The config keys that hold secrets (the schema marks them secret; programs read them with `getSecret`). */
export const SECRET_CONFIG_KEYS: readonly (keyof ConnectionConfig)[] = ["pageAccessToken", "appSecret"];

/** Config keys (without the `messenger:` prefix) and environment variables of each HTTP tunable. */
export const RETRY_SETTING_NAMES: Readonly<Record<keyof RetryOptions, { config: string; env: string }>> = {
  maxRetries: { config: "maxRetries", env: "MESSENGER_MAX_RETRIES" },
  backoffBaseMs: { config: "backoffBaseMs", env: "MESSENGER_BACKOFF_BASE_MS" },
  backoffMaxMs: { config: "backoffMaxMs", env: "MESSENGER_BACKOFF_MAX_MS" },
  jitter: { config: "jitter", env: "MESSENGER_JITTER" },
  attemptTimeoutMs: { config: "attemptTimeoutMs", env: "MESSENGER_ATTEMPT_TIMEOUT_MS" },
  deadlineMs: { config: "deadlineMs", env: "MESSENGER_DEADLINE_MS" },
};

/** A provider setting that was refused. */
export interface SettingProblem {
  /** The setting: `graphApiUrl` or a retry option. */
  readonly setting: "graphApiUrl" | keyof RetryOptions;
  /** Why, starting with the source, e.g. `stack config messenger:deadlineMs must be …`. */
  readonly reason: string;
}

/** Settings shared by every resource of a deployment. */
export interface ProviderSettings {
  /** Token from config or environment. */
  readonly pageAccessToken?: { readonly value: string; readonly source: Exclude<TokenSource, "input"> };
  /** App secret from config or environment. */
  readonly appSecret?: string;
  /** Endpoint from config or environment. */
  readonly graphApiUrl?: string;
  /** HTTP tunables (a refused value keeps its default, and is listed in `problems`). */
  readonly retry: RetryOptions;
  /**
   * Settings refused when read, each reason naming its source (config key or environment
   * variable). `check` reports them, so that a bad setting fails the preview with no request.
   */
  readonly problems?: readonly SettingProblem[];
}

/** One setting as read: its raw text and where it came from (for reasons). */
interface RawSetting {
  readonly raw: string;
  readonly from: "config" | "env";
  readonly source: string;
}

/** Reads one setting: its config key, else its environment variable (empty counts as unset). */
type SettingReader = (configKey: string, envName: string) => RawSetting | undefined;

function settingReader(
  getConfig: ((key: string) => string | undefined) | undefined,
  env: NodeJS.ProcessEnv,
): SettingReader {
  return (configKey, envName) => {
    const fromConfig = getConfig?.(configKey);
    if (fromConfig !== undefined && fromConfig !== "")
      return { raw: fromConfig, from: "config", source: `stack config ${configKey}` };
    const fromEnv = env[envName];
    if (fromEnv === undefined || fromEnv === "") return undefined;
    return { raw: fromEnv, from: "env", source: `environment variable ${envName}` };
  };
}

/** The HTTP tunables as set, each refused value kept at its default and reported. */
function readRetry(read: SettingReader, problems: SettingProblem[]): RetryOptions {
  const retry: Record<keyof RetryOptions, number> = { ...DEFAULT_RETRY };
  for (const key of Object.keys(RETRY_SETTING_NAMES) as Array<keyof RetryOptions>) {
    const names = RETRY_SETTING_NAMES[key];
    const setting = read(`${PULUMI_PACKAGE}:${names.config}`, names.env);
    if (setting === undefined || setting.raw.trim() === "") continue;
    // Decimal digits only: Number() would also read "0x10" as 16, "1e3" as 1000 and "0b1" as 1.
    const decimal = /^\s*-?(?:\d+|\d*\.\d+)\s*$/.test(setting.raw);
    const value = decimal ? Number(setting.raw) : Number.NaN;
    const problem = retryOptionProblem(key, value);
    if (problem === undefined) retry[key] = value;
    else
      problems.push({
        setting: key,
        reason: `${setting.source} ${problem}${decimal || Number.isNaN(Number(setting.raw)) ? "" : ", written in decimal digits"}, got ${JSON.stringify(setting.raw.slice(0, 40))}`,
      });
  }
  return retry;
}

/**
 * Reads provider settings: stack config first (when a config getter is given), then `env`.
 *
 * @param getConfig - `req.config.get` from `configure`, or undefined outside the engine
 * @param env - environment variables
 */
export function readProviderSettings(
  getConfig: ((key: string) => string | undefined) | undefined,
  env: NodeJS.ProcessEnv = process.env,
): ProviderSettings {
  const read = settingReader(getConfig, env);
  const token = read(CONFIG_KEYS.pageAccessToken, ENV_VARS.pageAccessToken);
  const problems: SettingProblem[] = [];
  const endpoint = read(CONFIG_KEYS.graphApiUrl, ENV_VARS.graphApiUrl);
  const endpointProblem = endpoint && graphApiUrlProblem(endpoint.raw);
  if (endpointProblem) problems.push({ setting: "graphApiUrl", reason: `${endpoint.source} ${endpointProblem}` });
  const retry = readRetry(read, problems);
  return {
    pageAccessToken: token === undefined ? undefined : { value: token.raw, source: token.from },
    appSecret: read(CONFIG_KEYS.appSecret, ENV_VARS.appSecret)?.raw,
    graphApiUrl: endpoint === undefined ? undefined : endpointOf(endpoint.raw),
    retry,
    problems,
  };
}

/**
 * The refused settings that stop a caller: every one, except a refused endpoint when the caller
 * brings its own (an input, a flag) or checks the endpoint it uses itself.
 *
 * @param settings - the provider settings
 * @param ownEndpoint - whether the caller's endpoint does not come from the settings
 */
export function refusedSettings(settings: ProviderSettings, ownEndpoint: boolean): SettingProblem[] {
  return (settings.problems ?? []).filter((p) => !(ownEndpoint && p.setting === "graphApiUrl"));
}

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

/** Thrown when no token is available at all. */
export class MissingTokenError extends Error {
  constructor() {
    super(
      "No Page access token: pass pageAccessToken as an input, or run `pulumi config set --secret messenger:pageAccessToken <token>`, or set MESSENGER_PAGE_ACCESS_TOKEN.",
    );
    this.name = "MissingTokenError";
  }
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
 */
export function boundSecretsProblem(own: OwnConnection, provider: ProviderSettings): string | undefined {
  // An endpoint not known yet (preview) is judged when it is: create and update see it known.
  if (typeof own.graphApiUrl !== "string" || isUnknown(own.graphApiUrl)) return undefined;
  const bound = providerEndpoint(provider);
  if (endpointOf(own.graphApiUrl) === endpointOf(bound)) return undefined;
  const borrowed: string[] = [];
  if (!present(own.pageAccessToken) && provider.pageAccessToken) borrowed.push("token");
  if (!present(own.appSecret) && provider.appSecret !== undefined) borrowed.push("app secret");
  if (borrowed.length === 0) return undefined;
  const where = provider.graphApiUrl === undefined ? "the default endpoint" : "messenger:graphApiUrl";
  const bring =
    provider.appSecret === undefined ? "pageAccessToken as an input" : "pageAccessToken and appSecret as inputs";
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

/**
 * A one-way fingerprint of a token: 16 hex digits of SHA-256 over a fixed prefix and the token.
 * It tells that a token changed; it cannot be turned back into the token. The prefix names the
 * package as it was first published: state of every version holds fingerprints made with it, so it
 * never changes.
 */
export function tokenFingerprint(token: string): string {
  let fp = fingerprints.get(token);
  if (fp === undefined) {
    fp = crypto
      .createHash("sha256")
      .update(`pulumi-messenger-account-linking/v1\u0000${token}`)
      .digest("hex")
      .slice(0, 16);
    if (fingerprints.size >= 256) fingerprints.clear();
    fingerprints.set(token, fp);
  }
  return fp;
}

/** Fingerprints already computed in this process (a provider host sees a handful of tokens). */
const fingerprints = new Map<string, string>();

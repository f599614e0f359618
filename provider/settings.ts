/**
 * Provider-wide settings (stack config read in `configure`, then environment) and the effective
 * settings of one resource (its inputs or outputs layered over them).
 *
 * @packageDocumentation
 */
import * as crypto from "crypto";
import { DEFAULT_RETRY, RETRY_SETTING_NAMES, retryOptionProblem, type RetryOptions } from "./retry";
import type { TokenSource } from "./types";
import { graphApiUrlProblem, type SettingProblem } from "./validate";
import { DEFAULT_API_VERSION, DEFAULT_GRAPH_API_URL, type ApiKind } from "./wire";

/** Stack config keys the provider reads (namespace `messenger`). */
export const CONFIG_KEYS = {
  pageAccessToken: "messenger:pageAccessToken",
  appSecret: "messenger:appSecret",
  graphApiUrl: "messenger:graphApiUrl",
} as const;

/** Environment variables the provider reads when stack config is silent. */
export const ENV_VARS = {
  pageAccessToken: "MESSENGER_PAGE_ACCESS_TOKEN",
  appSecret: "MESSENGER_APP_SECRET",
  graphApiUrl: "MESSENGER_GRAPH_API_URL",
} as const;

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
  const cfg = (key: string): string | undefined => {
    const v = getConfig?.(key);
    return v === undefined || v === "" ? undefined : v;
  };
  const envv = (name: string): string | undefined =>
    env[name] === undefined || env[name] === "" ? undefined : env[name];
  const tokenFromConfig = cfg(CONFIG_KEYS.pageAccessToken);
  const tokenFromEnv = envv(ENV_VARS.pageAccessToken);
  const pageAccessToken =
    tokenFromConfig !== undefined
      ? { value: tokenFromConfig, source: "config" as const }
      : tokenFromEnv !== undefined
        ? { value: tokenFromEnv, source: "env" as const }
        : undefined;
  const appSecret = cfg(CONFIG_KEYS.appSecret) ?? envv(ENV_VARS.appSecret);
  const problems: SettingProblem[] = [];
  // Each setting comes from its config key, else its environment variable; the source named in a
  // reason is the one that was read.
  const read = (configKey: string, envName: string): { raw: string; source: string } | undefined => {
    const fromConfig = cfg(configKey);
    if (fromConfig !== undefined) return { raw: fromConfig, source: `stack config ${configKey}` };
    const fromEnv = envv(envName);
    return fromEnv === undefined ? undefined : { raw: fromEnv, source: `environment variable ${envName}` };
  };
  const endpoint = read(CONFIG_KEYS.graphApiUrl, ENV_VARS.graphApiUrl);
  const endpointProblem = endpoint && graphApiUrlProblem(endpoint.raw);
  if (endpointProblem) problems.push({ setting: "graphApiUrl", reason: `${endpoint.source} ${endpointProblem}` });
  const retry: Record<keyof RetryOptions, number> = { ...DEFAULT_RETRY };
  for (const key of Object.keys(RETRY_SETTING_NAMES) as Array<keyof RetryOptions>) {
    const names = RETRY_SETTING_NAMES[key];
    const setting = read(`messenger:${names.config}`, names.env);
    if (setting === undefined || setting.raw.trim() === "") continue;
    const value = Number(setting.raw);
    const problem = retryOptionProblem(key, value);
    if (problem === undefined) retry[key] = value;
    else
      problems.push({
        setting: key,
        reason: `${setting.source} ${problem}, got ${JSON.stringify(setting.raw.slice(0, 40))}`,
      });
  }
  return {
    pageAccessToken,
    appSecret,
    graphApiUrl: endpoint?.raw.replace(/\/+$/, ""),
    retry,
    problems,
  };
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
  /** API. */
  readonly api: ApiKind;
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
  /** API. */
  readonly api?: ApiKind;
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
 * Layers a resource's own values over the provider settings: input, then config, then environment,
 * then defaults.
 *
 * @throws MissingTokenError when no token is available
 */
export function effectiveSettings(own: SettingsSource, provider: ProviderSettings): EffectiveSettings {
  const api: ApiKind = own.api ?? "messenger_profile";
  let token: string;
  let tokenSource: TokenSource;
  if (own.pageAccessToken !== undefined) {
    token = own.pageAccessToken;
    tokenSource = "input";
  } else if (provider.pageAccessToken) {
    token = provider.pageAccessToken.value;
    tokenSource = provider.pageAccessToken.source;
  } else {
    throw new MissingTokenError();
  }
  const appSecret = own.appSecret ?? provider.appSecret;
  return {
    token,
    tokenSource,
    appSecret,
    graphApiUrl: own.graphApiUrl ?? provider.graphApiUrl ?? DEFAULT_GRAPH_API_URL,
    api,
    apiVersion: own.apiVersion ?? DEFAULT_API_VERSION[api],
  };
}

/**
 * A one-way fingerprint of a token: 16 hex digits of SHA-256 over a fixed prefix and the token.
 * It tells that a token changed; it cannot be turned back into the token.
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

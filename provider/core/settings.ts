/**
 * Provider-wide settings (stack config read in `configure`, then environment); the settings of one
 * resource's calls are in `effective-settings.ts`.
 *
 * @packageDocumentation
 */
import * as crypto from "crypto";
import { endpointOf, graphApiUrlProblem } from "../graph/endpoint";
import { DEFAULT_RETRY, retryOptionProblem, type RetryOptions } from "../graph/retry";
import { PULUMI_PACKAGE } from "./package-names";
import type { TokenSource } from "./page-connection";

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
   * App id (digits, App Dashboard, Settings, Basic): the app of every MessengerWebhook and
   * MessengerPageSubscription that has no appId input. Else MESSENGER_APP_ID.
   */
  readonly appId?: string;
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
  appId: `${PULUMI_PACKAGE}:appId`,
  graphApiUrl: `${PULUMI_PACKAGE}:graphApiUrl`,
};

/** Environment variables the provider reads when stack config is silent. */
export const ENV_VARS: { readonly [K in keyof ConnectionConfig]-?: string } = {
  pageAccessToken: "MESSENGER_PAGE_ACCESS_TOKEN",
  appSecret: "MESSENGER_APP_SECRET",
  appId: "MESSENGER_APP_ID",
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
  /** The setting: `graphApiUrl`, `appId` or a retry option. */
  readonly setting: "graphApiUrl" | "appId" | keyof RetryOptions;
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
  /** Where the endpoint came from, when set. */
  readonly graphApiUrlFrom?: "config" | "env";
  /** App id from config or environment (a refused one is left out and listed in `problems`). */
  readonly appId?: string;
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
  const app = read(CONFIG_KEYS.appId, ENV_VARS.appId);
  const badApp = app && appIdProblem(app.raw);
  if (app && badApp) problems.push({ setting: "appId", reason: `${app.source} ${badApp}` });
  return {
    appId: app === undefined || badApp ? undefined : app.raw,
    pageAccessToken: token === undefined ? undefined : { value: token.raw, source: token.from },
    appSecret: read(CONFIG_KEYS.appSecret, ENV_VARS.appSecret)?.raw,
    graphApiUrl: endpoint === undefined ? undefined : endpointOf(endpoint.raw),
    ...(endpoint === undefined ? {} : { graphApiUrlFrom: endpoint.from }),
    retry,
    problems,
  };
}

/**
 * The refused settings that stop a caller: every one, except a refused endpoint when the caller
 * brings its own (an input, a flag) or checks the endpoint it uses itself, and a refused app id
 * (only the resources of an app use it, and they report it).
 *
 * @param settings - the provider settings
 * @param ownEndpoint - whether the caller's endpoint does not come from the settings
 */
export function refusedSettings(settings: ProviderSettings, ownEndpoint: boolean): SettingProblem[] {
  // A refused app id concerns the resources of an app only: they report it themselves (appSettingsProblems).
  return (settings.problems ?? []).filter(
    (p) => !(ownEndpoint && p.setting === "graphApiUrl") && p.setting !== "appId",
  );
}

/**
 * Reason why `v` is not an app id, or undefined: the digits the App Dashboard shows (Settings, Basic).
 *
 * @param v - the candidate
 */
export function appIdProblem(v: unknown): string | undefined {
  if (typeof v === "string" && /^[0-9]{1,32}$/.test(v)) return undefined;
  // Never quoted: a secret pasted into the wrong place would be shown.
  const got = typeof v === "string" ? `${v.length} characters, not all digits` : typeof v;
  return `must be the app id as the App Dashboard shows it (Settings, Basic: digits only), got ${got}; check that it is not the app secret`;
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

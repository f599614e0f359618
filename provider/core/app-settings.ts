/**
 * The app a resource works for (`MessengerWebhook`, `MessengerPageSubscription`): its id and secret,
 * each the resource's input, else stack config (`messenger:appId`, `messenger:appSecret`), else the
 * environment (`MESSENGER_APP_ID`, `MESSENGER_APP_SECRET`), under the rule that binds a secret of
 * stack config or the environment to the provider's endpoint. The app token is derived from them
 * for each call (`graph/app-operations.ts`), never stored.
 *
 * @packageDocumentation
 */
import { DEFAULT_GRAPH_API_VERSION } from "../graph/endpoint";
import { appSecretProblem, type InputFailure } from "./connection";
import { boundSecretsProblem, providerEndpoint, UnboundSecretError } from "./effective-settings";
import { appIdProblem, type ProviderSettings } from "./settings";
import { isUnknown } from "./unknown";

/** The app credentials and endpoint of one app resource's calls. Holds a secret: never log it. */
export interface AppSettings {
  /** The app id. */
  readonly appId: string;
  /** The app secret. */
  readonly appSecret: string;
  /** Endpoint. */
  readonly graphApiUrl: string;
  /** Graph version. */
  readonly apiVersion: string;
}

/** What an app resource brings of its own (inputs, or what its state records). */
export interface AppSource {
  /** App id input (or recorded). */
  readonly appId?: string;
  /** App secret input. */
  readonly appSecret?: string;
  /** Endpoint input (or recorded). */
  readonly graphApiUrl?: string;
  /** Version. */
  readonly apiVersion?: string;
}

/** Thrown when no app id or no app secret is available. */
export class MissingAppCredentialsError extends Error {
  /** @param what - `app id` or `app secret` */
  constructor(what: "app id" | "app secret") {
    super(
      what === "app id"
        ? "No app id: pass appId as an input, or run `pulumi config set messenger:appId <digits>`, or set MESSENGER_APP_ID."
        : "No app secret: pass appSecret as an input (a secret), or run `pulumi config set --secret messenger:appSecret <secret>`, or set MESSENGER_APP_SECRET.",
    );
    this.name = "MissingAppCredentialsError";
  }
}

const given = (v: unknown): boolean => v !== undefined && v !== null;

/**
 * The failures of an app resource's app inputs at `check`: `appId` (input, else a usable config or
 * environment value), and, when `needsSecret`, `appSecret` likewise. Unknown values pass.
 *
 * @param news - the inputs as the engine passes them
 * @param settings - the provider settings
 * @param needsSecret - whether the resource's calls need the app secret (the app token is made of it)
 */
export function appInputFailures(
  news: Readonly<Record<string, unknown>>,
  settings: ProviderSettings,
  needsSecret: boolean,
): InputFailure[] {
  const failures: InputFailure[] = [];
  const { appId, appSecret } = news;
  if (given(appId)) {
    const bad = isUnknown(appId) ? undefined : appIdProblem(appId);
    if (bad) failures.push({ property: "appId", reason: `appId ${bad}` });
  } else if (settings.appId === undefined) {
    const refused = settings.problems?.find((p) => p.setting === "appId");
    failures.push({
      property: "appId",
      reason: refused
        ? `appId is missing, and ${refused.reason}`
        : "appId is missing: pass it as an input, or run `pulumi config set messenger:appId <digits>`, or set MESSENGER_APP_ID",
    });
  }
  if (given(appSecret) && !isUnknown(appSecret)) {
    const bad = appSecretProblem(appSecret);
    if (bad) failures.push({ property: "appSecret", reason: `appSecret ${bad}` });
  } else if (!given(appSecret) && needsSecret && settings.appSecret === undefined) {
    failures.push({
      property: "appSecret",
      reason:
        "appSecret is missing: the app token is made of the app id and secret. Pass it as an input (a secret), or run `pulumi config set --secret messenger:appSecret <secret>`, or set MESSENGER_APP_SECRET",
    });
  }
  return failures;
}

/**
 * The app id of a resource: its own, else the provider's.
 *
 * @param own - the resource's app id input or recorded value
 * @param provider - the provider settings
 * @throws MissingAppCredentialsError when there is none
 */
export function effectiveAppId(own: string | undefined, provider: ProviderSettings): string {
  const appId = own ?? provider.appId;
  if (appId === undefined) throw new MissingAppCredentialsError("app id");
  return appId;
}

/**
 * Layers an app resource's own values over the provider settings (input, config, environment,
 * defaults). An app secret of config or the environment is used only at the provider's endpoint.
 *
 * @param own - the resource's inputs or state
 * @param provider - the provider settings
 * @param defaultApiVersion - the Graph version when the resource names none
 * @throws MissingAppCredentialsError when no app id or secret is available
 * @throws UnboundSecretError when the ambient app secret would go to another endpoint
 */
export function effectiveAppSettings(
  own: AppSource,
  provider: ProviderSettings,
  defaultApiVersion: string = DEFAULT_GRAPH_API_VERSION,
): AppSettings {
  const unbound = boundSecretsProblem(own, provider, false);
  if (unbound !== undefined) throw new UnboundSecretError(`${unbound}.`);
  const appId = effectiveAppId(own.appId, provider);
  const appSecret = own.appSecret ?? provider.appSecret;
  if (appSecret === undefined) throw new MissingAppCredentialsError("app secret");
  return {
    appId,
    appSecret,
    graphApiUrl: own.graphApiUrl ?? providerEndpoint(provider),
    apiVersion: own.apiVersion ?? defaultApiVersion,
  };
}

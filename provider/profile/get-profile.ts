/**
 * `getMessengerProfile`: a Page's current Messenger profile read into a Pulumi program, as an
 * `Output`, the way a data source reads. A thin wrapper over {@link readMessengerProfile}, the
 * async function that does the work (and that the tests call directly).
 *
 * @packageDocumentation
 */
import * as pulumi from "@pulumi/pulumi";
import { appSecretProblem, tokenProblem } from "../core/connection";
import type { ConnectionArgs } from "../core/connection-args";
import { PULUMI_PACKAGE } from "../core/package-names";
import {
  CONFIG_KEYS,
  SECRET_CONFIG_KEYS,
  readProviderSettings,
  refusedSettings,
  type ProviderSettings,
} from "../core/settings";
import { boundSecretsProblem, effectiveSettings } from "../core/effective-settings";
import { apiVersionProblem, endpointOf, graphApiUrlProblem } from "../graph/endpoint";
import { GraphOperations } from "../graph/operations";
import type { ProfileInputField, ProfilePlatform, ProfileWireField } from "../graph/profile-fields";
import { retryOptionsProblem, type RetryOptions } from "../graph/retry";
import { checkReadSelection, FUNCTION_ARG_NAMES, ProfileReadArgsError, readPageProfile } from "./read";
import type { NormalizedProfile } from "./types";
import { printable } from "../graph/printable";

/**
 * Arguments of {@link getMessengerProfile}: what to read, and (each optional) how to reach the Page.
 * The token and the app secret are never part of the result.
 */
export interface GetMessengerProfileArgs extends ConnectionArgs {
  /**
   * The fields to read, by input name (`"greeting"`, `"persistentMenu"`, …). Each must exist on the
   * platform.
   *
   * @defaultValue every field of the platform (seven on Messenger; `iceBreakers` and `persistentMenu` on Instagram)
   */
  readonly fields?: pulumi.Input<pulumi.Input<ProfileInputField>[]>;
  /**
   * Which profile of the Page.
   *
   * @defaultValue `"messenger"`
   */
  readonly platform?: pulumi.Input<ProfilePlatform>;
}

/** {@link GetMessengerProfileArgs} with every value known (what {@link readMessengerProfile} takes). */
export interface ResolvedGetMessengerProfileArgs {
  /** See {@link GetMessengerProfileArgs.fields}. */
  readonly fields?: readonly ProfileInputField[];
  /** See {@link GetMessengerProfileArgs.platform}. */
  readonly platform?: ProfilePlatform;
  /** See {@link GetMessengerProfileArgs.pageAccessToken}. */
  readonly pageAccessToken?: string;
  /** See {@link GetMessengerProfileArgs.appSecret}. */
  readonly appSecret?: string;
  /** See {@link GetMessengerProfileArgs.apiVersion}. */
  readonly apiVersion?: string;
  /** See {@link GetMessengerProfileArgs.graphApiUrl}. */
  readonly graphApiUrl?: string;
}

/** Options of {@link getMessengerProfile}. */
export interface GetMessengerProfileOptions {
  /**
   * Retry tunables, over those of stack config (`messenger:maxRetries`, …) and the environment
   * (`MESSENGER_MAX_RETRIES`, …), as for the resources.
   */
  readonly retry?: Partial<RetryOptions>;
}

/**
 * A Page's profile as read: every field read that is set on the Page, normalized (input names, the
 * same canonical form as `MessengerProfile`'s outputs; a field not set is absent), and who the Page
 * is. Holds no credential, and is never secret.
 */
export interface GetMessengerProfileResult extends NormalizedProfile {
  /** The Page id of the token. */
  readonly pageId: string;
  /** The Page name. */
  readonly pageName: string;
  /** The platform read. */
  readonly platform: ProfilePlatform;
  /** The wire names of the fields read that are set on the Page, in POST order. */
  readonly fieldsSet: readonly ProfileWireField[];
}

const fail = (property: string, reason: string): never => {
  throw new ProfileReadArgsError(property, `${FUNCTION_ARG_NAMES.prefix}${property} ${reason}`);
};

/**
 * The work of {@link getMessengerProfile}, with every value known: checks the arguments and
 * settings (no call when one is refused), then makes 2 calls at the same time: `GET /me` (who the
 * Page is; not counted in the profile's budget of 10 calls per 10 minutes) and one
 * `GET /me/messenger_profile?fields=…` of the selected fields.
 *
 * @example
 * ```ts
 * const settings = readProviderSettings(undefined, process.env);
 * const current = await readMessengerProfile({ fields: ["greeting"] }, settings);
 * console.log(current.greeting);
 * ```
 *
 * @param args - the arguments, resolved
 * @param settings - what stack config and the environment provide (token, app secret, endpoint, retries)
 * @param options - retry tunables over the settings'
 * @throws {@link ProfileReadArgsError} for a refused argument or setting, `MissingTokenError` with
 *   no token anywhere, `GraphApiError` when a call fails
 */
export async function readMessengerProfile(
  args: ResolvedGetMessengerProfileArgs,
  settings: ProviderSettings,
  options: GetMessengerProfileOptions = {},
): Promise<GetMessengerProfileResult> {
  const selection = checkReadSelection(args.fields, args.platform, FUNCTION_ARG_NAMES);
  const given = <T>(v: T | undefined | null): v is T => v !== undefined && v !== null;
  const problem = (property: string, reason: string | undefined) => reason !== undefined && fail(property, reason);
  if (given(args.pageAccessToken)) problem("pageAccessToken", tokenProblem(args.pageAccessToken));
  if (given(args.appSecret)) problem("appSecret", appSecretProblem(args.appSecret));
  if (given(args.apiVersion)) problem("apiVersion", apiVersionProblem(args.apiVersion));
  if (given(args.graphApiUrl)) problem("graphApiUrl", graphApiUrlProblem(args.graphApiUrl));
  problem("graphApiUrl", boundSecretsProblem(args, settings));
  for (const p of refusedSettings(settings, given(args.graphApiUrl)))
    throw new ProfileReadArgsError(p.setting, `${FUNCTION_ARG_NAMES.prefix}${p.reason}`);
  const retry = { ...settings.retry, ...options.retry };
  const retryProblem = retryOptionsProblem(retry);
  if (retryProblem !== undefined) fail("retry", retryProblem);
  const eff = effectiveSettings(
    {
      pageAccessToken: args.pageAccessToken ?? undefined,
      appSecret: args.appSecret ?? undefined,
      graphApiUrl: given(args.graphApiUrl) ? endpointOf(args.graphApiUrl) : undefined,
      apiVersion: args.apiVersion ?? undefined,
    },
    settings,
  );
  if (eff.tokenSource !== "input")
    problem(
      `pageAccessToken (from ${eff.tokenSource === "config" ? `stack config ${CONFIG_KEYS.pageAccessToken}` : "the environment"})`,
      tokenProblem(eff.token),
    );
  const page = new GraphOperations({ retry }).page({
    graphApiUrl: eff.graphApiUrl,
    token: eff.token,
    appSecret: eff.appSecret,
    apiVersion: eff.apiVersion,
  });
  const snapshot = await readPageProfile(page, { ...selection, identify: true });
  return {
    ...snapshot.profile,
    pageId: snapshot.pageId ?? "",
    pageName: printable(snapshot.pageName ?? ""),
    platform: snapshot.platform,
    fieldsSet: snapshot.fields,
  };
}

/**
 * Provider settings with the token and app secret of stack config, once known (the program reads
 * them with `getSecret`): they win over the environment's.
 *
 * @param settings - settings read from the plain config keys and the environment
 * @param token - `messenger:pageAccessToken`, when set
 * @param appSecret - `messenger:appSecret`, when set
 */
export function settingsWithConfigSecrets(
  settings: ProviderSettings,
  token: string | undefined,
  appSecret: string | undefined,
): ProviderSettings {
  return {
    ...settings,
    ...(token !== undefined && token !== "" ? { pageAccessToken: { value: token, source: "config" as const } } : {}),
    ...(appSecret !== undefined && appSecret !== "" ? { appSecret } : {}),
  };
}

/**
 * Reads a Page's current Messenger profile into a Pulumi program, like a data source: the fields
 * that are set, normalized, with the Page's id and name.
 *
 * - **Calls:** 2, made at the same time, each time the program runs (`pulumi preview` included, as
 *   soon as every argument is known): `GET /me` (not counted in the profile's budget of 10 calls
 *   per 10 minutes per Page) and one `GET /me/messenger_profile?fields=…` (counted).
 * - **Unknown arguments:** while an argument is not known (e.g. at preview, the output of a resource
 *   being created) no call is made and the result is unknown.
 * - **Settings:** token, app secret and endpoint from the arguments, else stack config
 *   (`messenger:pageAccessToken` and `messenger:appSecret` read with `getSecret`,
 *   `messenger:graphApiUrl`), else the environment (`MESSENGER_PAGE_ACCESS_TOKEN`, …), as for the
 *   resources; retry tunables from config and environment too.
 * - **Secrecy:** the result never holds the token or app secret, and is not secret even when they are.
 * - **Order:** it reads when its arguments are known, not after other resources: to read after a
 *   `MessengerProfile` is updated, derive an argument from one of its outputs (e.g.
 *   `platform: profile.platform`).
 *
 * Arguments are checked before any call; a refused one fails the program with a
 * `ProfileReadArgsError` whose message names it, e.g.
 * `getMessengerProfile: fields[1] "get_started" is the wire name: write "getStarted"`.
 * A failed call fails it with the `GraphApiError`.
 *
 * @example
 * ```ts
 * import { getMessengerProfile } from "pulumi-messenger";
 *
 * const current = getMessengerProfile({ fields: ["greeting", "persistentMenu"] });
 * export const greeting = current.greeting;
 * export const pageName = current.pageName;
 * ```
 *
 * @param args - fields, platform and (optional) settings
 * @param opts - retry tunables
 * @returns the profile, as an `Output`
 * @see https://developers.facebook.com/docs/messenger-platform/reference/messenger-profile-api/
 */
export function getMessengerProfile(
  args: GetMessengerProfileArgs = {},
  opts: GetMessengerProfileOptions = {},
): pulumi.Output<GetMessengerProfileResult> {
  const config = new pulumi.Config(PULUMI_PACKAGE);
  const prefix = `${PULUMI_PACKAGE}:`;
  const secretKeys: readonly string[] = SECRET_CONFIG_KEYS.map((k) => CONFIG_KEYS[k]);
  // Plain settings (endpoint, retries) now; the token and the app secret as secrets, below.
  const settings = readProviderSettings((key) =>
    secretKeys.includes(key) || !key.startsWith(prefix) ? undefined : config.get(key.slice(prefix.length)),
  );
  const read = pulumi
    .all([pulumi.output(args), config.getSecret("pageAccessToken"), config.getSecret("appSecret")])
    .apply(([resolved, token, appSecret]) =>
      readMessengerProfile(resolved, settingsWithConfigSecrets(settings, token, appSecret), opts),
    );
  // The result holds no credential: it is not secret even when the token is.
  return pulumi.unsecret(read);
}

/**
 * The two Graph APIs that set a Page's account linking URL: the live Messenger Profile API, and the
 * original 2016 Thread Settings call, byte for byte, which only this resource makes (it has no GET).
 *
 * - thread_settings: `POST /{version}/me/thread_settings` with
 *   `{"setting_type":"account_linking","account_linking_url":…}`; `DELETE` with
 *   `{"setting_type":"account_linking"}`;
 * - messenger_profile: the shared profile calls (`graph/wire.ts`) on the one field `account_linking_url`.
 *
 * @packageDocumentation
 */
import type { PageOperations } from "../graph/operations";
import { parseDeleteAnswer, parseSetAnswer, type WireRequest } from "../graph/wire";

/** Which Graph API sets the URL. */
export type ApiKind = "messenger_profile" | "thread_settings";

/** Every supported {@link ApiKind}. */
export const API_KINDS: readonly ApiKind[] = ["messenger_profile", "thread_settings"];

/** Default Graph version per API. */
export const DEFAULT_API_VERSION: Readonly<Record<ApiKind, string>> = {
  messenger_profile: "v25.0",
  thread_settings: "v2.6",
};

/**
 * `POST /{version}/me/thread_settings` with `{"setting_type":"account_linking","account_linking_url":…}`.
 *
 * @param version - Graph version
 * @param url - the account linking URL
 */
export function threadSettingsSetRequest(version: string, url: string): WireRequest {
  return {
    method: "POST",
    path: `/${version}/me/thread_settings`,
    query: [],
    body: { setting_type: "account_linking", account_linking_url: url },
  };
}

/**
 * `DELETE /{version}/me/thread_settings` with `{"setting_type":"account_linking"}`.
 *
 * @param version - Graph version
 */
export function threadSettingsDeleteRequest(version: string): WireRequest {
  return {
    method: "DELETE",
    path: `/${version}/me/thread_settings`,
    query: [],
    body: { setting_type: "account_linking" },
  };
}

/**
 * Sets the URL with the API's call: one POST.
 *
 * @param page - the Page's operations
 * @param api - the API
 * @param url - the account linking URL
 */
export async function setAccountLinkingUrl(page: PageOperations, api: ApiKind, url: string): Promise<void> {
  if (api === "thread_settings") await page.send(threadSettingsSetRequest(page.version, url), parseSetAnswer);
  else await page.setFields({ account_linking_url: url });
}

/**
 * Removes the URL with the API's call: one DELETE. A URL already gone counts as removed.
 *
 * @param page - the Page's operations
 * @param api - the API
 */
export async function deleteAccountLinkingUrl(page: PageOperations, api: ApiKind): Promise<void> {
  if (api === "thread_settings") await page.send(threadSettingsDeleteRequest(page.version), parseDeleteAnswer);
  else await page.deleteFields(["account_linking_url"]);
}

/**
 * Reads the URL (messenger_profile only: Thread Settings has no GET): one GET.
 *
 * @param page - the Page's operations
 * @returns the URL, or undefined when none is set
 */
export async function getAccountLinkingUrl(page: PageOperations): Promise<string | undefined> {
  const { account_linking_url: url } = await page.getFields(["account_linking_url"]);
  return typeof url === "string" ? url : undefined;
}

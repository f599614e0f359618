/**
 * `MessengerPageSubscription`'s inputs checked at `check`, with no call: the fields, the app id and
 * the connection inputs every resource shares, each failure naming its input. Unknown values pass.
 *
 * @packageDocumentation
 */
import { appInputFailures } from "../core/app-settings";
import { validateConnection, type InputFailure } from "../core/connection";
import { capFailures, checkFieldList } from "../core/field-list";
import type { ProviderSettings } from "../core/settings";
import { DEFAULT_GRAPH_API_VERSION } from "../graph/endpoint";
import { PAGE_SUBSCRIPTION_FIELDS } from "../graph/webhook-fields";
import type { PageSubscriptionInputs } from "./types";

/**
 * Validates raw inputs and fills in defaults. Unknown values pass.
 *
 * @param news - the inputs as the engine passes them
 * @param settings - the provider settings
 * @returns the checked inputs and every failure found (at most 20, then a count)
 */
export function validatePageSubscriptionInputs(
  news: Readonly<Record<string, unknown>>,
  settings: ProviderSettings,
): { inputs: PageSubscriptionInputs; failures: InputFailure[] } {
  const fields = checkFieldList(
    news.subscribedFields,
    "subscribedFields",
    PAGE_SUBSCRIPTION_FIELDS,
    "a Page's subscription",
  );
  const apiVersion = news.apiVersion ?? DEFAULT_GRAPH_API_VERSION;
  const connection = validateConnection(news, apiVersion, settings);
  const failures = [...fields.failures, ...appInputFailures(news, settings, false), ...connection.failures];
  const inputs: Record<string, unknown> = {
    subscribedFields: fields.fields ?? news.subscribedFields ?? [],
    ...connection.inputs,
  };
  if (news.appId !== undefined && news.appId !== null) inputs.appId = news.appId;
  return { inputs: inputs as unknown as PageSubscriptionInputs, failures: capFailures(failures) };
}

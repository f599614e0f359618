/**
 * `MessengerWebhook`'s inputs checked at `check`, with no call: the callback URL (the
 * `webhookCallback` row of the URL rules), the verify token, the object and its fields, the app's
 * credentials and the endpoint, each failure naming its input. Unknown values pass; no reason ever
 * quotes a secret.
 *
 * @packageDocumentation
 */
import { appInputFailures } from "../core/app-settings";
import type { InputFailure } from "../core/connection";
import { boundSecretsProblem } from "../core/effective-settings";
import { capFailures, checkFieldList } from "../core/field-list";
import { refusedSettings, type ProviderSettings } from "../core/settings";
import { isUnknown } from "../core/unknown";
import { apiVersionProblem, DEFAULT_GRAPH_API_VERSION, endpointOf, graphApiUrlProblem } from "../graph/endpoint";
import { canonicalUrl, typeOf, urlFieldProblem } from "../graph/url-rules";
import { DEFAULT_WEBHOOK_OBJECT, isWebhookObject, WEBHOOK_FIELDS, WEBHOOK_OBJECTS } from "../graph/webhook-fields";
import type { WebhookInputs } from "./types";

/** Longest verify token accepted (Graph documents none; it travels in a query string). */
export const MAX_VERIFY_TOKEN_LENGTH = 256;

/** Whitespace, controls, format characters, separators and lone surrogates. */
const NOT_PRINTABLE = /[\p{Cc}\p{Cf}\p{Z}\p{Cs}]/u;

const given = (v: unknown): boolean => v !== undefined && v !== null;

/** Reason why `v` is not a usable verify token, or undefined. Never quotes it. */
export function verifyTokenProblem(v: unknown): string | undefined {
  if (typeof v !== "string")
    return `must be a string (the secret your callback compares hub.verify_token with), got ${typeOf(v)}`;
  if (v === "") return "must not be empty: choose a random string and give your callback the same one";
  const bad = NOT_PRINTABLE.exec(v);
  if (bad)
    return `must be printable, without whitespace, control or invisible characters (U+${(bad[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")} at index ${bad.index})`;
  if (v.length > MAX_VERIFY_TOKEN_LENGTH)
    return `is over ${MAX_VERIFY_TOKEN_LENGTH} characters: choose a shorter random string`;
  return undefined;
}

/** The failures of the endpoint and version inputs of an app resource. */
function endpointFailures(news: Readonly<Record<string, unknown>>, settings: ProviderSettings): InputFailure[] {
  const failures: InputFailure[] = [];
  const { apiVersion, graphApiUrl } = news;
  if (given(apiVersion) && !isUnknown(apiVersion)) {
    const bad = apiVersionProblem(apiVersion);
    if (bad) failures.push({ property: "apiVersion", reason: `apiVersion ${bad}` });
  }
  if (given(graphApiUrl) && !isUnknown(graphApiUrl)) {
    const bad = graphApiUrlProblem(graphApiUrl);
    if (bad) failures.push({ property: "graphApiUrl", reason: `graphApiUrl ${bad}` });
    else {
      const unbound = boundSecretsProblem({ graphApiUrl, appSecret: news.appSecret }, settings, false);
      if (unbound !== undefined) failures.push({ property: "graphApiUrl", reason: unbound });
    }
  }
  for (const p of refusedSettings(settings, given(graphApiUrl))) failures.push({ property: "", reason: p.reason });
  return failures;
}

/** Checks a boolean input, or fills in false. */
function flag(news: Readonly<Record<string, unknown>>, key: string, failures: InputFailure[]): unknown {
  const v = news[key];
  if (!given(v)) return false;
  if (!isUnknown(v) && typeof v !== "boolean")
    failures.push({ property: key, reason: `${key} must be true or false, got ${typeOf(v)}` });
  return v;
}

/**
 * What of the app's subscription a step from `olds` to `news` would POST again, as the inputs to
 * name: "" for a new subscription (no previous inputs, another app or object), else the changed
 * inputs among the callback, an added field and `includeValues`, else undefined (no POST: a
 * removal only DELETEs, the secrets and `takeOverCallback` are state). Unknown values count as
 * changes.
 *
 * @param olds - the previous checked inputs (the state's, after an import: what Graph had)
 * @param news - the new inputs, `object` defaulted and `callbackUrl` canonical
 * @returns "" for a create, the changed inputs joined, or undefined
 */
export function postingChange(
  olds: Readonly<Record<string, unknown>>,
  news: Readonly<Record<string, unknown>>,
): string | undefined {
  if (!given(olds.callbackUrl) || olds.object !== news.object || olds.appId !== news.appId) return "";
  const changed: string[] = [];
  if (olds.callbackUrl !== news.callbackUrl) changed.push("callbackUrl");
  const had = Array.isArray(olds.fields) ? (olds.fields as unknown[]) : [];
  if (!Array.isArray(news.fields) || news.fields.some((f) => !had.includes(f))) changed.push("fields (a field added)");
  if ((olds.includeValues ?? false) !== (news.includeValues ?? false)) changed.push("includeValues");
  if (olds.graphApiUrl !== news.graphApiUrl) changed.push("graphApiUrl");
  return changed.length > 0 ? changed.join(", ") : undefined;
}

/**
 * Validates raw inputs and fills in defaults (`object` page, `includeValues` and `takeOverCallback`
 * false, `apiVersion`). Unknown values pass. `verifyToken` is required when the step POSTs the
 * subscription ({@link postingChange}); with no previous inputs, always.
 *
 * @param news - the inputs as the engine passes them
 * @param settings - the provider settings
 * @param olds - the previous checked inputs, when the resource exists
 * @returns the checked inputs and every failure found (at most 20, then a count)
 */
export function validateWebhookInputs(
  news: Readonly<Record<string, unknown>>,
  settings: ProviderSettings,
  olds?: Readonly<Record<string, unknown>>,
): { inputs: WebhookInputs; failures: InputFailure[] } {
  const failures: InputFailure[] = [];
  const object = given(news.object) ? news.object : DEFAULT_WEBHOOK_OBJECT;
  if (!isUnknown(object) && !isWebhookObject(object))
    failures.push({
      property: "object",
      reason: `object must be one of ${WEBHOOK_OBJECTS.map((o) => `"${o}"`).join(", ")} ("page" is Messenger), got ${typeof object === "string" ? JSON.stringify(object.slice(0, 40)) : typeOf(object)}`,
    });
  let callbackUrl = news.callbackUrl;
  if (!given(callbackUrl))
    failures.push({
      property: "callbackUrl",
      reason: "callbackUrl is required: the absolute https URL of your bot's webhook",
    });
  else if (!isUnknown(callbackUrl)) {
    const bad = urlFieldProblem("webhookCallback", callbackUrl);
    if (bad) failures.push({ property: "callbackUrl", reason: `callbackUrl ${bad}` });
    else callbackUrl = canonicalUrl(callbackUrl as string);
  }
  const fieldNames = isWebhookObject(object) ? WEBHOOK_FIELDS[object] : undefined;
  const fields = fieldNames
    ? checkFieldList(news.fields, "fields", fieldNames, `the ${String(object)} object`)
    : undefined;
  if (fields) failures.push(...fields.failures);
  if (!given(news.verifyToken)) {
    const change = postingChange(olds ?? {}, { ...news, object, callbackUrl, fields: fields?.fields ?? news.fields });
    if (change !== undefined)
      failures.push({
        property: "verifyToken",
        reason:
          change === ""
            ? "verifyToken is required: the secret Graph sends your callback to prove the subscription is yours"
            : `verifyToken is required to change ${change}: Graph verifies the callback again with it (an imported webhook has none until the program gives one)`,
      });
  } else if (!isUnknown(news.verifyToken)) {
    const bad = verifyTokenProblem(news.verifyToken);
    if (bad) failures.push({ property: "verifyToken", reason: `verifyToken ${bad}` });
  }
  const includeValues = flag(news, "includeValues", failures);
  const takeOverCallback = flag(news, "takeOverCallback", failures);
  failures.push(...appInputFailures(news, settings, true), ...endpointFailures(news, settings));
  const inputs: Record<string, unknown> = {
    object,
    includeValues,
    takeOverCallback,
    apiVersion: given(news.apiVersion) ? news.apiVersion : DEFAULT_GRAPH_API_VERSION,
  };
  if (given(callbackUrl)) inputs.callbackUrl = callbackUrl;
  if (given(news.verifyToken)) inputs.verifyToken = news.verifyToken;
  inputs.fields = fields?.fields ?? news.fields ?? [];
  for (const key of ["appId", "appSecret"]) if (given(news[key])) inputs[key] = news[key];
  if (given(news.graphApiUrl))
    inputs.graphApiUrl =
      typeof news.graphApiUrl === "string" && !isUnknown(news.graphApiUrl) && !graphApiUrlProblem(news.graphApiUrl)
        ? endpointOf(news.graphApiUrl)
        : news.graphApiUrl;
  return { inputs: inputs as unknown as WebhookInputs, failures: capFailures(failures) };
}

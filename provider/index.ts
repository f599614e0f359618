/**
 * pulumi-messenger-account-linking: a Pulumi resource that owns a Facebook Messenger Page's
 * account linking URL.
 *
 * This entry point holds what a Pulumi program needs: the resource, its input and output types,
 * the error classes and the settings types. The HTTP client, the lifecycle, the settings reader and
 * the redaction function are internal (the tests import them from their modules).
 *
 * @packageDocumentation
 */
export { MessengerAccountLinking, type MessengerAccountLinkingArgs } from "./resource";
export type { AccountLinkingInputs, AccountLinkingOutputs, TokenSource } from "./types";
export { GraphApiError, type GraphErrorKind, type GraphErrorBody } from "./errors";
export { MissingTokenError, CONFIG_KEYS, ENV_VARS, type ProviderSettings } from "./settings";
export { DEFAULT_RETRY, type RetryOptions } from "./retry";
export { DEFAULT_API_VERSION, DEFAULT_GRAPH_API_URL, type ApiKind } from "./wire";
export type { SettingProblem } from "./validate";

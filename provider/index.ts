/**
 * pulumi-messenger-account-linking: a Pulumi resource that owns a Facebook Messenger Page's
 * account linking URL.
 *
 * @packageDocumentation
 */
export { MessengerAccountLinking, type MessengerAccountLinkingArgs } from "./resource";
export { GraphApiError, type GraphErrorKind, type GraphErrorBody } from "./errors";
export {
  GraphClient,
  appSecretProof,
  type GraphClientOptions,
  type GraphCredentials,
  type AttemptReport,
} from "./graph-client";
export { AccountLinkingLifecycle, type LifecycleOptions } from "./lifecycle";
export { DEFAULT_RETRY, type RetryOptions } from "./retry";
export { CONFIG_KEYS, ENV_VARS, readProviderSettings, type ProviderSettings } from "./settings";
export { redact, REDACTED } from "./redact";
export type { AccountLinkingInputs, AccountLinkingOutputs, TokenSource } from "./types";
export { DEFAULT_API_VERSION, DEFAULT_GRAPH_API_URL, type ApiKind } from "./wire";

/**
 * A local Graph API emulator for a Page's Messenger set-up (account linking, the Messenger
 * profile, apps and webhook subscriptions, callback verification and event delivery): the embedded
 * default on which the demo, the tests and the benchmarks run, with no Facebook account.
 *
 * @packageDocumentation
 */
export {
  startEmulator,
  EMULATOR_LIMITS,
  EMULATOR_CONNECTION_LIMITS,
  type ConnectionLimits,
  type Emulator,
  type EmulatorOptions,
} from "./server";
export { REDACTED, type LoggedRequest } from "./request-log";
export { CONTROL_TOKEN_HEADER, isLoopbackAddress } from "./access";
export { EmulatorInputError } from "./validate";
export { DEFAULT_PAGES, makePages, type PageSeed, type PageState, type RateLimitOptions } from "./pages";
export type { ProfileDocument, ProfilePlatform } from "./profile-rules";
export type { ChaosSpec, FaultSpec, FaultKind, FaultMatch } from "./faults";
export {
  DEFAULT_APPS,
  appAccessToken,
  type AppSeed,
  type AppState,
  type AppSubscriptionSpec,
  type AppSubscriptionState,
} from "./apps";
export { WEBHOOK_FIELDS, WEBHOOK_OBJECTS, type WebhookObject } from "./webhook-fields";
export type { DeliveryReport, DeliverySpec } from "./delivery";
export type { OutboundRequest } from "./outbound-log";

/**
 * pulumi-messenger: Pulumi resources that own a Facebook Page's Messenger set-up: its Messenger
 * profile (`MessengerProfile`), its account linking URL (`MessengerAccountLinking`), the app's
 * webhook (`MessengerWebhook`) and the Page's subscription of the app (`MessengerPageSubscription`),
 * with a local Graph API emulator (`pulumi-messenger/emulator`).
 *
 * This entry point holds what a Pulumi program needs: the resources, their input and output types,
 * the read function, the error classes and the settings types. The HTTP client, the lifecycles, the
 * settings reader and the redaction function are internal (the tests import them from their modules).
 *
 * @packageDocumentation
 */
export { MessengerAccountLinking, type MessengerAccountLinkingArgs } from "./account-linking/resource";
export type { AccountLinkingInputs, AccountLinkingOutputs } from "./account-linking/types";
export { DEFAULT_API_VERSION, type ApiKind } from "./account-linking/apis";
export { MessengerProfile, type MessengerProfileArgs } from "./profile/resource";
export {
  getMessengerProfile,
  type GetMessengerProfileArgs,
  type GetMessengerProfileOptions,
  type GetMessengerProfileResult,
} from "./profile/get-profile";
export { ProfileReadArgsError } from "./profile/read";
export type {
  CommandArgs,
  CommandsLocaleArgs,
  DeclaredProfile,
  GetStartedArgs,
  GreetingArgs,
  GreetingLocaleArgs,
  IceBreakerArgs,
  IceBreakersArgs,
  IceBreakersLocaleArgs,
  MenuItemArgs,
  MessengerProfileInputs,
  MessengerProfileOutputs,
  PersistentMenuLocaleArgs,
  PostbackMenuItemArgs,
  ProfileLocale,
  WebUrlMenuItemArgs,
  WebviewHeightRatio,
  WebviewShareButton,
  NormalizedProfile,
  NormalizedCommand,
  NormalizedCommandsLocale,
  NormalizedGetStarted,
  NormalizedGreeting,
  NormalizedIceBreaker,
  NormalizedIceBreakersLocale,
  NormalizedMenuItem,
  NormalizedMenuLocale,
  NormalizedPostbackItem,
  NormalizedWebUrlItem,
} from "./profile/types";
export {
  PROFILE_PLATFORMS,
  PROFILE_WIRE_FIELDS,
  type ProfilePlatform,
  type ProfileWireField,
  type ProfileInputField,
} from "./graph/profile-fields";
export { MessengerWebhook, type MessengerWebhookArgs } from "./webhook/resource";
export type { WebhookInputs, WebhookOutputs } from "./webhook/types";
export { MessengerPageSubscription, type MessengerPageSubscriptionArgs } from "./page-subscription/resource";
export type { PageSubscriptionInputs, PageSubscriptionOutputs } from "./page-subscription/types";
export { WEBHOOK_OBJECTS, WEBHOOK_FIELDS, PAGE_SUBSCRIPTION_FIELDS, type WebhookObject } from "./graph/webhook-fields";
export { DeliveryConflictError } from "./core/delivery-claims";
export { MissingAppCredentialsError } from "./core/app-settings";
export type { ConnectionArgs } from "./core/connection-args";
export type { PageConnectionOutputs, TokenSource } from "./core/page-connection";
export { FieldConflictError } from "./core/field-claims";
export { MissingTokenError, CONFIG_KEYS, ENV_VARS, type ProviderSettings, type SettingProblem } from "./core/settings";
export { GraphApiError, type GraphErrorKind, type GraphErrorBody } from "./graph/errors";
export { DEFAULT_GRAPH_API_URL } from "./graph/endpoint";
export { DEFAULT_RETRY, type RetryOptions } from "./graph/retry";

/**
 * pulumi-messenger-account-linking: Pulumi resources that own a Facebook Messenger Page's account
 * linking URL (`MessengerAccountLinking`) and its Messenger profile (`MessengerProfile`).
 *
 * This entry point holds what a Pulumi program needs: the resources, their input and output types,
 * the error classes and the settings types. The HTTP client, the lifecycle, the settings reader and
 * the redaction function are internal (the tests import them from their modules).
 *
 * @packageDocumentation
 */
export { MessengerAccountLinking, type MessengerAccountLinkingArgs } from "./resource";
export { MessengerProfile, type MessengerProfileArgs } from "./profile-resource";
export { FieldConflictError } from "./claims";
export {
  getMessengerProfile,
  type GetMessengerProfileArgs,
  type GetMessengerProfileOptions,
  type GetMessengerProfileResult,
} from "./get-profile";
export { ProfileReadArgsError } from "./profile-read";
export type {
  AccountLinkingInputs,
  AccountLinkingOutputs,
  MessengerProfileInputs,
  MessengerProfileOutputs,
  PageConnectionOutputs,
  TokenSource,
} from "./types";
export {
  PROFILE_PLATFORMS,
  PROFILE_WIRE_FIELDS,
  type ProfilePlatform,
  type ProfileWireField,
  type ProfileInputField,
} from "./profile/fields";
export type {
  CommandArgs,
  CommandsLocaleArgs,
  GetStartedArgs,
  GreetingArgs,
  GreetingLocaleArgs,
  IceBreakerArgs,
  IceBreakersArgs,
  IceBreakersLocaleArgs,
  MenuItemArgs,
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
export { GraphApiError, type GraphErrorKind, type GraphErrorBody } from "./errors";
export { MissingTokenError, CONFIG_KEYS, ENV_VARS, type ProviderSettings } from "./settings";
export { DEFAULT_RETRY, type RetryOptions } from "./retry";
export { DEFAULT_API_VERSION, DEFAULT_GRAPH_API_URL, type ApiKind } from "./wire";
export type { SettingProblem } from "./validate";

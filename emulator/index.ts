/**
 * A local Graph API emulator for the Messenger account linking calls: the embedded default on
 * which the demo, the tests and the benchmarks run, with no Facebook account.
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

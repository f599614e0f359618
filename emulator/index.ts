/**
 * A local Graph API emulator for the Messenger account linking calls: the embedded default on
 * which the demo, the tests and the benchmarks run, with no Facebook account.
 *
 * @packageDocumentation
 */
export { startEmulator, type Emulator, type EmulatorOptions, type LoggedRequest } from "./server";
export { DEFAULT_PAGES, makePages, type PageSeed, type PageState, type RateLimitOptions } from "./pages";
export type { ChaosSpec, FaultSpec, FaultKind, FaultMatch } from "./faults";

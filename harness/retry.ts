/**
 * The one fast-retry preset of the harness: small backoffs and deadlines, so that a step whose
 * faults outlast the retries fails in seconds instead of minutes. Written once, as
 * {@link RetryOptions}, and rendered as stack config (`messenger:*`) or as environment
 * (`MESSENGER_*`) with the provider's own setting names.
 *
 * @packageDocumentation
 */
import type { RetryOptions } from "../provider/graph/retry";
import { RETRY_SETTING_NAMES } from "../provider/core/settings";

/** Retry tunables, any subset of the provider's. */
export type RetryPreset = Partial<RetryOptions>;

/**
 * Fast retries for runs on the engine: 3 retries, 50-200 ms backoff, 2 s per attempt (the engine
 * shares the machine with the emulator), 5 s per call.
 */
export const FAST_RETRY: Readonly<RetryPreset> = Object.freeze({
  maxRetries: 3,
  backoffBaseMs: 50,
  backoffMaxMs: 200,
  attemptTimeoutMs: 2000,
  deadlineMs: 5000,
});

function entries(preset: RetryPreset): Array<[keyof RetryOptions, number]> {
  return (Object.keys(RETRY_SETTING_NAMES) as Array<keyof RetryOptions>)
    .filter((k) => preset[k] !== undefined)
    .map((k) => [k, preset[k] as number]);
}

/**
 * Stack config of a retry preset: `{"messenger:maxRetries": "3", …}`.
 *
 * @param overrides - fields that differ from {@link FAST_RETRY}
 * @param base - the preset to start from
 */
export function retryConfig(overrides: RetryPreset = {}, base: RetryPreset = FAST_RETRY): Record<string, string> {
  return Object.fromEntries(
    entries({ ...base, ...overrides }).map(([k, v]) => [`messenger:${RETRY_SETTING_NAMES[k].config}`, String(v)]),
  );
}

/**
 * Environment of a retry preset: `{MESSENGER_MAX_RETRIES: "3", …}` (what the provider reads when
 * no stack config is set).
 *
 * @param overrides - fields that differ from {@link FAST_RETRY}
 * @param base - the preset to start from
 */
export function retryEnv(overrides: RetryPreset = {}, base: RetryPreset = FAST_RETRY): Record<string, string> {
  return Object.fromEntries(
    entries({ ...base, ...overrides }).map(([k, v]) => [RETRY_SETTING_NAMES[k].env, String(v)]),
  );
}

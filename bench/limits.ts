// The emulator's rate limits the benchmarks run with.
import type { RateLimitOptions } from "../emulator";

/** No rate limit to speak of (the scaling runs would otherwise exhaust 10 calls per Page). */
export const UNLIMITED: RateLimitOptions = { calls: 1e9, windowMs: 100 };

/** The live Messenger Profile API's: 10 calls per 10 minutes per Page. */
export const LIVE_LIKE: RateLimitOptions = { calls: 10, windowMs: 600_000 };

/**
 * What a running emulator offers its caller (the library API), apart from the server that
 * implements it, so that the control API and the server both depend on this contract, not on
 * each other.
 *
 * @packageDocumentation
 */
import type { ConnectionLimits } from "./connections";
import type { ChaosSpec, FaultSpec } from "./faults";
import type { PageSeed, PageState, RateLimitOptions } from "./pages";
import type { ProfileDocument, ProfilePlatform } from "./profile-rules";
import type { LoggedRequest } from "./request-log";

/** A running emulator. */
export interface Emulator {
  /** Base URL, e.g. `http://127.0.0.1:40123`. */
  readonly url: string;
  /** TCP port. */
  readonly port: number;
  /** The control token, when one is set. */
  readonly controlToken: string | undefined;
  /** The limits in force. */
  readonly limits: { readonly maxBodyBytes: number; readonly maxLogEntries: number; readonly logBodyBytes: number };
  /** The connection limits and timeouts in force. */
  readonly connectionLimits: ConnectionLimits;
  /** Every Page's state. */
  pages(): PageState[];
  /** One Page's state. */
  page(id: string): PageState | undefined;
  /** Adds a Page (throws an `EmulatorInputError` on a malformed seed). */
  addPage(seed: PageSeed): void;
  /** Sets (or with undefined, removes) a Page's URL out of band. */
  setAccountLinkingUrl(pageId: string, url: string | undefined): void;
  /**
   * A copy of a Page's profile document on a platform (wire names and values), or undefined for an
   * unknown Page. @param platform - @defaultValue "messenger"
   */
  profile(pageId: string, platform?: ProfilePlatform): ProfileDocument | undefined;
  /**
   * Sets fields of a Page's profile document out of band, as someone in the Page settings or
   * another tool would: each value replaces its field whole. Field names and values are checked
   * as the Graph routes check them (throws an `EmulatorInputError`); the rules between fields
   * are not, so a test can build any state. No call is counted against the rate limit.
   */
  setProfileFields(pageId: string, fields: ProfileDocument, platform?: ProfilePlatform): void;
  /** Removes fields of a Page's profile document out of band (absent ones are ignored). */
  deleteProfileFields(pageId: string, fields: readonly string[], platform?: ProfilePlatform): void;
  /** Makes the next matching calls fail (throws an `EmulatorInputError` on a malformed spec). */
  injectFault(spec: FaultSpec): void;
  /** Makes a seeded random share of matching calls fail (until {@link Emulator.clearFaults}). */
  setChaos(spec: ChaosSpec): void;
  /** Calls the chaos saw and failed, or undefined when none is set. */
  chaosStats(): { calls: number; failed: number } | undefined;
  /** Removes every pending fault, random faults included. */
  clearFaults(): void;
  /** Faulted calls still pending. */
  pendingFaults(): number;
  /** Graph requests in the log (control API calls excluded), oldest first. */
  requests(): LoggedRequest[];
  /** Forgets the request log (and the connection count). */
  clearRequests(): void;
  /** TCP connections accepted since start or the last {@link Emulator.clearRequests}. */
  connections(): number;
  /** TCP connections open now (at most `connectionLimits.maxConnections`). */
  openConnections(): number;
  /** The rate limit in force. */
  rateLimit(): RateLimitOptions;
  /** Changes the rate limit. */
  setRateLimit(r: Partial<RateLimitOptions>): void;
  /** Forgets every counted call of the rate limit. */
  resetRateLimits(): void;
  /** Stops listening and destroys open connections. */
  close(): Promise<void>;
}

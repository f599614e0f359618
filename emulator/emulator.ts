/**
 * What a running emulator offers its caller (the library API), apart from the server that
 * implements it, so that the control API and the server both depend on this contract, not on
 * each other.
 *
 * @packageDocumentation
 */
import type { AppState, AppSubscriptionSpec } from "./apps";
import type { ConnectionLimits } from "./connections";
import type { DeliveryReport, DeliverySpec } from "./delivery";
import type { ChaosSpec, FaultSpec } from "./faults";
import type { PageSeed, PageState, RateLimitOptions } from "./pages";
import type { ProfileDocument, ProfilePlatform } from "./profile-rules";
import type { OutboundRequest } from "./outbound-log";
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
  /** Forgets the request log, the outbound log and the connection count. */
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
  /** Every app's state: its id, name and webhook subscriptions (never its secret). */
  apps(): AppState[];
  /** One app's state, or undefined for an unknown app. */
  app(id: string): AppState | undefined;
  /**
   * Out of band (no verification, no call counted): sets an object's subscription whole, as
   * another stack or the App Dashboard would. Throws an `EmulatorInputError` for an unknown app,
   * an unknown object or field, or a malformed URL.
   */
  setAppSubscription(appId: string, sub: AppSubscriptionSpec): void;
  /** Out of band: removes an app's whole subscription to an object (none is no error). */
  deleteAppSubscription(appId: string, object: string): void;
  /** The apps subscribed on a Page and their fields, in subscription order. */
  pageSubscriptions(pageId: string): { readonly appId: string; readonly fields: readonly string[] }[];
  /** Out of band: sets the fields a Page subscribes an app to (exactly these), or with undefined removes the app. */
  setPageSubscription(pageId: string, appId: string, fields: readonly string[] | undefined): void;
  /** Whether `POST /{app-id}/subscriptions` merges `fields` into the subscribed ones or replaces them. */
  setSubscriptionPost(mode: "merge" | "replace"): void;
  /**
   * Sends a sample event for a Page to its app's callback, signed with the app secret, when the
   * app's subscription to the object and the Page's subscription of the app both include the
   * field; otherwise reports which one lacks it and sends nothing. Rejects with an
   * `EmulatorInputError` for a malformed spec, an unknown Page or an unknown app.
   */
  deliverEvent(spec: DeliverySpec): Promise<DeliveryReport>;
  /** Verification requests and deliveries the emulator sent, oldest first (verify tokens redacted). */
  outbound(): OutboundRequest[];
  /** Stops listening and destroys open connections. */
  close(): Promise<void>;
}

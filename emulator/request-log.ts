/**
 * The request log: a bounded ring of the Graph requests received, with secrets redacted (see
 * `redaction.ts`) and body prefixes only, so that neither a long run nor a hostile client can grow
 * it without bound, and reading it never hands out a token.
 *
 * @packageDocumentation
 */
import type { FaultKind } from "./faults";

export { REDACTED, redactQuery } from "./redaction";

/** One request the emulator received, as logged. */
export interface LoggedRequest {
  /** 1-based order of arrival (it keeps counting when the ring drops old entries). */
  readonly seq: number;
  /** Arrival time, ms since the epoch. */
  readonly time: number;
  /** HTTP method. */
  readonly method: string;
  /** Path without query string (any secret the emulator knows replaced by `[REDACTED]`). */
  readonly path: string;
  /**
   * The query string (without "?") byte for byte as sent, except the values of secret-named
   * parameters (`access_token`, `appsecret_proof`, … however their names are spelled or encoded;
   * `&` and `;` both separate parameters), each replaced by the literal text `[REDACTED]`, and any
   * secret the emulator knows or read from the request, in any encoding, replaced the same way.
   */
  readonly rawQuery: string;
  /**
   * The first bytes of the body as sent (at most the configured prefix length), redacted as
   * {@link LoggedRequest.rawQuery} whatever its Content-Type: form parameters as in the query, the
   * values of secret-named JSON keys (at any depth, escapes in key names decoded) replaced by
   * `"[REDACTED]"`, known secrets in any encoding by `[REDACTED]`.
   */
  readonly body: string;
  /** The body's full length in bytes, as received (up to where reading stopped for a body over the cap). */
  readonly bodyBytes: number;
  /** Content-Type header (known secrets redacted). */
  readonly contentType?: string;
  /** The Page the token authenticates as, if any. */
  readonly pageId?: string;
  /** The app an app access token (`{app-id}|{secret}`) authenticates as, if the token is one. */
  readonly appId?: string;
  /**
   * Present only when the request carried an `appsecret_proof`: "valid" when it equals
   * HMAC-SHA256(app secret, token) for a Page seed with an `appSecret`, or for an app access token
   * with its app's secret; "invalid" otherwise,
   * including when the token is unknown or its Page has no app secret (nothing to check it against).
   */
  readonly appSecretProof?: "valid" | "invalid";
  /** HTTP status answered (undefined for reset or hung calls). */
  status?: number;
  /** The fault applied, if any. */
  fault?: FaultKind["type"];
}

/** A fixed-capacity log: adding past the capacity drops the oldest entry. */
export class RequestLog {
  private entries: LoggedRequest[] = [];
  private start = 0;
  private dropped = 0;

  /** @param capacity - entries kept (at least 1) */
  constructor(private readonly capacity: number) {}

  /** Adds an entry, dropping the oldest one when full. */
  add(entry: LoggedRequest): void {
    if (this.entries.length < this.capacity) {
      this.entries.push(entry);
      return;
    }
    this.entries[this.start] = entry;
    this.start = (this.start + 1) % this.capacity;
    this.dropped++;
  }

  /** The entries kept, oldest first. */
  list(): LoggedRequest[] {
    return [...this.entries.slice(this.start), ...this.entries.slice(0, this.start)];
  }

  /** Entries dropped since the last {@link RequestLog.clear}. */
  droppedCount(): number {
    return this.dropped;
  }

  /** Forgets every entry. */
  clear(): void {
    this.entries = [];
    this.start = 0;
    this.dropped = 0;
  }
}

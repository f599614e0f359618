/**
 * The request log: a bounded ring of the Graph requests received, with secrets redacted and body
 * prefixes only, so that neither a long run nor a hostile client can grow it without bound, and
 * reading it never hands out a token.
 *
 * @packageDocumentation
 */
import type { FaultKind } from "./faults";

/** One request the emulator received, as logged. */
export interface LoggedRequest {
  /** 1-based order of arrival (it keeps counting when the ring drops old entries). */
  readonly seq: number;
  /** Arrival time, ms since the epoch. */
  readonly time: number;
  /** HTTP method. */
  readonly method: string;
  /** Path without query string. */
  readonly path: string;
  /**
   * The query string (without "?") byte for byte as sent, except the values of `access_token`
   * and `appsecret_proof`, each replaced by the literal text `[REDACTED]`.
   */
  readonly rawQuery: string;
  /**
   * The first bytes of the body as sent (at most the configured prefix length), with the values of
   * `access_token` and `appsecret_proof` redacted as in {@link LoggedRequest.rawQuery}.
   */
  readonly body: string;
  /** The body's full length in bytes, as received (up to where reading stopped for a body over the cap). */
  readonly bodyBytes: number;
  /** Content-Type header. */
  readonly contentType?: string;
  /** The Page the token authenticates as, if any. */
  readonly pageId?: string;
  /**
   * Present only when the request carried an `appsecret_proof`: "valid" when it equals
   * HMAC-SHA256(app secret, token) for a Page seed with an `appSecret`; "invalid" otherwise,
   * including when the token is unknown or its Page has no app secret (nothing to check it against).
   */
  readonly appSecretProof?: "valid" | "invalid";
  /** HTTP status answered (undefined for reset or hung calls). */
  status?: number;
  /** The fault applied, if any. */
  fault?: FaultKind["type"];
}

/** The text that replaces a secret value in the log. */
export const REDACTED = "[REDACTED]";

const SECRET_PARAMS = ["access_token", "appsecret_proof"];

/**
 * Replaces the values of `access_token` and `appsecret_proof` in a query string (or a form body)
 * by {@link REDACTED}, keeping every other byte as it was. Names are compared after decoding, as
 * the server reads them.
 */
export function redactQuery(raw: string): string {
  if (raw === "") return raw;
  return raw
    .split("&")
    .map((part) => {
      const eq = part.indexOf("=");
      if (eq < 0) return part;
      const name = part.slice(0, eq);
      const decoded = new URLSearchParams(`${name}=`).keys().next().value;
      return decoded !== undefined && SECRET_PARAMS.includes(decoded) ? `${name}=${REDACTED}` : part;
    })
    .join("&");
}

const JSON_SECRET = /("(?:access_token|appsecret_proof)"\s*:\s*)"(?:[^"\\]|\\.)*"/g;

/** Redacts a body: as a form when it is one, else the JSON string values of the secret fields. */
export function redactBody(raw: string, contentType: string | undefined): string {
  if ((contentType ?? "").toLowerCase().includes("application/x-www-form-urlencoded")) return redactQuery(raw);
  return raw.replace(JSON_SECRET, `$1"${REDACTED}"`);
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

/**
 * The log of what the emulator sent: callback verification requests and event deliveries, oldest
 * first, in a bounded ring, with the verify token and every secret the emulator knows redacted.
 *
 * @packageDocumentation
 */

/** One request the emulator sent to a webhook callback. */
export interface OutboundRequest {
  /** 1-based order of sending (it keeps counting when the ring drops old entries). */
  readonly seq: number;
  /** When it was sent, ms since the epoch. */
  readonly time: number;
  /** A callback verification (`GET …?hub.mode=subscribe…`) or an event delivery (`POST`). */
  readonly kind: "verification" | "delivery";
  /** HTTP method. */
  readonly method: "GET" | "POST";
  /** The URL requested, the verify token (and any known secret) replaced by `[REDACTED]`. */
  readonly url: string;
  /** The app whose subscription it serves. */
  readonly appId: string;
  /** The subscribed object: "page" or "instagram". */
  readonly object: string;
  /** For a delivery: the Page whose event it is. */
  readonly pageId?: string;
  /** For a delivery: the field of the event. */
  readonly field?: string;
  /** For a delivery: the JSON body sent, byte for byte. */
  readonly body?: string;
  /** For a delivery: the `X-Hub-Signature-256` header sent. */
  readonly signature256?: string;
  /** The callback's HTTP status; absent while in flight, or when it never answered. */
  status?: number;
  /** Why the exchange failed, when it did (a sentence with no secret in it). */
  error?: string;
}

/** Where the emulator records what it sends, and how it redacts a URL there. */
export interface OutboundRecorder {
  /** The outbound log. */
  readonly log: OutboundLog;
  /** Redacts a URL for the log: every secret the emulator knows, and the given values. */
  readonly redactUrl: (url: string, secrets: readonly string[]) => string;
}

/** A fixed-capacity log of {@link OutboundRequest}s: adding past the capacity drops the oldest. */
export class OutboundLog {
  private entries: OutboundRequest[] = [];
  private seq = 0;

  /** @param capacity - entries kept (at least 1) */
  constructor(private readonly capacity: number) {}

  /** Records a request as it is sent; the caller fills `status` and `error` when it ends. */
  add(entry: Omit<OutboundRequest, "seq" | "time">): OutboundRequest {
    const logged: OutboundRequest = { seq: ++this.seq, time: Date.now(), ...entry };
    this.entries.push(logged);
    if (this.entries.length > this.capacity) this.entries.shift();
    return logged;
  }

  /** Copies of the entries kept, oldest first. */
  list(): OutboundRequest[] {
    return this.entries.map((e) => ({ ...e }));
  }

  /** Forgets every entry. */
  clear(): void {
    this.entries = [];
  }
}

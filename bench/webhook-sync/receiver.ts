// A bot's webhook callback, as small as it gets: an HTTP server on a loopback port that answers Graph's
// verification request (`GET <callback>?hub.mode=subscribe&hub.challenge=…&hub.verify_token=…`) with
// the challenge when the verify token is its own, 403 otherwise, and accepts event deliveries (POST).
// The emulator verifies the callback on every POST of an app subscription, as Graph does, so every
// webhook figure runs against one of these. Any path is served: the two callback URLs of the
// sequence are two paths of one receiver.
import * as http from "http";
import type { AddressInfo } from "net";

/** What the receiver saw. */
export interface ReceiverCounts {
  /** Verification requests answered with the challenge. */
  readonly verified: number;
  /** Verification requests refused (wrong mode or token, no challenge). */
  readonly refused: number;
  /** Event deliveries (POST). */
  readonly events: number;
}

/** A running receiver. */
export interface CallbackReceiver {
  /** Its two callback URLs (`http://127.0.0.1:<port>/webhooks/messenger` and `…/messenger-v2`). */
  readonly urls: readonly [string, string];
  /** The verify token it accepts. */
  readonly verifyToken: string;
  /** What it saw so far. */
  counts(): ReceiverCounts;
  /** Stops it. */
  close(): Promise<void>;
}

/** The verify token of the benchmarks' receiver (a fake value, like the emulator's tokens). */
export const BENCH_VERIFY_TOKEN = "bench-verify-token-not-a-secret";

/**
 * Starts a receiver on 127.0.0.1, on a free port.
 *
 * @param verifyToken - the token it accepts
 */
export async function startReceiver(verifyToken = BENCH_VERIFY_TOKEN): Promise<CallbackReceiver> {
  const seen = { verified: 0, refused: 0, events: 0 };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    if (req.method === "POST") {
      seen.events++;
      req.resume();
      req.on("end", () => res.writeHead(200, { "Content-Type": "text/plain" }).end("EVENT_RECEIVED"));
      return;
    }
    const q = url.searchParams;
    const challenge = q.get("hub.challenge");
    if (q.get("hub.mode") === "subscribe" && q.get("hub.verify_token") === verifyToken && challenge !== null) {
      seen.verified++;
      res.writeHead(200, { "Content-Type": "text/plain" }).end(challenge);
    } else {
      seen.refused++;
      res.writeHead(403, { "Content-Type": "text/plain" }).end("Forbidden");
    }
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}/webhooks`;
  return {
    urls: [`${base}/messenger`, `${base}/messenger-v2`],
    verifyToken,
    counts: () => ({ ...seen }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

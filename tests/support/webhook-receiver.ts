/**
 * A tiny webhook callback on a loopback port, for the emulator's verification requests and event
 * deliveries: it records every request (raw body bytes included) and answers with a responder the
 * test chooses (by default, a correct callback: the challenge to a verification, 200 to an event).
 */
import * as http from "http";
import type { AddressInfo } from "net";

/** A request the receiver got. */
export interface ReceivedRequest {
  readonly method: string;
  /** Path without the query. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: http.IncomingHttpHeaders;
  /** The body's bytes exactly as received. */
  readonly body: Buffer;
}

/** Answers one request. */
export type Responder = (req: ReceivedRequest, res: http.ServerResponse) => void;

/** A correct callback: echoes `hub.challenge` to a verification, answers 200 to anything else. */
export const correctCallback: Responder = (req, res) => {
  const challenge = req.query.get("hub.challenge");
  res.writeHead(200, { "content-type": "text/plain" });
  res.end(
    req.method === "GET" && req.query.get("hub.mode") === "subscribe" && challenge ? challenge : "EVENT_RECEIVED",
  );
};

/** A running receiver. */
export interface WebhookReceiver {
  /** Base URL, e.g. `http://127.0.0.1:40123`. */
  readonly url: string;
  /** The requests received, oldest first. */
  received(): ReceivedRequest[];
  /** Sets how the next requests are answered (until set again or reset). */
  respond(responder: Responder): void;
  /** Forgets the requests and goes back to {@link correctCallback}. */
  reset(): void;
  /** Stops it, dropping open connections (a hung answer included). */
  close(): Promise<void>;
}

/** Starts a receiver on a free loopback port. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  let received: ReceivedRequest[] = [];
  let responder: Responder = correctCallback;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://receiver");
      const got = { method: req.method ?? "GET", path: url.pathname, query: url.searchParams, headers: req.headers };
      const entry: ReceivedRequest = { ...got, body: Buffer.concat(chunks) };
      received.push(entry);
      responder(entry, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received: () => [...received],
    respond: (r) => {
      responder = r;
    },
    reset: () => {
      received = [];
      responder = correctCallback;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

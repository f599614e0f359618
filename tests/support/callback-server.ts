/**
 * A webhook callback for tests, on a loopback port: answers Graph's verification request (200 with
 * `hub.challenge` when `hub.verify_token` is the one it was given, else 403) and records every
 * request. A real HTTP server, as a bot's webhook is.
 */
import * as http from "http";
import type { AddressInfo } from "net";

/** A running callback. */
export interface CallbackServer {
  /** Its URL, e.g. `http://127.0.0.1:40123/webhook`. */
  readonly url: string;
  /** Verification requests it answered 200. */
  verified(): number;
  /** Verification requests it refused (wrong token). */
  refused(): number;
  /** Changes the verify token it accepts. */
  setVerifyToken(token: string): void;
  /** Stops it. */
  close(): Promise<void>;
}

/**
 * Starts a callback that accepts `verifyToken`.
 *
 * @param verifyToken - the token it expects in `hub.verify_token`
 * @param path - its path
 */
export async function startCallback(verifyToken: string, path = "/webhook"): Promise<CallbackServer> {
  let token = verifyToken;
  let ok = 0;
  let bad = 0;
  const server = http.createServer((req, res) => {
    const u = new URL(req.url ?? "/", "http://127.0.0.1");
    if (req.method === "GET" && u.searchParams.get("hub.mode") === "subscribe") {
      if (u.searchParams.get("hub.verify_token") === token) {
        ok++;
        res.writeHead(200, { "content-type": "text/plain" }).end(u.searchParams.get("hub.challenge") ?? "");
      } else {
        bad++;
        res.writeHead(403).end("wrong verify token");
      }
      return;
    }
    req.resume();
    req.on("end", () => res.writeHead(200).end("EVENT_RECEIVED"));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    verified: () => ok,
    refused: () => bad,
    setVerifyToken: (t) => {
      token = t;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

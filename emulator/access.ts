/**
 * Who may use the control API: loopback peers that address the emulator by a loopback name, or
 * anyone presenting the control token. Writes must be `application/json` (a page in a browser
 * cannot send that cross-origin without a CORS preflight, which the emulator never grants), and,
 * as on the Graph routes, a request a web page sent (`Origin`, or a foreign `Sec-Fetch-Site`) is
 * refused (see `browser-guard.ts`).
 *
 * @packageDocumentation
 */
import * as crypto from "crypto";
import type { IncomingMessage } from "http";
import { browserRefusal, type Refusal } from "./browser-guard";

/** Header that carries the control token (`Authorization: Bearer <token>` works too). */
export const CONTROL_TOKEN_HEADER = "x-emulator-control-token";

/** Whether an IP address is a loopback address: 127.0.0.0/8, ::1, or 127.0.0.0/8 mapped to IPv6. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (address === undefined) return false;
  const a = address.toLowerCase();
  if (a === "::1" || a === "0:0:0:0:0:0:0:1") return true;
  const v4 = a.startsWith("::ffff:") ? a.slice("::ffff:".length) : a;
  const m = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(v4);
  return m !== null && m.slice(1).every((o) => Number(o) <= 255);
}

/** Whether a Host header names the emulator by a loopback name: `localhost`, 127.0.0.0/8 or `[::1]`. */
export function isLoopbackHost(host: string | undefined): boolean {
  if (host === undefined) return false;
  const h = host.toLowerCase();
  const name = h.startsWith("[") ? h.slice(1, h.indexOf("]")) : h.replace(/:\d*$/, "");
  return name === "localhost" || isLoopbackAddress(name);
}

/** A generated control token: 32 random bytes, base64url. */
export function newControlToken(): string {
  return crypto.randomBytes(32).toString("base64url");
}

function presentedToken(req: IncomingMessage): string | undefined {
  const header = req.headers[CONTROL_TOKEN_HEADER];
  if (typeof header === "string") return header;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? "");
  return m ? m[1] : undefined;
}

function sameToken(a: string, b: string): boolean {
  const digest = (s: string) => crypto.createHash("sha256").update(s).digest();
  return crypto.timingSafeEqual(digest(a), digest(b));
}

/**
 * Decides whether a control API request may go on: the peer or the token (401, 403), the
 * Content-Type of writes (415), then whether a web page sent it (403).
 *
 * @param req - the request
 * @param token - the control token, when one is set: then every caller must present it
 * @param isLocalPeer - which peer addresses count as local when no token is set
 * @returns undefined when allowed, else the refusal
 */
export function checkControlAccess(
  req: IncomingMessage,
  token: string | undefined,
  isLocalPeer: (address: string) => boolean,
): Refusal | undefined {
  if (token !== undefined) {
    const given = presentedToken(req);
    if (given === undefined || !sameToken(given, token))
      return {
        status: 401,
        reason: `the control API needs the control token (header ${CONTROL_TOKEN_HEADER}, or Authorization: Bearer)`,
      };
  } else if (!isLocalPeer(req.socket.remoteAddress ?? "") || !isLoopbackHost(req.headers.host)) {
    return {
      status: 403,
      reason:
        "the control API answers loopback peers addressing the emulator as localhost, 127.0.0.1 or [::1] only; start it with a control token to use it from elsewhere",
    };
  }
  const method = (req.method ?? "GET").toUpperCase();
  if (method !== "GET" && method !== "HEAD") {
    const type = (req.headers["content-type"] ?? "").split(";")[0].trim().toLowerCase();
    if (type !== "application/json")
      return { status: 415, reason: "control API writes must be sent with Content-Type: application/json" };
  }
  return browserRefusal(req.headers);
}

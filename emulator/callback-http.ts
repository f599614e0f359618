/**
 * The emulator's only outgoing requests: to webhook callbacks (the verification request and event
 * deliveries), and only to loopback hosts (`127.0.0.0/8`, `::1`, `localhost`, which must resolve to
 * a loopback address). A request has a deadline, its answer's body is read up to a cap, and
 * redirects are never followed (a 3xx is an answer like any other).
 *
 * @packageDocumentation
 */
import * as dns from "dns";
import * as http from "http";
import * as https from "https";
import type { LookupFunction } from "net";
import { isLoopbackAddress } from "./access";

/** Bytes of a callback's answer read at most (a verification answer is a short number). */
const MAX_ANSWER_BYTES = 65_536;

/** The user agent of the emulator's requests to callbacks (Graph's, for callbacks that look). */
export const CALLBACK_USER_AGENT = "facebookplatform/1.0 (+http://developers.facebook.com)";

/** An outgoing request to a callback. */
export interface CallbackRequest {
  /** GET (verification) or POST (delivery). */
  readonly method: "GET" | "POST";
  /** The URL, already checked by {@link loopbackProblem}. */
  readonly url: URL;
  /** Request headers. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body, sent as is. */
  readonly body?: Buffer;
  /** Deadline for the whole exchange, in ms. */
  readonly timeoutMs: number;
  /** Aborts the exchange (the emulator is closing). */
  readonly signal?: AbortSignal;
}

/** How a callback answered, or why it did not. */
export type CallbackResult =
  | {
      readonly ok: true;
      /** HTTP status. */
      readonly status: number;
      /** Content-Type header, if any. */
      readonly contentType: string | undefined;
      /** The body (its first {@link MAX_ANSWER_BYTES} bytes), as UTF-8. */
      readonly body: string;
    }
  | {
      readonly ok: false;
      /** What went wrong, a sentence with no secret in it (a timeout, an error code). */
      readonly failure: string;
    };

/** Whether a URL's host is loopback: `localhost`, an address of 127.0.0.0/8, or `[::1]`. */
export function isLoopbackUrl(url: URL): boolean {
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  return host === "localhost" || isLoopbackAddress(host);
}

/**
 * Why the emulator will not call a URL (not http or https, not a loopback host), or undefined when
 * it will.
 */
export function loopbackProblem(url: URL): string | undefined {
  if (url.protocol !== "http:" && url.protocol !== "https:") return "the callback URL must be http or https";
  if (!isLoopbackUrl(url))
    return "the emulator verifies and delivers to loopback callbacks only (127.0.0.0/8, ::1, localhost), and this callback's host is not one";
  return undefined;
}

/** A DNS lookup that keeps only loopback addresses, so that `localhost` can never lead elsewhere. */
const loopbackLookup: LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
    const loopback = err ? [] : addresses.filter((a) => isLoopbackAddress(a.address));
    if (err || loopback.length === 0) {
      const e: NodeJS.ErrnoException = err ?? new Error(`${hostname} does not resolve to a loopback address`);
      e.code ??= "ENOTLOOPBACK";
      return callback(e, "", 4);
    }
    if (options.all) return callback(null, loopback);
    return callback(null, loopback[0].address, loopback[0].family);
  });
};

/**
 * Sends one request to a loopback callback and reads its answer.
 *
 * @returns the status, Content-Type and body; or why there is none (connection refused, timeout)
 */
export function callCallback(request: CallbackRequest): Promise<CallbackResult> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (r: CallbackResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(r);
    };
    const { url } = request;
    const client = url.protocol === "https:" ? https : http;
    const req = client.request(
      {
        method: request.method,
        hostname: url.hostname.replace(/^\[(.*)\]$/, "$1"),
        port: url.port === "" ? undefined : Number(url.port),
        path: `${url.pathname}${url.search}`,
        headers: { ...request.headers, ...(request.body ? { "content-length": String(request.body.length) } : {}) },
        agent: false,
        lookup: loopbackLookup,
      },
      (res) => readAnswer(res, settle),
    );
    const timer = setTimeout(() => {
      settle({ ok: false, failure: `Operation timed out after ${request.timeoutMs} milliseconds` });
      req.destroy();
    }, request.timeoutMs);
    const abort = () => {
      settle({ ok: false, failure: "The emulator closed before the callback answered" });
      req.destroy();
    };
    if (request.signal?.aborted) abort();
    request.signal?.addEventListener("abort", abort, { once: true });
    req.once("close", () => request.signal?.removeEventListener("abort", abort));
    req.on("error", (e: NodeJS.ErrnoException) =>
      settle({ ok: false, failure: `Failed to connect to the callback (${e.code ?? e.name})` }),
    );
    req.end(request.body);
  });
}

/** Reads an answer's body up to the cap, then settles with it. */
function readAnswer(res: http.IncomingMessage, settle: (r: CallbackResult) => void): void {
  const chunks: Buffer[] = [];
  let bytes = 0;
  const done = () =>
    settle({
      ok: true,
      status: res.statusCode ?? 0,
      contentType: res.headers["content-type"],
      body: Buffer.concat(chunks).subarray(0, MAX_ANSWER_BYTES).toString("utf8"),
    });
  res.on("data", (c: Buffer) => {
    bytes += c.length;
    chunks.push(c);
    if (bytes >= MAX_ANSWER_BYTES) {
      done();
      res.destroy();
    }
  });
  res.on("end", done);
  res.on("error", (e: NodeJS.ErrnoException) =>
    settle({ ok: false, failure: `The callback's answer was cut short (${e.code ?? e.name})` }),
  );
}

/**
 * Callback verification, as Graph does it before it accepts `POST /{app-id}/subscriptions`:
 * `GET <callback_url>?hub.mode=subscribe&hub.challenge=<number>&hub.verify_token=<token>` (appended
 * to the URL's own query with `&`), which must be answered 200 with exactly the challenge as its
 * body (surrounding whitespace ignored). Only loopback callbacks are called; redirects fail; the
 * reason of a failure never holds the verify token or the app's secrets.
 *
 * @packageDocumentation
 */
import * as crypto from "crypto";
import { CALLBACK_USER_AGENT, callCallback, loopbackProblem, type CallbackResult } from "./callback-http";
import type { OutboundRecorder } from "./outbound-log";

/** What a verification needs. */
export interface VerificationInput {
  /** The callback URL (parsed). */
  readonly callbackUrl: URL;
  /** The verify token sent as `hub.verify_token`. */
  readonly verifyToken: string;
  /** The app and object subscribed (for the outbound log). */
  readonly appId: string;
  /** The object subscribed. */
  readonly object: string;
  /** Deadline of the request, in ms. */
  readonly timeoutMs: number;
  /** Aborts the request (the emulator is closing). */
  readonly signal?: AbortSignal;
  /** Values that must never appear in a reason: the verify token, the app secret and token. */
  readonly secrets: readonly string[];
}

/** A random challenge of 9 or 10 digits. */
export function newChallenge(): string {
  return String(crypto.randomInt(100_000_000, 10_000_000_000));
}

/** The verification URL: the callback's own query, then the three `hub.` parameters. */
export function verificationUrl(callback: URL, challenge: string, verifyToken: string): URL {
  const url = new URL(callback.href);
  url.hash = "";
  const hub = `hub.mode=subscribe&hub.challenge=${challenge}&hub.verify_token=${encodeURIComponent(verifyToken)}`;
  url.search = url.search === "" ? hub : `${url.search.slice(1)}&${hub}`;
  return url;
}

/**
 * Verifies a callback: sends the verification request (loopback hosts only) and checks the answer.
 *
 * @returns undefined when the callback answered 200 with the challenge; else why not, in Graph's
 *   words (`HTTP Status Code = 403; HTTP Content-Type = text/plain`), with no secret in it
 */
export async function verifyCallback(input: VerificationInput, record: OutboundRecorder): Promise<string | undefined> {
  const refused = loopbackProblem(input.callbackUrl);
  if (refused)
    return `${refused}: nothing was sent. Use a loopback callback, or start the emulator with verifyCallbacks: false to skip verification`;
  const challenge = newChallenge();
  const url = verificationUrl(input.callbackUrl, challenge, input.verifyToken);
  const entry = record.log.add({
    kind: "verification",
    method: "GET",
    url: record.redactUrl(url.href, [input.verifyToken]),
    appId: input.appId,
    object: input.object,
  });
  const result = await callCallback({
    method: "GET",
    url,
    headers: { "user-agent": CALLBACK_USER_AGENT, accept: "*/*" },
    timeoutMs: input.timeoutMs,
    signal: input.signal,
  });
  if (result.ok) entry.status = result.status;
  const reason = failureOf(result, challenge, input.secrets);
  if (reason !== undefined) entry.error = reason;
  return reason;
}

/** Why an answer does not verify the callback, or undefined when it does. */
function failureOf(result: CallbackResult, challenge: string, secrets: readonly string[]): string | undefined {
  if (!result.ok) return `${result.failure}; HTTP Status Code = 0`;
  const head = `HTTP Status Code = ${result.status}; HTTP Content-Type = ${shownContentType(result.contentType, secrets)}`;
  if (result.status >= 300 && result.status < 400) return `${head}; redirects are not followed`;
  if (result.status !== 200) return head;
  if (result.body.trim() !== challenge) return `${head}; the body of the answer is not the challenge (hub.challenge)`;
  return undefined;
}

/**
 * A callback's Content-Type as a reason shows it: printable ASCII, at most 100 characters, and not
 * shown at all when it holds a secret (a callback may echo what it was sent).
 */
function shownContentType(contentType: string | undefined, secrets: readonly string[]): string {
  if (contentType === undefined || contentType === "") return "(none)";
  const text = contentType.replace(/[^\x20-\x7e]/g, "?").slice(0, 100);
  const seen = [contentType.toLowerCase(), text.toLowerCase()];
  if (secrets.some((s) => s !== "" && seen.some((t) => t.includes(s.toLowerCase()))))
    return "(not shown: it holds a secret)";
  return text;
}

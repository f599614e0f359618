/**
 * Event delivery: a sample Messenger event (`messages` or `messaging_postbacks`) for a Page, in
 * Graph's shape, serialized once and signed over those exact bytes: the header
 * `X-Hub-Signature-256` is `sha256=` and the hex HMAC-SHA256 of the body with the app secret, the
 * older `X-Hub-Signature` the same with SHA-1. It is POSTed to the app's loopback callback. Whether both subscriptions allow it is decided by the caller
 * (`webhooks.ts`).
 *
 * @packageDocumentation
 */
import * as crypto from "crypto";
import { CALLBACK_USER_AGENT, callCallback, loopbackProblem } from "./callback-http";
import type { OutboundRecorder } from "./outbound-log";

/** Which sample event to deliver, for which Page. */
export interface DeliverySpec {
  /** The Page whose event it is. */
  readonly pageId: string;
  /** The event's field. */
  readonly field: "messages" | "messaging_postbacks";
  /** The app whose callback receives it. @defaultValue the app of the Page seed's token */
  readonly appId?: string;
  /** The subscribed object. @defaultValue "page" */
  readonly object?: "page" | "instagram";
  /** The sender's page-scoped id. @defaultValue "9000000000000001" */
  readonly senderId?: string;
  /** A message's text (`messages`). @defaultValue "hello" */
  readonly text?: string;
  /** A postback's payload (`messaging_postbacks`). @defaultValue "GET_STARTED" */
  readonly payload?: string;
  /** A postback's title (`messaging_postbacks`). @defaultValue "Get Started" */
  readonly title?: string;
}

/** What became of a delivery. */
export interface DeliveryReport {
  /** Whether the callback received the event and answered 200. */
  readonly delivered: boolean;
  /** Why not, a sentence (absent when delivered). */
  readonly reason?: string;
  /** The app whose callback it was for. */
  readonly appId: string;
  /** The callback URL, when the app has one for the object. */
  readonly callbackUrl?: string;
  /** The callback's HTTP status, when it answered. */
  readonly status?: number;
  /** The JSON event sent, when one was sent. */
  readonly body?: unknown;
  /** The `X-Hub-Signature-256` header sent: "sha256=<hex>". */
  readonly signature256?: string;
}

/** A delivery both subscriptions allow: where it goes and with what key it is signed. */
export interface DeliveryTarget {
  /** The app. */
  readonly appId: string;
  /** The app's secret (the signing key). */
  readonly secret: string;
  /** The callback URL of the app's subscription to the object. */
  readonly callbackUrl: string;
  /** Deadline of the request, in ms. */
  readonly timeoutMs: number;
  /** Aborts the request (the emulator is closing). */
  readonly signal?: AbortSignal;
}

/** The event body of a spec, in Graph's shape, at `now` (ms since the epoch). */
export function eventBody(spec: DeliverySpec, now: number): Record<string, unknown> {
  const mid = `m_${crypto.randomBytes(24).toString("base64url")}`;
  const event =
    spec.field === "messages"
      ? { message: { mid, text: spec.text ?? "hello" } }
      : { postback: { title: spec.title ?? "Get Started", payload: spec.payload ?? "GET_STARTED", mid } };
  const messaging = {
    sender: { id: spec.senderId ?? "9000000000000001" },
    recipient: { id: spec.pageId },
    timestamp: now,
    ...event,
  };
  return { object: spec.object ?? "page", entry: [{ id: spec.pageId, time: now, messaging: [messaging] }] };
}

/** The two signature headers of a body: HMAC-SHA256 and HMAC-SHA1 with the app secret, hex. */
export function signatureHeaders(secret: string, raw: Buffer): { sha256: string; sha1: string } {
  return {
    sha256: `sha256=${crypto.createHmac("sha256", secret).update(raw).digest("hex")}`,
    sha1: `sha1=${crypto.createHmac("sha1", secret).update(raw).digest("hex")}`,
  };
}

/** Sends an event to its target's callback and reports how it went. */
export async function deliver(
  spec: DeliverySpec,
  target: DeliveryTarget,
  record: OutboundRecorder,
): Promise<DeliveryReport> {
  const base = { appId: target.appId, callbackUrl: target.callbackUrl };
  const url = new URL(target.callbackUrl);
  const refused = loopbackProblem(url);
  if (refused) return { ...base, delivered: false, reason: `${refused}: nothing was sent` };
  const body = eventBody(spec, Date.now());
  const raw = Buffer.from(JSON.stringify(body), "utf8");
  const signature = signatureHeaders(target.secret, raw);
  const entry = record.log.add({
    kind: "delivery",
    method: "POST",
    url: record.redactUrl(url.href, []),
    appId: target.appId,
    object: spec.object ?? "page",
    pageId: spec.pageId,
    field: spec.field,
    body: raw.toString("utf8"),
    signature256: signature.sha256,
  });
  const result = await callCallback({
    method: "POST",
    url,
    headers: {
      "content-type": "application/json",
      "user-agent": CALLBACK_USER_AGENT,
      "x-hub-signature-256": signature.sha256,
      "x-hub-signature": signature.sha1,
    },
    body: raw,
    timeoutMs: target.timeoutMs,
    signal: target.signal,
  });
  const sent = { ...base, body, signature256: signature.sha256 };
  if (!result.ok) {
    entry.error = result.failure;
    return { ...sent, delivered: false, reason: `the callback did not answer: ${result.failure}` };
  }
  entry.status = result.status;
  if (result.status === 200) return { ...sent, delivered: true, status: 200 };
  entry.error = `the callback answered ${result.status}, not 200`;
  return { ...sent, delivered: false, status: result.status, reason: entry.error };
}

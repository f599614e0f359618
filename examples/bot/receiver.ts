// The bot's webhook receiver: the URL that the MessengerWebhook of index.ts subscribes the app to.
// Node's `http` module only, no framework:
//
// - GET: the verification handshake Graph sends before it accepts a callback URL
//   (`?hub.mode=subscribe&hub.challenge=…&hub.verify_token=…`): 200 with the challenge as text when
//   the mode is `subscribe` and the token is ours, else 403;
// - POST: an event delivery. The raw body's HMAC-SHA256 under the app secret must equal the
//   `X-Hub-Signature-256: sha256=<hex>` header (compared with crypto.timingSafeEqual), else 403;
//   the answer is 200 at once, and each messaging event (a message or a postback) goes to the
//   `onEvent` callback afterwards, so that a slow bot never makes Graph wait.
//
// As a library: `startReceiver({ port, verifyToken, appSecret, onEvent })` (the demo and the engine
// suites run it in-process). On its own: `node receiver.ts` (Node >= 23.6 runs TypeScript) with
// MESSENGER_VERIFY_TOKEN and MESSENGER_APP_SECRET set; PORT (default 3000) and HOST (default
// 127.0.0.1). Graph calls only an https URL with a certificate it trusts: put a TLS proxy or a tunnel
// in front of it.
import { createHmac, timingSafeEqual } from "crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "http";
import type { AddressInfo } from "net";

/** One messaging event of a delivery: a message or a postback (a Get Started or menu tap). */
export interface MessagingEvent {
  /** What it is: `message` (the `messages` field) or `postback` (the `messaging_postbacks` field). */
  readonly kind: "message" | "postback";
  /** The Page the event belongs to (`entry[].id`). */
  readonly pageId: string;
  /** The sender's Page-scoped id. */
  readonly senderId: string;
  /** When it happened, ms since the epoch, as Graph wrote it. */
  readonly timestamp: number;
  /** A message's text, when it has one. */
  readonly text?: string;
  /** A message's id. */
  readonly mid?: string;
  /** A postback's payload (`GET_STARTED` for the Get Started button). */
  readonly payload?: string;
  /** A postback's button title. */
  readonly title?: string;
}

/** What the receiver answered to one request. */
export interface ReceiverLogEntry {
  /** `GET` (verification) or `POST` (delivery), or another method (refused). */
  readonly method: string;
  /** The status answered. */
  readonly status: number;
  /** Why, in a few words: `verified`, `wrong verify token`, `bad signature`, `delivered 2 events`, … */
  readonly note: string;
}

/** How to start a {@link startReceiver | receiver}. */
export interface ReceiverOptions {
  /** TCP port; 0 picks a free one. @defaultValue 0 */
  readonly port?: number;
  /** Address to listen on. @defaultValue "127.0.0.1" */
  readonly host?: string;
  /** The verify token the MessengerWebhook declares (compared on each verification request). */
  readonly verifyToken: string;
  /** The app secret: the key of the deliveries' `X-Hub-Signature-256`. */
  readonly appSecret: string;
  /** Called with each messaging event of a delivery whose signature is valid, after the 200 went out. */
  readonly onEvent?: (event: MessagingEvent) => void | Promise<void>;
  /** Largest body read, in bytes (a larger one gets 413). @defaultValue 1048576 */
  readonly maxBodyBytes?: number;
}

/** A running receiver. */
export interface Receiver {
  /** Its URL, e.g. `http://127.0.0.1:40123/webhook`: the webhook's callback URL. */
  readonly url: string;
  /** Every messaging event received with a valid signature, in order of arrival. */
  readonly events: MessagingEvent[];
  /** Every request answered, in order. */
  readonly log: ReceiverLogEntry[];
  /** Stops listening (open connections are closed). */
  close(): Promise<void>;
}

/** The path the receiver answers on. */
export const WEBHOOK_PATH = "/webhook";

/**
 * Whether `header` (`sha256=<hex>`) is the HMAC-SHA256 of `rawBody` under `appSecret`. The
 * comparison takes the same time whatever the first wrong byte (crypto.timingSafeEqual).
 */
export function validSignature(rawBody: Buffer, header: string | undefined, appSecret: string): boolean {
  const match = /^sha256=([0-9a-f]{64})$/i.exec(header ?? "");
  if (match === null) return false;
  const expected = createHmac("sha256", appSecret).update(rawBody).digest();
  return timingSafeEqual(Buffer.from(match[1], "hex"), expected);
}

/** Whether two strings are equal, in a time that does not depend on where they differ. */
function sameSecret(a: string, b: string): boolean {
  const digest = (s: string) => createHmac("sha256", "verify-token").update(s).digest();
  return timingSafeEqual(digest(a), digest(b));
}

function text(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? (value as unknown[]) : [];
}

/** The message and postback events of a delivery's JSON body (other kinds are skipped). */
export function messagingEvents(body: unknown): MessagingEvent[] {
  const events: MessagingEvent[] = [];
  for (const entry of list(record(body).entry)) {
    const pageId = text(record(entry).id) ?? "";
    for (const item of list(record(entry).messaging)) {
      const m = record(item);
      const base = {
        pageId,
        senderId: text(record(m.sender).id) ?? "",
        timestamp: typeof m.timestamp === "number" ? m.timestamp : 0,
      };
      const message = record(m.message);
      const postback = record(m.postback);
      if (m.message !== undefined)
        events.push({ kind: "message", ...base, text: text(message.text), mid: text(message.mid) });
      else if (m.postback !== undefined)
        events.push({ kind: "postback", ...base, payload: text(postback.payload), title: text(postback.title) });
    }
  }
  return events;
}

function readBody(req: IncomingMessage, max: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= max) chunks.push(chunk);
    });
    req.on("end", () => resolve(size <= max ? Buffer.concat(chunks) : undefined));
    req.on("error", reject);
  });
}

/** What one request gets: status, body, a note for the log, and the events to hand over. */
interface Answer {
  readonly status: number;
  readonly body: string;
  readonly note: string;
  readonly events?: readonly MessagingEvent[];
}

function verification(url: URL, verifyToken: string): Answer {
  const q = url.searchParams;
  const challenge = q.get("hub.challenge");
  if (q.get("hub.mode") !== "subscribe" || challenge === null)
    return { status: 403, body: "Forbidden", note: "not a subscribe request" };
  if (!sameSecret(q.get("hub.verify_token") ?? "", verifyToken))
    return { status: 403, body: "Forbidden", note: "wrong verify token" };
  return { status: 200, body: challenge, note: "verified" };
}

async function delivery(req: IncomingMessage, o: ReceiverOptions): Promise<Answer> {
  const raw = await readBody(req, o.maxBodyBytes ?? 1024 * 1024);
  if (raw === undefined) return { status: 413, body: "Payload Too Large", note: "body too large" };
  const signature = req.headers["x-hub-signature-256"];
  if (!validSignature(raw, Array.isArray(signature) ? signature[0] : signature, o.appSecret))
    return { status: 403, body: "Forbidden", note: signature === undefined ? "no signature" : "bad signature" };
  let body: unknown;
  try {
    body = JSON.parse(raw.toString("utf8"));
  } catch {
    return { status: 400, body: "Bad Request", note: "body is not JSON" };
  }
  const events = messagingEvents(body);
  return { status: 200, body: "EVENT_RECEIVED", note: `delivered ${events.length} events`, events };
}

async function answer(req: IncomingMessage, o: ReceiverOptions): Promise<Answer> {
  const url = new URL(req.url ?? "/", "http://receiver");
  if (url.pathname !== WEBHOOK_PATH) return { status: 404, body: "Not Found", note: `no route ${url.pathname}` };
  if (req.method === "GET") return verification(url, o.verifyToken);
  if (req.method === "POST") return delivery(req, o);
  return { status: 405, body: "Method Not Allowed", note: "method not allowed" };
}

function handOver(events: readonly MessagingEvent[], onEvent: ReceiverOptions["onEvent"]): void {
  if (onEvent === undefined) return;
  setImmediate(() => {
    for (const event of events)
      Promise.resolve()
        .then(() => onEvent(event))
        .catch((e: unknown) => console.error(`onEvent failed: ${e instanceof Error ? e.message : String(e)}`));
  });
}

/** Answers one request, logs it, and hands its events over once the answer went out. */
async function respond(
  req: IncomingMessage,
  res: ServerResponse,
  o: ReceiverOptions,
  seen: { readonly events: MessagingEvent[]; readonly log: ReceiverLogEntry[] },
): Promise<void> {
  let a: Answer;
  try {
    a = await answer(req, o);
  } catch {
    a = { status: 400, body: "Bad Request", note: "request failed" };
  }
  seen.log.push({ method: req.method ?? "?", status: a.status, note: a.note });
  seen.events.push(...(a.events ?? []));
  res.writeHead(a.status, { "content-type": "text/plain; charset=utf-8" }).end(a.body);
  handOver(a.events ?? [], o.onEvent);
}

/**
 * Starts a webhook receiver on a loopback port: the verification handshake on GET, signed event
 * deliveries on POST (see the top of this file).
 */
export async function startReceiver(o: ReceiverOptions): Promise<Receiver> {
  const events: MessagingEvent[] = [];
  const log: ReceiverLogEntry[] = [];
  const handle = (req: IncomingMessage, res: ServerResponse) => void respond(req, res, o, { events, log });
  const server: Server = createServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(o.port ?? 0, o.host ?? "127.0.0.1", resolve);
  });
  const { port, address } = server.address() as AddressInfo;
  const host = address.includes(":") ? `[${address}]` : address;
  return {
    url: `http://${host}:${port}${WEBHOOK_PATH}`,
    events,
    log,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function summary(e: MessagingEvent): string {
  const what = e.kind === "message" ? `message ${JSON.stringify(e.text ?? "")}` : `postback ${e.payload ?? ""}`;
  return `Page ${e.pageId}, sender ${e.senderId}: ${what}`;
}

/** Runs the receiver on its own, secrets from the environment, and prints each event. */
async function main(): Promise<void> {
  const verifyToken = process.env.MESSENGER_VERIFY_TOKEN;
  const appSecret = process.env.MESSENGER_APP_SECRET;
  if (!verifyToken || !appSecret) throw new Error("set MESSENGER_VERIFY_TOKEN and MESSENGER_APP_SECRET");
  const receiver = await startReceiver({
    port: Number(process.env.PORT ?? 3000),
    host: process.env.HOST ?? "127.0.0.1",
    verifyToken,
    appSecret,
    onEvent: (e) => console.log(summary(e)),
  });
  console.log(`webhook receiver on ${receiver.url}`);
}

// Run as a program (`node receiver.ts`, or its compiled .js), not when imported.
if (/(^|[\\/])receiver\.[cm]?[jt]s$/.test(process.argv[1] ?? ""))
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  });

/**
 * Hostile pieces of the webhook suites: loopback callbacks that misbehave during Graph's
 * verification (a redirect, no answer at all, an echo of what they were sent), and answers a
 * hostile or broken server could give to `GET /{app-id}/subscriptions` and
 * `GET /{page-id}/subscribed_apps` (wrong shapes, ids that are not digits, huge lists, deep nests,
 * bodies past the size cap).
 */
import * as http from "http";
import type { AddressInfo, Socket } from "net";

/** A misbehaving callback on a loopback port. */
export interface HostileCallback {
  /** Its URL, e.g. `http://127.0.0.1:40123/hook`. */
  readonly url: string;
  /** Requests it received. */
  requests(): number;
  /** Stops it (open connections, hung ones included, are destroyed). */
  close(): Promise<void>;
}

/** What a hostile callback does with a request (it may never answer). */
export type CallbackBehaviour = (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => void;

/**
 * Starts a callback with a behaviour.
 *
 * @param behaviour - what it does with each request
 * @param path - its path
 */
export async function startHostileCallback(behaviour: CallbackBehaviour, path = "/hook"): Promise<HostileCallback> {
  let seen = 0;
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    seen++;
    behaviour(req, res, new URL(req.url ?? "/", "http://127.0.0.1"));
  });
  server.on("connection", (s: Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    requests: () => seen,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Answers every request with a redirect to `location`. */
export const redirectsTo =
  (location: string): CallbackBehaviour =>
  (_req, res) =>
    res.writeHead(302, { location, "content-type": "text/plain" }).end("moved");

/** Never answers (the emulator's verification deadline must end the wait). */
export const neverAnswers: CallbackBehaviour = () => undefined;

/** Refuses with 403 and echoes the verify token it received in its Content-Type. */
export const echoesTokenInContentType: CallbackBehaviour = (_req, res, url) =>
  res.writeHead(403, { "content-type": `text/plain; token=${url.searchParams.get("hub.verify_token") ?? ""}` }).end();

/** Answers 200 with the verify token (not the challenge) as its body. */
export const echoesTokenInBody: CallbackBehaviour = (_req, res, url) =>
  res.writeHead(200, { "content-type": "text/plain" }).end(url.searchParams.get("hub.verify_token") ?? "");

/** A JSON text nesting `depth` arrays in `data`. */
export function deepNest(depth: number): string {
  return `{"data":${"[".repeat(depth)}${"]".repeat(depth)}}`;
}

/** A subscription entry as `GET /{app-id}/subscriptions` writes it. */
export function appEntry(object: string, callbackUrl: string, fields: readonly string[]): Record<string, unknown> {
  return {
    object,
    callback_url: callbackUrl,
    active: true,
    fields: fields.map((name) => ({ name, version: "v25.0" })),
  };
}

/** One hostile answer to a GET, and what the provider's protocol error must say of it. */
export interface HostileAnswer {
  readonly name: string;
  /** The body (JSON-encoded unless a string). */
  readonly body: unknown;
  /** What the error message must say. */
  readonly says: RegExp;
}

/** Hostile answers to `GET /{app-id}/subscriptions`. */
export function hostileAppAnswers(callbackUrl: string): HostileAnswer[] {
  const ok = (fields: readonly string[]) => appEntry("page", callbackUrl, fields);
  return [
    { name: "data is an object, not a list", body: { data: ok(["feed"]) }, says: /expected \{"data": \[…\]\}/ },
    { name: "no data at all, a bare list", body: [ok(["feed"])], says: /expected \{"data": \[…\]\}/ },
    { name: "an entry whose object is a number", body: { data: [{ ...ok(["feed"]), object: 5 }] }, says: /"object"/ },
    {
      name: "a callback_url that is a list",
      body: { data: [{ ...ok(["feed"]), callback_url: [callbackUrl] }] },
      says: /"callback_url"/,
    },
    {
      name: "fields that are a string",
      body: { data: [{ ...ok([]), fields: "feed,messages" }] },
      says: /a list of fields/,
    },
    { name: "a field name with a right-to-left override", body: { data: [ok(["feed\u202e"])] }, says: /field names/ },
    { name: "a field name that is a path", body: { data: [ok(["../../feed"])] }, says: /field names/ },
    {
      name: "a callback_url of 5000 characters",
      body: { data: [appEntry("page", `${callbackUrl}?${"a".repeat(5000)}`, ["feed"])] },
      says: /5\d{3} characters/,
    },
    {
      name: "257 subscriptions",
      body: { data: Array.from({ length: 257 }, () => ok(["feed"])) },
      says: /at most 256 entries/,
    },
    { name: "a subscription with 300 fields", body: { data: [ok(Array(300).fill("feed"))] }, says: /a list of fields/ },
    { name: "data nested 100 levels deep", body: deepNest(100), says: /nest|deep|depth/i },
    { name: "a body over 1 MiB", body: { data: [ok(["feed"])], padding: "x".repeat(1_100_000) }, says: /1 MiB/ },
  ];
}

/** Hostile answers to `GET /{page-id}/subscribed_apps`. */
export function hostilePageAnswers(appId: string): HostileAnswer[] {
  const app = (id: unknown, fields: unknown = ["messages"]) => ({ id, name: "Some App", subscribed_fields: fields });
  return [
    { name: "an app id that is not digits", body: { data: [app(`../${appId}`)] }, says: /<app id digits>/ },
    { name: "an app id that is a number", body: { data: [app(Number(appId))] }, says: /<app id digits>/ },
    { name: "an app id of 40 digits", body: { data: [app("1".repeat(40))] }, says: /<app id digits>/ },
    { name: "subscribed_fields that are a string", body: { data: [app(appId, "messages")] }, says: /a list of fields/ },
    {
      name: "a subscribed field that is an object",
      body: { data: [app(appId, [{ field: "messages" }])] },
      says: /field names/,
    },
    {
      name: "10000 apps",
      body: { data: Array.from({ length: 10_000 }, () => app(appId)) },
      says: /at most 256 entries/,
    },
    { name: "data nested 100 levels deep", body: deepNest(100), says: /nest|deep|depth/i },
    { name: "data is a string", body: { data: "messages" }, says: /expected \{"data": \[…\]\}/ },
  ];
}

/**
 * The emulator's HTTP server: Graph routes, fault injection, a bounded request log, connection
 * limits and counting, the webhook subscriptions of its apps and Pages (callback verification and
 * event delivery go to loopback callbacks only), and the control API under `/__emulator/`. No request can stop it: each one
 * is handled under its own guard, bodies are capped, malformed requests get a Graph-shaped 400,
 * requests a web page sent are refused (`browser-guard.ts`), and idle or slow connections cannot
 * hold it (`connections.ts`).
 *
 * @packageDocumentation
 */
import * as http from "http";
import type { AddressInfo, Socket } from "net";
import { checkControlAccess, isLoopbackAddress } from "./access";
import { AppStore, DEFAULT_APPS, type AppSeed } from "./apps";
import { bodyKind, bodyRefusal, browserRefusal, type Refusal } from "./browser-guard";
import { checkConnectionLimits, ConnectionGuard, serverOptions, type ConnectionLimits } from "./connections";
import { CONTROL_PREFIX, controlCall } from "./control";
import type { Emulator } from "./emulator";
import { FaultTable } from "./faults";
import { GraphRoutes, graphError, traceId, type GraphAnswer, type GraphRequest } from "./graph";
import { DEFAULT_PAGES, PageStore, type PageSeed, type RateLimitOptions } from "./pages";
import { OutboundLog } from "./outbound-log";
import { LogRedactor, valuesReadUnderSecretNames } from "./redaction";
import { RequestLog, type LoggedRequest } from "./request-log";
import { SubscriptionRoutes } from "./subscriptions";
import {
  checkChaosSpec,
  checkFaultSpec,
  checkPageSeed,
  checkPageSeeds,
  checkPlatform,
  checkProfileFieldNames,
  checkProfileFields,
  checkRateLimit,
  EmulatorInputError,
  integer,
  MAX_TIMER_MS,
} from "./validate";
import { checkAppSeeds, checkPageApp, checkWebhookSettings } from "./webhook-inputs";
import { Webhooks } from "./webhooks";

export type { LoggedRequest } from "./request-log";
export type { Emulator } from "./emulator";
export { EMULATOR_CONNECTION_LIMITS, type ConnectionLimits } from "./connections";

/** Options of {@link startEmulator}. */
export interface EmulatorOptions {
  /** TCP port; 0 picks a free one. @defaultValue 0 */
  readonly port?: number;
  /** Interface to listen on. A non-loopback one draws a warning: the emulator is a loopback tool. @defaultValue "127.0.0.1" */
  readonly host?: string;
  /** Pages and their tokens. @defaultValue {@link DEFAULT_PAGES} */
  readonly pages?: readonly PageSeed[];
  /**
   * Apps (id, name, secret); a Page seed's token belongs to its `appId`, else to the first app. The
   * app access token is `{id}|{secret}`. @defaultValue {@link DEFAULT_APPS}
   */
  readonly apps?: readonly AppSeed[];
  /**
   * Whether `POST /{app-id}/subscriptions` merges `fields` into the object's subscribed fields or
   * replaces them (which one Graph does is unconfirmed). @defaultValue "merge"
   */
  readonly subscriptionPost?: "merge" | "replace";
  /** How long a callback verification request (and an event delivery) may take, in ms. @defaultValue 5000 */
  readonly verifyTimeoutMs?: number;
  /**
   * Whether `POST /{app-id}/subscriptions` sends the callback its verification request first;
   * false skips it (for tests that do not care about the callback). @defaultValue true
   */
  readonly verifyCallbacks?: boolean;
  /** Messenger Profile API rate limit. @defaultValue 10 calls per 600000 ms per Page */
  readonly rateLimit?: Partial<RateLimitOptions>;
  /** Added latency per Graph call, in ms, to imitate a network. @defaultValue 0 */
  readonly latencyMs?: number;
  /** Largest request body read, in bytes; a longer one is answered 413 and the connection closed. @defaultValue 1048576 (1 MiB) */
  readonly maxBodyBytes?: number;
  /** Requests kept in the log; older ones are dropped. @defaultValue 1000 */
  readonly maxLogEntries?: number;
  /** Bytes of each body kept in the log (the full length is in `bodyBytes`). @defaultValue 4096 */
  readonly logBodyBytes?: number;
  /**
   * Open connections at most. Past it, the oldest connection the emulator is not answering (one
   * that has not sent a complete request, or sits idle between requests) is closed to make room;
   * when every open connection awaits an answer, the newcomer gets a Graph-shaped 503.
   * @defaultValue 256
   */
  readonly maxConnections?: number;
  /** Time for a client to send a request's headers, in ms; then 408 and the connection closed. @defaultValue 10000 */
  readonly headersTimeoutMs?: number;
  /** Time for a client to send a whole request (headers and body), in ms; then 408 and closed. @defaultValue 30000 */
  readonly requestTimeoutMs?: number;
  /** How long an idle keep-alive connection stays open after an answer, in ms (Node 24 adds 1 s). @defaultValue 6000 */
  readonly keepAliveTimeoutMs?: number;
  /** A connection with no traffic for this long is closed, unless the emulator owes it an answer, in ms. @defaultValue 15000 */
  readonly idleTimeoutMs?: number;
  /**
   * When set, every control API call must present it (header `x-emulator-control-token`, or
   * `Authorization: Bearer`), from any peer. When unset, the control API answers loopback peers only.
   */
  readonly controlToken?: string;
  /**
   * Which peer addresses count as local for the control API when no token is set.
   * @defaultValue loopback addresses (127.0.0.0/8, ::1, and 127.0.0.0/8 mapped to IPv6)
   */
  readonly isLocalPeer?: (address: string) => boolean;
  /**
   * Receives the start-up warning given when the emulator listens on a non-loopback address.
   * @defaultValue `process.emitWarning` (code `EMULATOR_NON_LOOPBACK`)
   */
  readonly onWarning?: (message: string) => void;
}

/** The default limits of {@link EmulatorOptions}. */
export const EMULATOR_LIMITS = {
  /** Largest request body, in bytes (1 MiB). */
  maxBodyBytes: 1_048_576,
  /** Requests kept in the log. */
  maxLogEntries: 1000,
  /** Bytes of each body kept in the log. */
  logBodyBytes: 4096,
} as const;

const DEFAULT_RATE_LIMIT: RateLimitOptions = { calls: 10, windowMs: 600_000 };

/** Where a request goes: its normalized path and its query string as sent. */
interface Target {
  readonly path: string;
  readonly rawQuery: string;
}

/**
 * Starts a Graph API emulator on a loopback port.
 *
 * @throws {@link EmulatorInputError} when an option is malformed
 *
 * @example
 * ```ts
 * const emu = await startEmulator({ port: 0 });
 * process.env.MESSENGER_GRAPH_API_URL = emu.url;
 * // … run the provider …
 * console.log(emu.pages());
 * await emu.close();
 * ```
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const port = integer(options.port ?? 0, "port", 0, 65535);
  if (options.host !== undefined && (typeof options.host !== "string" || options.host === ""))
    throw new EmulatorInputError("host must be a non-empty string");
  const latencyMs = integer(options.latencyMs ?? 0, "latencyMs", 0, MAX_TIMER_MS);
  const limits = {
    maxBodyBytes: integer(options.maxBodyBytes ?? EMULATOR_LIMITS.maxBodyBytes, "maxBodyBytes", 1, 2 ** 31),
    maxLogEntries: integer(options.maxLogEntries ?? EMULATOR_LIMITS.maxLogEntries, "maxLogEntries", 1, 10_000_000),
    logBodyBytes: integer(options.logBodyBytes ?? EMULATOR_LIMITS.logBodyBytes, "logBodyBytes", 0, 2 ** 31),
  };
  const controlToken = options.controlToken;
  if (controlToken !== undefined && !/^[\x21-\x7e]{1,1024}$/.test(controlToken))
    throw new EmulatorInputError("controlToken must be 1 to 1024 visible ASCII characters");
  const isLocalPeer = options.isLocalPeer ?? isLoopbackAddress;
  const connectionLimits = checkConnectionLimits(options);

  let rateLimit: RateLimitOptions = { ...DEFAULT_RATE_LIMIT, ...checkRateLimit(options.rateLimit ?? {}) };
  const apps = new AppStore(checkAppSeeds(options.apps ?? DEFAULT_APPS));
  const isApp = (id: string) => apps.seed(id) !== undefined;
  const seeds = checkPageSeeds(options.pages ?? DEFAULT_PAGES).map((s, i) => checkPageApp(s, isApp, `pages[${i}]`));
  const store = new PageStore(seeds, rateLimit);
  const webhookSettings = checkWebhookSettings(options);
  const faults = new FaultTable();
  const log = new RequestLog(limits.maxLogEntries);
  const secrets = combinedSecrets(() => store.knownSecrets(), apps.knownSecrets());
  const redactor = new LogRedactor(secrets, controlToken === undefined ? [] : [controlToken]);
  const outbound = new OutboundLog(limits.maxLogEntries);
  const recorder = {
    log: outbound,
    redactUrl: (url: string, values: readonly string[]) => redactor.redactUrl(url, values),
  };
  const webhooks = new Webhooks(apps, store, webhookSettings, recorder);
  const routes = new GraphRoutes(store, new SubscriptionRoutes(webhooks));
  let seq = 0;

  const guard = new ConnectionGuard(connectionLimits, (socket) => refuseConnection(socket, connectionLimits));
  const server = http.createServer(serverOptions(connectionLimits), (req, res) => {
    if (guard.isRefused(req.socket)) return; // answered 503 when it connected; closed soon
    try {
      receive(req, res);
    } catch (e) {
      answerFailure(res, e);
    }
  });
  guard.attach(server);
  // Requests Node's parser refuses (bad request line, header overflow, timeouts) end here.
  server.on("clientError", (err: NodeJS.ErrnoException, socket: Socket) => {
    if (err.code === "ECONNRESET" || !socket.writable) return void socket.destroy();
    const status = err.code === "HPE_HEADER_OVERFLOW" ? 431 : err.code === "ERR_HTTP_REQUEST_TIMEOUT" ? 408 : 400;
    socket.end(
      rawResponse(
        status,
        JSON.stringify(graphError(100, `(#100) Malformed HTTP request (${err.code ?? "parse error"})`).body),
      ),
    );
  });

  /** Reads the body (up to the cap), then dispatches. */
  function receive(req: http.IncomingMessage, res: http.ServerResponse): void {
    const declared = Number(req.headers["content-length"] ?? 0);
    const chunks: Buffer[] = [];
    let received = 0;
    let stopped = false;
    const tooLarge = () => {
      stopped = true;
      chunks.length = 0;
      guarded(res, () => refuseBody(req, res, received));
    };
    req.on("error", () => undefined); // an aborted upload; the socket is gone
    if (declared > limits.maxBodyBytes) return tooLarge();
    req.on("data", (c: Buffer) => {
      if (stopped) return;
      received += c.length;
      if (received > limits.maxBodyBytes) return tooLarge();
      chunks.push(c);
    });
    req.on("end", () => {
      if (stopped) return;
      guard.answering(req.socket, res);
      guarded(res, () => dispatch(req, res, Buffer.concat(chunks).toString("utf8"), received));
    });
  }

  function guarded(res: http.ServerResponse, f: () => void): void {
    try {
      f();
    } catch (e) {
      answerFailure(res, e);
    }
  }

  /**
   * 413, logged, and the connection closed: the rest of the body is never read. The answer is
   * written on the socket directly and only the sending side is closed at once, so that the client
   * reads the 413 before the connection is torn down (a full close with unread data would reset it).
   */
  function refuseBody(req: http.IncomingMessage, res: http.ServerResponse, received: number): void {
    req.pause();
    let target: Target | undefined;
    try {
      target = parseTarget(req.url ?? "/");
    } catch {
      target = undefined;
    }
    if (target && !target.path.startsWith(CONTROL_PREFIX)) {
      const parsed = parseRequest((req.method ?? "GET").toUpperCase(), target, "", req.headers["content-type"]);
      const entry = logEntry(req, target, "", received, parsed);
      entry.status = 413;
      log.add(entry);
    }
    const answer = graphError(
      100,
      `(#100) The request body is larger than the emulator's limit of ${limits.maxBodyBytes} bytes`,
      { status: 413 },
    );
    const socket = req.socket;
    if (res.headersSent || !socket.writable) return void socket.destroy();
    socket.end(rawResponse(413, JSON.stringify(answer.body)));
    setTimeout(() => socket.destroy(), 2000).unref();
  }

  function logEntry(
    req: http.IncomingMessage,
    target: Target,
    raw: string,
    bytes: number,
    parsed: GraphRequest,
  ): LoggedRequest {
    const proof = routes.proofOf(parsed);
    const appId = routes.appIdOf(parsed);
    const logged = redactor.redact(
      { path: target.path, rawQuery: target.rawQuery, body: raw, contentType: req.headers["content-type"] },
      valuesReadUnderSecretNames(parsed.query, parsed.body),
      limits.logBodyBytes,
    );
    return {
      seq: ++seq,
      time: Date.now(),
      method: parsed.method,
      path: logged.path,
      rawQuery: logged.rawQuery,
      body: prefix(logged.body, limits.logBodyBytes),
      bodyBytes: bytes,
      contentType: logged.contentType,
      pageId: routes.pageIdOf(parsed),
      ...(appId !== undefined ? { appId } : {}),
      ...(proof ? { appSecretProof: proof } : {}),
    };
  }

  /** A Graph request a web page may have sent, or with a body the emulator does not read: logged and refused. */
  function refuseGraph(res: http.ServerResponse, entry: LoggedRequest, r: Refusal): void {
    entry.status = r.status;
    log.add(entry);
    const message = r.reason.startsWith("(#") ? r.reason : `(#100) ${r.reason}`;
    send(res, graphError(100, message, { status: r.status }));
  }

  /** A call of the control API, under its access rules. */
  function control(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    method: string,
    path: string,
    raw: string,
  ): void {
    const refusal = checkControlAccess(req, controlToken, isLocalPeer);
    const answer = refusal
      ? { status: refusal.status, body: { error: refusal.reason } }
      : controlCall(emulator, method, path.slice(CONTROL_PREFIX.length), raw);
    if (answer instanceof Promise)
      return void answer.then(
        (a) => json(res, a.status, a.body),
        (e: unknown) => answerFailure(res, e),
      );
    return json(res, answer.status, answer.body);
  }

  /** The answer of an injected fault (every kind but a delay). */
  function injected(
    fault: Exclude<ReturnType<typeof faults.take>, undefined>,
    req: http.IncomingMessage,
    res: http.ServerResponse,
    entry: LoggedRequest,
    respond: (a: GraphAnswer) => void,
  ): void {
    switch (fault.type) {
      case "reset":
        req.socket.destroy();
        return undefined;
      case "malformed":
        entry.status = 200;
        res.writeHead(200, { "content-type": "application/json; charset=UTF-8" });
        res.end('{"result": "succ');
        return;
      case "html": {
        const status = fault.status ?? 502;
        entry.status = status;
        res.writeHead(status, { "content-type": "text/html; charset=utf-8" });
        res.end(
          `<!DOCTYPE html><html><head><title>Error</title></head><body><h1>${status} Bad Gateway</h1><p>The server encountered a temporary error.</p></body></html>`,
        );
        return;
      }
      case "status":
        return respond({ status: fault.status, body: fault.body ?? "", headers: fault.headers });
      case "graph": {
        const message =
          (fault.message ?? `(#${fault.code}) Injected error`) +
          (fault.echoUrl ? ` (request: ${req.method} ${req.url})` : "");
        return respond(
          graphError(fault.code, message, {
            status: fault.status,
            type: fault.errorType,
            subcode: fault.subcode,
            headers: fault.headers,
            isTransient: fault.isTransient,
          }),
        );
      }
    }
  }

  function dispatch(req: http.IncomingMessage, res: http.ServerResponse, raw: string, bytes: number): void {
    let target: Target;
    try {
      target = parseTarget(req.url ?? "/");
    } catch {
      return send(res, graphError(100, "(#100) The request target is not a valid URL path", { status: 400 }));
    }
    const method = (req.method ?? "GET").toUpperCase();
    if (target.path.startsWith(CONTROL_PREFIX)) return control(req, res, method, target.path, raw);
    const parsed = parseRequest(method, target, raw, req.headers["content-type"]);
    const entry = logEntry(req, target, raw, bytes, parsed);
    const refusal = browserRefusal(req.headers) ?? bodyRefusal(method, req.headers["content-type"], bytes);
    if (refusal) return refuseGraph(res, entry, refusal);
    log.add(entry);
    const fault = faults.take(parsed.method, target.path, entry.pageId, routes.platformOf(parsed));
    if (fault) entry.fault = fault.type;
    const respond = (a: GraphAnswer) => {
      entry.status = a.status;
      send(res, a);
    };
    const run = () => {
      if (!fault || fault.type === "delay") {
        const answer = routes.handle(parsed);
        if (answer instanceof Promise) return void answer.then(respond, (e: unknown) => answerFailure(res, e));
        return respond(answer);
      }
      return injected(fault, req, res, entry, respond);
    };
    const delay = (fault?.type === "delay" ? fault.ms : 0) + latencyMs;
    if (fault?.type === "delay" && fault.hang) return; // never answer; the client must time out
    if (delay > 0) setTimeout(() => guarded(res, run), Math.min(delay, MAX_TIMER_MS));
    else run();
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, options.host ?? "127.0.0.1", () => resolve());
  });
  const address = server.address() as AddressInfo;
  if (!isLoopbackAddress(address.address)) {
    const warn = options.onWarning ?? ((m: string) => process.emitWarning(m, { code: "EMULATOR_NON_LOOPBACK" }));
    warn(
      `the Graph API emulator listens on ${address.address}, a non-loopback address: anyone who can reach port ${address.port} can call its Graph routes. ` +
        (controlToken
          ? "Its control API requires the control token."
          : "Its control API answers loopback peers only (set a control token to use it from elsewhere)."),
    );
  }
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;

  function knownPage(id: string): string {
    if (typeof id !== "string" || !store.page(id)) throw new EmulatorInputError(`no Page ${String(id)}`);
    return id;
  }

  const emulator: Emulator = {
    url: `http://${host}:${address.port}`,
    port: address.port,
    controlToken,
    limits,
    connectionLimits,
    pages: () => store.snapshot(),
    page: (id) => store.state(id),
    addPage: (seed) => store.add(checkPageApp(checkPageSeed(seed), isApp)),
    setAccountLinkingUrl: (id, url) => {
      if (url !== undefined && typeof url !== "string")
        throw new EmulatorInputError("accountLinkingUrl must be a string or undefined");
      store.setUrl(id, url);
    },
    profile: (id, platform) => store.profile(id, checkPlatform(platform)),
    setProfileFields: (id, fields, platform) => {
      const p = checkPlatform(platform);
      const checked = checkProfileFields(fields, p);
      store.setFields(knownPage(id), p, checked);
    },
    deleteProfileFields: (id, fields, platform) => {
      const p = checkPlatform(platform);
      const names = checkProfileFieldNames(fields, p);
      store.deleteFields(knownPage(id), p, names);
    },
    injectFault: (spec) => faults.add(checkFaultSpec(spec)),
    setChaos: (spec) => faults.setChaos(checkChaosSpec(spec)),
    chaosStats: () => faults.chaosStats(),
    clearFaults: () => faults.clear(),
    pendingFaults: () => faults.pending(),
    requests: () => log.list(),
    clearRequests: () => {
      log.clear();
      outbound.clear();
      guard.resetAccepted();
    },
    connections: () => guard.acceptedCount(),
    openConnections: () => guard.openCount(),
    rateLimit: () => ({ ...rateLimit }),
    setRateLimit: (r) => {
      rateLimit = { ...rateLimit, ...checkRateLimit(r) };
      store.setRateLimit(rateLimit);
    },
    resetRateLimits: () => store.resetRateLimits(),
    ...webhooks.api(),
    close: () =>
      new Promise<void>((resolve) => {
        webhooks.close();
        guard.destroyAll();
        server.close(() => resolve());
      }),
  };
  return emulator;
}

/**
 * The path (normalized as a URL path) and the raw query of a request target, origin-form
 * (`/path?q`) or absolute-form (`http://host/path?q`). Throws on anything else.
 */
function parseTarget(requestTarget: string): Target {
  let t = requestTarget;
  if (!t.startsWith("/")) {
    const u = new URL(t);
    if (u.protocol !== "http:" && u.protocol !== "https:") throw new Error("not an http URL");
    t = `${u.pathname}${u.search}`;
  }
  const hash = t.indexOf("#");
  if (hash >= 0) t = t.slice(0, hash);
  const q = t.indexOf("?");
  const path = new URL(`http://emulator${q < 0 ? t : t.slice(0, q)}`).pathname;
  return { path, rawQuery: q < 0 ? "" : t.slice(q + 1) };
}

function parseRequest(method: string, target: Target, raw: string, contentType: string | undefined): GraphRequest {
  let body: Record<string, unknown> = {};
  let badBody = false;
  if (raw.trim() !== "") {
    if (bodyKind(contentType) === "form") {
      body = Object.fromEntries(new URLSearchParams(raw));
    } else {
      try {
        const parsed: unknown = JSON.parse(raw);
        if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed))
          body = parsed as Record<string, unknown>;
        else badBody = true;
      } catch {
        badBody = true;
      }
    }
  }
  return { method, path: target.path, query: new URLSearchParams(target.rawQuery), body, badBody };
}

/**
 * The Pages' secrets (which grow as Pages are added) and the apps' (fixed), as one array that stays
 * the same until the Pages' change (the redactor encodes each array once).
 */
function combinedSecrets(pages: () => readonly string[], apps: readonly string[]): () => readonly string[] {
  let from: readonly string[] | undefined;
  let all: readonly string[] = [];
  return () => {
    const current = pages();
    if (current !== from) {
      from = current;
      all = [...current, ...apps];
    }
    return all;
  };
}

/** The first `bytes` bytes of a text (a character cut in two becomes U+FFFD). */
function prefix(text: string, bytes: number): string {
  if (text.length <= bytes / 3) return text; // at most 3 bytes per UTF-16 unit
  const buf = Buffer.from(text, "utf8");
  return buf.length <= bytes ? text : buf.subarray(0, bytes).toString("utf8");
}

/**
 * Answers a connection refused for the cap (every open connection awaits its answer): a
 * Graph-shaped 503, then the connection closed; the client reads the answer when it sends its request.
 */
function refuseConnection(socket: Socket, limits: ConnectionLimits): void {
  const answer = graphError(
    2,
    `(#2) The emulator has ${limits.maxConnections} connections open, each waiting for its answer (maxConnections): retry when one ends, or start the emulator with a higher maxConnections`,
    { status: 503, type: "OAuthException", isTransient: true },
  );
  socket.on("error", () => undefined);
  socket.end(rawResponse(503, JSON.stringify(answer.body)));
  setTimeout(() => socket.destroy(), 2000).unref();
}

/** A complete HTTP/1.1 answer that closes the connection, for when no response object can be used. */
function rawResponse(status: number, body: string): string {
  return (
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? "Error"}\r\ncontent-type: application/json; charset=UTF-8\r\n` +
    `x-fb-trace-id: ${traceId()}\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`
  );
}

/** Answers an error thrown while handling a request: a Graph-shaped 500, or a closed connection. */
function answerFailure(res: http.ServerResponse, e: unknown): void {
  if (res.headersSent) {
    res.socket?.destroy();
    return;
  }
  try {
    send(
      res,
      graphError(1, `(#1) The emulator failed to handle the request: ${e instanceof Error ? e.name : "error"}`, {
        status: 500,
        type: "OAuthException",
      }),
    );
  } catch {
    res.socket?.destroy();
  }
}

function send(res: http.ServerResponse, a: GraphAnswer): void {
  const text = typeof a.body === "string" ? a.body : JSON.stringify(a.body);
  res.writeHead(a.status, {
    "content-type": "application/json; charset=UTF-8",
    "x-fb-trace-id": traceId(),
    "facebook-api-version": "v25.0",
    ...a.headers,
    "content-length": Buffer.byteLength(text),
  });
  res.end(text);
}

function json(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

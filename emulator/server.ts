/**
 * The emulator's HTTP server: Graph routes, fault injection, a request log, connection counting,
 * and a small control API under `/__emulator/` for processes that cannot call the library.
 *
 * @packageDocumentation
 */
import * as http from "http";
import type { AddressInfo, Socket } from "net";
import { FaultTable, type ChaosSpec, type FaultKind, type FaultSpec } from "./faults";
import { GraphRoutes, graphError, traceId, type GraphAnswer, type GraphRequest } from "./graph";
import { DEFAULT_PAGES, PageStore, type PageSeed, type PageState, type RateLimitOptions } from "./pages";

/** Options of {@link startEmulator}. */
export interface EmulatorOptions {
  /** TCP port; 0 picks a free one. @default 0 */
  readonly port?: number;
  /** Interface to listen on. @default "127.0.0.1" */
  readonly host?: string;
  /** Pages and their tokens. @default {@link DEFAULT_PAGES} */
  readonly pages?: readonly PageSeed[];
  /** Messenger Profile API rate limit. @default 10 calls per 600000 ms per Page */
  readonly rateLimit?: Partial<RateLimitOptions>;
  /** Added latency per Graph call, in ms, to imitate a network. @default 0 */
  readonly latencyMs?: number;
}

/** One request the emulator received. */
export interface LoggedRequest {
  /** 1-based order of arrival. */
  readonly seq: number;
  /** Arrival time, ms since the epoch. */
  readonly time: number;
  /** HTTP method. */
  readonly method: string;
  /** Path without query string. */
  readonly path: string;
  /** Raw query string (without "?"), exactly as sent. */
  readonly rawQuery: string;
  /** Raw body, exactly as sent. */
  readonly body: string;
  /** Content-Type header. */
  readonly contentType?: string;
  /** The Page the token authenticates as, if any. */
  readonly pageId?: string;
  /** HTTP status answered (undefined for reset or hung calls). */
  status?: number;
  /** The fault applied, if any. */
  fault?: FaultKind["type"];
}

/** A running emulator. */
export interface Emulator {
  /** Base URL, e.g. `http://127.0.0.1:40123`. */
  readonly url: string;
  /** TCP port. */
  readonly port: number;
  /** Every Page's state. */
  pages(): PageState[];
  /** One Page's state. */
  page(id: string): PageState | undefined;
  /** Adds a Page. */
  addPage(seed: PageSeed): void;
  /** Sets (or with undefined, removes) a Page's URL out of band. */
  setAccountLinkingUrl(pageId: string, url: string | undefined): void;
  /** Makes the next matching calls fail. */
  injectFault(spec: FaultSpec): void;
  /** Makes a seeded random share of matching calls fail (until {@link Emulator.clearFaults}). */
  setChaos(spec: ChaosSpec): void;
  /** Calls the chaos saw and failed, or undefined when none is set. */
  chaosStats(): { calls: number; failed: number } | undefined;
  /** Removes every pending fault, random faults included. */
  clearFaults(): void;
  /** Faulted calls still pending. */
  pendingFaults(): number;
  /** Graph requests received (control API calls excluded), oldest first. */
  requests(): LoggedRequest[];
  /** Forgets the request log (and the connection count). */
  clearRequests(): void;
  /** TCP connections accepted since start or the last {@link Emulator.clearRequests}. */
  connections(): number;
  /** Changes the rate limit. */
  setRateLimit(r: Partial<RateLimitOptions>): void;
  /** Forgets every counted call of the rate limit. */
  resetRateLimits(): void;
  /** Stops listening and destroys open connections. */
  close(): Promise<void>;
}

const DEFAULT_RATE_LIMIT: RateLimitOptions = { calls: 10, windowMs: 600_000 };
const CONTROL_PREFIX = "/__emulator/";

/**
 * Starts a Graph API emulator on a loopback port.
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
  let rateLimit: RateLimitOptions = { ...DEFAULT_RATE_LIMIT, ...options.rateLimit };
  const store = new PageStore(options.pages ?? DEFAULT_PAGES, rateLimit);
  const routes = new GraphRoutes(store);
  const faults = new FaultTable();
  let log: LoggedRequest[] = [];
  let seq = 0;
  let connections = 0;
  const sockets = new Set<Socket>();
  const latencyMs = options.latencyMs ?? 0;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      const url = new URL(req.url ?? "/", "http://emulator");
      if (url.pathname.startsWith(CONTROL_PREFIX)) {
        control(req.method ?? "GET", url.pathname.slice(CONTROL_PREFIX.length), raw, res);
        return;
      }
      const parsed = parseRequest(req.method ?? "GET", url, raw, req.headers["content-type"]);
      const entry: LoggedRequest = {
        seq: ++seq,
        time: Date.now(),
        method: parsed.method,
        path: url.pathname,
        rawQuery: url.search.replace(/^\?/, ""),
        body: raw,
        contentType: req.headers["content-type"],
        pageId: routes.pageIdOf(parsed),
      };
      log.push(entry);
      const fault = faults.take(parsed.method, url.pathname, entry.pageId);
      if (fault) entry.fault = fault.type;
      const respond = (a: GraphAnswer) => {
        entry.status = a.status;
        send(res, a);
      };
      const run = () => {
        if (!fault || fault.type === "delay") return respond(routes.handle(parsed));
        switch (fault.type) {
          case "reset":
            req.socket.destroy();
            return undefined;
          case "malformed":
            entry.status = 200;
            res.writeHead(200, { "content-type": "application/json; charset=UTF-8" });
            return res.end('{"result": "succ');
          case "html": {
            const status = fault.status ?? 502;
            entry.status = status;
            res.writeHead(status, { "content-type": "text/html; charset=utf-8" });
            return res.end(
              `<!DOCTYPE html><html><head><title>Error</title></head><body><h1>${status} Bad Gateway</h1><p>The server encountered a temporary error.</p></body></html>`,
            );
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
      };
      const delay = (fault?.type === "delay" ? fault.ms : 0) + latencyMs;
      if (fault?.type === "delay" && fault.hang) return; // never answer; the client must time out
      if (delay > 0) setTimeout(run, delay);
      else run();
    });
  });
  server.keepAliveTimeout = 30_000;
  server.on("connection", (s: Socket) => {
    connections++;
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });

  function control(method: string, route: string, raw: string, res: http.ServerResponse): void {
    try {
      const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      const pageMatch = /^pages\/([^/]+)$/.exec(route);
      if (method === "GET" && route === "pages") return json(res, 200, store.snapshot());
      if (method === "PUT" && pageMatch) {
        const urlValue = body.accountLinkingUrl;
        store.setUrl(decodeURIComponent(pageMatch[1]), typeof urlValue === "string" ? urlValue : undefined);
        return json(res, 200, store.state(decodeURIComponent(pageMatch[1])));
      }
      if (method === "POST" && route === "faults") {
        faults.add(body as unknown as FaultSpec);
        return json(res, 200, { pending: faults.pending() });
      }
      if (method === "POST" && route === "chaos") {
        faults.setChaos(body as unknown as ChaosSpec);
        return json(res, 200, faults.chaosStats());
      }
      if (method === "DELETE" && route === "faults") {
        faults.clear();
        return json(res, 200, { pending: 0 });
      }
      if (method === "GET" && route === "requests") return json(res, 200, log);
      if (method === "DELETE" && route === "requests") {
        log = [];
        connections = 0;
        return json(res, 200, { cleared: true });
      }
      if (method === "POST" && route === "rate-limit") {
        rateLimit = { ...rateLimit, ...(body as Partial<RateLimitOptions>) };
        store.setRateLimit(rateLimit);
        store.resetRateLimits();
        return json(res, 200, rateLimit);
      }
      return json(res, 404, { error: `no control route ${method} /__emulator/${route}` });
    } catch (e) {
      return json(res, 400, { error: String((e as Error).message) });
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;

  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    pages: () => store.snapshot(),
    page: (id) => store.state(id),
    addPage: (seed) => store.add(seed),
    setAccountLinkingUrl: (id, url) => store.setUrl(id, url),
    injectFault: (spec) => faults.add(spec),
    setChaos: (spec) => faults.setChaos(spec),
    chaosStats: () => faults.chaosStats(),
    clearFaults: () => faults.clear(),
    pendingFaults: () => faults.pending(),
    requests: () => [...log],
    clearRequests: () => {
      log = [];
      connections = 0;
    },
    connections: () => connections,
    setRateLimit: (r) => {
      rateLimit = { ...rateLimit, ...r };
      store.setRateLimit(rateLimit);
    },
    resetRateLimits: () => store.resetRateLimits(),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

function parseRequest(method: string, url: URL, raw: string, contentType: string | undefined): GraphRequest {
  let body: Record<string, unknown> = {};
  let badBody = false;
  if (raw.trim() !== "") {
    if ((contentType ?? "").includes("application/x-www-form-urlencoded")) {
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
  return { method: method.toUpperCase(), path: url.pathname, query: url.searchParams, body, badBody };
}

function send(res: http.ServerResponse, a: GraphAnswer): void {
  const text = typeof a.body === "string" ? a.body : JSON.stringify(a.body);
  res.writeHead(a.status, {
    "content-type": "application/json; charset=UTF-8",
    "x-fb-trace-id": traceId(),
    "facebook-api-version": "v25.0",
    ...a.headers,
  });
  res.end(text);
}

function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

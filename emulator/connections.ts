/**
 * Connection limits and timeouts suited to a local test server, so that idle or slow clients cannot
 * hold the emulator: headers and whole requests must arrive in time, idle keep-alive connections
 * are closed soon, and past a cap on open connections the oldest connection that owes the emulator
 * a request (it has not sent a complete one, or sits idle between requests) is closed to make room
 * for the newcomer. A connection whose complete request the emulator is still answering (a `delay`
 * or `hang` fault, added latency) is never closed by these rules; when every open connection is
 * such a one, the newcomer is answered 503.
 *
 * @packageDocumentation
 */
import type * as http from "http";
import type { Socket } from "net";
import { EmulatorInputError, integer, MAX_TIMER_MS } from "./validate";

/** Connection limits and timeouts of the emulator's server. */
export interface ConnectionLimits {
  /** Open connections at most; past it the oldest one not being answered is closed. */
  readonly maxConnections: number;
  /** Time for a client to send a request's headers, in ms (Node's `headersTimeout`); then 408. */
  readonly headersTimeoutMs: number;
  /** Time for a client to send a whole request, body included, in ms (Node's `requestTimeout`); then 408. */
  readonly requestTimeoutMs: number;
  /** How long an idle keep-alive connection stays open after an answer, in ms (Node 24 adds 1 s). */
  readonly keepAliveTimeoutMs: number;
  /** A connection with no traffic for this long is closed, unless the emulator owes it an answer, in ms. */
  readonly idleTimeoutMs: number;
}

/** The default {@link ConnectionLimits}. */
export const EMULATOR_CONNECTION_LIMITS: ConnectionLimits = {
  maxConnections: 256,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 6_000,
  idleTimeoutMs: 15_000,
};

/**
 * Checks connection limits, filling the defaults. A timeout given alone moves the other one when
 * needed (headers are part of the request: `headersTimeoutMs` must not exceed `requestTimeoutMs`).
 *
 * @throws {@link EmulatorInputError} when a value is out of range, or both timeouts are given and
 *   the headers one is the longer
 */
export function checkConnectionLimits(given: Partial<ConnectionLimits>): ConnectionLimits {
  const d = EMULATOR_CONNECTION_LIMITS;
  const ms = (key: keyof ConnectionLimits) => integer(given[key] ?? d[key], key, 1, MAX_TIMER_MS);
  let headersTimeoutMs = ms("headersTimeoutMs");
  let requestTimeoutMs = ms("requestTimeoutMs");
  if (given.requestTimeoutMs === undefined) requestTimeoutMs = Math.max(requestTimeoutMs, headersTimeoutMs);
  if (given.headersTimeoutMs === undefined) headersTimeoutMs = Math.min(headersTimeoutMs, requestTimeoutMs);
  if (headersTimeoutMs > requestTimeoutMs)
    throw new EmulatorInputError(
      `headersTimeoutMs (${headersTimeoutMs}) must not be longer than requestTimeoutMs (${requestTimeoutMs}): the headers are part of the request; lower the first or raise the second`,
    );
  return {
    maxConnections: integer(given.maxConnections ?? d.maxConnections, "maxConnections", 1, 1_000_000),
    headersTimeoutMs,
    requestTimeoutMs,
    keepAliveTimeoutMs: ms("keepAliveTimeoutMs"),
    idleTimeoutMs: ms("idleTimeoutMs"),
  };
}

/**
 * The options of `http.createServer` for these limits. Node checks the header and request
 * timeouts every `connectionsCheckingInterval` ms (30 s by default, which would add up to 30 s to
 * each): here a quarter of the shorter timeout, from 10 ms to 1 s.
 */
export function serverOptions(limits: ConnectionLimits): http.ServerOptions {
  const shorter = Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs);
  return {
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    connectionsCheckingInterval: Math.min(1000, Math.max(10, Math.floor(shorter / 4))),
  };
}

/** What the guard knows of an open connection: the answers the emulator still owes it. */
interface Connection {
  readonly owed: Set<http.ServerResponse>;
}

/** Keeps the open connections of a server within its {@link ConnectionLimits}. */
export class ConnectionGuard {
  /** Open connections, oldest first (a Map keeps insertion order). */
  private readonly open = new Map<Socket, Connection>();
  /** Newcomers refused for the cap: whatever they send is not read. */
  private readonly refused = new WeakSet<Socket>();
  private accepted = 0;

  /**
   * @param limits - the limits in force
   * @param refuse - answers a newcomer refused because every open connection awaits its answer
   */
  constructor(
    private readonly limits: ConnectionLimits,
    private readonly refuse: (socket: Socket) => void,
  ) {}

  /** Watches the server's connections and applies the idle timeout (the server's `timeout`). */
  attach(server: http.Server): void {
    server.keepAliveTimeout = this.limits.keepAliveTimeoutMs;
    server.timeout = this.limits.idleTimeoutMs;
    server.on("connection", (socket: Socket) => this.admit(socket));
    // A listener here replaces Node's default (destroy on timeout): keep-alive timeouts come here too.
    server.on("timeout", (socket: Socket) => this.timedOut(socket));
  }

  /**
   * Marks a complete request of `socket` as being answered until `res` closes: until then the
   * connection is neither closed for the cap nor for being idle.
   */
  answering(socket: Socket, res: http.ServerResponse): void {
    const connection = this.open.get(socket);
    if (!connection) return;
    connection.owed.add(res);
    res.once("close", () => connection.owed.delete(res));
  }

  /** Whether a connection was refused for the cap (its requests are not answered). */
  isRefused(socket: Socket): boolean {
    return this.refused.has(socket);
  }

  /** Connections open now. */
  openCount(): number {
    return this.open.size;
  }

  /** Connections accepted since start or the last {@link ConnectionGuard.resetAccepted}. */
  acceptedCount(): number {
    return this.accepted;
  }

  /** Restarts the count of accepted connections. */
  resetAccepted(): void {
    this.accepted = 0;
  }

  /** Destroys every open connection. */
  destroyAll(): void {
    for (const socket of this.open.keys()) socket.destroy();
    this.open.clear();
  }

  private admit(socket: Socket): void {
    this.accepted++;
    this.open.set(socket, { owed: new Set() });
    socket.on("close", () => this.open.delete(socket));
    if (this.open.size <= this.limits.maxConnections || this.closeOldestIdle(socket)) return;
    this.open.delete(socket);
    this.refused.add(socket);
    socket.pause();
    this.refuse(socket);
  }

  /** Closes the oldest connection (other than `keep`) that is not being answered; false when none is. */
  private closeOldestIdle(keep: Socket): boolean {
    for (const [socket, connection] of this.open) {
      if (socket === keep || connection.owed.size > 0) continue;
      this.open.delete(socket);
      socket.destroy();
      return true;
    }
    return false;
  }

  /** No traffic for the idle or keep-alive timeout: close, unless an answer is still being prepared. */
  private timedOut(socket: Socket): void {
    const connection = this.open.get(socket);
    const preparing = connection !== undefined && [...connection.owed].some((res) => !res.headersSent);
    if (!preparing) socket.destroy();
  }
}

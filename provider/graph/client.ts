/**
 * The HTTP client for the Graph API: node-fetch v2 over keep-alive agents that live as long as the
 * process, a per-attempt timeout and a total deadline, retries with exponential backoff and jitter
 * on transient failures (honouring `Retry-After` and `X-Business-Use-Case-Usage`), none on permanent
 * ones, `appsecret_proof` when an app secret is known, and redaction of every secret in errors.
 *
 * @packageDocumentation
 */
import * as crypto from "crypto";
import * as http from "http";
import * as https from "https";
import fetch, { FetchError, Response } from "node-fetch";
import { AttemptSignal } from "./attempt-signal";
import { endpointOf, graphApiUrlProblem } from "./endpoint";
import { GraphApiError, type GraphApiErrorInit, type GraphErrorBody } from "./errors";
import { MAX_ANSWER_DEPTH, nestsDeeperThan } from "./json-depth";
import { Redactor } from "./redact";
import { isRetryable } from "./retry-class";
import { backoffDelay, DEFAULT_RETRY, retryOptionsProblem, serverRequestedWait, type RetryOptions } from "./retry";
import type { WireRequest } from "./wire";

/**
 * The most bytes read from one answer body (after decompression): 1 MiB, far above any Graph
 * answer (a few KB). Reading stops there and the call fails with a `protocol` error.
 */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Keep-alive agents, one per protocol, created on first use and shared by every client in the
 * process. The dynamic-provider host loads this module with a real `require` (the serialized
 * provider is only a shim), so every resource of a deployment reuses the same sockets.
 */
const agents: { http?: http.Agent; https?: https.Agent } = {};

function agentFor(url: URL): http.Agent {
  if (url.protocol === "https:")
    return (agents.https ??= new https.Agent({ keepAlive: true, maxSockets: 32, keepAliveMsecs: 10_000 }));
  return (agents.http ??= new http.Agent({ keepAlive: true, maxSockets: 32, keepAliveMsecs: 10_000 }));
}

/** Credentials of one call. */
export interface GraphCredentials {
  /** Page access token. */
  readonly accessToken: string;
  /** App secret: when set, every call carries `appsecret_proof`. */
  readonly appSecret?: string;
}

/** One attempt, as reported to {@link GraphClientOptions.onAttempt}. Contains no secret. */
export interface AttemptReport {
  /** HTTP method. */
  readonly method: string;
  /** Path without query string. */
  readonly path: string;
  /** 1-based attempt number. */
  readonly attempt: number;
  /** HTTP status, when an answer arrived. */
  readonly status?: number;
  /** Graph code, when the answer was a Graph error. */
  readonly code?: number;
  /** How long the attempt took, in ms. */
  readonly durationMs: number;
  /** The wait before the next attempt, when one follows. */
  readonly retryInMs?: number;
}

/** Options of a {@link GraphClient}. */
export interface GraphClientOptions {
  /**
   * Graph endpoint, e.g. `https://graph.facebook.com` (no trailing slash needed): https, or plain
   * http on a loopback host only (see `graphApiUrlProblem`); anything else throws at construction.
   */
  readonly baseUrl: string;
  /** Token and optional app secret. */
  readonly credentials: GraphCredentials;
  /** Retry tunables; missing fields take {@link DEFAULT_RETRY}. */
  readonly retry?: Partial<RetryOptions>;
  /** Called after every attempt (for logs and tests); receives no secret. */
  readonly onAttempt?: (report: AttemptReport) => void;
  /**
   * Knows the secrets of the caller's settings; the client adds its own token, app secret and
   * proof, and redacts every error and message with it.
   */
  readonly redactor?: Redactor;
  /** Randomness for jitter; tests may make it deterministic. */
  readonly random?: () => number;
}

/**
 * `appsecret_proof` = hex(HMAC-SHA256(key = app secret, message = access token)).
 *
 * @see https://developers.facebook.com/docs/graph-api/securing-requests/
 */
export function appSecretProof(accessToken: string, appSecret: string): string {
  return crypto.createHmac("sha256", appSecret).update(accessToken).digest("hex");
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** An attempt that failed, with whether and when to try again. */
interface FailedAttempt {
  init: Omit<GraphApiErrorInit, "method" | "path" | "attempts">;
  serverWaitMs?: number;
}

/**
 * A Graph API client bound to one endpoint and one set of credentials.
 *
 * @example
 * ```ts
 * const client = new GraphClient({ baseUrl: "https://graph.facebook.com", credentials: { accessToken } });
 * const page = await client.call(meRequest("v25.0"));
 * ```
 */
export class GraphClient {
  private readonly base: string;
  /** The keep-alive agent of the endpoint's scheme (module-level, shared by every client). */
  private readonly agent: http.Agent;
  private readonly retry: RetryOptions;
  private readonly authQuery: string;
  /** Knows this client's token, app secret and proof (and its caller's secrets): for text built from its answers. */
  readonly redactor: Redactor;

  /**
   * @param options - endpoint, credentials and tunables
   * @throws Error when the endpoint or a tunable is refused (before any request)
   */
  constructor(private readonly options: GraphClientOptions) {
    const { accessToken, appSecret } = options.credentials;
    const proof = appSecret ? appSecretProof(accessToken, appSecret) : undefined;
    this.redactor = (options.redactor ?? new Redactor()).with(accessToken, appSecret, proof);
    // check refuses the same at preview; this keeps the promise for any caller that skipped it.
    const endpointProblem = graphApiUrlProblem(options.baseUrl);
    if (endpointProblem) throw new Error(this.redactor.redact(`graphApiUrl ${endpointProblem}.`));
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    const retryProblem = retryOptionsProblem(this.retry);
    if (retryProblem) throw new Error(`Refused retry options: ${retryProblem}.`);
    this.base = endpointOf(options.baseUrl);
    this.agent = agentFor(new URL(this.base));
    this.authQuery = `access_token=${encodeURIComponent(accessToken)}` + (proof ? `&appsecret_proof=${proof}` : "");
  }

  /**
   * Sends one call, retrying transient failures within the deadline.
   *
   * @param req - the call (see `wire.ts`)
   * @returns the parsed JSON body, or undefined for an empty 2xx body
   * @throws GraphApiError when the call fails for good
   */
  async call(req: WireRequest): Promise<unknown> {
    const url = this.urlOf(req);
    const body = req.body === undefined ? undefined : JSON.stringify(req.body);
    const deadline = Date.now() + this.retry.deadlineMs;
    for (let attempt = 1; ; attempt++) {
      const timeoutMs = Math.max(1, Math.min(this.retry.attemptTimeoutMs, deadline - Date.now()));
      const attemptStart = Date.now();
      const outcome = await this.attempt(req, url, body, timeoutMs);
      const durationMs = Date.now() - attemptStart;
      const report = (extra: Partial<AttemptReport>): void =>
        this.options.onAttempt?.({ method: req.method, path: req.path, attempt, durationMs, ...extra });
      if (!("init" in outcome)) {
        report({ status: outcome.status });
        return outcome.value;
      }
      const { init } = outcome;
      const next = this.nextTry(outcome, attempt, deadline);
      if ("stop" in next) {
        report({ status: init.status, code: init.code });
        throw new GraphApiError({
          ...init,
          ...next.stop,
          method: req.method,
          path: req.path,
          attempts: attempt,
          redactor: this.redactor,
        });
      }
      report({ status: init.status, code: init.code, retryInMs: next.wait });
      await sleep(next.wait);
    }
  }

  /** The URL of a call: endpoint, path, the call's query in order, then the credentials. */
  private urlOf(req: WireRequest): string {
    const query = req.query
      .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v).replace(/%2C/g, ",")}`)
      .join("&");
    return `${this.base}${req.path}?${query ? `${query}&` : ""}${this.authQuery}`;
  }

  /**
   * After a failed attempt: the wait before the next one, or why there is none (a permanent
   * failure, no retries left, or a wait that would leave the next attempt no useful time before the
   * deadline).
   */
  private nextTry(
    failed: FailedAttempt,
    attempt: number,
    deadline: number,
  ): { readonly wait: number } | { readonly stop: Partial<GraphApiErrorInit> } {
    if (!failed.init.retryable || attempt > this.retry.maxRetries) return { stop: {} };
    const backoff = backoffDelay(attempt, this.retry, this.options.random);
    const { serverWaitMs } = failed;
    // When the server names its wait, that wait is the right one (plus a little spread, so that
    // clients told the same time do not all come back in the same millisecond); the exponential
    // backoff applies when it says nothing.
    const random = this.options.random ?? Math.random;
    const wait =
      serverWaitMs !== undefined
        ? Math.round(serverWaitMs + random() * Math.min(backoff, MAX_SERVER_WAIT_SPREAD_MS))
        : backoff;
    // A retry must leave its attempt a useful time to answer: one squeezed into the deadline's
    // last milliseconds could only time out, and would hide the real error behind a timeout.
    if (wait + Math.min(this.retry.attemptTimeoutMs, MIN_USEFUL_ATTEMPT_MS) <= deadline - Date.now()) return { wait };
    const asked =
      serverWaitMs !== undefined
        ? `the server asked to wait ${formatDuration(serverWaitMs)}`
        : `the next retry was due in ${formatDuration(wait)}`;
    return {
      stop: {
        stoppedBy: "deadline",
        stopDetail: `${asked}, beyond the deadline of ${formatDuration(this.retry.deadlineMs)}`,
      },
    };
  }

  /** One attempt: its parsed answer, or how it failed. */
  private async attempt(
    req: WireRequest,
    url: string,
    body: string | undefined,
    timeoutMs: number,
  ): Promise<{ value: unknown; status: number } | FailedAttempt> {
    const answer = await this.fetchAnswer(req, url, body, timeoutMs);
    return "init" in answer ? answer : this.readAnswer(answer);
  }

  /**
   * Sends the request and reads the whole answer body, within the attempt's timeout and the body
   * size limit; a redirect is neither followed nor read.
   */
  private async fetchAnswer(
    req: WireRequest,
    url: string,
    body: string | undefined,
    timeoutMs: number,
  ): Promise<{ res: Response; text: string } | FailedAttempt> {
    // Cancels the attempt (timeout, redirect, oversized answer); see attempt-signal.ts for why not AbortController.
    const signal = new AttemptSignal();
    const timer = setTimeout(() => signal.abort(), timeoutMs);
    let res: Response | undefined;
    try {
      res = await fetch(url, {
        method: req.method,
        headers:
          body === undefined
            ? { accept: "application/json" }
            : { accept: "application/json", "content-type": "application/json" },
        body,
        agent: this.agent,
        signal,
        compress: true,
        // Never follow: a redirect would carry the token (in the query) to a host nobody named.
        redirect: "manual",
        size: MAX_BODY_BYTES,
      });
      if (res.status >= 300 && res.status < 400) {
        // Not read: the connection is dropped, and nothing is sent anywhere else.
        signal.abort();
        const retryable = isRetryable({ kind: "redirect", status: res.status });
        return {
          init: { kind: "redirect", status: res.status, retryable, location: res.headers.get("location") ?? undefined },
        };
      }
      return { res, text: await res.text() };
    } catch (e) {
      const aborted = signal.aborted;
      // Stop whatever is still flowing (a body past the size limit keeps coming otherwise).
      signal.abort();
      return this.unanswered(e, res, aborted, timeoutMs);
    } finally {
      clearTimeout(timer);
    }
  }

  /** How an attempt failed that got no whole answer: a body over the size limit, a timeout, a network error. */
  private unanswered(e: unknown, res: Response | undefined, aborted: boolean, timeoutMs: number): FailedAttempt {
    if (e instanceof FetchError && e.type === "max-size" && res !== undefined) {
      return {
        init: {
          kind: "protocol",
          status: res.status,
          retryable: isRetryable({ kind: "protocol", status: res.status, problem: "too-large" }),
          graphMessage: `HTTP ${res.status} with a body over ${MAX_BODY_BYTES} bytes (1 MiB, the limit; a Graph answer is a few KB), reading stopped there`,
        },
      };
    }
    const detail = aborted
      ? `no complete answer within ${timeoutMs} ms`
      : this.redactor.redact(String((e as Error)?.message ?? e));
    return { init: { kind: "network", retryable: isRetryable({ kind: "network" }), graphMessage: detail, cause: e } };
  }

  /** A whole answer: the parsed 2xx body, or the failure a non-2xx answer (or a 2xx that is not JSON) means. */
  private readAnswer({
    res,
    text,
  }: {
    res: Response;
    text: string;
  }): { value: unknown; status: number } | FailedAttempt {
    const status = res.status;
    if (nestsDeeperThan(text))
      return {
        init: {
          kind: "protocol",
          status,
          retryable: isRetryable({ kind: "protocol", status, problem: "too-deep" }),
          graphMessage: `HTTP ${status} with a JSON body nested deeper than ${MAX_ANSWER_DEPTH} levels (a Graph answer nests a few), not read`,
        },
      };
    let parsed: unknown = undefined;
    let parseError = false;
    if (text.trim() !== "") {
      try {
        parsed = JSON.parse(text);
      } catch {
        parseError = true;
      }
    }
    if (status >= 200 && status < 300) {
      // A secret a server echoes (in any encoding) never reaches state, outputs or an export.
      if (!parseError) return { value: this.redactor.redactJson(parsed, { knownOnly: true }), status };
      return {
        init: {
          kind: "protocol",
          status,
          retryable: isRetryable({ kind: "protocol", status, problem: "not-json" }),
          graphMessage: `HTTP ${status} with a body that is not JSON (${snippet(text, this.redactor)})`,
        },
      };
    }
    const serverWaitMs = serverRequestedWait(res.headers);
    const graph = graphErrorOf(parsed);
    if (graph) return { init: this.graphFailure(status, graph), serverWaitMs };
    return {
      init: {
        kind: "http",
        status,
        retryable: isRetryable({ kind: "http", status }),
        graphMessage: snippet(text, this.redactor),
      },
      serverWaitMs,
    };
  }

  /** The failure a Graph error body describes. */
  private graphFailure(status: number, graph: GraphErrorBody): FailedAttempt["init"] {
    const code = typeof graph.code === "number" ? graph.code : undefined;
    return {
      kind: "graph",
      status,
      code,
      subcode: typeof graph.error_subcode === "number" ? graph.error_subcode : undefined,
      type: typeof graph.type === "string" ? graph.type : undefined,
      fbtraceId: typeof graph.fbtrace_id === "string" ? graph.fbtrace_id : undefined,
      retryable: isRetryable({ kind: "graph", status, code, isTransient: graph.is_transient === true }),
      graphMessage: typeof graph.message === "string" ? this.redactor.redact(graph.message) : undefined,
    };
  }
}

function graphErrorOf(body: unknown): GraphErrorBody | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const err = (body as { error?: unknown }).error;
  return typeof err === "object" && err !== null ? err : undefined;
}

function snippet(text: string, redactor: Redactor): string {
  const flat = redactor
    .redact(text)
    .replace(/<[^>]*>/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return flat.length > 100 ? `${flat.slice(0, 97)}...` : flat || "empty body";
}

/** The most random spread added to a wait the server asked for. */
const MAX_SERVER_WAIT_SPREAD_MS = 250;

/** The least time a retry's attempt must have before the deadline (or the attempt timeout, if shorter). */
const MIN_USEFUL_ATTEMPT_MS = 250;

/** "450 ms", "3 s", "30 min", "24 h": for messages. */
function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return "an unbounded time";
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  if (ms < 120_000) return `${Math.ceil(ms / 1000)} s`;
  if (ms < 7_200_000) return `${Math.ceil(ms / 60_000)} min`;
  return `${Math.ceil(ms / 3_600_000)} h`;
}

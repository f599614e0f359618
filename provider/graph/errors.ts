/**
 * The provider's error type: every failure of a Graph API call becomes a {@link GraphApiError}
 * whose message says what happened and what to do, and never contains a token.
 *
 * The client and the operations layer state neutral facts and a neutral hint ({@link hintFor});
 * a resource adds its own advice (what to run in Pulumi) with {@link GraphApiError.withAdvice}.
 *
 * @packageDocumentation
 */
import { printable } from "./printable";
import { PATTERNS_ONLY, type Redactor } from "./redact";
import { isRateLimitCode, type GraphErrorKind } from "./retry-class";

export type { GraphErrorKind } from "./retry-class";

/** The body Graph returns on failure: `{"error": {...}}`. */
export interface GraphErrorBody {
  /** Human-readable message from Graph. */
  message?: string;
  /** Error type, e.g. `OAuthException`. */
  type?: string;
  /** Graph error code, e.g. 190. */
  code?: number;
  /** Graph error subcode, e.g. 463 (token expired). */
  error_subcode?: number;
  /** Title for the end user, when present. */
  error_user_title?: string;
  /** Message for the end user, when present. */
  error_user_msg?: string;
  /** Trace id to quote to Meta support. */
  fbtrace_id?: string;
  /** Newer Graph versions say outright whether retrying may help. */
  is_transient?: boolean;
}

/** Fields of a {@link GraphApiError}. */
export interface GraphApiErrorInit {
  /** See {@link GraphErrorKind}. */
  kind: GraphErrorKind;
  /** HTTP method of the failed call. */
  method: string;
  /** Path of the failed call (no query string: it would carry the token). */
  path: string;
  /** HTTP status, when an answer arrived. */
  status?: number;
  /** Graph error code. */
  code?: number;
  /** Graph error subcode. */
  subcode?: number;
  /** Graph error type. */
  type?: string;
  /** Graph trace id. */
  fbtraceId?: string;
  /** Whether another attempt could succeed. */
  retryable: boolean;
  /** Graph's own message (redacted before use). */
  graphMessage?: string;
  /** How many attempts were made in all. */
  attempts?: number;
  /** The underlying error, for network failures (its message is redacted). */
  cause?: unknown;
  /** Advice that replaces the neutral hint (a resource's, see {@link GraphApiError.withAdvice}). */
  advice?: string;
  /** Why retrying stopped early: the next wait would have passed the deadline. */
  stoppedBy?: "deadline";
  /**
   * Knows the secrets of the failed call (the client's token, app secret and proof): every string
   * of the error is redacted with it. Without it only the patterns are (secret query parameters,
   * Facebook-shaped tokens).
   */
  redactor?: Redactor;
  /** Why not, when `stoppedBy` is set, e.g. `the server asked to wait 30 min, beyond the deadline of 1 s`. */
  stopDetail?: string;
  /** Where a redirect pointed (redacted before use). */
  location?: string;
}

/** Longest server-provided text kept in a field of the error (type, trace id), after redaction. */
const MAX_FIELD_CHARS = 200;
/** Longest server-provided message kept in the error's message, after redaction. */
const MAX_MESSAGE_CHARS = 2000;

/**
 * Server text made safe to show: redacted first (so that no cut can leave part of a secret behind),
 * then stripped of control characters and cut to `max` characters.
 */
function serverText(text: string | undefined, max: number, r: Redactor): string | undefined {
  if (text === undefined) return undefined;
  const flat = printable(r.redact(text).replace(/\p{Cc}+/gu, " "));
  return flat.length > max ? `${flat.slice(0, max - 3)}...` : flat;
}

/**
 * The fields each error was built from (redacted, with its redactor), to rebuild it with a
 * resource's advice. Kept outside the error, so that `util.inspect(error, { showHidden: true })`
 * cannot show the redactor's secrets or the cause.
 */
const INITS = new WeakMap<GraphApiError, GraphApiErrorInit>();

/**
 * The brand of every GraphApiError, shared by every copy of the package loaded in one process. It
 * keeps the package's first name: copies of every version must recognize each other's errors.
 */
const BRAND = Symbol.for("pulumi-messenger-account-linking:GraphApiError");

/**
 * A failed Graph API call.
 *
 * The message names the method and path (never the query string), the HTTP status, the Graph code,
 * subcode, type and trace id, Graph's own message (redacted), and what to do next.
 *
 * @example
 * ```ts
 * try { await client.call(...) } catch (e) {
 *   if (GraphApiError.isInstance(e) && e.code === 190) { ... }
 * }
 * ```
 */
export class GraphApiError extends Error {
  /** See {@link GraphErrorKind}. */
  readonly kind: GraphErrorKind;
  /** HTTP status, when an answer arrived. */
  readonly status: number | undefined;
  /** Graph error code, e.g. 190 for an invalid token. */
  readonly code: number | undefined;
  /** Graph error subcode. */
  readonly subcode: number | undefined;
  /** Graph error type, e.g. `OAuthException`. */
  readonly type: string | undefined;
  /** Graph trace id (quote it to Meta support). */
  readonly fbtraceId: string | undefined;
  /** Whether another attempt could succeed (the client already retried as configured). */
  readonly retryable: boolean;
  /** HTTP method of the failed call. */
  readonly method: string;
  /** Path of the failed call, without query string. */
  readonly path: string;
  /** Number of attempts made. */
  readonly attempts: number;
  /** Why retrying stopped early, when it did: the next wait would have passed the deadline. */
  readonly stoppedBy: "deadline" | undefined;
  /** The neutral hint of the failure (no Pulumi command): what the message says to do absent a resource's advice. */
  readonly hint: string;

  /** @param init - the error's fields */
  constructor(init: GraphApiErrorInit) {
    // Every string that reaches the error is redacted here, whatever the caller did: a server that
    // echoes the query string into any field must not show the token in `util.inspect(error)`.
    const r = init.redactor ?? PATTERNS_ONLY;
    const safe: GraphApiErrorInit = {
      ...init,
      method: serverText(init.method, MAX_FIELD_CHARS, r) ?? "",
      path: serverText(init.path, MAX_MESSAGE_CHARS, r) ?? "",
      type: serverText(init.type, MAX_FIELD_CHARS, r),
      fbtraceId: serverText(init.fbtraceId, MAX_FIELD_CHARS, r),
      graphMessage: serverText(init.graphMessage, MAX_MESSAGE_CHARS, r),
      location: serverText(init.location, MAX_FIELD_CHARS, r),
      advice: init.advice === undefined ? undefined : r.redact(init.advice),
    };
    super(r.redact(buildMessage(safe, neutralHint(safe))));
    this.name = "GraphApiError";
    this.kind = safe.kind;
    this.status = safe.status;
    this.code = safe.code;
    this.subcode = safe.subcode;
    this.type = safe.type;
    this.fbtraceId = safe.fbtraceId;
    this.retryable = safe.retryable;
    this.method = safe.method;
    this.path = safe.path;
    this.attempts = safe.attempts ?? 1;
    this.stoppedBy = safe.stoppedBy;
    this.hint = neutralHint(safe);
    INITS.set(this, safe);
    Object.defineProperty(this, BRAND, { value: true });
    // Stacks repeat the message: make sure the stack cannot carry anything the message does not.
    if (this.stack) this.stack = r.redact(this.stack);
  }

  /**
   * Whether `e` is a GraphApiError, also across copies of this package (the dynamic-provider host
   * may load a different copy than the program).
   *
   * @param e - anything thrown
   */
  static isInstance(e: unknown): e is GraphApiError {
    return typeof e === "object" && e !== null && (e as Record<symbol, unknown>)[BRAND] === true;
  }

  /**
   * The same failure (same fields) with a resource's advice in place of the neutral hint: how a
   * resource lifecycle says what to run in Pulumi.
   *
   * @param advice - what to do, for the person who runs the resource's program
   */
  withAdvice(advice: string): GraphApiError {
    const init = INITS.get(this);
    return init === undefined ? this : new GraphApiError({ ...init, advice });
  }
}

/**
 * What to do about a given Graph code, in neutral terms (no Pulumi command): one sentence a person
 * can act on. Resources replace it with their own advice (see {@link GraphApiError.withAdvice}).
 *
 * @param code - Graph error code
 * @param subcode - Graph error subcode
 * @param graphMessage - Graph's message (used to recognise the appsecret_proof case)
 */
export function hintFor(code: number | undefined, subcode?: number, graphMessage = ""): string {
  // Graph's own phrases only: a server that echoes the request URL also writes "appsecret_proof".
  if (/requires? an appsecret_proof|invalid appsecret_proof/i.test(graphMessage)) {
    return "The app requires appsecret_proof: give the client the app secret of the app that issued the token.";
  }
  switch (code) {
    case 190:
    case 102:
      return `The Page access token ${tokenRefusal(subcode)}. Get a new Page access token (Meta App Dashboard > Messenger > Settings > Access Tokens, or GET /{page-id}?fields=access_token with a long-lived user token).`;
    case 10:
      return "The token lacks a permission: the app needs pages_messaging, granted for this Page. Re-issue the Page token after granting it.";
    case 3:
      return "The app lacks the capability for this call: check the app's Messenger product set-up and review status.";
    case 100:
      return "Graph rejected a parameter: check the values sent and the Graph version (e.g. v25.0).";
    case 368:
      return "The Page is temporarily blocked for policy reasons; retrying makes it worse. Wait, then check the Page's quality in Meta Business Suite.";
    default:
      break;
  }
  if (code !== undefined && code >= 200 && code <= 299) {
    return "Permission denied: this call needs a Page access token with pages_messaging from a person with the Administrator role on the Page.";
  }
  if (isRateLimitCode(code)) {
    return "Rate limited: the Messenger Profile API allows 10 calls per 10 minutes per Page. Wait for the window to pass, then try again.";
  }
  return "This is likely transient: try again later. If it persists, quote the fbtrace_id to Meta support.";
}

/**
 * Why a token was refused, from Graph's subcode: "has expired", "was invalidated by a password
 * change", or "is invalid or expired".
 *
 * @param subcode - Graph error subcode
 */
export function tokenRefusal(subcode: number | undefined): string {
  return subcode === 463
    ? "has expired"
    : subcode === 460
      ? "was invalidated by a password change"
      : "is invalid or expired";
}

/** The neutral hint of a failure, by kind. */
function neutralHint(init: GraphApiErrorInit): string {
  if (init.stoppedBy === "deadline") return "Wait, then try again, or give the client a longer deadline.";
  switch (init.kind) {
    case "graph":
      return hintFor(init.code, init.subcode, init.graphMessage);
    case "protocol":
      return "Check that graphApiUrl points at the Graph API (or the emulator), not at another server.";
    case "network":
      return "Check that graphApiUrl is reachable from this machine; the call was retried as configured.";
    case "redirect":
      return "Point graphApiUrl at the endpoint that answers itself: https://graph.facebook.com, or the emulator's address.";
    case "http":
      return "The Graph API or a proxy in front of it failed; try again later.";
  }
}

function buildMessage(init: GraphApiErrorInit, hint: string): string {
  const where = `${init.method} ${init.path}`;
  const parts: string[] = [];
  switch (init.kind) {
    case "graph": {
      const code =
        init.code !== undefined
          ? `Graph error ${init.code}${init.subcode !== undefined ? `/${init.subcode}` : ""}`
          : "Graph error";
      parts.push(`${where} failed: HTTP ${init.status ?? "?"}, ${code}${init.type ? ` (${init.type})` : ""}`);
      if (init.graphMessage) parts[0] += `: ${init.graphMessage}`;
      break;
    }
    case "http":
      parts.push(
        `${where} failed: HTTP ${init.status ?? "?"} without a Graph error body${init.graphMessage ? ` (${init.graphMessage})` : ""}`,
      );
      break;
    case "network":
      parts.push(`${where} failed: no answer from the Graph API${init.graphMessage ? ` (${init.graphMessage})` : ""}`);
      break;
    case "protocol":
      parts.push(
        `${where} returned an answer the provider does not understand${init.graphMessage ? `: ${init.graphMessage}` : ""}`,
      );
      break;
    case "redirect":
      parts.push(
        `${where} was answered with a redirect (HTTP ${init.status ?? "?"})${init.location ? ` to ${init.location}` : " without a Location"}; redirects are never followed, so the token goes only to graphApiUrl`,
      );
      break;
  }
  if (init.fbtraceId) parts.push(`fbtrace_id ${init.fbtraceId}`);
  if (init.attempts && init.attempts > 1) parts.push(`(after ${init.attempts} attempts)`);
  if (init.stoppedBy === "deadline" && init.stopDetail) parts[parts.length - 1] += `. Not retried: ${init.stopDetail}`;
  const advice = init.advice ?? hint;
  return `${parts.join(" ")}. ${advice}`;
}

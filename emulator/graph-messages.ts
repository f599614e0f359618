/**
 * The shapes every Graph route of the emulator takes and gives: a parsed request and an answer.
 *
 * @packageDocumentation
 */
import * as crypto from "crypto";

/** A parsed Graph request. */
export interface GraphRequest {
  /** HTTP method. */
  readonly method: string;
  /** Path, e.g. `/v25.0/me/messenger_profile`. */
  readonly path: string;
  /** Query parameters. */
  readonly query: URLSearchParams;
  /** Body parameters (JSON object or form fields), merged over the query as Graph does. */
  readonly body: Record<string, unknown>;
  /** Whether the body could not be parsed. */
  readonly badBody: boolean;
}

/** An answer. */
export interface GraphAnswer {
  /** HTTP status. */
  readonly status: number;
  /** JSON body. */
  readonly body: unknown;
  /** Extra headers. */
  readonly headers?: Record<string, string>;
}

/** A fresh Graph-looking trace id. */
export function traceId(): string {
  return crypto
    .randomBytes(8)
    .toString("base64")
    .replace(/[^A-Za-z0-9]/g, "A");
}

/** A Graph error answer. */
export function graphError(
  code: number,
  message: string,
  opts: {
    status?: number;
    type?: string;
    subcode?: number;
    headers?: Record<string, string>;
    isTransient?: boolean;
  } = {},
): GraphAnswer {
  return {
    status: opts.status ?? 400,
    headers: opts.headers,
    body: {
      error: {
        message,
        type:
          opts.type ??
          (code === 190 || code === 102 || code === 104
            ? "OAuthException"
            : code === 613 || code === 4 || code === 17 || code === 32
              ? "OAuthException"
              : "GraphMethodException"),
        code,
        ...(opts.subcode !== undefined ? { error_subcode: opts.subcode } : {}),
        ...(opts.isTransient !== undefined ? { is_transient: opts.isTransient } : {}),
        fbtrace_id: traceId(),
      },
    },
  };
}

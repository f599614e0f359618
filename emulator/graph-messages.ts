/**
 * The shapes every Graph route of the emulator takes and gives: a parsed request and an answer.
 *
 * @packageDocumentation
 */

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

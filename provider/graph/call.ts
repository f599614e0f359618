/**
 * One Graph call and the reading of its answer, for every operations layer (a Page's, an app's): an
 * answer of an unexpected shape becomes a `protocol` {@link GraphApiError}, in one place.
 *
 * @packageDocumentation
 */
import type { GraphClient } from "./client";
import { GraphApiError } from "./errors";
import { isRetryable } from "./retry-class";
import { UnexpectedAnswer, type WireRequest } from "./wire";

/**
 * Sends `req` with `client` and reads the answer with `parse`.
 *
 * @param client - the client
 * @param req - the call
 * @param parse - reads the answer; throws {@link UnexpectedAnswer} when its shape is not the expected one
 */
export async function callAndParse<T>(client: GraphClient, req: WireRequest, parse: (body: unknown) => T): Promise<T> {
  const body = await client.call(req);
  try {
    return parse(body);
  } catch (e) {
    if (!(e instanceof UnexpectedAnswer)) throw e;
    throw new GraphApiError({
      redactor: client.redactor,
      kind: "protocol",
      method: req.method,
      path: req.path,
      status: 200,
      retryable: isRetryable({ kind: "protocol", status: 200, problem: "unexpected-shape" }),
      graphMessage: e.message,
    });
  }
}

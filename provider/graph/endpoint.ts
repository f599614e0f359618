/**
 * The Graph endpoint: its default, the rule every endpoint must follow (wherever it comes from: a
 * resource input, stack config, the environment, a command-line flag), and its one spelling.
 *
 * @packageDocumentation
 */
import { typeOf, urlFieldProblem } from "./url-rules";

/** Default Graph endpoint. */
export const DEFAULT_GRAPH_API_URL = "https://graph.facebook.com";

/** Graph version of the Messenger Profile API calls when none is given. */
export const DEFAULT_GRAPH_API_VERSION = "v25.0";

/**
 * Reason why `url` is not an acceptable Graph endpoint, or undefined: the common URL rules, https
 * or plain http on a loopback host (`localhost`, 127.0.0.0/8, `[::1]`), no query string or
 * fragment (not even an empty `?` or `#`). The same rule applies to the input, the stack config
 * `messenger:graphApiUrl` and the environment variable `MESSENGER_GRAPH_API_URL`.
 *
 * @param url - the candidate
 */
export function graphApiUrlProblem(url: unknown): string | undefined {
  return urlFieldProblem("graphEndpoint", url);
}

/**
 * An endpoint's one spelling: without trailing slashes (`https://graph.facebook.com/` and
 * `https://graph.facebook.com` are the same endpoint, in state, in claims and in requests).
 *
 * @param url - an endpoint
 */
export function endpointOf(url: string): string {
  return url.replace(/\/+$/, "");
}

/**
 * Reason why `v` is not a Graph version like `v25.0`, or undefined.
 *
 * @param v - the candidate
 */
export function apiVersionProblem(v: unknown): string | undefined {
  if (typeof v === "string" && /^v\d{1,2}\.\d{1,2}$/.test(v)) return undefined;
  return `must look like "v25.0" (a "v", the major and minor version), got ${typeof v === "string" ? JSON.stringify(v.slice(0, 40)) : typeOf(v)}`;
}

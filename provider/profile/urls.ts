/**
 * The profile's URL fields, each through the package's one URL rule (`graph/url-rules.ts`): the
 * account linking URL, a web page a menu item opens (and its fallback), and a whitelisted domain.
 * Each reason completes a sentence that starts with the field's path.
 *
 * @packageDocumentation
 */
import { urlFieldProblem } from "../graph/url-rules";

/**
 * The reason a profile URL is refused, or undefined.
 *
 * @param url - the candidate
 * @param use - `"accountLinking"` (no fragment) or `"webPage"` (menu items and fallback URLs, which
 *   may have a fragment: it is checked like the rest of the URL)
 */
export function profileUrlProblem(url: unknown, use: "accountLinking" | "webPage"): string | undefined {
  return urlFieldProblem(use, url);
}

/**
 * Why `domain` cannot be whitelisted, or undefined: it must be an https origin with a fully qualified
 * host name (no IP address, no localhost), and no credentials, path (beyond `/`), query or fragment,
 * under the same rule as every URL (an ASCII host: an international name in its `xn--` form).
 *
 * @param domain - the candidate, e.g. `https://shop.example.com`
 */
export function whitelistedDomainProblem(domain: unknown): string | undefined {
  return urlFieldProblem("whitelistedDomain", domain);
}

/**
 * The URL rules of the profile's fields, in one place: the account linking URL, a web page a menu
 * item opens (and its fallback), and a whitelisted domain. Each reason completes a sentence that
 * starts with the field's path.
 *
 * @packageDocumentation
 */
import { accountLinkingUrlProblem, typeOf } from "../graph/url-rules";
import { quote } from "./checker";

/**
 * The one place the profile applies the package's URL rule (`accountLinkingUrlProblem`): every URL
 * of the profile goes through here.
 *
 * @param url - the candidate
 * @param use - `"accountLinking"` applies the rule as is; `"webPage"` (menu items, fallback URLs)
 *   allows a fragment, which only the account linking URL must not have
 */
export function profileUrlProblem(url: unknown, use: "accountLinking" | "webPage"): string | undefined {
  if (use === "webPage" && typeof url === "string") {
    if (url === "") return "must not be empty: give the absolute https URL of the page to open";
    const hash = url.indexOf("#");
    return accountLinkingUrlProblem(hash >= 0 ? url.slice(0, hash) : url);
  }
  return accountLinkingUrlProblem(url);
}

/**
 * Why `domain` cannot be whitelisted, or undefined: it must be an https origin with a fully qualified
 * host name (no IP address, no localhost), and no credentials, path (beyond `/`), query or fragment.
 *
 * @param domain - the candidate, e.g. `https://shop.example.com`
 */
export function whitelistedDomainProblem(domain: unknown): string | undefined {
  if (typeof domain !== "string") return `must be a string such as "https://shop.example.com", got ${typeOf(domain)}`;
  if (domain === "") return 'must not be empty: give an https origin such as "https://shop.example.com"';
  if (/\s/.test(domain)) return "must not contain whitespace";
  let u: URL;
  try {
    u = new URL(domain);
  } catch {
    return `must be an https origin such as "https://shop.example.com" (scheme and host), got ${quote(domain)}`;
  }
  if (u.protocol !== "https:") return `must use https (Meta whitelists only https domains), got "${u.protocol}"`;
  if (u.username !== "" || u.password !== "") return "must not contain user:password@ credentials";
  if (u.search !== "" || u.hash !== "" || domain.includes("?") || domain.includes("#"))
    return `must be a domain, not a URL: remove the query or fragment (write "${u.origin}")`;
  if (u.pathname !== "/") return `must be a domain, not a URL: remove the path "${u.pathname}" (write "${u.origin}")`;
  const host = u.hostname;
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.startsWith("["))
    return `must name a host, not an IP address (${host}): Meta refuses IP addresses; use the site's domain name`;
  if (host === "localhost" || host.endsWith(".localhost"))
    return "must not be localhost: Meta refuses it; whitelist the public domain your webview pages are served from";
  if (host.endsWith(".")) return `must not end with a dot: write "https://${host.replace(/\.+$/, "")}"`;
  const labels = host.split(".");
  if (labels.length < 2 || !/^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/.test(labels[labels.length - 1]))
    return `must be a fully qualified domain name such as "https://shop.example.com", got host "${host}"`;
  return undefined;
}

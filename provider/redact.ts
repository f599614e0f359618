/**
 * One redaction function for every error message, log line and state value the provider produces.
 *
 * Tokens reach us in three shapes: as exact values we know (the Page token, the app secret and the
 * appsecret_proof derived from them), as query parameters inside URLs that a server may echo back,
 * and as Facebook-looking token strings we have never seen. All three are replaced.
 *
 * @packageDocumentation
 */

/** What every redacted secret is replaced with. */
export const REDACTED = "[REDACTED]";

const known = new Set<string>();

/** Query parameters whose values are always secret. */
const SECRET_PARAMS = /((?:access_token|appsecret_proof|client_secret|input_token)=)[^&\s"'<>#()]*/gi;
/** Facebook user/page/app tokens start with "EAA" followed by a long base62 run. */
const FACEBOOK_TOKEN = /\bEAA[A-Za-z0-9]{20,}/g;
/** An `Authorization: Bearer …` or `OAuth …` header value echoed into text. */
const BEARER = /\b(Bearer|OAuth)\s+[A-Za-z0-9._~+/=-]{8,}/g;

/**
 * Registers a secret value so that {@link redact} removes it wherever it appears, even when it is
 * not in a recognisable shape. Values shorter than 6 characters are ignored (too likely to collide
 * with ordinary text).
 *
 * @param values - secret strings; `undefined` entries are skipped
 */
export function registerSecrets(...values: Array<string | undefined>): void {
  for (const v of values) {
    if (typeof v === "string" && v.length >= 6) known.add(v);
  }
}

/**
 * Returns `text` with every registered secret, every secret query parameter value and every
 * Facebook-shaped token replaced by {@link REDACTED}.
 *
 * @param text - any text that may be shown to a person or stored
 * @param extra - secrets to remove in this call only (they are not registered)
 * @returns the redacted text
 */
export function redact(text: string, ...extra: Array<string | undefined>): string {
  let out = text;
  // Longest first, so that a secret containing another one is removed whole.
  const secrets = [...known, ...extra.filter((v): v is string => typeof v === "string" && v.length >= 6)].sort(
    (a, b) => b.length - a.length,
  );
  for (const s of secrets) {
    if (out.includes(s)) out = out.split(s).join(REDACTED);
    const encoded = encodeURIComponent(s);
    if (encoded !== s && out.includes(encoded)) out = out.split(encoded).join(REDACTED);
  }
  return out
    .replace(SECRET_PARAMS, `$1${REDACTED}`)
    .replace(FACEBOOK_TOKEN, REDACTED)
    .replace(BEARER, `$1 ${REDACTED}`);
}

/**
 * One redaction function for every error message, log line and state value the provider produces.
 *
 * Tokens reach us in three shapes: as exact values we know (the Page token, the app secret and the
 * appsecret_proof derived from them), as query parameters inside URLs that a server may echo back,
 * and as Facebook-looking token strings we have never seen. All three are replaced.
 *
 * There is no global list of secrets: each secret is known to the {@link Redactor} of whoever
 * received it (the client its token, app secret and proof; the lifecycle the provider settings'
 * and the step's own credentials), and that redactor is passed down to whatever builds text.
 *
 * @packageDocumentation
 */

/** What every redacted secret is replaced with. */
export const REDACTED = "[REDACTED]";

/** Query parameters whose values are always secret. */
const SECRET_PARAMS = /((?:access_token|appsecret_proof|client_secret|input_token)=)[^&\s"'<>#()]*/gi;
/** Facebook user/page/app tokens start with "EAA" followed by a long base62 run. */
const FACEBOOK_TOKEN = /\bEAA[A-Za-z0-9]{20,}/g;
/** An `Authorization: Bearer …` or `OAuth …` header value echoed into text. */
const BEARER = /\b(Bearer|OAuth)\s+[A-Za-z0-9._~+/=-]{8,}/g;

/** Secret values worth looking for: strings of at least 6 characters (shorter ones collide with ordinary text). */
function secretValues(values: Iterable<unknown>): string[] {
  return [...values].filter((v): v is string => typeof v === "string" && v.length >= 6);
}

/**
 * Removes a known set of secret values, and every secret query parameter value and Facebook-shaped
 * token, from text. Immutable: {@link Redactor.with} gives a redactor that knows more.
 *
 * @example
 * ```ts
 * const r = new Redactor([token, appSecret]);
 * throw new Error(r.redact(`failed: ${detail}`));
 * ```
 */
export class Redactor {
  private readonly secrets: readonly string[];

  /** @param secrets - secret values (non-strings and strings under 6 characters are skipped) */
  constructor(secrets: Iterable<unknown> = []) {
    // Longest first, so that a secret containing another one is removed whole.
    this.secrets = [...new Set(secretValues(secrets))].sort((a, b) => b.length - a.length);
  }

  /**
   * A redactor that knows these secrets too.
   *
   * @param values - more secret values
   */
  with(...values: unknown[]): Redactor {
    const more = secretValues(values).filter((v) => !this.secrets.includes(v));
    return more.length === 0 ? this : new Redactor([...this.secrets, ...more]);
  }

  /**
   * `text` with every known secret, every secret query parameter value and every Facebook-shaped
   * token replaced by {@link REDACTED}.
   *
   * @param text - any text that may be shown to a person or stored
   */
  redact(text: string): string {
    return redactWith(text, this.secrets);
  }
}

/** A redactor that knows no secret value: the patterns only. */
export const PATTERNS_ONLY = new Redactor();

/**
 * Returns `text` with the given secrets, every secret query parameter value and every
 * Facebook-shaped token replaced by {@link REDACTED}.
 *
 * @param text - any text that may be shown to a person or stored
 * @param extra - secret values to remove
 * @returns the redacted text
 */
export function redact(text: string, ...extra: Array<string | undefined>): string {
  return redactWith(
    text,
    secretValues(extra).sort((a, b) => b.length - a.length),
  );
}

function redactWith(text: string, secrets: readonly string[]): string {
  let out = text;
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

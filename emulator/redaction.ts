/**
 * Redaction of the request log, in two layers, so that no spelling of a key and no encoding of a
 * body brings a secret through:
 *
 * 1. **By name.** The value of every parameter or JSON key whose name, decoded as a server could
 *    read it (percent escapes, JSON escapes, in any case, with `_`, `-`, `.` and other punctuation
 *    ignored), is `access_token`, `appsecret_proof`, `app_secret`, `client_secret`,
 *    `input_token`, `verify_token` or `hub.verify_token` is replaced by {@link REDACTED}: in the query string (`&` and `;` both separate
 *    parameters), and in the body whatever its Content-Type (form parameters, JSON keys at any
 *    depth, form parameters inside JSON strings).
 * 2. **By value.** Every secret the emulator knows (its Pages' tokens, app secrets and
 *    appsecret_proofs, its apps' secrets, app access tokens and their proofs, the control token) and every value read under a secret name from the
 *    request is replaced wherever it occurs in the path, the query, the body prefix and the
 *    Content-Type: raw, percent-encoded (in either hex case, wholly or in part, up to three times
 *    over), JSON-escaped (`\u0041`), base64 and base64url (padded or not).
 *
 * @packageDocumentation
 */

/** The text that replaces a secret value in the log. */
export const REDACTED = "[REDACTED]";

/** Values shorter than this are not searched for as secrets (they would match ordinary text). */
export const MIN_SECRET_LENGTH = 6;

/** Secret parameter names, lowercased and without punctuation. */
const SECRET_NAMES: ReadonlySet<string> = new Set([
  "accesstoken",
  "appsecretproof",
  "appsecret",
  "clientsecret",
  "inputtoken",
  "verifytoken",
  "hubverifytoken",
]);

/** How many times percent and JSON escapes are decoded (a value encoded twice is still found). */
const DECODE_PASSES = 3;
/** Values read under secret names from one request that are searched for (beyond, only by name). */
const MAX_REQUEST_SECRETS = 64;
/** Longer values read under secret names are redacted by name only (a token is at most 4096 characters). */
const MAX_REQUEST_SECRET_LENGTH = 4096;

/** A piece of text to replace: `[start, end)` of the logged text, by `text`. */
interface Span {
  readonly start: number;
  readonly end: number;
  readonly text: string;
  /** The secret value the span covers, decoded, when it was found by name. */
  readonly value?: string;
}

/**
 * A decoded text, with for each of its UTF-16 units the range `[starts[i], ends[i])` of the source
 * text it comes from (no ranges: it is the source text itself).
 */
interface Decoded {
  readonly text: string;
  readonly starts?: Int32Array;
  readonly ends?: Int32Array;
}

/** The parts of a request the log keeps, as text. */
export interface LoggableRequest {
  /** Path without query string. */
  readonly path: string;
  /** Query string without "?". */
  readonly rawQuery: string;
  /** The body as received (the redacted result is a prefix of it, see {@link LogRedactor.redact}). */
  readonly body: string;
  /** Content-Type header. */
  readonly contentType: string | undefined;
}

/**
 * Whether a parameter or key name, as written, names a secret: decoded (percent and JSON escapes),
 * lowercased and stripped of everything but letters and digits, it is `accesstoken`,
 * `appsecretproof`, `appsecret`, `clientsecret`, `inputtoken`, `verifytoken` or `hubverifytoken`.
 */
export function isSecretName(written: string): boolean {
  let name = written;
  for (let i = 0; i < DECODE_PASSES && /[%\\]/.test(name); i++) name = decodeOnce(name).text;
  return SECRET_NAMES.has(name.toLowerCase().replace(/[^a-z0-9]/g, ""));
}

/**
 * Replaces the values of secret-named parameters ({@link isSecretName}) in a query string or a
 * form body by {@link REDACTED}, keeping every other byte as it was. `&` and `;` both separate
 * parameters.
 */
export function redactQuery(raw: string): string {
  return applySpans(raw, querySpans(raw, 0, raw.length));
}

/**
 * The values of secret-named parameters a request was read with: its query parameters and the
 * top-level fields of its parsed body (JSON or form), as the Graph routes see them.
 */
export function valuesReadUnderSecretNames(query: URLSearchParams, body: Record<string, unknown>): string[] {
  const values: string[] = [];
  for (const [name, value] of query) if (isSecretName(name)) values.push(value);
  for (const [name, value] of Object.entries(body))
    if (isSecretName(name) && typeof value === "string") values.push(value);
  return values;
}

/** Redacts what the log keeps of each request, by name and by value (see the module comment). */
export class LogRedactor {
  private knownFrom: readonly string[] | undefined;
  private knownNeedles: NeedleIndex = new NeedleIndex([]);

  /**
   * @param known - the secrets the emulator knows, read at each request (return the same array
   *   until they change: their encoded forms are computed once per array)
   * @param fixed - secrets that never change (the control token)
   */
  constructor(
    private readonly known: () => readonly string[],
    private readonly fixed: readonly string[] = [],
  ) {}

  /**
   * Redacts the logged parts of one request.
   *
   * @param request - what the log keeps, as received
   * @param read - the values the emulator read under secret names (see {@link valuesReadUnderSecretNames})
   * @param bodyChars - how much of the body is kept: the redacted body covers at least the first
   *   `bodyChars` characters of the body (a secret that starts there is replaced whole)
   */
  redact(request: LoggableRequest, read: readonly string[], bodyChars: number): LoggableRequest {
    const known = this.needlesOfKnown();
    const first = encodedForms(requestValues(read));
    const collected = collectValues(request.rawQuery, request.body.slice(0, windowEnd(bodyChars, known, first)));
    const needles: Needles = { known, extra: [...first, ...encodedForms(requestValues([...read, ...collected]))] };
    const window = request.body.slice(0, windowEnd(bodyChars, known, needles.extra));
    const bodySecrets = [...bodySpans(window), ...needleSpans(window, needles)];
    return {
      path: applySpans(request.path, needleSpans(request.path, needles)),
      rawQuery: applySpans(request.rawQuery, [
        ...querySpans(request.rawQuery, 0, request.rawQuery.length),
        ...needleSpans(request.rawQuery, needles),
      ]),
      body: applySpans(window, bodySecrets, Math.min(bodyChars, window.length)),
      contentType:
        request.contentType === undefined
          ? undefined
          : applySpans(request.contentType, needleSpans(request.contentType, needles)),
    };
  }

  /**
   * Redacts a URL the emulator sends (a callback's): its query by name and by value, the rest by
   * value, with `values` searched for as well as the known secrets.
   */
  redactUrl(url: string, values: readonly string[]): string {
    const q = url.indexOf("?");
    const request = {
      path: q < 0 ? url : url.slice(0, q),
      rawQuery: q < 0 ? "" : url.slice(q + 1),
      body: "",
      contentType: undefined,
    };
    const redacted = this.redact(request, values, 0);
    return q < 0 ? redacted.path : `${redacted.path}?${redacted.rawQuery}`;
  }

  private needlesOfKnown(): NeedleIndex {
    const known = this.known();
    if (known !== this.knownFrom) {
      this.knownFrom = known;
      this.knownNeedles = new NeedleIndex(encodedForms([...known, ...this.fixed]));
    }
    return this.knownNeedles;
  }
}

/**
 * Many needles (every known secret in every form: thousands with many Pages), found in one pass
 * over a text: each needle is filed under its first {@link MIN_SECRET_LENGTH} characters, and the
 * text's windows of that length are looked up, so a request costs its length, not the number of
 * needles times its length.
 */
class NeedleIndex {
  /** Needles by a hash of their first characters (no string is made per position of a text). */
  private readonly byPrefix = new Map<number, string[]>();
  /** Whether some needle's hash has these low 16 bits: most positions are ruled out here. */
  private readonly maybe = new Uint8Array(65536);
  /** The longest needle's length. */
  readonly longest: number;

  /** @param needles - strings of at least {@link MIN_SECRET_LENGTH} characters */
  constructor(needles: readonly string[]) {
    let longest = 0;
    for (const n of needles) {
      const key = prefixHash(n, 0);
      this.maybe[key & 0xffff] = 1;
      const list = this.byPrefix.get(key);
      if (list === undefined) this.byPrefix.set(key, [n]);
      else if (!list.includes(n)) list.push(n);
      longest = Math.max(longest, n.length);
    }
    this.longest = longest;
  }

  /** Each occurrence in `text`: where it starts, and the needle. */
  *occurrences(text: string): Generator<{ at: number; needle: string }> {
    if (this.byPrefix.size === 0) return;
    for (let at = 0; at + MIN_SECRET_LENGTH <= text.length; at++) {
      const hash = prefixHash(text, at);
      if (this.maybe[hash & 0xffff] === 0) continue;
      const list = this.byPrefix.get(hash);
      if (list === undefined) continue;
      for (const needle of list) if (text.startsWith(needle, at)) yield { at, needle };
    }
  }
}

/** A hash of the {@link MIN_SECRET_LENGTH} characters of `text` from `at`. */
function prefixHash(text: string, at: number): number {
  let h = 0;
  for (let i = at; i < at + MIN_SECRET_LENGTH; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
  return h;
}

/** The needles of one request: the known secrets' index, and the few values the request itself brought. */
interface Needles {
  readonly known: NeedleIndex;
  readonly extra: readonly string[];
}

/**
 * Where the part of a body to redact ends, for a kept prefix of `bodyChars` characters: far enough
 * that a secret starting in the prefix ends before it, in any of its encodings (at most 16
 * characters for each character of the secret).
 */
function windowEnd(bodyChars: number, known: NeedleIndex, extra: readonly string[]): number {
  return bodyChars + 16 * extra.reduce((m, n) => Math.max(m, n.length), known.longest) + 64;
}

/** The values of one request searched for by value: at most 64, of at most 4096 characters each. */
function requestValues(values: readonly string[]): string[] {
  return values.filter((v) => v.length <= MAX_REQUEST_SECRET_LENGTH).slice(0, MAX_REQUEST_SECRETS);
}

/** Every value found under a secret name in the query and the body, raw and decoded. */
function collectValues(rawQuery: string, body: string): string[] {
  const values = new Set<string>();
  const add = (spans: readonly Span[]) => {
    for (const s of spans) if (s.value !== undefined) values.add(s.value);
  };
  for (const level of decodeLevels(rawQuery)) add(querySpans(level.text, 0, level.text.length));
  for (const level of decodeLevels(body)) add(bodySpans(level.text));
  return [...values];
}

/** The forms a secret is searched in: itself, base64 and base64url, padded or not (short values dropped). */
function encodedForms(values: readonly string[]): string[] {
  const forms = new Set<string>();
  for (const v of values) for (const f of formsOf(v)) forms.add(f);
  return [...forms];
}

/** The forms of each value seen lately: a Page's token and proof come back with each of its calls. */
const FORMS_SEEN = new Map<string, readonly string[]>();
const MAX_FORMS_SEEN = 1024;

/** One value's forms (none when it is too short to search for). */
function formsOf(v: string): readonly string[] {
  if (v.length < MIN_SECRET_LENGTH) return [];
  let forms = FORMS_SEEN.get(v);
  if (forms === undefined) {
    const base64 = Buffer.from(v, "utf8").toString("base64");
    const base64url = Buffer.from(v, "utf8").toString("base64url");
    forms = [...new Set([v, base64, base64.replace(/=+$/, ""), base64url, base64url.padEnd(base64.length, "=")])];
    if (FORMS_SEEN.size >= MAX_FORMS_SEEN) FORMS_SEEN.clear();
    FORMS_SEEN.set(v, forms);
  }
  return forms;
}

/** Spans of secret-named parameter values in `text[from, to)`, parameters separated by `&` or `;`. */
function querySpans(text: string, from: number, to: number): Span[] {
  const spans: Span[] = [];
  let start = from;
  while (start < to) {
    let end = start;
    while (end < to && text[end] !== "&" && text[end] !== ";") end++;
    const eq = text.slice(start, end).indexOf("=");
    if (eq >= 0 && isSecretName(text.slice(start, start + eq))) {
      const value = text.slice(start + eq + 1, end);
      spans.push({ start: start + eq + 1, end, text: REDACTED, value: decodeAll(value) });
    }
    start = end + 1;
  }
  return spans;
}

/**
 * Spans of secrets in a body, whatever its Content-Type: the values of secret-named JSON keys
 * (a string, a number or literal, or a whole object or array), and secret-named form parameters
 * both outside and inside JSON strings. A body cut short (an unterminated string) is read to its end.
 */
function bodySpans(text: string): Span[] {
  const spans: Span[] = [];
  let bare = 0;
  for (let open = text.indexOf('"'); open >= 0; open = text.indexOf('"', bare)) {
    spans.push(...querySpans(text, bare, open));
    const close = stringEnd(text, open);
    spans.push(...querySpans(text, open + 1, close));
    bare = keyValueSpan(text, open, close, spans) ?? Math.min(close + 1, text.length);
  }
  spans.push(...querySpans(text, bare, text.length));
  return spans;
}

/**
 * When the string `text[open, close]` is a JSON key that names a secret, adds the span of its
 * value to `spans` and returns where the value ends; else undefined.
 */
function keyValueSpan(text: string, open: number, close: number, spans: Span[]): number | undefined {
  if (close >= text.length) return undefined;
  const colon = skipSpace(text, close + 1);
  if (text[colon] !== ":" || !isSecretName(text.slice(open + 1, close))) return undefined;
  const start = skipSpace(text, colon + 1);
  const end = valueEnd(text, start);
  if (end > start) {
    const raw = text.slice(start, end);
    const value = raw.startsWith('"') ? decodeAll(raw.slice(1, stringEnd(raw, 0))) : raw;
    spans.push({ start, end, text: `"${REDACTED}"`, value });
  }
  return end;
}

/** Index of the quote that closes the JSON string opened at `open`, or the text's length when none does. */
function stringEnd(text: string, open: number): number {
  for (let i = open + 1; i < text.length; i++) {
    if (text[i] === "\\") i++;
    else if (text[i] === '"') return i;
  }
  return text.length;
}

function skipSpace(text: string, i: number): number {
  let j = i;
  while (j < text.length && /\s/.test(text[j])) j++;
  return j;
}

/** Where the JSON value that starts at `start` ends (exclusive), reading a cut value to the end. */
function valueEnd(text: string, start: number): number {
  if (start >= text.length) return start;
  const c = text[start];
  if (c === '"') return Math.min(stringEnd(text, start) + 1, text.length);
  if (c === "{" || c === "[") return bracketEnd(text, start);
  let i = start;
  while (i < text.length && !/[,}\]\s]/.test(text[i])) i++;
  return i;
}

function bracketEnd(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '"') i = stringEnd(text, i);
    else if (c === "{" || c === "[") depth++;
    else if ((c === "}" || c === "]") && --depth === 0) return i + 1;
  }
  return text.length;
}

/** Spans of every occurrence of a needle in `text`, raw or with percent and JSON escapes decoded. */
function needleSpans(text: string, needles: Needles): Span[] {
  const spans: Span[] = [];
  if (text === "") return spans;
  for (const level of decodeLevels(text)) {
    const add = (at: number, needle: string) =>
      spans.push({
        start: level.starts ? level.starts[at] : at,
        end: level.ends ? level.ends[at + needle.length - 1] : at + needle.length,
        text: REDACTED,
      });
    for (const { at, needle } of needles.known.occurrences(level.text)) add(at, needle);
    for (const needle of needles.extra)
      for (let at = level.text.indexOf(needle); at >= 0; at = level.text.indexOf(needle, at + 1)) add(at, needle);
  }
  return spans;
}

/**
 * Replaces the spans in `text`, keeping the text before `limit`: a span that starts before it is
 * replaced whole, overlapping spans count as one.
 */
function applySpans(text: string, spans: readonly Span[], limit = text.length): string {
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  let out = "";
  let pos = 0;
  let lastStart = -1;
  for (const s of sorted) {
    if (s.start >= limit) break;
    if (s.start < pos || s.start === lastStart) {
      pos = Math.max(pos, s.end);
      continue;
    }
    out += text.slice(pos, s.start) + s.text;
    pos = s.end;
    lastStart = s.start;
  }
  return pos < limit ? out + text.slice(pos, limit) : out;
}

/** The text itself, then decoded once, twice… (while decoding changes it), each mapped to `text`. */
function decodeLevels(text: string): Decoded[] {
  const levels: Decoded[] = [{ text }];
  for (let pass = 0; pass < DECODE_PASSES; pass++) {
    const last = levels[levels.length - 1];
    if (!/[%\\]/.test(last.text)) break;
    const next = decodeOnce(last.text);
    if (next.text === last.text) break;
    levels.push(last.starts && last.ends ? throughLevel(next, last.starts, last.ends) : next);
  }
  return levels;
}

/** A decoding of a decoded text, its ranges mapped back to the first source text. */
function throughLevel(next: Decoded, starts: Int32Array, ends: Int32Array): Decoded {
  const s = new Int32Array(next.text.length);
  const e = new Int32Array(next.text.length);
  for (let i = 0; i < next.text.length; i++) {
    s[i] = starts[next.starts?.[i] ?? i];
    e[i] = ends[(next.ends?.[i] ?? i + 1) - 1];
  }
  return { text: next.text, starts: s, ends: e };
}

/** A text with every escape decoded, as many times as it changes (up to {@link DECODE_PASSES}). */
function decodeAll(text: string): string {
  const levels = decodeLevels(text);
  return levels[levels.length - 1].text;
}

/**
 * Decodes percent escapes (UTF-8 sequences; a malformed one is kept as written) and JSON escapes
 * (`\uXXXX`, `\"`, `\\`, `\/`, `\b`, `\f`, `\n`, `\r`, `\t`) once.
 */
function decodeOnce(raw: string): Decoded {
  // A step never yields more UTF-16 units than it reads.
  const starts = new Int32Array(raw.length);
  const ends = new Int32Array(raw.length);
  const out: string[] = [];
  let length = 0;
  for (let i = 0; i < raw.length;) {
    const step = percentAt(raw, i) ?? escapeAt(raw, i) ?? { text: raw[i], length: 1 };
    for (let k = 0; k < step.text.length; k++, length++) {
      starts[length] = i;
      ends[length] = i + step.length;
    }
    out.push(step.text);
    i += step.length;
  }
  return { text: out.join(""), starts: starts.subarray(0, length), ends: ends.subarray(0, length) };
}

/** One decoded character and how many characters of the source it took. */
interface Step {
  readonly text: string;
  readonly length: number;
}

function hexByteAt(raw: string, i: number): number | undefined {
  return raw[i] === "%" && /^[0-9A-Fa-f]{2}$/.test(raw.slice(i + 1, i + 3))
    ? parseInt(raw.slice(i + 1, i + 3), 16)
    : undefined;
}

/** A percent-encoded UTF-8 character at `i`, if one starts there. */
function percentAt(raw: string, i: number): Step | undefined {
  const lead = hexByteAt(raw, i);
  if (lead === undefined) return undefined;
  const n = utf8Length(lead);
  if (n === 0) return undefined;
  const bytes = [lead];
  for (let k = 1; k < n; k++) {
    const b = hexByteAt(raw, i + 3 * k);
    if (b === undefined || (b & 0xc0) !== 0x80) return undefined;
    bytes.push(b);
  }
  const text = Buffer.from(bytes).toString("utf8");
  return text.includes("\ufffd") ? undefined : { text, length: 3 * n };
}

/** The length of the UTF-8 sequence a lead byte starts, or 0 when it cannot start one. */
function utf8Length(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  "\\": "\\",
  "/": "/",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
};

/** A JSON escape at `i`, if one starts there. */
function escapeAt(raw: string, i: number): Step | undefined {
  if (raw[i] !== "\\") return undefined;
  const next = raw[i + 1];
  if (next === "u" && /^[0-9A-Fa-f]{4}$/.test(raw.slice(i + 2, i + 6)))
    return { text: String.fromCharCode(parseInt(raw.slice(i + 2, i + 6), 16)), length: 6 };
  const simple = next === undefined ? undefined : SIMPLE_ESCAPES[next];
  return simple === undefined ? undefined : { text: simple, length: 2 };
}

/**
 * One redaction function for every error message, log line, answer and state value the provider
 * produces.
 *
 * Tokens reach us in three shapes: as exact values we know (the Page token, the app secret and the
 * appsecret_proof derived from them), as query parameters inside URLs that a server may echo back,
 * and as Facebook-looking token strings we have never seen. All three are replaced.
 *
 * A known value is replaced in every encoding a server or a tool is likely to give it back in: as
 * is; percent-encoded, with upper- or lowercase hex, some or every character encoded (and the
 * percent signs encoded once more); JSON-escaped (`\u0045`, `\/`); base64 and base64url, at any
 * byte alignment of the value inside the encoded text.
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

/** The shortest secret value looked for (shorter ones collide with ordinary text). */
const MIN_SECRET_LENGTH = 6;
/** The shortest base64 run looked for: 6 bytes of a secret (shorter runs collide with ordinary text). */
const MIN_BASE64_CHARS = 8;
/** The shortest text any rule can change: the shortest secret value, and shorter than any pattern. */
const MIN_TEXT_LENGTH = MIN_SECRET_LENGTH;

/** Secret values worth looking for: strings of at least 6 characters (shorter ones collide with ordinary text). */
function secretValues(values: Iterable<unknown>): string[] {
  return [...values].filter((v): v is string => typeof v === "string" && v.length >= MIN_SECRET_LENGTH);
}

/**
 * The escapes a server or a tool may write one character (or byte) of a secret as: `%HH` (hex in
 * either case, the `%` itself maybe encoded once more as `%25`), `\uHHHH`, and JSON's `\/`, `\"`
 * and `\\`.
 */
const ESCAPE = /%(?:25)?([0-9a-fA-F]{2})|\\u([0-9a-fA-F]{4})|\\([/"\\])/;
/** {@link ESCAPE}, to find them all. */
const ESCAPES = new RegExp(ESCAPE.source, "g");
/** What {@link decode} reads as one unit for secrets outside ASCII: an escape, or a character outside ASCII. */
const UTF8_UNITS = new RegExp(`${ESCAPE.source}|[^\\0-\\x7f]`, "gu");

/**
 * A text decoded to bytes (one latin1 character per byte): ASCII characters as themselves, every
 * other character as its UTF-8 bytes, every escape as the bytes it stands for. Where the bytes and
 * the text differ is kept as a list of units (bytes [b, b + bl) decode text [t, t + tl)); between
 * units one byte is one character. When every secret is ASCII, characters outside ASCII are kept
 * as they are (no secret byte can match them) and escapes decode to one character: only escapes
 * are units.
 */
interface DecodedText {
  /** The bytes, as a latin1 string. */
  readonly bytes: string;
  /** Where each unit starts in the bytes, in order. */
  readonly unitB: number[];
  /** How many bytes each unit decodes to. */
  readonly unitBLength: number[];
  /** Where each unit starts in the text. */
  readonly unitT: number[];
  /** How many characters of the text each unit is. */
  readonly unitTLength: number[];
}

/** The bytes a unit stands for, as a latin1 string (see {@link DecodedText}). */
function unitBytes(m: RegExpExecArray, utf8: boolean): string {
  if (m[1] !== undefined) return String.fromCharCode(parseInt(m[1], 16));
  const ch = m[2] !== undefined ? String.fromCharCode(parseInt(m[2], 16)) : (m[3] ?? m[0]);
  return !utf8 || (ch.length === 1 && ch.charCodeAt(0) < 0x80) ? ch : Buffer.from(ch, "utf8").toString("latin1");
}

/**
 * `text` decoded (see {@link DecodedText}). A surrogate pair written as two `\u` escapes is not decoded.
 *
 * @param utf8 - whether a secret holds a character outside ASCII
 */
function decode(text: string, utf8: boolean): DecodedText {
  const d = {
    bytes: "",
    unitB: [] as number[],
    unitBLength: [] as number[],
    unitT: [] as number[],
    unitTLength: [] as number[],
  };
  const units = utf8 ? UTF8_UNITS : ESCAPES;
  const pieces: string[] = [];
  let b = 0;
  let last = 0;
  units.lastIndex = 0;
  for (let m = units.exec(text); m !== null; m = units.exec(text)) {
    pieces.push(text.slice(last, m.index));
    b += m.index - last;
    const bytes = unitBytes(m, utf8);
    pieces.push(bytes);
    d.unitB.push(b);
    d.unitBLength.push(bytes.length);
    d.unitT.push(m.index);
    d.unitTLength.push(m[0].length);
    b += bytes.length;
    last = units.lastIndex;
  }
  pieces.push(text.slice(last));
  d.bytes = pieces.join("");
  return d;
}

/**
 * Where byte `p` of a decoded text is in the text: the start of the unit it falls in, or with
 * `end`, the end of that unit (so that a range never cuts an escape in two).
 */
function textIndexOf(d: DecodedText, p: number, end: boolean): number {
  let lo = 0;
  let hi = d.unitB.length - 1;
  let k = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (d.unitB[mid] <= p) [k, lo] = [mid, mid + 1];
    else hi = mid - 1;
  }
  if (k === -1) return p;
  const afterUnit = d.unitB[k] + d.unitBLength[k];
  if (p === d.unitB[k] || (p < afterUnit && !end)) return d.unitT[k];
  if (p < afterUnit) return d.unitT[k] + d.unitTLength[k];
  return d.unitT[k] + d.unitTLength[k] + (p - afterUnit);
}

/** `text` with the given ranges (possibly overlapping) replaced by {@link REDACTED}. */
function cut(text: string, ranges: Array<[number, number]>): string {
  ranges.sort((x, y) => x[0] - y[0]);
  let out = "";
  let at = 0;
  for (const [from, to] of ranges) {
    if (to <= at) continue;
    if (from >= at) out += `${text.slice(at, from)}${REDACTED}`;
    at = to;
  }
  return out + text.slice(at);
}

/**
 * `text` with every stretch that decodes to one of the secrets (given as latin1 strings of their
 * UTF-8 bytes) replaced by {@link REDACTED}: each character of a secret may be written as itself
 * or as an escape of {@link ESCAPE}, in any mix.
 *
 * @param utf8 - whether a secret holds a character outside ASCII
 */
function redactEscaped(text: string, secretBytes: readonly string[], utf8: boolean): string {
  if (!ESCAPE.test(text)) return text;
  const d = decode(text, utf8);
  const ranges: Array<[number, number]> = [];
  for (const s of secretBytes)
    for (let j = d.bytes.indexOf(s); j !== -1; j = d.bytes.indexOf(s, j + s.length))
      ranges.push([textIndexOf(d, j, false), textIndexOf(d, j + s.length, true)]);
  return ranges.length === 0 ? text : cut(text, ranges);
}

/**
 * The base64 and base64url runs that any text holding `secret` encodes to, whatever the secret's
 * offset in it: for i = 0, 1, 2, the encoding of the secret's bytes [i, i + 3m) (whole 3-byte
 * groups), which appears in the text's encoding when byte i falls on a group boundary. Runs
 * shorter than {@link MIN_BASE64_CHARS} are left out. Up to 2 bytes at each end of the secret stay
 * in the neighbouring characters, mixed with the bytes around them.
 */
function base64Needles(secret: string): string[] {
  const bytes = Buffer.from(secret, "utf8");
  const needles = new Set<string>();
  for (let i = 0; i < 3; i++) {
    const whole = Math.floor((bytes.length - i) / 3) * 3;
    if (whole <= 0) continue;
    const run = bytes.subarray(i, i + whole).toString("base64");
    if (run.length < MIN_BASE64_CHARS) continue;
    needles.add(run);
    needles.add(run.replace(/\+/g, "-").replace(/\//g, "_"));
  }
  return [...needles];
}

/** A secret's bytes in hexadecimal, in lower and upper case (how a debug dump or a digest log writes them). */
function hexNeedles(secret: string): string[] {
  const hex = Buffer.from(secret, "utf8").toString("hex");
  return [hex, hex.toUpperCase()];
}

/** Whether a text may hold an escape of {@link ESCAPE} (a cheap test before the regular expression). */
function mayHoldEscapes(text: string): boolean {
  return text.includes("%") || text.includes("\\");
}

/** Replaces every occurrence of each needle (longest first) in `text`. */
function replaceAll(text: string, needles: readonly string[]): string {
  let out = text;
  for (const n of needles) if (out.includes(n)) out = out.split(n).join(REDACTED);
  return out;
}

/** Replaces every secret query parameter value, Facebook-shaped token and Bearer value. */
function redactPatterns(text: string): string {
  // Each pattern runs only on a text holding its fixed part: most texts hold none of them.
  let out = text;
  if (out.includes("=")) out = out.replace(SECRET_PARAMS, `$1${REDACTED}`);
  if (out.includes("EAA")) out = out.replace(FACEBOOK_TOKEN, REDACTED);
  if (out.includes("Bearer") || out.includes("OAuth")) out = out.replace(BEARER, `$1 ${REDACTED}`);
  return out;
}

/** An array or a plain object (what `JSON.parse` builds); anything else is left as it is. */
type JsonContainer = unknown[] | Record<string, unknown>;

function isContainer(v: unknown): v is JsonContainer {
  if (Array.isArray(v)) return true;
  if (typeof v !== "object" || v === null) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** A container being copied by {@link Redactor.redactJson}. */
interface Frame {
  readonly source: JsonContainer;
  /** Own keys of an object; undefined for an array. */
  readonly keys: readonly string[] | undefined;
  /** The keys redacted, when one of them changed. */
  readonly newKeys: readonly string[] | undefined;
  /** Children done so far. */
  done: number;
  /** The children redacted, made on the first one that changed (with the ones before it). */
  out: unknown[] | undefined;
}

function childAt(frame: Frame, i: number): unknown {
  return frame.keys === undefined
    ? (frame.source as unknown[])[i]
    : (frame.source as Record<string, unknown>)[frame.keys[i]];
}

function sizeOf(frame: Frame): number {
  return frame.keys === undefined ? (frame.source as unknown[]).length : frame.keys.length;
}

/** Records a finished child: copies the children only once one of them changed. */
function settle(frame: Frame, before: unknown, after: unknown): void {
  if (frame.out === undefined && !Object.is(after, before)) {
    frame.out = [];
    for (let i = 0; i < frame.done; i++) frame.out.push(childAt(frame, i));
  }
  frame.out?.push(after);
  frame.done++;
}

/** The container a finished frame stands for: its source when nothing in it changed, else a copy. */
function built(frame: Frame): unknown {
  if (frame.out === undefined && frame.newKeys === undefined) return frame.source;
  const values = frame.out ?? Array.from({ length: sizeOf(frame) }, (_, i) => childAt(frame, i));
  if (frame.keys === undefined) return values;
  const keys = frame.newKeys ?? frame.keys;
  // fromEntries defines properties, so a "__proto__" key stays an own property, as JSON.parse made it.
  return Object.fromEntries(keys.map((k, i) => [k, values[i]]));
}

/**
 * Removes a known set of secret values (in every encoding listed in this module's description),
 * and every secret query parameter value and Facebook-shaped token, from text. Immutable:
 * {@link Redactor.with} gives a redactor that knows more.
 *
 * @example
 * ```ts
 * const r = new Redactor([token, appSecret]);
 * throw new Error(r.redact(`failed: ${detail}`));
 * ```
 */
export class Redactor {
  private readonly secrets: readonly string[];
  /** The raw values and their base64 runs, longest first. */
  private readonly needles: readonly string[];
  /** The secrets' UTF-8 bytes, as latin1 strings (what escaped text decodes to), longest first. */
  private readonly secretBytes: readonly string[];
  /** Whether a secret holds a character outside ASCII (see {@link DecodedText}). */
  private readonly utf8: boolean;

  /** @param secrets - secret values (non-strings and strings under 6 characters are skipped) */
  constructor(secrets: Iterable<unknown> = []) {
    // Longest first, so that a secret containing another one is removed whole.
    this.secrets = [...new Set(secretValues(secrets))].sort((a, b) => b.length - a.length);
    // The URL-encoded forms too: a secret holding "%" decodes to something else (see redactEscaped).
    const needles = new Set([
      ...this.secrets,
      ...this.secrets.map(encodeURIComponent),
      ...this.secrets.flatMap(base64Needles),
      ...this.secrets.flatMap(hexNeedles),
    ]);
    this.needles = [...needles].sort((a, b) => b.length - a.length);
    this.secretBytes = this.secrets.map((s) => Buffer.from(s, "utf8").toString("latin1"));
    this.utf8 = this.secrets.some((s) => /[^\0-\x7f]/.test(s));
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
   * `text` with every known secret (raw, percent-encoded, JSON-escaped, base64 or base64url),
   * every secret query parameter value and every Facebook-shaped token replaced by
   * {@link REDACTED}.
   *
   * @param text - any text that may be shown to a person or stored
   */
  redact(text: string): string {
    return text.length < MIN_TEXT_LENGTH ? text : redactPatterns(this.redactKnown(text));
  }

  /**
   * `text` with every known secret (in every encoding {@link Redactor.redact} knows) replaced by
   * {@link REDACTED}, and nothing else: a value that only looks like a secret (an `access_token=`
   * of someone else's URL, an `EAA…` word) is kept.
   *
   * @param text - a value read from a server
   */
  redactKnown(text: string): string {
    if (text.length < MIN_TEXT_LENGTH || this.secrets.length === 0) return text;
    const out = replaceAll(text, this.needles);
    return mayHoldEscapes(out) ? redactEscaped(out, this.secretBytes, this.utf8) : out;
  }

  /**
   * A copy of a parsed JSON value with every string redacted ({@link Redactor.redact}): string
   * values and object keys, at any depth. Numbers, booleans, null and objects that are not plain
   * (not what `JSON.parse` builds) are kept as they are. Only the arrays and objects on the way to
   * a changed string are copied; when nothing changes, `value` itself is returned. Iterative (an
   * explicit stack), so a very deep value cannot exhaust the call stack. When two keys of an object
   * redact to the same text, the later one's value is kept.
   *
   * @param value - a value as `JSON.parse` returns it (a tree: no cycles)
   * @param options - `knownOnly`: redact the known secrets only ({@link Redactor.redactKnown}), as
   *   for values that go into state, where a pattern match would be a false drift
   * @returns the redacted value (the same value when nothing held a secret)
   * @throws TypeError when the value holds a cycle (it is then not a parsed JSON value)
   */
  redactJson(value: unknown, options: { readonly knownOnly?: boolean } = {}): unknown {
    const redactText = options.knownOnly ? (t: string) => this.redactKnown(t) : (t: string) => this.redact(t);
    if (typeof value === "string") return redactText(value);
    if (!isContainer(value)) return value;
    const open = new Set<object>();
    const stack: Frame[] = [this.frameOf(value, open, redactText)];
    for (;;) {
      const top = stack[stack.length - 1];
      if (top.done < sizeOf(top)) {
        const child = childAt(top, top.done);
        if (isContainer(child)) stack.push(this.frameOf(child, open, redactText));
        else settle(top, child, typeof child === "string" ? redactText(child) : child);
        continue;
      }
      stack.pop();
      open.delete(top.source);
      const result = built(top);
      if (stack.length === 0) return result;
      settle(stack[stack.length - 1], top.source, result);
    }
  }

  /** A frame for a container about to be copied: its keys redacted, and a check against cycles. */
  private frameOf(source: JsonContainer, open: Set<object>, redactText: (t: string) => string): Frame {
    if (open.has(source)) throw new TypeError("redactJson takes a parsed JSON value: this one holds a cycle");
    open.add(source);
    if (Array.isArray(source)) return { source, keys: undefined, newKeys: undefined, done: 0, out: undefined };
    const keys = Object.keys(source);
    let newKeys: string[] | undefined;
    keys.forEach((k, i) => {
      const r = redactText(k);
      if (r !== k) (newKeys ??= keys.slice())[i] = r;
    });
    return { source, keys, newKeys, done: 0, out: undefined };
  }
}

/** A redactor that knows no secret value: the patterns only. */
export const PATTERNS_ONLY = new Redactor();

/**
 * Returns `text` with the given secrets (in every encoding a {@link Redactor} knows), every secret
 * query parameter value and every Facebook-shaped token replaced by {@link REDACTED}.
 *
 * @param text - any text that may be shown to a person or stored
 * @param extra - secret values to remove
 * @returns the redacted text
 */
export function redact(text: string, ...extra: Array<string | undefined>): string {
  const known = secretValues(extra);
  return (known.length === 0 ? PATTERNS_ONLY : new Redactor(known)).redact(text);
}

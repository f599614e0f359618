/**
 * Secret bookkeeping for the suite: every Page token, app secret and appsecret_proof the suite
 * creates is registered here, and every text the provider or the engine produces (error messages
 * and stacks, inspected error objects, debug logs, onAttempt reports, CLI output, raw state files)
 * is scanned for them. A finding names the secret's label and where it was found, never its value.
 */
import * as util from "util";
import { appSecretProof } from "../../provider/graph/client";
import type { PageSeed } from "../../emulator/pages";
import { randomHex, randomString } from "./prng";

/** One text to scan, with where it came from. */
export interface ScanText {
  readonly where: string;
  readonly text: string;
}

/** Result of a scan. */
export interface ScanResult {
  /** Texts scanned. */
  readonly texts: number;
  /** Characters scanned. */
  readonly chars: number;
  /** Secret values looked for. */
  readonly secrets: number;
  /** Occurrences found (label and place only). */
  readonly hits: ReadonlyArray<{ readonly label: string; readonly where: string }>;
}

/** `%HH` of every UTF-8 byte of `value`, hex in the given case. */
function percentEveryByte(value: string, upper: boolean): string {
  const hex = [...Buffer.from(value, "utf8")].map((b) => `%${b.toString(16).padStart(2, "0")}`).join("");
  return upper ? hex.toUpperCase() : hex;
}

/** `\uHHHH` of every UTF-16 unit of `value`, hex in the given case. */
function jsonEveryUnit(value: string, upper: boolean): string {
  let out = "";
  for (let i = 0; i < value.length; i++) {
    const hex = value.charCodeAt(i).toString(16).padStart(4, "0");
    out += `\\u${upper ? hex.toUpperCase() : hex}`;
  }
  return out;
}

/**
 * The base64 and base64url runs of `value` in the 3 byte alignments: for i = 0, 1, 2, the encoding
 * of bytes [i, i + 3m), which any text holding `value` at an offset where byte i falls on a 3-byte
 * boundary encodes to. Runs under 8 characters are left out (they would collide).
 */
function base64Runs(value: string): string[] {
  const bytes = Buffer.from(value, "utf8");
  const runs: string[] = [];
  for (let i = 0; i < 3; i++) {
    const whole = Math.floor((bytes.length - i) / 3) * 3;
    if (whole < 6) continue;
    const run = bytes.subarray(i, i + whole);
    runs.push(run.toString("base64"), run.toString("base64url"));
  }
  return runs;
}

/**
 * The shapes a leak of `value` could take: raw; percent-encoded (uppercase hex as
 * `encodeURIComponent` writes it, lowercase hex, and every byte encoded, in both cases); JSON-escaped
 * (as `JSON.stringify` writes it, and every character as `\uHHHH`, in both cases); base64 and
 * base64url in the 3 byte alignments. Longest first, duplicates removed.
 */
function leakShapes(value: string): string[] {
  const uri = encodeURIComponent(value);
  const shapes = new Set([
    value,
    uri,
    uri.replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase()),
    percentEveryByte(value, true),
    percentEveryByte(value, false),
    JSON.stringify(value).slice(1, -1),
    jsonEveryUnit(value, false),
    jsonEveryUnit(value, true),
    ...base64Runs(value),
    Buffer.from(value, "utf8").toString("hex"),
    Buffer.from(value, "utf8").toString("hex").toUpperCase(),
  ]);
  return [...shapes].sort((a, b) => b.length - a.length);
}

/** Every secret the suite knows, with the shapes a leak could take ({@link leakShapes}). */
export class SecretBook {
  private readonly entries: Array<{ label: string; needles: string[] }> = [];
  /** Every needle of every entry in one expression (built on first scan after an add). */
  private anyNeedle: RegExp | undefined;

  /** Registers a secret under a label (values shorter than 6 characters are refused: they would collide). */
  add(label: string, value: string): void {
    if (value.length < 6) throw new Error(`secret ${label} is too short to scan for`);
    this.entries.push({ label, needles: leakShapes(value) });
    this.anyNeedle = undefined;
  }

  /**
   * One expression that finds any needle of any entry: a single pass over a text instead of one
   * `includes` per needle (about 13 needles per secret, tens of secrets per book, hundreds of MB of
   * engine output per suite); only a text it matches is searched needle by needle.
   */
  private anyNeedleExpression(): RegExp {
    if (this.anyNeedle !== undefined) return this.anyNeedle;
    const all = this.entries.flatMap((e) => e.needles).sort((a, b) => b.length - a.length);
    this.anyNeedle = new RegExp(all.map((n) => n.replace(/[\\^$.*+?()[\]{}|/-]/g, "\\$&")).join("|"));
    return this.anyNeedle;
  }

  /** How many secrets are registered. */
  get size(): number {
    return this.entries.length;
  }

  /** Scans texts for every registered secret. */
  scan(texts: readonly ScanText[]): ScanResult {
    const hits: Array<{ label: string; where: string }> = [];
    const any = this.entries.length > 0 ? this.anyNeedleExpression() : undefined;
    let chars = 0;
    for (const t of texts) {
      chars += t.text.length;
      if (any === undefined || !any.test(t.text)) continue;
      for (const e of this.entries) {
        if (e.needles.some((n) => t.text.includes(n))) hits.push({ label: e.label, where: t.where });
      }
    }
    return { texts: texts.length, chars, secrets: this.entries.length, hits };
  }

  /** Scans and throws (naming label and place, never the value) when anything is found. */
  assertClean(texts: readonly ScanText[]): ScanResult {
    const result = this.scan(texts);
    if (result.texts === 0) throw new Error("secret scan had nothing to scan: the capture is broken");
    if (result.hits.length > 0) {
      throw new Error(`secret leaked: ${result.hits.map((h) => `${h.label} in ${h.where}`).join("; ")}`);
    }
    return result;
  }

  /** Replaces every registered secret in `text` by its label (for report files). */
  scrub(text: string): string {
    let out = text;
    for (const e of this.entries)
      for (const n of [...e.needles].sort((a, b) => b.length - a.length)) out = out.split(n).join(`<${e.label}>`);
    return out;
  }
}

/** The suite-wide book (one per test file: jest gives each file its own module registry). */
export const secrets = new SecretBook();

/** Token shapes: Facebook-looking, app-token-looking (with "|", which URL-encoding changes), and plain. */
export type TokenShape = "eaa" | "pipe" | "plain";

/**
 * A Page seed with a fresh token (and, when asked, an app secret), registered in {@link secrets}
 * together with the appsecret_proof the provider will derive.
 */
export function seedPage(
  random: () => number,
  index: number,
  opts: { shape?: TokenShape; appSecret?: boolean; prefix?: string; id?: string } = {},
): PageSeed {
  const shape = opts.shape ?? (["eaa", "pipe", "plain"] as const)[index % 3];
  const token =
    shape === "eaa"
      ? `EAA${randomString(random, 48)}`
      : shape === "pipe"
        ? `${100000 + index}|${randomString(random, 36)}`
        : `pagetok_${randomString(random, 40)}`;
  const seed: PageSeed = {
    id: opts.id ?? String(3000000000000001 + index),
    name: `${opts.prefix ?? "Reliability Page"} ${index}`,
    token,
    ...(opts.appSecret ? { appSecret: randomHex(random, 32) } : {}),
  };
  secrets.add(`token of Page ${seed.id}`, token);
  if (seed.appSecret) {
    secrets.add(`app secret of Page ${seed.id}`, seed.appSecret);
    secrets.add(`appsecret_proof of Page ${seed.id}`, appSecretProof(token, seed.appSecret));
  }
  return seed;
}

/** Captured writes to stdout/stderr and console calls. */
export interface Capture {
  /** Everything captured so far. */
  text(): string;
  /** Restores the originals. */
  stop(): string;
}

/**
 * Captures process.stdout/stderr writes and console output (the provider's debug log goes to
 * process.stderr when MESSENGER_DEBUG is set). Nothing is passed through.
 */
export function captureOutput(): Capture {
  const chunks: string[] = [];
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  const grab = (chunk: unknown): boolean => {
    chunks.push(typeof chunk === "string" ? chunk : Buffer.isBuffer(chunk) ? chunk.toString("utf8") : String(chunk));
    return true;
  };
  process.stdout.write = grab;
  process.stderr.write = grab;
  const methods = ["log", "info", "warn", "error", "debug"] as const;
  // Saved only to be put back as they were; never called detached.
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const saved = methods.map((m) => console[m]);
  for (const m of methods) console[m] = (...args: unknown[]) => void chunks.push(util.format(...args));
  let stopped = false;
  return {
    text: () => chunks.join(""),
    stop: () => {
      if (!stopped) {
        process.stdout.write = out;
        process.stderr.write = err;
        methods.forEach((m, i) => (console[m] = saved[i]));
        stopped = true;
      }
      return chunks.join("");
    },
  };
}

/** A thrown value as one line for the report: an Error's `String()`, a string as is, anything else inspected. */
export function errorString(e: unknown): string {
  return e instanceof Error ? String(e) : typeof e === "string" ? e : util.inspect(e);
}

/** Every text a thrown value exposes: message, stack, String(), util.inspect (what hosts print). */
export function errorTexts(e: unknown, where: string): ScanText[] {
  if (e === undefined) return [];
  const texts: ScanText[] = [
    { where: `${where} (inspect)`, text: util.inspect(e, { depth: 6, showHidden: true }) },
    // Exactly what a host printing the thrown value gets, whatever its type.
    // eslint-disable-next-line @typescript-eslint/no-base-to-string
    { where: `${where} (String)`, text: String(e) },
  ];
  if (e instanceof Error) {
    texts.push({ where: `${where} (message)`, text: e.message }, { where: `${where} (stack)`, text: e.stack ?? "" });
    try {
      texts.push({ where: `${where} (JSON)`, text: JSON.stringify(e) });
    } catch {
      // circular: inspect covers it
    }
  }
  return texts;
}

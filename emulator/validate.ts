/**
 * Schema checks of everything a client hands the emulator: fault specs, chaos, rate limits, Page
 * seeds, Page URL updates and the server's own options. The library API and the control API run
 * the same checks, so that nothing malformed reaches the request path (where it would fail while
 * answering someone else's call).
 *
 * @packageDocumentation
 */
import type { ChaosSpec, FaultKind, FaultMatch, FaultSpec } from "./faults";
import type { PageSeed, RateLimitOptions } from "./pages";
import {
  checkFieldName,
  checkFieldValue,
  ProfileRuleError,
  READ_ONLY_FIELD,
  type ProfileDocument,
  type ProfilePlatform,
} from "./profile-rules";

/** Thrown when an input does not match its schema; the message says which field and why. */
export class EmulatorInputError extends Error {
  /** @param message - what is wrong, naming the field */
  constructor(message: string) {
    super(message);
    this.name = "EmulatorInputError";
  }
}

/** Largest timer delay Node accepts (2^31 - 1 ms); longer ones fire after 1 ms. */
export const MAX_TIMER_MS = 2_147_483_647;

type Obj = Record<string, unknown>;

/** Throws an {@link EmulatorInputError} with this message. */
export function fail(message: string): never {
  throw new EmulatorInputError(message);
}

/** A JSON object (not null, not an array), else an {@link EmulatorInputError} naming `what`. */
export function object(v: unknown, what: string): Record<string, unknown> {
  if (typeof v !== "object" || v === null || Array.isArray(v)) fail(`${what} must be a JSON object`);
  return v as Obj;
}

/** Refuses a key of `o` that is not in `allowed`, naming it and listing the allowed ones. */
export function onlyKeys(o: Obj, allowed: readonly string[], what: string): void {
  for (const k of Object.keys(o)) {
    if (!allowed.includes(k)) fail(`${what} has an unknown field "${k}" (allowed: ${allowed.join(", ")})`);
  }
}

function optional<T>(o: Obj, key: string, check: (v: unknown, what: string) => T, what: string): T | undefined {
  return o[key] === undefined ? undefined : check(o[key], `${what}.${key}`);
}

function string(v: unknown, what: string): string {
  if (typeof v !== "string") fail(`${what} must be a string`);
  return v;
}

function nonEmptyString(v: unknown, what: string): string {
  if (string(v, what) === "") fail(`${what} must not be empty`);
  return v as string;
}

function boolean(v: unknown, what: string): boolean {
  if (typeof v !== "boolean") fail(`${what} must be true or false`);
  return v;
}

/** An integer in [min, max]. */
export function integer(v: unknown, what: string, min: number, max: number): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max)
    fail(`${what} must be an integer from ${min} to ${max} (got ${JSON.stringify(v) ?? String(v)})`);
  return v;
}

function httpStatus(v: unknown, what: string): number {
  return integer(v, what, 100, 599);
}

// RFC 9110 token characters: what a header name (and a method) may contain.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// What Node accepts in a header value: tab, visible ASCII and obs-text; never CR, LF or NUL.
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
// Framing headers are the server's: a fault that set them would corrupt the connection.
const FRAMING = ["content-length", "transfer-encoding", "connection", "keep-alive", "upgrade", "trailer"];

function headers(v: unknown, what: string): Record<string, string> {
  const o = object(v, what);
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(o)) {
    if (!TOKEN.test(name)) fail(`${what} has an invalid header name ${JSON.stringify(name)}`);
    if (FRAMING.includes(name.toLowerCase())) fail(`${what} may not set the framing header "${name}"`);
    if (typeof value !== "string") fail(`${what}["${name}"] must be a string`);
    if (!HEADER_VALUE.test(value))
      fail(`${what}["${name}"] contains a character not allowed in a header value (CR, LF or a control character)`);
    out[name] = value;
  }
  return out;
}

function jsonBody(v: unknown, what: string): unknown {
  if (typeof v === "string") return v;
  let text: string | undefined;
  try {
    text = JSON.stringify(v);
  } catch {
    fail(`${what} must be a string or JSON-serializable`);
  }
  if (text === undefined) fail(`${what} must be a string or JSON-serializable`);
  return v;
}

/** Checks a {@link FaultMatch}. */
export function checkFaultMatch(v: unknown, what = "match"): FaultMatch {
  const o = object(v, what);
  onlyKeys(o, ["method", "path", "pageId", "platform"], what);
  const method = optional(o, "method", string, what);
  if (method !== undefined && !TOKEN.test(method)) fail(`${what}.method must be an HTTP method name like "POST"`);
  optional(o, "path", string, what);
  optional(o, "pageId", string, what);
  if (o.platform !== undefined && o.platform !== "messenger" && o.platform !== "instagram")
    fail(`${what}.platform must be "messenger" or "instagram"`);
  return o;
}

/** Checks a {@link FaultKind}. */
export function checkFaultKind(v: unknown, what = "fault"): FaultKind {
  const o = object(v, what);
  switch (o.type) {
    case "status":
      onlyKeys(o, ["type", "status", "body", "headers"], what);
      if (o.status === undefined) fail(`${what}.status is required for a "status" fault`);
      httpStatus(o.status, `${what}.status`);
      optional(o, "body", jsonBody, what);
      optional(o, "headers", headers, what);
      break;
    case "graph":
      onlyKeys(
        o,
        ["type", "code", "subcode", "status", "message", "errorType", "isTransient", "headers", "echoUrl"],
        what,
      );
      if (o.code === undefined) fail(`${what}.code is required for a "graph" fault`);
      integer(o.code, `${what}.code`, 0, Number.MAX_SAFE_INTEGER);
      optional(o, "subcode", (x, w) => integer(x, w, 0, Number.MAX_SAFE_INTEGER), what);
      optional(o, "status", httpStatus, what);
      optional(o, "message", string, what);
      optional(o, "errorType", string, what);
      optional(o, "isTransient", boolean, what);
      optional(o, "headers", headers, what);
      optional(o, "echoUrl", boolean, what);
      break;
    case "delay":
      onlyKeys(o, ["type", "ms", "hang"], what);
      if (o.ms === undefined) fail(`${what}.ms is required for a "delay" fault`);
      integer(o.ms, `${what}.ms`, 0, MAX_TIMER_MS);
      optional(o, "hang", boolean, what);
      break;
    case "reset":
    case "malformed":
      onlyKeys(o, ["type"], what);
      break;
    case "html":
      onlyKeys(o, ["type", "status"], what);
      optional(o, "status", httpStatus, what);
      break;
    default:
      fail(
        `${what}.type must be one of "status", "graph", "delay", "reset", "malformed", "html" (got ${JSON.stringify(o.type) ?? "nothing"})`,
      );
  }
  return o as unknown as FaultKind;
}

/** Checks a {@link FaultSpec}. `times: 0` is valid: such a fault never fires. */
export function checkFaultSpec(v: unknown): FaultSpec {
  const o = object(v, "fault spec");
  onlyKeys(o, ["match", "fault", "times"], "fault spec");
  optional(o, "match", checkFaultMatch, "fault spec");
  if (o.fault === undefined) fail("fault spec.fault is required");
  checkFaultKind(o.fault, "fault spec.fault");
  optional(o, "times", (x, w) => integer(x, w, 0, Number.MAX_SAFE_INTEGER), "fault spec");
  return o as unknown as FaultSpec;
}

/** Checks a {@link ChaosSpec}. */
export function checkChaosSpec(v: unknown): ChaosSpec {
  const o = object(v, "chaos spec");
  onlyKeys(o, ["match", "rate", "seed", "faults"], "chaos spec");
  optional(o, "match", checkFaultMatch, "chaos spec");
  if (typeof o.rate !== "number" || !(o.rate >= 0 && o.rate <= 1)) fail("chaos spec.rate must be a number from 0 to 1");
  integer(o.seed, "chaos spec.seed", -0x80000000, 0xffffffff);
  if (!Array.isArray(o.faults) || o.faults.length === 0)
    fail("chaos spec.faults must be a non-empty array of faults to choose from");
  o.faults.forEach((f, i) => checkFaultKind(f, `chaos spec.faults[${i}]`));
  return o as unknown as ChaosSpec;
}

/** Checks a partial {@link RateLimitOptions}. */
export function checkRateLimit(v: unknown): Partial<RateLimitOptions> {
  const o = object(v, "rate limit");
  onlyKeys(o, ["calls", "windowMs"], "rate limit");
  optional(o, "calls", (x, w) => integer(x, w, 1, Number.MAX_SAFE_INTEGER), "rate limit");
  optional(o, "windowMs", (x, w) => integer(x, w, 1, Number.MAX_SAFE_INTEGER), "rate limit");
  return o;
}

/** Checks a {@link PageSeed}. */
export function checkPageSeed(v: unknown, what = "page"): PageSeed {
  const o = object(v, what);
  onlyKeys(o, ["id", "name", "token", "pagesMessaging", "admin", "appSecret", "accountLinkingUrl", "appId"], what);
  nonEmptyString(o.id, `${what}.id`);
  string(o.name, `${what}.name`);
  nonEmptyString(o.token, `${what}.token`);
  optional(o, "pagesMessaging", boolean, what);
  optional(o, "admin", boolean, what);
  optional(o, "appSecret", nonEmptyString, what);
  optional(o, "accountLinkingUrl", string, what);
  optional(o, "appId", checkAppId, what);
  return o as unknown as PageSeed;
}

/** Checks an app id: 1 to 32 digits. */
export function checkAppId(v: unknown, what = "app id"): string {
  if (typeof v !== "string" || !/^[0-9]{1,32}$/.test(v)) fail(`${what} must be a string of 1 to 32 digits`);
  return v;
}

/** Checks a list of {@link PageSeed}s (a `--pages` file, or `EmulatorOptions.pages`). */
export function checkPageSeeds(v: unknown): PageSeed[] {
  if (!Array.isArray(v)) fail("pages must be a JSON array of Page seeds");
  return v.map((p, i) => checkPageSeed(p, `pages[${i}]`));
}

/** Checks a profile platform: "messenger" (the default, when undefined) or "instagram". */
export function checkPlatform(v: unknown, what = "platform"): "messenger" | "instagram" {
  if (v === undefined) return "messenger";
  if (v !== "messenger" && v !== "instagram") fail(`${what} must be "messenger" or "instagram"`);
  return v;
}

/** Checks a list of profile field names (`deleteProfileFields`, the control API's DELETE). */
export function checkFieldNames(v: unknown, what = "fields"): string[] {
  if (!Array.isArray(v) || v.length === 0 || v.some((f) => typeof f !== "string" || f === ""))
    fail(`${what} must be a non-empty array of field names`);
  return v as string[];
}

function profileRule(f: () => void, what: string): void {
  try {
    f();
  } catch (e) {
    if (e instanceof ProfileRuleError) fail(`${what}: ${e.message.replace(/^\(#100\) /, "")}`);
    throw e;
  }
}

/**
 * Checks profile fields set out of band (`setProfileFields`): each a live field of the platform with
 * a value the Graph routes would accept, or the read-only `subject_to_new_eu_privacy_rules` (a
 * boolean, Messenger only). The rules between fields are not applied: out of band, a Page may be in
 * any state the live API can reach (a menu left from before Get Started was required, say).
 */
export function checkProfileFields(v: unknown, platform: ProfilePlatform, what = "profile fields"): ProfileDocument {
  const o = object(v, what);
  if (Object.keys(o).length === 0) fail(`${what} must name at least one field`);
  for (const [name, value] of Object.entries(o)) {
    const readOnly = name === READ_ONLY_FIELD && platform === "messenger";
    profileRule(() => {
      if (!readOnly) checkFieldName(name, platform);
      checkFieldValue(name, value, platform);
    }, what);
  }
  return o;
}

/** Checks field names deleted out of band (`deleteProfileFields`): live fields of the platform. */
export function checkProfileFieldNames(v: unknown, platform: ProfilePlatform, what = "fields"): string[] {
  const names = checkFieldNames(v, what);
  for (const name of names) {
    const readOnly = name === READ_ONLY_FIELD && platform === "messenger";
    if (!readOnly) profileRule(() => checkFieldName(name, platform), what);
  }
  return names;
}

/** Checks the body of `PUT /__emulator/pages/{id}`; `null` or no URL removes it. */
export function checkPageUpdate(v: unknown): { accountLinkingUrl: string | undefined } {
  const o = object(v, "page update");
  onlyKeys(o, ["accountLinkingUrl"], "page update");
  const url = o.accountLinkingUrl;
  if (url !== undefined && url !== null && typeof url !== "string")
    fail("page update.accountLinkingUrl must be a string, or null to remove it");
  return { accountLinkingUrl: typeof url === "string" ? url : undefined };
}

/**
 * The checker that validation of a profile runs on: it collects failures, each naming the exact path
 * of the offending value (e.g. `persistentMenu[0].callToActions[2].title`) and saying what to do;
 * every check lets a value not known yet (preview) pass.
 *
 * @packageDocumentation
 */
import { isUnknown } from "../core/unknown";
import { printable } from "../graph/printable";
import { typeOf } from "../graph/url-rules";
import { FACEBOOK_LOCALES, localesOfLanguage } from "./locales";
import { DEFAULT_LOCALE } from "./normalize";

/** One validation failure. */
export interface ProfileFailure {
  /** The top-level input concerned (what Pulumi's check failure reports as `property`). */
  readonly property: string;
  /** The exact path of the offending value, e.g. `persistentMenu[0].callToActions[2].title`. */
  readonly path: string;
  /** The path, what is wrong and what to do. */
  readonly reason: string;
}

/** A Facebook locale: two lowercase letters, an underscore, two uppercase letters. */
export const LOCALE_PATTERN = /^[a-z]{2}_[A-Z]{2}$/;

/** A string for a message: quoted, cut at 60 characters, bidi overrides and separators escaped. */
export function quote(s: string): string {
  return printable(JSON.stringify(s.length > 60 ? `${s.slice(0, 60)}…` : s));
}

/** Characters as a person counts them (code points, so an emoji counts once). */
function charCount(s: string): number {
  return [...s].length;
}

/** A JSON object as a value checks see it. */
export type Obj = Readonly<Record<string, unknown>>;
/** Whether `v` is a JSON object (not an array, not null). */
export const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);
/** Whether `v` is left out (undefined or null). */
export const isAbsent = (v: unknown): boolean => v === undefined || v === null;

/**
 * Most failures reported one by one: past them, one more failure counts the rest, so that a list of
 * 100,000 bad entries gives a short answer rather than megabytes of text.
 */
export const MAX_REPORTED_FAILURES = 20;

/** Collects failures; every check returns whether the value was usable (present, known, right type). */
export class Checker {
  private readonly found: ProfileFailure[] = [];
  private more = 0;

  /**
   * The failures found, in the order found: the first {@link MAX_REPORTED_FAILURES}, then one that
   * counts the others.
   */
  get failures(): ProfileFailure[] {
    if (this.more === 0) return [...this.found];
    const reason = `and ${this.more} more failure${this.more === 1 ? "" : "s"} not listed: fix the ones above and preview again`;
    return [...this.found, { property: "", path: "", reason }];
  }

  /**
   * Records a failure.
   *
   * @param path - the exact path of the value ("" for the resource as a whole)
   * @param problem - what is wrong and what to do, completing a sentence that starts with the path
   */
  fail(path: string, problem: string): void {
    if (this.found.length >= MAX_REPORTED_FAILURES) {
      this.more += 1;
      return;
    }
    const property = /^[A-Za-z_]+/.exec(path)?.[0] ?? "";
    this.found.push({ property, path, reason: path === "" ? problem : `${path} ${problem}` });
  }

  object(path: string, v: unknown, allowed: readonly string[], what: string): v is Obj {
    if (isUnknown(v)) return false;
    if (!isObj(v)) {
      this.fail(path, `must be an object (${what}), got ${typeOf(v)}`);
      return false;
    }
    for (const key of Object.keys(v)) {
      if (allowed.includes(key) || v[key] === undefined) continue;
      const camel = key.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
      // The key is the program's text: in a path it is cut and kept printable like any quoted value.
      const shown = /^[A-Za-z_$][\w$]{0,59}$/.test(key) ? key : quote(key);
      this.fail(
        `${path}.${shown}`,
        allowed.includes(camel)
          ? `is spelled the wire way: write ${camel}`
          : `is not a property of ${what}: expected ${allowed.join(", ")}`,
      );
    }
    return true;
  }

  array(path: string, v: unknown, min: number, max: number, what: string): v is readonly unknown[] {
    if (isUnknown(v)) return false;
    if (!Array.isArray(v)) {
      this.fail(path, `must be a list of ${what}, got ${typeOf(v)}`);
      return false;
    }
    if (v.length < min)
      this.fail(path, min === 1 ? `must not be empty: give at least one of ${what}` : `needs at least ${min} ${what}`);
    if (v.length > max) this.fail(path, `has ${v.length} ${what}; the limit is ${max}: remove ${v.length - max}`);
    return true;
  }

  text(path: string, v: unknown, max: number, what: string): v is string {
    if (isUnknown(v)) return false;
    if (typeof v !== "string") {
      this.fail(path, `must be a string (${what}), got ${typeOf(v)}`);
      return false;
    }
    if (v.trim() === "") {
      this.fail(path, `must not be empty: give ${what}`);
      return false;
    }
    const n = charCount(v);
    if (n > max) this.fail(path, `is ${n} characters long; the limit is ${max}: shorten it by ${n - max}`);
    return true;
  }

  boolean(path: string, v: unknown): void {
    if (!isUnknown(v) && typeof v !== "boolean") this.fail(path, `must be true or false, got ${typeOf(v)}`);
  }

  oneOf(path: string, v: unknown, values: readonly string[]): void {
    if (isUnknown(v) || (typeof v === "string" && values.includes(v))) return;
    this.fail(
      path,
      `must be one of ${values.map((x) => `"${x}"`).join(", ")}, got ${typeof v === "string" ? quote(v) : typeOf(v)}`,
    );
  }

  /** Locale of each entry, duplicates, and the required default locale. */
  locales(path: string, entries: readonly unknown[]): void {
    const seen = new Map<string, number>();
    let anyUnknown = false;
    entries.forEach((e, i) => {
      if (!isObj(e)) {
        anyUnknown ||= isUnknown(e);
        return;
      }
      const locale = e.locale;
      const at = `${path}[${i}].locale`;
      if (isUnknown(locale)) {
        anyUnknown = true;
        return;
      }
      if (typeof locale !== "string") {
        this.fail(at, `must be a string: "default" or a locale such as "fr_FR", got ${typeOf(locale)}`);
        return;
      }
      if (locale !== DEFAULT_LOCALE && !LOCALE_PATTERN.test(locale)) {
        const fixed = /^[A-Za-z]{2}[-_][A-Za-z]{2}$/.test(locale)
          ? `${locale.slice(0, 2).toLowerCase()}_${locale.slice(3).toUpperCase()}`
          : undefined;
        this.fail(
          at,
          fixed !== undefined && fixed !== locale
            ? `must be in xx_XX form: write "${fixed}"`
            : `must be "default" or a Facebook locale in xx_XX form such as "fr_FR", got ${quote(locale)}`,
        );
        return;
      }
      if (locale !== DEFAULT_LOCALE && !FACEBOOK_LOCALES.has(locale)) {
        const same = localesOfLanguage(locale);
        this.fail(
          at,
          `is not a Facebook locale, got ${quote(locale)}: Meta shows localized entries only for its own locales, ${
            same.length > 0 ? `which for this language are ${same.join(", ")}` : 'such as "en_US", "fr_FR", "es_LA"'
          }`,
        );
        return;
      }
      const first = seen.get(locale);
      if (first !== undefined)
        this.fail(at, `repeats locale "${locale}" (already at ${path}[${first}]): merge the two entries`);
      else seen.set(locale, i);
    });
    if (!anyUnknown && entries.length > 0 && !seen.has(DEFAULT_LOCALE))
      this.fail(
        path,
        `has no "default" locale: add an entry with locale: "default" (Meta requires it; it is shown when no other locale matches)`,
      );
  }
}

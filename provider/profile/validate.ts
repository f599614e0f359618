/**
 * Validation of a Messenger profile at `check`, with no network call: every documented limit, each
 * failure naming the exact path of the offending value (e.g. `persistentMenu[0].callToActions[2].title`)
 * and saying what to do. Values not known yet (preview) pass. Also the dependency rules between
 * fields and the Page's current profile (a menu needs Get Started; webview URLs need their domain
 * whitelisted), as pure functions.
 *
 * @packageDocumentation
 */
import { accountLinkingUrlProblem, isUnknown } from "../validate";
import {
  DEFAULT_PLATFORM,
  DEPRECATED_FIELDS,
  PROFILE_FIELDS,
  PROFILE_LIMITS,
  PROFILE_PLATFORMS,
  isProfilePlatform,
  type ProfilePlatform,
  type ProfileWireField,
} from "./fields";
import { DEFAULT_LOCALE, containsUnknown, normalizeDomain } from "./normalize";
import type { MessengerProfileArgs, NormalizedProfile } from "./types";

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

/** The values `webviewHeightRatio` accepts. */
export const WEBVIEW_HEIGHT_RATIOS = ["compact", "tall", "full"] as const;

/**
 * The one place this module applies the package's URL rule (`accountLinkingUrlProblem`, which is
 * being strengthened separately): every URL of the profile goes through here.
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

function typeOf(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  return typeof v === "object" ? "an object" : `a ${typeof v}`;
}

function quote(s: string): string {
  return JSON.stringify(s.length > 60 ? `${s.slice(0, 60)}…` : s);
}

/** Characters as a person counts them (code points, so an emoji counts once). */
function charCount(s: string): number {
  return [...s].length;
}

type Obj = Readonly<Record<string, unknown>>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);
const isAbsent = (v: unknown): boolean => v === undefined || v === null;

/** Collects failures; every check returns whether the value was usable (present, known, right type). */
class Checker {
  readonly failures: ProfileFailure[] = [];

  fail(path: string, problem: string): void {
    const property = /^[A-Za-z_]+/.exec(path)?.[0] ?? "";
    this.failures.push({ property, path, reason: path === "" ? problem : `${path} ${problem}` });
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
      this.fail(
        `${path}.${key}`,
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

  url(path: string, v: unknown, use: "accountLinking" | "webPage"): void {
    if (isUnknown(v)) return;
    const problem = profileUrlProblem(v, use);
    if (problem) this.fail(path, problem);
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

function checkPayload(c: Checker, path: string, v: unknown): void {
  c.text(path, v, PROFILE_LIMITS.payload, "the postback payload sent to your webhook");
}

function checkGetStarted(c: Checker, v: unknown): void {
  if (c.object("getStarted", v, ["payload"], "Get Started ({ payload })")) {
    if (isAbsent(v.payload)) c.fail("getStarted.payload", 'is required: the postback payload, e.g. "GET_STARTED"');
    else checkPayload(c, "getStarted.payload", v.payload);
  }
}

function checkGreeting(c: Checker, v: unknown): void {
  if (typeof v === "string") {
    c.text("greeting", v, PROFILE_LIMITS.greetingText, "the greeting text");
    return;
  }
  if (!c.array("greeting", v, 1, Infinity, "greetings ({ locale, text })")) return;
  v.forEach((g, i) => {
    const p = `greeting[${i}]`;
    if (!c.object(p, g, ["locale", "text"], "a greeting ({ locale, text })")) return;
    if (isAbsent(g.text)) c.fail(`${p}.text`, "is required: the greeting shown on the welcome screen");
    else c.text(`${p}.text`, g.text, PROFILE_LIMITS.greetingText, "the greeting text");
    if (isAbsent(g.locale)) c.fail(`${p}.locale`, 'is required: "default" or a locale such as "fr_FR"');
  });
  c.locales("greeting", v);
}

function checkQuestions(c: Checker, path: string, v: unknown): void {
  if (!c.array(path, v, 1, PROFILE_LIMITS.iceBreakersPerLocale, "ice breaker questions ({ question, payload })"))
    return;
  v.forEach((q, i) => {
    const p = `${path}[${i}]`;
    if (!c.object(p, q, ["question", "payload"], "an ice breaker ({ question, payload })")) return;
    if (isAbsent(q.question)) c.fail(`${p}.question`, "is required: the question shown to the person");
    else c.text(`${p}.question`, q.question, Infinity, "the question shown to the person");
    if (isAbsent(q.payload)) c.fail(`${p}.payload`, "is required: the postback payload sent to your webhook");
    else checkPayload(c, `${p}.payload`, q.payload);
  });
}

function checkIceBreakers(c: Checker, v: unknown): void {
  if (!c.array("iceBreakers", v, 1, Infinity, "ice breakers")) return;
  const localized = v.map((e) => isObj(e) && ("locale" in e || "callToActions" in e || "call_to_actions" in e));
  const flat = v.map((e, i) => isObj(e) && !localized[i] && ("question" in e || "payload" in e));
  if (localized.some(Boolean) && flat.some(Boolean)) {
    const i = flat.findIndex(Boolean);
    c.fail(
      `iceBreakers[${i}]`,
      "mixes a flat question with per-locale entries: use either a flat list of questions (the default locale) or a list of { locale, callToActions }",
    );
    return;
  }
  if (!localized.some(Boolean)) {
    checkQuestions(c, "iceBreakers", v);
    return;
  }
  v.forEach((l, i) => {
    const p = `iceBreakers[${i}]`;
    if (!c.object(p, l, ["locale", "callToActions"], "ice breakers of one locale ({ locale, callToActions })")) return;
    if (isAbsent(l.locale)) c.fail(`${p}.locale`, 'is required: "default" or a locale such as "fr_FR"');
    if (isAbsent(l.callToActions)) c.fail(`${p}.callToActions`, "is required: 1 to 4 questions");
    else checkQuestions(c, `${p}.callToActions`, l.callToActions);
  });
  c.locales("iceBreakers", v);
}

const MESSENGER_ONLY_ITEM_KEYS = ["webviewHeightRatio", "messengerExtensions", "fallbackUrl", "webviewShareButton"];

function checkMenuItem(c: Checker, p: string, item: unknown, platform: ProfilePlatform | undefined): void {
  if (isUnknown(item)) return;
  if (!isObj(item)) {
    c.fail(p, `must be an object (a menu item { type, title, … }), got ${typeOf(item)}`);
    return;
  }
  const type = item.type;
  if (isUnknown(type)) return;
  if (type === "nested") {
    c.fail(
      `${p}.type`,
      `is "nested": Meta removed nested menus on 2022-08-04. Flatten the sub-menu into this locale's callToActions (up to ${PROFILE_LIMITS.menuItems} items)`,
    );
    return;
  }
  if (type !== "postback" && type !== "web_url") {
    c.fail(
      `${p}.type`,
      isAbsent(type)
        ? 'is required: "postback" (sends payload to your webhook) or "web_url" (opens url)'
        : `must be "postback" or "web_url", got ${typeof type === "string" ? quote(type) : typeOf(type)}`,
    );
    return;
  }
  const allowed =
    type === "postback" ? ["type", "title", "payload"] : ["type", "title", "url", ...MESSENGER_ONLY_ITEM_KEYS];
  c.object(p, item, allowed, `a ${type} menu item`);
  if (isAbsent(item.title)) c.fail(`${p}.title`, "is required: the label shown in the menu (at most 30 characters)");
  else c.text(`${p}.title`, item.title, PROFILE_LIMITS.menuTitle, "the label shown in the menu");
  if (type === "postback") {
    if (isAbsent(item.payload))
      c.fail(`${p}.payload`, "is required for a postback item: the payload sent to your webhook");
    else checkPayload(c, `${p}.payload`, item.payload);
    return;
  }
  if (isAbsent(item.url)) c.fail(`${p}.url`, "is required for a web_url item: the https URL of the page to open");
  else c.url(`${p}.url`, item.url, "webPage");
  if (platform === "instagram") {
    for (const key of MESSENGER_ONLY_ITEM_KEYS)
      if (!isAbsent(item[key]))
        c.fail(`${p}.${key}`, `does not exist on Instagram (Meta's Instagram menu has no webview options): remove it`);
    return;
  }
  if (!isAbsent(item.webviewHeightRatio))
    c.oneOf(`${p}.webviewHeightRatio`, item.webviewHeightRatio, WEBVIEW_HEIGHT_RATIOS);
  if (!isAbsent(item.messengerExtensions)) c.boolean(`${p}.messengerExtensions`, item.messengerExtensions);
  if (!isAbsent(item.webviewShareButton)) c.oneOf(`${p}.webviewShareButton`, item.webviewShareButton, ["hide", "show"]);
  if (!isAbsent(item.fallbackUrl)) {
    if (item.messengerExtensions !== true && !isUnknown(item.messengerExtensions))
      c.fail(
        `${p}.fallbackUrl`,
        "is only allowed with messengerExtensions: true (it is the page opened where Messenger Extensions are not supported): remove it or set messengerExtensions",
      );
    else c.url(`${p}.fallbackUrl`, item.fallbackUrl, "webPage");
  }
}

function checkPersistentMenu(c: Checker, v: unknown, platform: ProfilePlatform | undefined): void {
  if (!c.array("persistentMenu", v, 1, Infinity, "menus ({ locale, callToActions })")) return;
  v.forEach((l, i) => {
    const p = `persistentMenu[${i}]`;
    if (
      !c.object(
        p,
        l,
        ["locale", "composerInputDisabled", "callToActions"],
        "the menu of one locale ({ locale, composerInputDisabled, callToActions })",
      )
    )
      return;
    if (isAbsent(l.locale)) c.fail(`${p}.locale`, 'is required: "default" or a locale such as "fr_FR"');
    const disabled = l.composerInputDisabled;
    if (!isAbsent(disabled)) {
      if (platform === "instagram")
        c.fail(
          `${p}.composerInputDisabled`,
          "does not exist on Instagram (the composer cannot be disabled there): remove it",
        );
      else c.boolean(`${p}.composerInputDisabled`, disabled);
    }
    const needItems = platform === "instagram" || disabled === true;
    const items = l.callToActions;
    if (isAbsent(items)) {
      if (needItems)
        c.fail(
          `${p}.callToActions`,
          platform === "instagram"
            ? "is required on Instagram: give 1 to 20 menu items"
            : "is required when composerInputDisabled is true (the menu is then the only way to talk to the bot): give 1 to 20 menu items",
        );
      return;
    }
    if (c.array(`${p}.callToActions`, items, needItems ? 1 : 0, PROFILE_LIMITS.menuItems, "menu items"))
      items.forEach((item, j) => checkMenuItem(c, `${p}.callToActions[${j}]`, item, platform));
  });
  c.locales("persistentMenu", v);
}

function checkCommands(c: Checker, v: unknown): void {
  if (!c.array("commands", v, 1, Infinity, "command lists ({ locale, commands })")) return;
  v.forEach((l, i) => {
    const p = `commands[${i}]`;
    if (!c.object(p, l, ["locale", "commands"], "the commands of one locale ({ locale, commands })")) return;
    if (isAbsent(l.locale)) c.fail(`${p}.locale`, 'is required: "default" or a locale such as "fr_FR"');
    if (isAbsent(l.commands)) {
      c.fail(`${p}.commands`, "is required: 1 to 100 commands ({ name, description })");
      return;
    }
    if (!c.array(`${p}.commands`, l.commands, 1, PROFILE_LIMITS.commandsPerLocale, "commands ({ name, description })"))
      return;
    const names = new Map<string, number>();
    l.commands.forEach((cmd, j) => {
      const q = `${p}.commands[${j}]`;
      if (!c.object(q, cmd, ["name", "description"], "a command ({ name, description })")) return;
      if (isAbsent(cmd.name)) c.fail(`${q}.name`, "is required: the command's name, e.g. order");
      else if (c.text(`${q}.name`, cmd.name, PROFILE_LIMITS.commandName, "the command's name")) {
        if (cmd.name.startsWith("/"))
          c.fail(`${q}.name`, `must not start with "/" (Messenger adds it): write "${cmd.name.replace(/^\/+/, "")}"`);
        const first = names.get(cmd.name);
        if (first !== undefined)
          c.fail(`${q}.name`, `repeats "${cmd.name}" (already at ${p}.commands[${first}]): keep one`);
        else names.set(cmd.name, j);
      }
      if (isAbsent(cmd.description)) c.fail(`${q}.description`, "is required: what the command does");
      else c.text(`${q}.description`, cmd.description, PROFILE_LIMITS.commandDescription, "what the command does");
    });
  });
  c.locales("commands", v);
}

function checkWhitelistedDomains(c: Checker, v: unknown): void {
  if (!c.array("whitelistedDomains", v, 1, PROFILE_LIMITS.whitelistedDomains, "https domains")) return;
  const seen = new Map<string, number>();
  v.forEach((d, i) => {
    const p = `whitelistedDomains[${i}]`;
    if (isUnknown(d)) return;
    const problem = whitelistedDomainProblem(d);
    if (problem) {
      c.fail(p, problem);
      return;
    }
    const canonical = normalizeDomain(d as string);
    const first = seen.get(canonical);
    if (first !== undefined)
      c.fail(p, `repeats ${canonical} (already at whitelistedDomains[${first}]): list each domain once`);
    else seen.set(canonical, i);
  });
}

/**
 * Validates a profile's args: every field, every documented limit, the platform's restrictions, the
 * deprecated fields. Values not known yet pass. Keys that are not profile fields (the token, the API
 * version and the other settings shared with `MessengerAccountLinking`) are left to their own checks.
 *
 * @param args - the inputs as the engine passes them
 * @param platform - the platform to validate for (default: `args.platform`, else `"messenger"`)
 * @returns every failure found, in field order
 */
export function validateProfile(args: Readonly<Record<string, unknown>>, platform?: unknown): ProfileFailure[] {
  const c = new Checker();
  const chosen = platform ?? (isAbsent(args.platform) ? DEFAULT_PLATFORM : args.platform);
  let known: ProfilePlatform | undefined;
  if (isProfilePlatform(chosen)) known = chosen;
  else if (!isUnknown(chosen))
    c.fail(
      "platform",
      `must be ${PROFILE_PLATFORMS.map((p) => `"${p}"`).join(" or ")}, got ${typeof chosen === "string" ? quote(chosen) : typeOf(chosen)}`,
    );

  for (const d of DEPRECATED_FIELDS)
    for (const key of [d.input, d.wire]) if (!isAbsent(args[key])) c.fail(key, d.message);
  for (const f of PROFILE_FIELDS)
    if (f.wire !== f.input && !isAbsent(args[f.wire]))
      c.fail(f.wire, `is the wire name: write ${f.input} (camelCase) in the program`);

  const declared = PROFILE_FIELDS.filter((f) => !isAbsent(args[f.input]));
  if (declared.length === 0) {
    const names = PROFILE_FIELDS.filter((f) => known === undefined || f.platforms.includes(known)).map((f) => f.input);
    c.fail("", `a MessengerProfile must declare at least one field: set one of ${names.join(", ")}`);
  }
  for (const f of declared) {
    const v = args[f.input];
    if (known !== undefined && !f.platforms.includes(known)) {
      c.fail(
        f.input,
        `does not exist on ${known === "instagram" ? "Instagram" : known}: with platform "instagram" only iceBreakers and persistentMenu can be set. Move ${f.input} to a MessengerProfile with platform "messenger"`,
      );
      continue;
    }
    if (isUnknown(v)) continue;
    switch (f.input) {
      case "getStarted":
        checkGetStarted(c, v);
        break;
      case "greeting":
        checkGreeting(c, v);
        break;
      case "iceBreakers":
        checkIceBreakers(c, v);
        break;
      case "persistentMenu":
        checkPersistentMenu(c, v, known);
        break;
      case "commands":
        checkCommands(c, v);
        break;
      case "whitelistedDomains":
        checkWhitelistedDomains(c, v);
        break;
      case "accountLinkingUrl":
        c.url("accountLinkingUrl", v, "accountLinking");
        break;
    }
  }
  return c.failures;
}

// ---------------------------------------------------------------------------------------------
// Dependencies between fields and the Page's current profile.
// ---------------------------------------------------------------------------------------------

/** What is known of the Page's current profile (from the GET that create makes, or from state). */
export interface PageProfileState {
  /** Whether the Page has a Get Started button; undefined when not known. */
  readonly hasGetStarted?: boolean;
  /** The Page's whitelisted domains; undefined when not known. */
  readonly whitelistedDomains?: readonly string[];
}

/**
 * What a GET of the Page's profile tells the dependency rules (e.g. the answer to
 * `fields=get_started,whitelisted_domains`, normalized). Only the fields the GET asked for are known.
 *
 * @param observed - the normalized answer
 * @param asked - the fields the GET asked for
 */
export function pageStateOf(observed: NormalizedProfile, asked: readonly ProfileWireField[]): PageProfileState {
  return {
    ...(asked.includes("get_started") ? { hasGetStarted: observed.getStarted !== undefined } : {}),
    ...(asked.includes("whitelisted_domains") ? { whitelistedDomains: observed.whitelistedDomains ?? [] } : {}),
  };
}

/** A broken dependency. Errors fail the preview; warnings are shown and the step proceeds. */
export interface DependencyProblem {
  /** `error`: Meta would refuse the profile. `warning`: it may not work as intended. */
  readonly severity: "error" | "warning";
  /** The exact path of the value that needs the dependency. */
  readonly path: string;
  /** What is missing and what to add. */
  readonly message: string;
}

/** Options of {@link dependencyProblems}. */
export interface DependencyOptions {
  /** Fields this step deletes from the Page (owned before, no longer declared): they do not count as present. */
  readonly removing?: readonly ProfileWireField[];
}

function originOf(url: unknown): string | undefined {
  if (typeof url !== "string" || isUnknown(url)) return undefined;
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/**
 * The dependency rules, on validated args and what is known of the Page:
 *
 * - On Messenger a persistent menu needs a Get Started button, declared here or already on the Page
 *   (and not being removed by this step): an **error** (Meta refuses the menu).
 * - A `web_url` item with `messengerExtensions: true` needs its origin whitelisted: an **error**
 *   (Meta requires it for the Messenger Extensions SDK).
 * - Any other `web_url` item, and the account linking URL, whose origin is not whitelisted: a
 *   **warning** only. Meta requires whitelisting for Messenger Extensions and the webview features
 *   built on it, not to open an ordinary page; an error would refuse valid menus that link to other
 *   sites.
 *
 * The whitelist that counts is the declared one when this resource owns `whitelistedDomains` (a POST
 * replaces the whole list), else the Page's. A rule whose facts are not known (Page state not read,
 * values unknown at preview) reports nothing.
 *
 * @param args - args that passed `validateProfile`
 * @param platform - the profile's platform (Instagram has neither Get Started nor whitelisting)
 * @param page - what is known of the Page's current profile
 * @param options - the fields this step removes
 */
export function dependencyProblems(
  args: MessengerProfileArgs,
  platform: ProfilePlatform,
  page: PageProfileState,
  options: DependencyOptions = {},
): DependencyProblem[] {
  if (platform !== "messenger") return [];
  const problems: DependencyProblem[] = [];
  const removing = new Set(options.removing ?? []);
  const menu = args.persistentMenu;

  if (!isAbsent(menu) && isAbsent(args.getStarted)) {
    if (removing.has("get_started"))
      problems.push({
        severity: "error",
        path: "persistentMenu",
        message:
          "persistentMenu needs a Get Started button, but getStarted was removed from this resource, which deletes it from the Page: keep getStarted in this resource, or remove persistentMenu too",
      });
    else if (page.hasGetStarted === false)
      problems.push({
        severity: "error",
        path: "persistentMenu",
        message:
          'persistentMenu needs a Get Started button (Meta refuses a persistent menu without one), and none is declared here or set on the Page: add getStarted: { payload: "GET_STARTED" } to this resource',
      });
  }

  let whitelist: Set<string> | undefined;
  if (!isAbsent(args.whitelistedDomains)) {
    if (!containsUnknown(args.whitelistedDomains))
      whitelist = new Set((args.whitelistedDomains ?? []).map(normalizeDomain));
  } else if (removing.has("whitelisted_domains")) whitelist = new Set();
  else if (page.whitelistedDomains !== undefined) whitelist = new Set(page.whitelistedDomains.map(normalizeDomain));
  if (whitelist === undefined) return problems;
  const list = whitelist;

  const where = isAbsent(args.whitelistedDomains) ? "the Page's whitelisted domains" : "whitelistedDomains";
  if (Array.isArray(menu) && !isUnknown(menu)) {
    menu.forEach((l, i) => {
      if (!isObj(l) || !Array.isArray(l.callToActions)) return;
      (l.callToActions as readonly unknown[]).forEach((item, j) => {
        if (!isObj(item) || item.type !== "web_url") return;
        const origin = originOf(item.url);
        if (origin === undefined || list.has(origin)) return;
        const path = `persistentMenu[${i}].callToActions[${j}].url`;
        if (item.messengerExtensions === true)
          problems.push({
            severity: "error",
            path,
            message: `${path} opens ${origin} with Messenger Extensions, which Meta allows only on a whitelisted domain, and ${origin} is not in ${where}: add "${origin}" to whitelistedDomains`,
          });
        else
          problems.push({
            severity: "warning",
            path,
            message: `${path} opens ${origin}, which is not in ${where}: Meta requires whitelisting for Messenger Extensions and webview features; add "${origin}" to whitelistedDomains if the page uses them`,
          });
      });
    });
  }
  const linking = originOf(args.accountLinkingUrl);
  if (linking !== undefined && !list.has(linking))
    problems.push({
      severity: "warning",
      path: "accountLinkingUrl",
      message: `accountLinkingUrl opens ${linking}, which is not in ${where}: add "${linking}" to whitelistedDomains if the login page uses Messenger Extensions`,
    });
  return problems;
}

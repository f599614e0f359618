/**
 * The program `messenger-profile-export` prints: a Page's current profile as the args of a
 * `MessengerProfile` (input form, shorthands where they mean the same thing, API defaults left out),
 * rendered as TypeScript. Pure functions, deterministic output.
 *
 * Every value that came from the Page is printed only as a string literal, through
 * {@link tsString}: JSON escaping plus escapes for every line terminator (U+2028, U+2029), control
 * and invisible format character (bidi overrides included), so that no text set on a Page (a
 * greeting with a quote, a backtick, `${`, `*\/` or a line break) can end a literal or a comment
 * and become code.
 *
 * @packageDocumentation
 */
import { NPM_PACKAGE } from "../core/package-names";
import { PROFILE_FIELDS, type ProfilePlatform, type ProfileWireField } from "../graph/profile-fields";
import { dependencyProblems, pageStateOf } from "./dependencies";
import { DEFAULT_LOCALE } from "./normalize";
import type {
  GreetingArgs,
  IceBreakersArgs,
  MenuItemArgs,
  DeclaredProfile,
  NormalizedMenuItem,
  NormalizedProfile,
  PersistentMenuLocaleArgs,
} from "./types";
import { validateProfile } from "./validate";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The package name the printed program imports from. */
export const PACKAGE_NAME = NPM_PACKAGE;

/** Characters escaped in printed literals and comments: controls, format characters, line and paragraph separators. */
const UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;

function escapeUnsafe(text: string): string {
  return text.replace(UNSAFE, (ch) => {
    const cp = ch.codePointAt(0) ?? 0;
    return cp > 0xffff ? `\\u{${cp.toString(16)}}` : `\\u${cp.toString(16).padStart(4, "0")}`;
  });
}

/**
 * A TypeScript string literal of `text`, safe anywhere in a program: double-quoted JSON (quotes,
 * backslashes, controls and lone surrogates escaped; backticks and `${` are inert there), with every
 * line terminator, control and format character also escaped. The literal evaluates to `text`.
 *
 * @param text - any string
 */
export function tsString(text: string): string {
  return escapeUnsafe(JSON.stringify(text));
}

/**
 * Text made safe in a `//` comment: line terminators, controls and format characters escaped.
 *
 * @param text - any string
 */
export function commentText(text: string): string {
  return escapeUnsafe(text);
}

function menuItemArgs(item: NormalizedMenuItem): MenuItemArgs {
  if (item.type === "postback") return { type: "postback", title: item.title, payload: item.payload };
  const out: Mutable<MenuItemArgs> = { type: "web_url", title: item.title, url: item.url };
  if (item.webviewHeightRatio !== undefined && item.webviewHeightRatio !== "full")
    out.webviewHeightRatio = item.webviewHeightRatio;
  if (item.messengerExtensions === true) out.messengerExtensions = true;
  if (item.fallbackUrl !== undefined) out.fallbackUrl = item.fallbackUrl;
  if (item.webviewShareButton !== undefined) out.webviewShareButton = item.webviewShareButton;
  return out;
}

/**
 * The args of a `MessengerProfile` that declares exactly a normalized profile: input names, fields in
 * POST order, the `default`-locale shorthands (a greeting string, a flat ice-breaker list) when the
 * field has only that locale, and the API defaults left out (`composerInputDisabled: false`,
 * `webviewHeightRatio: "full"`, `messengerExtensions: false`, empty item lists). Normalizing the
 * result gives `profile` back.
 *
 * @param profile - the normalized profile (e.g. as read from a Page)
 * @param platform - its platform (added as `platform`)
 */
export function profileToArgs(profile: NormalizedProfile, platform: ProfilePlatform): DeclaredProfile {
  const out: Mutable<DeclaredProfile> = {};
  if (profile.whitelistedDomains) out.whitelistedDomains = [...profile.whitelistedDomains];
  if (profile.getStarted) out.getStarted = { payload: profile.getStarted.payload };
  if (profile.greeting) {
    const only = profile.greeting.length === 1 && profile.greeting[0].locale === DEFAULT_LOCALE;
    const greeting: GreetingArgs = only
      ? profile.greeting[0].text
      : profile.greeting.map((g) => ({ locale: g.locale, text: g.text }));
    out.greeting = greeting;
  }
  if (profile.iceBreakers) {
    const [first] = profile.iceBreakers;
    const flat = profile.iceBreakers.length === 1 && first.locale === DEFAULT_LOCALE && first.callToActions.length > 0;
    const iceBreakers: IceBreakersArgs = flat
      ? first.callToActions.map((q) => ({ question: q.question, payload: q.payload }))
      : profile.iceBreakers.map((l) => ({
          locale: l.locale,
          callToActions: l.callToActions.map((q) => ({ question: q.question, payload: q.payload })),
        }));
    out.iceBreakers = iceBreakers;
  }
  if (profile.persistentMenu)
    out.persistentMenu = profile.persistentMenu.map((l) => {
      const locale: Mutable<PersistentMenuLocaleArgs> = { locale: l.locale };
      if (l.composerInputDisabled === true) locale.composerInputDisabled = true;
      if (l.callToActions.length > 0) locale.callToActions = l.callToActions.map(menuItemArgs);
      return locale;
    });
  if (profile.commands)
    out.commands = profile.commands.map((l) => ({
      locale: l.locale,
      commands: l.commands.map((c) => ({ name: c.name, description: c.description })),
    }));
  if (profile.accountLinkingUrl !== undefined) out.accountLinkingUrl = profile.accountLinkingUrl;
  out.platform = platform;
  return out;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * A JSON-like value as a TypeScript expression: 2-space indentation, one entry per line, trailing
 * commas, keys in the value's own order (unquoted when they are identifiers), strings through
 * {@link tsString}. Undefined properties are left out.
 *
 * @param value - strings, numbers, booleans, null, arrays and plain objects
 * @param indent - the indentation of the line the value starts on
 */
export function renderValue(value: unknown, indent = ""): string {
  if (typeof value === "string") return tsString(value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (value === null) return "null";
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    return `[\n${value.map((v) => `${inner}${renderValue(v, inner)},\n`).join("")}${indent}]`;
  }
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return "{}";
    const key = (k: string) => (IDENTIFIER.test(k) ? k : tsString(k));
    return `{\n${entries.map(([k, v]) => `${inner}${key(k)}: ${renderValue(v, inner)},\n`).join("")}${indent}}`;
  }
  throw new TypeError(`cannot render ${typeof value} as a literal`);
}

/** What the printed program is made from. */
export interface ExportedProfile {
  /** The resource's logical name in the program. */
  readonly name: string;
  /** The Page id. */
  readonly pageId: string;
  /** The Page name. */
  readonly pageName: string;
  /** The platform read. */
  readonly platform: ProfilePlatform;
  /** The Graph version of the read. */
  readonly apiVersion: string;
  /** The fields read (wire names). */
  readonly fieldsRead: readonly ProfileWireField[];
  /** The fields read that are set, normalized. */
  readonly profile: NormalizedProfile;
}

function pageLabel(e: ExportedProfile): string {
  const id = /^\d{1,40}$/.test(e.pageId) ? e.pageId : tsString(e.pageId);
  return `Page ${id} (${tsString(e.pageName)})`;
}

/**
 * Reasons the printed args would fail `pulumi preview` as they are (values set on the Page by other
 * means that break a rule this package enforces), each made safe for a comment.
 *
 * @param e - the export
 * @param args - the args printed
 */
function refusals(e: ExportedProfile, args: DeclaredProfile): string[] {
  const failures = validateProfile(args as Readonly<Record<string, unknown>>, e.platform).map((f) => f.reason);
  const deps =
    failures.length > 0
      ? []
      : dependencyProblems(args, e.platform, pageStateOf(e.profile, e.fieldsRead))
          .filter((p) => p.severity === "error")
          .map((p) => p.message);
  return [...failures, ...deps].map(commentText);
}

/**
 * The program for an export: a header saying where it comes from and what `pulumi up` of it does,
 * then one `MessengerProfile` with the Page's values. When no field read is set, a program that
 * declares nothing, with a comment saying so (see {@link isEmptyExport}).
 *
 * @param e - what was read
 * @returns the program text, ending with a newline
 */
export function renderProfileProgram(e: ExportedProfile): string {
  const fieldsSet = PROFILE_FIELDS.filter((f) => e.profile[f.input] !== undefined).map((f) => f.wire);
  const from = `${pageLabel(e)}, platform ${e.platform}, Graph API ${commentText(e.apiVersion)}`;
  if (fieldsSet.length === 0) {
    return [
      `// Exported by messenger-profile-export from ${from}.`,
      `// Nothing is set: none of the fields read (${e.fieldsRead.join(", ")}) has a value on the Page,`,
      "// so there is no profile to adopt. Declare the fields you want, e.g.:",
      "//",
      `//   import { MessengerProfile } from "${PACKAGE_NAME}";`,
      `//   export const profile = new MessengerProfile(${tsString(e.name)}, { ${e.platform === "instagram" ? 'iceBreakers: [{ question: "Hi?", payload: "HI" }], platform: "instagram"' : 'greeting: "Hi {{user_first_name}}!"'} });`,
      "export {};",
      "",
    ].join("\n");
  }
  const args = profileToArgs(e.profile, e.platform);
  const refused = refusals(e, args);
  return [
    `// Exported by messenger-profile-export from ${from}:`,
    `// the ${fieldsSet.length === 1 ? "field" : `${fieldsSet.length} fields`} set on the Page when read (${fieldsSet.join(", ")}).`,
    "//",
    "// `pulumi up` of this program re-sets these same values with 1 POST (besides GET /me, which",
    "// identifies the Page). That is how a profile is adopted: Pulumi cannot import a dynamic resource",
    "// (pulumi#16175).",
    "// From then on the resource owns exactly these fields: one removed from the program is deleted",
    "// from the Page by the next `pulumi up`; fields not declared here are never touched.",
    "// No credential is in this file: the resource reads the token from stack config",
    "// messenger:pageAccessToken (secret) or MESSENGER_PAGE_ACCESS_TOKEN.",
    ...(refused.length > 0
      ? [
          "//",
          "// WARNING: `pulumi preview` will refuse these values as they are on the Page; fix them first:",
          ...refused.map((r) => `//   - ${r}`),
        ]
      : []),
    `import { MessengerProfile } from "${PACKAGE_NAME}";`,
    "",
    `export const profile = new MessengerProfile(${tsString(e.name)}, ${renderValue(args)});`,
    "",
  ].join("\n");
}

/**
 * Whether an export found nothing set (the bin then exits 3).
 *
 * @param e - what was read
 */
export function isEmptyExport(e: Pick<ExportedProfile, "profile">): boolean {
  return PROFILE_FIELDS.every((f) => e.profile[f.input] === undefined);
}

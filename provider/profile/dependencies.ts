/**
 * The dependency rules between a profile's fields and the Page's current profile (a menu needs Get
 * Started; webview URLs need their domain whitelisted), as pure functions: `check` applies those the
 * program alone decides, `create` those that need the Page's state (read in the same `GET /me`).
 *
 * @packageDocumentation
 */
import { isUnknown, containsUnknown } from "../core/unknown";
import type { ProfilePlatform, ProfileWireField } from "../graph/profile-fields";
import { isAbsent, isObj } from "./checker";
import { normalizeDomain } from "./normalize";
import type { DeclaredProfile, NormalizedProfile } from "./types";

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
  args: DeclaredProfile,
  platform: ProfilePlatform,
  page: PageProfileState,
  options: DependencyOptions = {},
): DependencyProblem[] {
  if (platform !== "messenger") return [];
  const removing = new Set(options.removing ?? []);
  const whitelist = whitelistInForce(args, page, removing);
  return [
    ...getStartedProblems(args, page, removing),
    ...(whitelist === undefined ? [] : whitelistProblems(args, whitelist)),
  ];
}

/** A menu without the Get Started button it needs (declared here, or on the Page and kept). */
function getStartedProblems(
  args: DeclaredProfile,
  page: PageProfileState,
  removing: ReadonlySet<ProfileWireField>,
): DependencyProblem[] {
  if (isAbsent(args.persistentMenu) || !isAbsent(args.getStarted)) return [];
  if (removing.has("get_started"))
    return [
      {
        severity: "error",
        path: "persistentMenu",
        message:
          "persistentMenu needs a Get Started button, but getStarted was removed from this resource, which deletes it from the Page: keep getStarted in this resource, or remove persistentMenu too",
      },
    ];
  if (page.hasGetStarted === false)
    return [
      {
        severity: "error",
        path: "persistentMenu",
        message:
          'persistentMenu needs a Get Started button (Meta refuses a persistent menu without one), and none is declared here or set on the Page: add getStarted: { payload: "GET_STARTED" } to this resource',
      },
    ];
  return [];
}

/**
 * The whitelist that counts: the declared one when this resource owns `whitelistedDomains` (a POST
 * replaces the whole list), none when this step removes it, else the Page's; undefined when it is
 * not known (Page state not read, values unknown at preview).
 */
function whitelistInForce(
  args: DeclaredProfile,
  page: PageProfileState,
  removing: ReadonlySet<ProfileWireField>,
): ReadonlySet<string> | undefined {
  if (!isAbsent(args.whitelistedDomains))
    return containsUnknown(args.whitelistedDomains)
      ? undefined
      : new Set((args.whitelistedDomains ?? []).map(normalizeDomain));
  if (removing.has("whitelisted_domains")) return new Set();
  return page.whitelistedDomains === undefined ? undefined : new Set(page.whitelistedDomains.map(normalizeDomain));
}

/** The menu's web_url items and the account linking URL whose origin is not whitelisted. */
function whitelistProblems(args: DeclaredProfile, list: ReadonlySet<string>): DependencyProblem[] {
  const problems: DependencyProblem[] = [];
  const where = isAbsent(args.whitelistedDomains) ? "the Page's whitelisted domains" : "whitelistedDomains";
  const menu = args.persistentMenu;
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

/**
 * The profile fields create must read from the Page for the dependency rules: `get_started` when a
 * menu is declared without it; `whitelisted_domains` when a Messenger Extensions URL is declared
 * without the domains. Nothing on Instagram (no such rules there).
 *
 * @param args - the declared profile
 * @param messenger - whether the profile is Messenger's
 */
export function pageStateNeeded(args: DeclaredProfile, messenger: boolean): ProfileWireField[] {
  if (!messenger) return [];
  const asked: ProfileWireField[] = [];
  if (args.persistentMenu !== undefined && args.getStarted === undefined) asked.push("get_started");
  const extensions = (args.persistentMenu ?? []).some((l) =>
    (l.callToActions ?? []).some((i) => i.type === "web_url" && i.messengerExtensions === true),
  );
  if (extensions && args.whitelistedDomains === undefined) asked.push("whitelisted_domains");
  return asked;
}

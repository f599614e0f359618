/**
 * The emulator's world: Pages, their tokens and permissions, their Messenger profile, the apps
 * each Page subscribes to webhook fields (`subscribed_apps`), and the Messenger Profile API rate
 * limit (N calls per window per Page).
 *
 * @packageDocumentation
 */
import * as crypto from "crypto";
import type { ProfileDocument, ProfilePlatform } from "./profile-rules";

/** A Page the emulator knows, as given to {@link startEmulator}. */
export interface PageSeed {
  /** Page id, e.g. "1000000000000001". */
  readonly id: string;
  /** Page name. */
  readonly name: string;
  /** The Page access token that authenticates as this Page. */
  readonly token: string;
  /** Whether the token has `pages_messaging` (else Graph code 10). @defaultValue true */
  readonly pagesMessaging?: boolean;
  /** Whether the token's person is a Page Administrator (else Graph code 200 on writes). @defaultValue true */
  readonly admin?: boolean;
  /** When set, the app "requires app secret": calls must carry a valid appsecret_proof. */
  readonly appSecret?: string;
  /** URL already set on the Page. */
  readonly accountLinkingUrl?: string;
  /**
   * The app whose Page access token `token` is (it decides which app `subscribed_apps` calls
   * concern). @defaultValue the first app of the emulator
   */
  readonly appId?: string;
}

/** A Page's state, as tests read it. */
export interface PageState {
  /** Page id. */
  readonly id: string;
  /** Page name. */
  readonly name: string;
  /** The account linking URL currently set, if any. */
  readonly accountLinkingUrl?: string;
  /** The Messenger profile's `get_started`, as on the wire, when set. */
  readonly getStarted?: unknown;
  /** The Messenger profile's `greeting`, as on the wire, when set. */
  readonly greeting?: unknown;
  /** The Messenger profile's `ice_breakers`, as on the wire, when set. */
  readonly iceBreakers?: unknown;
  /** The Messenger profile's `persistent_menu`, as on the wire, when set. */
  readonly persistentMenu?: unknown;
  /** The Messenger profile's `commands`, as on the wire, when set. */
  readonly commands?: unknown;
  /** The Messenger profile's `whitelisted_domains`, as on the wire, when set. */
  readonly whitelistedDomains?: unknown;
  /** The Instagram profile document's fields, present when it holds any. */
  readonly instagram?: { readonly iceBreakers?: unknown; readonly persistentMenu?: unknown };
  /** The apps subscribed on the Page and their fields, in subscription order; present when any. */
  readonly subscribedApps?: { appId: string; fields: string[] }[];
}

/** Rate limit settings. */
export interface RateLimitOptions {
  /** Calls allowed per window per Page. @defaultValue 10 */
  readonly calls: number;
  /** Window length in ms. @defaultValue 600000 (10 minutes, as on the live API) */
  readonly windowMs: number;
}

/** A Page as the emulator keeps it. */
export interface Page {
  /** The seed it was added with (the latest one, when its id was added again). */
  seed: PageSeed;
  /** The profile documents, one per platform, wire-shaped. */
  profiles: Record<ProfilePlatform, ProfileDocument>;
  /** Timestamps of the calls counted in the current rate limit window. */
  calls: number[];
  /** The apps subscribed on the Page (`subscribed_apps`): app id to fields, in subscription order. */
  readonly subscribedApps: Map<string, string[]>;
}

/** Demo Pages used when none are given: tokens are obviously fake. */
export const DEFAULT_PAGES: readonly PageSeed[] = [
  { id: "1000000000000001", name: "Demo Page One", token: "EMULATOR-PAGE-TOKEN-1-not-a-real-token" },
  { id: "1000000000000002", name: "Demo Page Two", token: "EMULATOR-PAGE-TOKEN-2-not-a-real-token" },
];

/**
 * Generates `n` Pages with ids `2000000000000001…` and fake tokens (for tests and benchmarks).
 *
 * @param n - how many
 * @param prefix - token prefix
 */
export function makePages(n: number, prefix = "EMULATOR-TOKEN"): PageSeed[] {
  return Array.from({ length: n }, (_, i) => ({
    id: String(2000000000000001 + i),
    name: `Page ${i + 1}`,
    token: `${prefix}-${String(i + 1).padStart(3, "0")}-not-a-real-token`,
  }));
}

/**
 * `appsecret_proof` = hex(HMAC-SHA256(key = app secret, message = access token)).
 *
 * @param secret - the app secret
 * @param token - the access token
 */
export function appSecretProof(secret: string, token: string): string {
  return crypto.createHmac("sha256", secret).update(token).digest("hex");
}

/** Pages, tokens and rate limits. */
export class PageStore {
  private readonly byId = new Map<string, Page>();
  /** Each token and the seed it was added with (its Page id and its app). */
  private readonly byToken = new Map<string, PageSeed>();
  /** Every app secret each Page was seeded with (a re-added Page keeps its older tokens working). */
  private readonly appSecrets = new Map<string, Set<string>>();
  private secretList: readonly string[] | undefined;
  private rateLimit: RateLimitOptions;

  /** @param seeds - Pages; @param rateLimit - the Messenger Profile API limit */
  constructor(seeds: readonly PageSeed[], rateLimit: RateLimitOptions) {
    this.rateLimit = rateLimit;
    for (const s of seeds) this.add(s);
  }

  /**
   * Adds a Page. Adding a seed whose id is known adds its token to that Page (a rotated or second
   * token of the same Page) and keeps the Page's state; the older tokens keep working.
   */
  add(seed: PageSeed): void {
    const known = this.byId.get(seed.id);
    if (known) {
      known.seed = seed;
    } else {
      const messenger: ProfileDocument =
        seed.accountLinkingUrl !== undefined ? { account_linking_url: seed.accountLinkingUrl } : {};
      this.byId.set(seed.id, { seed, profiles: { messenger, instagram: {} }, calls: [], subscribedApps: new Map() });
    }
    this.byToken.set(seed.token, seed);
    if (seed.appSecret) this.appSecrets.set(seed.id, (this.appSecrets.get(seed.id) ?? new Set()).add(seed.appSecret));
    this.secretList = undefined;
  }

  /**
   * Every secret the Pages hold: tokens, app secrets, and the appsecret_proof of each token with
   * each app secret of its Page. The same array is returned until a Page is added.
   */
  knownSecrets(): readonly string[] {
    if (this.secretList === undefined) {
      const secrets = new Set<string>();
      for (const [token, { id }] of this.byToken) {
        secrets.add(token);
        for (const secret of this.appSecrets.get(id) ?? []) secrets.add(secret).add(appSecretProof(secret, token));
      }
      this.secretList = [...secrets];
    }
    return this.secretList;
  }

  /** The Page a token authenticates as. */
  pageForToken(token: string): Page | undefined {
    const seed = this.byToken.get(token);
    return seed === undefined ? undefined : this.byId.get(seed.id);
  }

  /** The seed a token was added with (its `appId` says whose Page token it is). */
  seedForToken(token: string): PageSeed | undefined {
    return this.byToken.get(token);
  }

  /** The apps subscribed on a Page and their fields (copies), in subscription order. */
  subscribedApps(id: string): { appId: string; fields: string[] }[] {
    const p = this.byId.get(id);
    if (!p) throw new Error(`no Page ${id}`);
    return [...p.subscribedApps].map(([appId, fields]) => ({ appId, fields: [...fields] }));
  }

  /** Sets the fields a Page subscribes an app to (exactly these), or with undefined removes the app. */
  setSubscribedApp(id: string, appId: string, fields: readonly string[] | undefined): void {
    const p = this.byId.get(id);
    if (!p) throw new Error(`no Page ${id}`);
    if (fields === undefined) p.subscribedApps.delete(appId);
    else p.subscribedApps.set(appId, [...new Set(fields)]);
  }

  /** A Page by id. */
  page(id: string): Page | undefined {
    return this.byId.get(id);
  }

  /** Every Page's state. */
  snapshot(): PageState[] {
    return [...this.byId.values()].map((p) => stateOf(p));
  }

  /** One Page's state. */
  state(id: string): PageState | undefined {
    const p = this.byId.get(id);
    return p ? stateOf(p) : undefined;
  }

  /** Sets or clears a Page's URL out of band (as someone in the App Dashboard would). */
  setUrl(id: string, url: string | undefined): void {
    const p = this.byId.get(id);
    if (!p) throw new Error(`no Page ${id}`);
    if (url === undefined) delete p.profiles.messenger.account_linking_url;
    else p.profiles.messenger.account_linking_url = url;
  }

  /** A copy of a Page's profile document on a platform, or undefined for an unknown Page. */
  profile(id: string, platform: ProfilePlatform): ProfileDocument | undefined {
    const p = this.byId.get(id);
    return p ? copy(p.profiles[platform]) : undefined;
  }

  /** Sets fields of a Page's profile document (each value replaces the field whole). */
  setFields(id: string, platform: ProfilePlatform, fields: ProfileDocument): void {
    const p = this.byId.get(id);
    if (!p) throw new Error(`no Page ${id}`);
    for (const [name, value] of Object.entries(copy(fields))) p.profiles[platform][name] = value;
  }

  /** Removes fields of a Page's profile document (absent ones are ignored). */
  deleteFields(id: string, platform: ProfilePlatform, names: readonly string[]): void {
    const p = this.byId.get(id);
    if (!p) throw new Error(`no Page ${id}`);
    for (const name of names) delete p.profiles[platform][name];
  }

  /** Changes the rate limit (tests use short windows). */
  setRateLimit(r: RateLimitOptions): void {
    this.rateLimit = r;
  }

  /** Forgets every counted call. */
  resetRateLimits(): void {
    for (const p of this.byId.values()) p.calls = [];
  }

  /**
   * Counts a Messenger Profile call against the Page's window, unless over the limit.
   *
   * @returns undefined when allowed; else the ms until the oldest counted call leaves the window
   */
  take(page: Page, now = Date.now()): { usagePercent: number; regainMs?: number } {
    const { calls, windowMs } = this.rateLimit;
    page.calls = page.calls.filter((t) => now - t < windowMs);
    if (page.calls.length >= calls) {
      const regainMs = Math.max(1, windowMs - (now - page.calls[0]));
      return { usagePercent: 100, regainMs };
    }
    page.calls.push(now);
    return { usagePercent: Math.min(100, Math.round((page.calls.length / calls) * 100)) };
  }
}

/** A deep copy of a JSON value (documents are never shared with callers). */
function copy<T>(v: T): T {
  return structuredClone(v);
}

// Page state keys of the profile fields (the wire names in camelCase, as `accountLinkingUrl` always was).
const STATE_KEYS: ReadonlyArray<[string, string]> = [
  ["account_linking_url", "accountLinkingUrl"],
  ["get_started", "getStarted"],
  ["greeting", "greeting"],
  ["ice_breakers", "iceBreakers"],
  ["persistent_menu", "persistentMenu"],
  ["commands", "commands"],
  ["whitelisted_domains", "whitelistedDomains"],
];

function fieldsOfDocument(doc: ProfileDocument): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [wire, key] of STATE_KEYS) if (doc[wire] !== undefined) out[key] = copy(doc[wire]);
  return out;
}

function stateOf(p: Page): PageState {
  const instagram = fieldsOfDocument(p.profiles.instagram);
  return {
    id: p.seed.id,
    name: p.seed.name,
    ...fieldsOfDocument(p.profiles.messenger),
    ...(Object.keys(instagram).length > 0 ? { instagram } : {}),
    ...(p.subscribedApps.size > 0
      ? { subscribedApps: [...p.subscribedApps].map(([appId, fields]) => ({ appId, fields: [...fields] })) }
      : {}),
  };
}

/**
 * The emulator's world: Pages, their tokens and permissions, their Messenger profile, and the
 * Messenger Profile API rate limit (N calls per window per Page).
 *
 * @packageDocumentation
 */

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
}

/** A Page's state, as tests read it. */
export interface PageState {
  /** Page id. */
  readonly id: string;
  /** Page name. */
  readonly name: string;
  /** The account linking URL currently set, if any. */
  readonly accountLinkingUrl?: string;
}

/** Rate limit settings. */
export interface RateLimitOptions {
  /** Calls allowed per window per Page. @defaultValue 10 */
  readonly calls: number;
  /** Window length in ms. @defaultValue 600000 (10 minutes, as on the live API) */
  readonly windowMs: number;
}

interface Page {
  seed: PageSeed;
  accountLinkingUrl?: string;
  calls: number[]; // timestamps of counted calls in the current window
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

/** Pages, tokens and rate limits. */
export class PageStore {
  private readonly byId = new Map<string, Page>();
  private readonly byToken = new Map<string, string>();
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
      known.seed = { ...seed, accountLinkingUrl: known.accountLinkingUrl };
    } else {
      this.byId.set(seed.id, { seed, accountLinkingUrl: seed.accountLinkingUrl, calls: [] });
    }
    this.byToken.set(seed.token, seed.id);
  }

  /** The Page a token authenticates as. */
  pageForToken(token: string): Page | undefined {
    const id = this.byToken.get(token);
    return id === undefined ? undefined : this.byId.get(id);
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
    p.accountLinkingUrl = url;
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

function stateOf(p: Page): PageState {
  return {
    id: p.seed.id,
    name: p.seed.name,
    ...(p.accountLinkingUrl !== undefined ? { accountLinkingUrl: p.accountLinkingUrl } : {}),
  };
}

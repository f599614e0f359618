/**
 * The per-Page operations every resource makes on a Page's Messenger profile, one Graph call per
 * operation, and the client cache behind them.
 *
 * | operation | call |
 * |-----------|------|
 * | `whoAmI` | `GET /me?fields=id,name` |
 * | `whoAmIWithProfile(fields)` | `GET /me?fields=id,name,messenger_profile{…}` |
 * | `getFields(fields, platform)` | `GET /me/messenger_profile?fields=…` |
 * | `setFields(doc, platform)` | one `POST /me/messenger_profile`, fields in POST order |
 * | `deleteFields(fields, platform)` | one `DELETE /me/messenger_profile` naming exactly those fields |
 * | `subscribedApps(pageId)` | `GET /{page-id}/subscribed_apps` |
 * | `subscribeApp(pageId, fields)` | `POST /{page-id}/subscribed_apps` (the token's app, exactly these fields) |
 * | `unsubscribeApp(pageId)` | `DELETE /{page-id}/subscribed_apps` |
 * | `send(request, parse)` | any other call a resource builds itself (e.g. the 2016 Thread Settings calls) |
 *
 * The app's own calls (`/{app-id}/subscriptions`, with the app token) are {@link AppOperations}
 * (`app-operations.ts`), reached through {@link GraphOperations.app}.
 *
 * {@link GraphOperations} owns the Graph clients (one per endpoint and credentials, reused by every
 * step); {@link PageOperations} turns an answer of an unexpected shape into a {@link GraphApiError}
 * in one place. Errors state facts and a neutral hint; the resources add what to do in Pulumi.
 *
 * @packageDocumentation
 */
import { GraphClient, type AttemptReport } from "./client";
import { debugObserver } from "./debug-log";
import { callAndParse } from "./call";
import { GraphApiError } from "./errors";
import { DEFAULT_PLATFORM, type ProfilePlatform, type ProfileWireField } from "./profile-fields";
import type { WireProfile } from "./profile-wire";
import { Redactor } from "./redact";
import { AppOperations, appAccessToken, type AppConnection } from "./app-operations";
import type { RetryOptions } from "./retry";
import {
  parseSubscribedAppsAnswer,
  parseSuccessAnswer,
  subscribeAppRequest,
  subscribedAppsRequest,
  unsubscribeAppRequest,
  type SubscribedApp,
} from "./subscription-wire";
import {
  meRequest,
  meWithProfileRequest,
  parseDeleteAnswer,
  parseMeAnswer,
  parseMeWithProfileAnswer,
  parseProfileAnswer,
  parseSetAnswer,
  profileDeleteRequest,
  profileGetRequest,
  profileSetRequest,
  type PageIdentity,
  type PageWithProfile,
  type WireRequest,
} from "./wire";

/** How to reach one Page: endpoint, credentials and Graph version. Holds secrets: never log it. */
export interface PageConnection {
  /** Graph endpoint, e.g. `https://graph.facebook.com`. */
  readonly graphApiUrl: string;
  /** The Page access token. */
  readonly token: string;
  /** App secret (every call then carries `appsecret_proof`). */
  readonly appSecret?: string;
  /** Graph version of the calls, e.g. `v25.0`. */
  readonly apiVersion: string;
  /** Other secrets the calls carry (a verify token): removed from every answer and error too. */
  readonly secrets?: readonly string[];
}

/** Options of a {@link GraphOperations} layer. */
export interface GraphOperationsOptions {
  /** Retry tunables of every client. */
  readonly retry?: Partial<RetryOptions>;
  /** Observer of every HTTP attempt (no secrets); by default logs to stderr when MESSENGER_DEBUG is set. */
  readonly onAttempt?: (report: AttemptReport) => void;
  /**
   * Reasons why no call may be made at all (e.g. refused retry settings), already checked at
   * preview; a step reached without that check fails with them before any request.
   */
  readonly refused?: readonly string[];
  /** Knows the secrets of the settings (each client adds its own credentials); passed to every client. */
  readonly redactor?: Redactor;
}

/** The most clients kept; past it the cache starts over (a host sees a handful of Pages). */
const MAX_CLIENTS = 64;

/**
 * The operations of every Page reached through one set of settings, and their clients.
 *
 * @example
 * ```ts
 * const ops = new GraphOperations({ retry: { maxRetries: 2 } });
 * const page = ops.page({ graphApiUrl, token, apiVersion: "v25.0" });
 * await page.setFields({ whitelisted_domains: ["https://shop.example.com"], get_started: { payload: "GO" } });
 * ```
 */
export class GraphOperations {
  private readonly clients = new Map<string, GraphClient>();
  private readonly onAttempt: (report: AttemptReport) => void;

  /** @param options - retry tunables, observer, refusals */
  constructor(private readonly options: GraphOperationsOptions = {}) {
    this.onAttempt = options.onAttempt ?? debugObserver();
  }

  /**
   * The operations on one Page.
   *
   * @param conn - endpoint, credentials and version
   */
  page(conn: PageConnection): PageOperations {
    return new PageOperations(() => this.client(conn), conn.apiVersion);
  }

  /**
   * The operations of one app, with its app token (`{app-id}|{app-secret}`, derived here, never
   * stored) and `appsecret_proof`.
   *
   * @param conn - endpoint, app id and secret, version
   */
  app(conn: AppConnection): AppOperations {
    const token = appAccessToken(conn.appId, conn.appSecret);
    return new AppOperations(
      () => this.client({ ...conn, token, secrets: [...(conn.secrets ?? []), token] }),
      conn.apiVersion,
      conn.appId,
    );
  }

  private client(conn: PageConnection): GraphClient {
    const extra = conn.secrets ?? [];
    const key = `${conn.graphApiUrl}\u0000${conn.token}\u0000${conn.appSecret ?? ""}\u0000${extra.join("\u0000")}`;
    let client = this.clients.get(key);
    if (client === undefined) {
      const refused = this.options.refused ?? [];
      if (refused.length > 0) throw new Error(`Refused provider settings: ${refused.join("; ")}.`);
      client = new GraphClient({
        baseUrl: conn.graphApiUrl,
        credentials: { accessToken: conn.token, appSecret: conn.appSecret },
        retry: this.options.retry,
        onAttempt: this.onAttempt,
        redactor: (this.options.redactor ?? new Redactor()).with(...extra),
      });
      if (this.clients.size >= MAX_CLIENTS) this.clients.clear();
      this.clients.set(key, client);
    }
    return client;
  }
}

/** The operations on one Page, each exactly one Graph call. */
export class PageOperations {
  /**
   * @param client - the Page's client (created on first call)
   * @param version - Graph version of the calls
   */
  constructor(
    private readonly client: () => GraphClient,
    readonly version: string,
  ) {}

  /** `GET /me?fields=id,name`: the Page the token belongs to. */
  whoAmI(): Promise<PageIdentity> {
    return this.send(meRequest(this.version), parseMeAnswer);
  }

  /**
   * `GET /me` with some of the Page's Messenger profile, by field expansion: one call. When Graph
   * does not expand the edge, `profile` is undefined; when it refuses the expansion (code 100), the
   * Page is read again with a plain `GET /me` and nothing is known of the profile.
   *
   * @param fields - the profile fields to read
   * @param platform - the profile's platform
   */
  async whoAmIWithProfile(
    fields: readonly ProfileWireField[],
    platform: ProfilePlatform = DEFAULT_PLATFORM,
  ): Promise<PageWithProfile> {
    try {
      return await this.send(meWithProfileRequest(this.version, fields, platform), parseMeWithProfileAnswer);
    } catch (e) {
      if (GraphApiError.isInstance(e) && e.code === 100 && /messenger_profile/.test(e.message)) return this.whoAmI();
      throw e;
    }
  }

  /**
   * One GET of the named fields on a platform.
   *
   * @param fields - wire names (sent in POST order)
   * @param platform - `messenger` or `instagram`
   * @returns the fields that are set, as Graph sent them; a field not set is absent
   */
  getFields(
    fields: readonly ProfileWireField[],
    platform: ProfilePlatform = DEFAULT_PLATFORM,
  ): Promise<Partial<Record<ProfileWireField, unknown>>> {
    return this.send(profileGetRequest(this.version, fields, platform), parseProfileAnswer);
  }

  /**
   * One POST of a partial profile document on a platform, in POST order (`whitelisted_domains`
   * first, `get_started` before `persistent_menu`).
   *
   * @param doc - the fields to set, in wire form
   * @param platform - `messenger` or `instagram`
   */
  async setFields(doc: WireProfile, platform: ProfilePlatform = DEFAULT_PLATFORM): Promise<void> {
    await this.send(profileSetRequest(this.version, doc, platform), parseSetAnswer);
  }

  /**
   * One DELETE naming exactly the given fields on a platform. A field already gone counts as deleted.
   *
   * @param fields - wire names
   * @param platform - `messenger` or `instagram`
   */
  deleteFields(fields: readonly ProfileWireField[], platform: ProfilePlatform = DEFAULT_PLATFORM): Promise<void> {
    return this.send(profileDeleteRequest(this.version, fields, platform), parseDeleteAnswer);
  }

  /**
   * `GET /{page-id}/subscribed_apps`: every app the Page subscribes, with its fields.
   *
   * @param pageId - the Page id
   */
  subscribedApps(pageId: string): Promise<SubscribedApp[]> {
    return this.send(subscribedAppsRequest(this.version, pageId), parseSubscribedAppsAnswer);
  }

  /**
   * `POST /{page-id}/subscribed_apps`: the Page subscribes the token's app to exactly `fields`.
   *
   * @param pageId - the Page id
   * @param fields - the fields
   */
  subscribeApp(pageId: string, fields: readonly string[]): Promise<void> {
    return this.send(subscribeAppRequest(this.version, pageId, fields), parseSuccessAnswer);
  }

  /**
   * `DELETE /{page-id}/subscribed_apps`: the Page unsubscribes the token's app.
   *
   * @param pageId - the Page id
   */
  unsubscribeApp(pageId: string): Promise<void> {
    return this.send(unsubscribeAppRequest(this.version, pageId), parseSuccessAnswer);
  }

  /**
   * One call of the Page's client; an answer of an unexpected shape becomes a `protocol`
   * GraphApiError. The operations above are made of it; a resource uses it for calls of its own.
   *
   * @param req - the call
   * @param parse - reads the answer; throws {@link UnexpectedAnswer} when its shape is not the expected one
   */
  async send<T>(req: WireRequest, parse: (body: unknown) => T): Promise<T> {
    // async: a client refused at creation (refused settings) rejects rather than throws.
    return await callAndParse(this.client(), req, parse);
  }
}

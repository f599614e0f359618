/**
 * The Graph API routes the emulator implements, with the real answer shapes:
 * `GET /{v}/me`, `POST|DELETE /{v}/me/thread_settings`, `GET|POST|DELETE /{v}/me/messenger_profile`
 * (also under `/{v}/{page-id}/…`), Graph-shaped errors, appsecret_proof and the rate limit. The
 * Messenger profile's documents and field rules are in `profile.ts` and `profile-rules.ts`; the
 * webhook subscription routes (app tokens, `subscribed_apps`) in `subscriptions.ts`.
 *
 * @packageDocumentation
 */
import { graphError, type GraphAnswer, type GraphRequest } from "./graph-messages";
import { appSecretProof, type Page, type PageStore } from "./pages";
import { messengerProfile, platformOf } from "./profile";
import type { ProfilePlatform } from "./profile-rules";
import type { SubscriptionRoutes } from "./subscriptions";

export { graphError, traceId, type GraphAnswer, type GraphRequest } from "./graph-messages";

const VERSION = /^v\d{1,2}\.\d{1,2}$/;

function isHttpsUrl(v: unknown): v is string {
  if (typeof v !== "string") return false;
  try {
    return new URL(v).protocol === "https:";
  } catch {
    return false;
  }
}

/** The Graph routes over a {@link PageStore} and the webhook subscription routes. */
export class GraphRoutes {
  /**
   * @param pages - the world
   * @param subscriptions - the app and Page subscription routes
   */
  constructor(
    private readonly pages: PageStore,
    private readonly subscriptions: SubscriptionRoutes,
  ) {}

  /** The Page id a request authenticates as (for fault matching and logs), if any. */
  pageIdOf(req: GraphRequest): string | undefined {
    const token = this.token(req);
    return token ? this.pages.pageForToken(token)?.seed.id : undefined;
  }

  /** The app an app access token authenticates as (for logs), if any. */
  appIdOf(req: GraphRequest): string | undefined {
    const token = this.token(req);
    return token ? this.subscriptions.appForToken(token)?.id : undefined;
  }

  /**
   * The verdict on a request's `appsecret_proof`, or undefined when it carries none: "valid" when
   * it is HMAC-SHA256(app secret, token) for a Page seed with an app secret or the secret of the
   * Page's app, or for an app access token with its app's secret; else "invalid".
   */
  proofOf(req: GraphRequest): "valid" | "invalid" | undefined {
    const proof = req.body.appsecret_proof ?? req.query.get("appsecret_proof");
    if (proof === undefined || proof === null) return undefined;
    const token = this.token(req);
    if (token === undefined || typeof proof !== "string") return "invalid";
    const seed = this.pages.pageForToken(token)?.seed;
    // An app token's app; a Page token's "requires app secret" secret, else the secret of its app.
    const secrets = [
      this.subscriptions.appForToken(token)?.secret,
      seed?.appSecret,
      seed === undefined ? undefined : this.subscriptions.pageAppSecret(seed),
    ];
    return secrets.some((s) => s && proof === appSecretProof(s, token)) ? "valid" : "invalid";
  }

  /**
   * The profile platform a Messenger Profile API call names (for fault matching), or undefined for
   * other calls and for a platform the call gets refused for.
   */
  platformOf(req: GraphRequest): ProfilePlatform | undefined {
    if (!/\/messenger_profile\/?$/.test(req.path)) return undefined;
    const p = platformOf(req);
    return typeof p === "string" ? p : undefined;
  }

  private token(req: GraphRequest): string | undefined {
    const t = req.body.access_token ?? req.query.get("access_token");
    return typeof t === "string" && t !== "" ? t : undefined;
  }

  /** Answers one Graph request (a subscription POST answers once its callback is verified). */
  handle(req: GraphRequest): GraphAnswer | Promise<GraphAnswer> {
    const parts = req.path.split("/").filter(Boolean);
    if (parts.length < 2 || !VERSION.test(parts[0])) {
      return graphError(100, `Unknown path components: ${req.path}`, { type: "OAuthException" });
    }
    if (req.badBody) return graphError(100, "(#100) The request body could not be parsed as JSON");
    const token = this.token(req);
    if (!token)
      return graphError(104, "An access token is required to request this resource.", { type: "OAuthException" });
    const app = this.subscriptions.appForToken(token);
    if (app) return this.subscriptions.appCall(req, app, token, parts);
    const page = this.pages.pageForToken(token);
    if (!page)
      return graphError(190, "Invalid OAuth access token - Cannot parse access token", { type: "OAuthException" });
    const refusal = pageProofRefusal(req, page, token);
    if (refusal) return refusal;
    return this.subscriptions.pageCall(req, page, token, parts) ?? this.pageNode(req, page, parts);
  }

  /** A call with a Page token to the Page node or its Messenger edges. */
  private pageNode(req: GraphRequest, page: Page, parts: readonly string[]): GraphAnswer {
    const [, node, edge, ...rest] = parts;
    if (node !== "me" && node !== page.seed.id) {
      return graphError(
        100,
        `(#100) Unsupported get request. Object with ID '${node}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
      );
    }
    if (rest.length > 0)
      return graphError(100, `Unknown path components: /${rest.join("/")}`, { type: "OAuthException" });
    if (edge === undefined) {
      const read = readPageNode(req, page);
      if ("answer" in read) return read.answer;
      return this.messenger(req, page, (usage) => this.expandedProfile(req, page, read, usage));
    }
    if (edge !== "thread_settings" && edge !== "messenger_profile")
      return graphError(100, `Unknown path components: /${edge}`, { type: "OAuthException" });
    return this.messenger(req, page, (usage) => {
      const answer =
        edge === "thread_settings"
          ? this.threadSettings(req, page.seed.id)
          : messengerProfile(req, page, this.pages, (code, message, type) => graphError(code, message, { type }));
      return { ...answer, headers: { ...usageHeaders(page, 0, usage), ...answer.headers } };
    });
  }

  /**
   * A Messenger API call: permission, then role on writes, then the rate limit (the call counts);
   * then `answer`, given the usage percent.
   */
  private messenger(req: GraphRequest, page: Page, answer: (usagePercent: number) => GraphAnswer): GraphAnswer {
    if (page.seed.pagesMessaging === false) {
      return graphError(
        10,
        "(#10) To use 'Page Messaging', your use of this endpoint must be reviewed and approved by Facebook. The pages_messaging permission is required.",
        { status: 403, type: "OAuthException" },
      );
    }
    if (req.method !== "GET" && page.seed.admin === false) {
      return graphError(200, "(#200) The user must be an administrator of the Page to set the account linking URL", {
        status: 403,
        type: "OAuthException",
      });
    }
    const usage = this.pages.take(page);
    if (usage.regainMs !== undefined) {
      // Rounded up: a client that waits exactly this long must find the window open again.
      const minutes = Math.ceil((usage.regainMs / 60_000) * 10_000) / 10_000;
      return graphError(613, "(#613) Calls to this api have exceeded the rate limit.", {
        status: 400,
        type: "OAuthException",
        headers: usageHeaders(page, minutes, 100),
      });
    }
    return answer(usage.usagePercent);
  }

  /** `GET /me?fields=id,name,messenger_profile{a,b}`: the Page node with its Messenger profile. */
  private expandedProfile(req: GraphRequest, page: Page, read: PageNodeRead, usagePercent: number): GraphAnswer {
    const profile = messengerProfile(
      {
        ...req,
        path: `${req.path.replace(/\/+$/, "")}/messenger_profile`,
        query: new URLSearchParams({ fields: read.expanded, ...(read.platform ? { platform: read.platform } : {}) }),
      },
      page,
      this.pages,
      (code, message, type) => graphError(code, message, { type }),
    );
    if (profile.status !== 200) return profile;
    return {
      status: 200,
      body: { ...read.node, messenger_profile: profile.body },
      headers: usageHeaders(page, 0, usagePercent),
    };
  }

  private threadSettings(req: GraphRequest, pageId: string): GraphAnswer {
    const settingType = req.body.setting_type;
    if (req.method !== "POST" && req.method !== "DELETE")
      return graphError(100, "(#100) Unsupported method on thread_settings");
    if (settingType === undefined) return graphError(100, "(#100) The parameter setting_type is required");
    if (settingType !== "account_linking")
      return graphError(100, `(#100) setting_type ${JSON.stringify(settingType)} is not supported by the emulator`);
    if (req.method === "DELETE") {
      this.pages.setUrl(pageId, undefined);
      return { status: 200, body: { result: "Successfully deleted account linking url" } };
    }
    const url = req.body.account_linking_url;
    if (url === undefined) return graphError(100, "(#100) The parameter account_linking_url is required");
    if (!isHttpsUrl(url)) return graphError(100, "(#100) account_linking_url should represent a valid URL with https");
    this.pages.setUrl(pageId, url);
    return { status: 200, body: { result: "Account linking url added" } };
  }
}

/** The top-level names of a `fields` parameter: commas inside `{…}` (field expansion) do not split. */
function topLevelFields(param: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let current = "";
  for (const ch of param) {
    if (ch === "{") depth++;
    else if (ch === "}") depth = Math.max(0, depth - 1);
    if (ch === "," && depth === 0) {
      out.push(current.trim());
      current = "";
    } else current += ch;
  }
  out.push(current.trim());
  return out;
}

/** A Page node read with a Messenger profile expansion. */
interface PageNodeRead {
  /** The node's plain fields (id, name) asked for. */
  readonly node: Record<string, unknown>;
  /** The profile fields inside `messenger_profile{…}`. */
  readonly expanded: string;
  /** The platform of `messenger_profile.platform(…)`, if given. */
  readonly platform: string | undefined;
}

/**
 * `GET /me?fields=id,name[,messenger_profile{a,b}]`: the Page node as the answer, or, when the
 * fields expand its Messenger profile (which counts as a call to the Messenger Profile API), what
 * to expand.
 */
function readPageNode(req: GraphRequest, page: Page): PageNodeRead | { answer: GraphAnswer } {
  if (req.method !== "GET")
    return { answer: graphError(100, "(#100) Unsupported operation on a Page node in the emulator") };
  let expanded: string | undefined;
  let platform: string | undefined;
  const node: Record<string, unknown> = {};
  for (const f of topLevelFields(req.query.get("fields") ?? "id,name")) {
    const expansion = /^messenger_profile(?:\.platform\(([a-z]+)\))?\{(.*)\}$/.exec(f);
    if (f === "id") node.id = page.seed.id;
    else if (f === "name") node.name = page.seed.name;
    else if (expansion && expansion[2] !== "") {
      expanded = expansion[2];
      platform = expansion[1];
    } else return { answer: graphError(100, `(#100) Tried accessing nonexisting field (${f}) on node type (Page)`) };
  }
  return expanded === undefined ? { answer: { status: 200, body: node } } : { node, expanded, platform };
}

/** The `appsecret_proof` refusal of a Page-token call, when its Page's app requires a proof. */
function pageProofRefusal(req: GraphRequest, page: Page, token: string): GraphAnswer | undefined {
  if (!page.seed.appSecret) return undefined;
  const proof = req.body.appsecret_proof ?? req.query.get("appsecret_proof");
  if (typeof proof !== "string" || proof === "")
    return graphError(100, "API calls from the server require an appsecret_proof argument", {
      type: "GraphMethodException",
    });
  if (proof !== appSecretProof(page.seed.appSecret, token))
    return graphError(100, "Invalid appsecret_proof provided in the API argument", { type: "GraphMethodException" });
  return undefined;
}

/** The `X-Business-Use-Case-Usage` header of a Messenger API answer. */
function usageHeaders(page: Page, regainMinutes: number, percent: number): Record<string, string> {
  return {
    "x-business-use-case-usage": JSON.stringify({
      [page.seed.id]: [
        {
          type: "messenger",
          call_count: percent,
          total_cputime: 1,
          total_time: 1,
          estimated_time_to_regain_access: regainMinutes,
        },
      ],
    }),
  };
}

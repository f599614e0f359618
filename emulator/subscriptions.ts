/**
 * The webhook subscription routes, with the real answer shapes:
 *
 * - `GET|POST|DELETE /{v}/{app-id}/subscriptions`, with the app access token (`{app-id}|{secret}`,
 *   `appsecret_proof` checked when present); POST verifies the callback first (`verification.ts`);
 * - `GET|POST|DELETE /{v}/{page-id|me}/subscribed_apps`, with a Page token: the token's app.
 *
 * They do not count against the Messenger Profile rate limit.
 *
 * @packageDocumentation
 */
import type { AppSeed } from "./apps";
import { graphError, type GraphAnswer, type GraphRequest } from "./graph-messages";
import { appSecretProof, type Page, type PageSeed } from "./pages";
import { isWebhookObject, unknownField, WEBHOOK_FIELDS, WEBHOOK_OBJECTS, type WebhookObject } from "./webhook-fields";
import type { Webhooks } from "./webhooks";

/** A parameter from the body, else from the query. */
function param(req: GraphRequest, name: string): unknown {
  return req.body[name] ?? req.query.get(name) ?? undefined;
}

/**
 * A field list as Graph reads it: a comma list, a JSON array, or a JSON array in a string; "bad"
 * for anything else, undefined when absent.
 */
function fieldList(v: unknown): string[] | "bad" | undefined {
  if (v === undefined || v === null) return undefined;
  let list: unknown = v;
  if (typeof v === "string") {
    const text = v.trim();
    if (!text.startsWith("["))
      return text
        .split(",")
        .map((f) => f.trim())
        .filter((f) => f !== "");
    try {
      list = JSON.parse(text);
    } catch {
      return "bad";
    }
  }
  if (!Array.isArray(list) || list.some((f) => typeof f !== "string")) return "bad";
  return [...new Set((list as string[]).map((f) => f.trim()).filter((f) => f !== ""))];
}

const required = (name: string) => graphError(100, `(#100) The parameter ${name} is required`);

/** The fields of a request, or the refusal: required when `required`, each a field of the object. */
function checkedFields(req: GraphRequest, name: string, object: WebhookObject): string[] | GraphAnswer {
  const list = fieldList(param(req, name));
  if (list === undefined || (Array.isArray(list) && list.length === 0)) return required(name);
  if (list === "bad")
    return graphError(
      100,
      `(#100) Param ${name} must be a comma-separated list of field names, or a JSON array of them`,
    );
  const unknown = unknownField(object, list);
  if (!unknown) return list;
  return graphError(
    100,
    `(#100) Param ${name}[${unknown.index}] must be one of {${WEBHOOK_FIELDS[object].join(", ")}} - got ${JSON.stringify(unknown.name.slice(0, 100))}`,
  );
}

function unsupported(req: GraphRequest, node: string): GraphAnswer {
  return graphError(
    100,
    `(#100) Unsupported ${req.method.toLowerCase()} request. Object with ID '${node}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
  );
}

/** The subscription routes over the emulator's {@link Webhooks}. */
export class SubscriptionRoutes {
  /** @param hooks - apps, subscriptions, verification */
  constructor(private readonly hooks: Webhooks) {}

  /** The app an app access token authenticates as, if it is one. */
  appForToken(token: string): AppSeed | undefined {
    return this.hooks.apps.forToken(token);
  }

  /** The secret of the app a Page seed's token belongs to (its `appId`, else the first app). */
  pageAppSecret(seed: PageSeed): string | undefined {
    return this.hooks.apps.seed(this.hooks.appOfSeed(seed))?.secret;
  }

  /** Answers a call made with an app access token (any path: only the app's own routes answer). */
  appCall(
    req: GraphRequest,
    app: AppSeed,
    token: string,
    parts: readonly string[],
  ): GraphAnswer | Promise<GraphAnswer> {
    const [version, node, edge, ...rest] = parts;
    if (node === "debug_token" && edge === undefined && req.method === "GET") return this.debugToken(req, app, token);
    const proof = param(req, "appsecret_proof");
    if (proof !== undefined && proof !== appSecretProof(app.secret, token))
      return graphError(100, "Invalid appsecret_proof provided in the API argument", { type: "GraphMethodException" });
    if (node !== app.id) {
      if (node === "me" || this.hooks.pages.page(node))
        return graphError(210, "(#210) A page access token is required to request this resource.", {
          type: "OAuthException",
        });
      return unsupported(req, node);
    }
    if (edge === undefined && rest.length === 0 && req.method === "GET")
      return { status: 200, body: { id: app.id, name: app.name } };
    if (edge !== "subscriptions" || rest.length > 0)
      return graphError(100, `Unknown path components: /${[edge, ...rest].join("/")}`, { type: "OAuthException" });
    if (req.method === "GET") return this.list(app, version);
    if (req.method === "POST") return this.post(req, app);
    if (req.method === "DELETE") return this.remove(req, app);
    return unsupported(req, node);
  }

  /**
   * Answers a Page-token call to `/{page-id|me}/subscribed_apps`, or the code 15 refusal of a Page
   * token on `/{app-id}/subscriptions`; undefined for any other call.
   */
  pageCall(req: GraphRequest, page: Page, token: string, parts: readonly string[]): GraphAnswer | undefined {
    const [, node, edge, ...rest] = parts;
    if (rest.length > 0) return undefined;
    if (edge === "subscriptions" && this.hooks.apps.seed(node))
      return graphError(15, "(#15) This method must be called with an app access_token.", { type: "OAuthException" });
    if (edge !== "subscribed_apps" || (node !== "me" && node !== page.seed.id)) return undefined;
    const pages = this.hooks.pages;
    const appId = this.hooks.appOfSeed(pages.seedForToken(token) ?? page.seed);
    if (req.method === "GET") {
      const data = pages.subscribedApps(page.seed.id).map((s) => ({
        id: s.appId,
        name: this.hooks.apps.seed(s.appId)?.name ?? "",
        subscribed_fields: s.fields,
      }));
      return { status: 200, body: { data } };
    }
    if (req.method === "POST") {
      const fields = checkedFields(req, "subscribed_fields", "page");
      if (!Array.isArray(fields)) return fields;
      pages.setSubscribedApp(page.seed.id, appId, fields);
      return { status: 200, body: { success: true } };
    }
    if (req.method === "DELETE") {
      pages.setSubscribedApp(page.seed.id, appId, undefined);
      return { status: 200, body: { success: true } };
    }
    return unsupported(req, node);
  }

  /**
   * `GET /debug_token?input_token=…` with the app's token: what the input token is. The proof may
   * be made over the app token or over the input token (messaging-api-messenger, which bottender's
   * `messenger webhook set` uses, makes it over the Page token).
   */
  private debugToken(req: GraphRequest, app: AppSeed, token: string): GraphAnswer {
    const input = param(req, "input_token");
    if (typeof input !== "string" || input === "") return required("input_token");
    const proof = param(req, "appsecret_proof");
    if (
      proof !== undefined &&
      proof !== appSecretProof(app.secret, token) &&
      proof !== appSecretProof(app.secret, input)
    )
      return graphError(100, "Invalid appsecret_proof provided in the API argument", { type: "GraphMethodException" });
    const seed = this.hooks.pages.seedForToken(input);
    if (seed === undefined)
      return {
        status: 200,
        body: { data: { is_valid: false, error: { code: 190, message: "Invalid OAuth access token." } } },
      };
    const data = {
      app_id: this.hooks.appOfSeed(seed),
      type: "PAGE",
      application: this.hooks.apps.seed(this.hooks.appOfSeed(seed))?.name ?? app.name,
      data_access_expires_at: 0,
      expires_at: 0,
      is_valid: true,
      scopes: seed.pagesMessaging === false ? ["pages_manage_metadata"] : ["pages_messaging", "pages_manage_metadata"],
      profile_id: seed.id,
      user_id: "9100000000000001",
    };
    return { status: 200, body: { data } };
  }

  /** `GET /{app-id}/subscriptions`: one entry per object; never the verify token. */
  private list(app: AppSeed, version: string): GraphAnswer {
    const data = (this.hooks.apps.state(app.id)?.subscriptions ?? []).map((s) => ({
      object: s.object,
      callback_url: s.callbackUrl,
      active: s.active,
      fields: s.fields.map((name) => ({ name, version })),
    }));
    return { status: 200, body: { data } };
  }

  /** `POST /{app-id}/subscriptions`: checks, the verification, then the fields merged or replaced. */
  private post(req: GraphRequest, app: AppSeed): GraphAnswer | Promise<GraphAnswer> {
    const object = this.object(req);
    if (typeof object !== "string") return object ?? required("object");
    const callback = param(req, "callback_url");
    if (callback === undefined || callback === "") return required("callback_url");
    if (typeof callback !== "string" || callback.length > 2048 || !isHttpUrl(callback))
      return graphError(100, "(#100) Param callback_url must be a valid http or https URL");
    const verifyToken = param(req, "verify_token");
    if (verifyToken === undefined || verifyToken === "") return required("verify_token");
    if (typeof verifyToken !== "string") return graphError(100, "(#100) Param verify_token must be a string");
    const fields = checkedFields(req, "fields", object);
    if (!Array.isArray(fields)) return fields;
    const includeValues = booleanParam(param(req, "include_values"));
    if (includeValues === "bad") return graphError(100, "(#100) Param include_values must be a boolean");
    const sub = { callbackUrl: callback, fields, includeValues };
    return this.hooks.subscribe(app, object, sub, verifyToken).then((reason) =>
      reason === undefined
        ? { status: 200, body: { success: true } }
        : graphError(2200, `(#2200) Callback verification failed with the following errors: ${reason}`, {
            type: "OAuthException",
          }),
    );
  }

  /** `DELETE /{app-id}/subscriptions`: the given fields, the object's whole subscription, or every one. */
  private remove(req: GraphRequest, app: AppSeed): GraphAnswer {
    const object = this.object(req);
    if (object !== undefined && typeof object !== "string") return object;
    if (object === undefined) {
      if (param(req, "fields") !== undefined) return required("object");
      this.hooks.apps.unsubscribe(app.id);
      return { status: 200, body: { success: true } };
    }
    let fields: string[] | undefined;
    if (param(req, "fields") !== undefined) {
      const checked = checkedFields(req, "fields", object);
      if (!Array.isArray(checked)) return checked;
      fields = checked;
    }
    this.hooks.apps.unsubscribe(app.id, object, fields);
    return { status: 200, body: { success: true } };
  }

  /** The `object` parameter: an object the emulator models, a refusal, or undefined when absent. */
  private object(req: GraphRequest): WebhookObject | GraphAnswer | undefined {
    const object = param(req, "object");
    if (object === undefined || object === "") return undefined;
    if (isWebhookObject(object)) return object;
    return graphError(
      100,
      `(#100) Param object must be one of {${WEBHOOK_OBJECTS.join(", ")}} in the emulator - got ${JSON.stringify(typeof object === "string" ? object.slice(0, 100) : object)}`,
    );
  }
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

function booleanParam(v: unknown): boolean | "bad" {
  if (v === undefined || v === false || v === "false") return false;
  if (v === true || v === "true") return true;
  return "bad";
}

/**
 * `MessengerWebhook`'s lifecycle: the app's subscription of one object to a callback, of which this
 * resource owns the fields it declares and nothing else (the subscription is shared by every stack
 * that uses the app). Calls per step, each the floor for what the step must know:
 *
 * | step    | calls |
 * |---------|-------|
 * | check, diff | 0 |
 * | create  | `GET /{app}/subscriptions` (the callback and other owners' fields: the conflict check, and the list a POST must keep) + 1 POST |
 * | update: fields added, callback or includeValues changed | GET + POST (+ 1 DELETE when fields were also removed) |
 * | update: fields removed only | 1 DELETE naming them |
 * | update: verify token, app secret or takeOverCallback only | 0 (Graph uses the verify token only to verify a POST) |
 * | read    | 1 GET |
 * | delete  | 1 DELETE naming the owned fields (0 when none is left) |
 *
 * Whether Graph's POST merges or replaces the field list is not documented: every POST sends the
 * fields on the app (other owners' included) with this resource's, and fields given up are removed
 * with a DELETE naming them, so nothing of another owner is lost under either behaviour.
 *
 * @packageDocumentation
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import type { AdviceContext } from "../core/advice";
import { effectiveAppSettings, type AppSettings } from "../core/app-settings";
import { providerEndpoint } from "../core/effective-settings";
import { forDynamicHost } from "../core/dynamic-host";
import {
  LifecycleBase,
  type DetailedDiffResult,
  type ImportedResource,
  type LifecycleOptions,
  type ResourceLifecycle,
} from "../core/lifecycle-base";
import { DiffRecorder } from "../core/diff-recorder";
import { withPartialState } from "../core/partial-state";
import type { AppOperations } from "../graph/app-operations";
import type { AppSubscription } from "../graph/subscription-wire";
import { isWebhookObject, type WebhookObject } from "../graph/webhook-fields";
import { callbackConflict, callbackOf, fieldsToPost, othersFields } from "./ownership";
import type { WebhookInputs, WebhookOutputs } from "./types";
import { validateWebhookInputs } from "./validate";

/** What this resource's errors advise in Pulumi. */
const ADVICE: AdviceContext = {
  rejectedParameter:
    "Graph rejected a parameter: check callbackUrl, fields (names of the object's webhook fields) and object.",
  changes: "subscribing the app's webhook",
  appTokenRefused:
    "Graph refused the app token made of the app id and secret: check appId and appSecret (App Dashboard > Settings > Basic; inputs, messenger:appId and messenger:appSecret, or MESSENGER_APP_ID and MESSENGER_APP_SECRET).",
  permission:
    "Permission denied: the app's webhook subscriptions are changed with its app token (app id and secret); check that appId and appSecret are the same app's, and that the app may use the webhook fields declared (App Dashboard > Webhooks).",
  rateLimit:
    "Rate limited: Graph limits the app's calls (the X-App-Usage header). Wait, then run `pulumi up` again (raise messenger:deadlineMs to let the provider wait for you).",
  callbackVerification:
    "Graph could not verify the callback: it must answer GET ?hub.mode=subscribe&hub.challenge=<n>&hub.verify_token=<token> with status 200 and the challenge as its body when hub.verify_token is this resource's verifyToken, within a few seconds, without a redirect, from an https URL with a certificate Meta trusts. Start the bot's webhook, check its verify token, and run `pulumi up` again.",
};

/** Inputs that only change what state records: no call. */
const STATE_ONLY = ["verifyToken", "appSecret", "takeOverCallback", "apiVersion"] as const;

/**
 * The lifecycle of `MessengerWebhook`, typed at both ends.
 *
 * @example
 * ```ts
 * const lifecycle = new WebhookLifecycle({ settings: readProviderSettings(undefined) });
 * const { id } = await lifecycle.create(checkedInputs); // "<app id>/page"
 * ```
 */
export class WebhookLifecycle extends LifecycleBase implements ResourceLifecycle<WebhookInputs, WebhookOutputs> {
  /** @param options - settings and observers */
  constructor(options: LifecycleOptions = {}) {
    super(ADVICE, options);
  }

  /**
   * Validates every input and fills in defaults. No calls. The verify token is required when the
   * step will POST the subscription: at creation, or when the callback, a new field or
   * `includeValues` changes (`olds` are the previous inputs).
   */
  async check(olds: WebhookInputs, news: WebhookInputs): Promise<dynamic.CheckResult<WebhookInputs>> {
    return this.guard([news?.verifyToken, news?.appSecret], () =>
      validateWebhookInputs(
        news as unknown as Readonly<Record<string, unknown>>,
        this.providerSettings,
        olds as unknown as Readonly<Record<string, unknown>> | undefined,
      ),
    );
  }

  /** Compares state with the new inputs. No calls: another app or object replaces the resource. */
  async diff(_id: string, olds: WebhookOutputs, news: WebhookInputs): Promise<DetailedDiffResult> {
    return this.guard([olds?.verifyToken, olds?.appSecret, news?.verifyToken, news?.appSecret], () => {
      const d = new DiffRecorder();
      d.differs("appId", olds.appId, news.appId ?? this.providerSettings.appId, true);
      d.differs("object", olds.object, news.object, true);
      d.differs("callbackUrl", olds.callbackUrl, news.callbackUrl);
      d.differs("fields", olds.fields, news.fields);
      d.differs("includeValues", olds.includeValues, news.includeValues);
      d.differs("graphApiUrl", olds.graphApiUrl, news.graphApiUrl ?? providerEndpoint(this.providerSettings));
      for (const key of STATE_ONLY) d.differs(key, olds[key], news[key]);
      return d.result(["appId", "object"]);
    });
  }

  /** `GET` the app's subscriptions (conflict check, the list to keep), then one POST. */
  async create(inputs: WebhookInputs): Promise<dynamic.CreateResult<WebhookOutputs>> {
    return this.guard([inputs?.verifyToken, inputs?.appSecret], async () => {
      const s = this.settingsOf(inputs);
      const others = await this.subscribeKeeping(s, inputs, [], []);
      return {
        id: idOf(s.appId, inputs.object),
        outs: outputsOf(s, inputs, inputs.callbackUrl, inputs.fields, others),
      };
    });
  }

  /** One GET: the owned fields still subscribed, the callback, other owners' fields. Drift shows. */
  async read(id: string, props?: WebhookOutputs): Promise<dynamic.ReadResult<WebhookOutputs>> {
    return this.guard([props?.verifyToken, props?.appSecret], async () => {
      const known = (props ?? {}) as Partial<WebhookOutputs> & Partial<WebhookInputs>;
      const parsed = parseWebhookId(id);
      const s = this.settingsOf({ ...known, appId: known.appId ?? parsed.appId });
      const object = known.object ?? parsed.object;
      const sub = await this.subscriptionOf(s, object, known.verifyToken);
      const imported = known.otherFields === undefined; // read on import gets only inputs
      const onApp = sub?.fields ?? [];
      const fields = imported ? [...onApp].sort() : (known.fields ?? []).filter((f) => onApp.includes(f));
      const base = {
        ...known,
        object,
        includeValues: known.includeValues ?? false,
        takeOverCallback: known.takeOverCallback ?? false,
      };
      return { id, props: outputsOf(s, base, callbackOf(sub), fields, othersFields(sub, fields)) };
    });
  }

  /** POSTs when fields were added or the callback moved (after a GET), DELETEs fields given up; else no call. */
  async update(id: string, olds: WebhookOutputs, news: WebhookInputs): Promise<dynamic.UpdateResult<WebhookOutputs>> {
    let posted: WebhookOutputs | undefined;
    try {
      return await this.guard([olds?.verifyToken, olds?.appSecret, news?.verifyToken, news?.appSecret], async () => {
        const s = this.settingsOf(news);
        const givesUp = olds.fields.filter((f) => !news.fields.includes(f));
        const adds = news.fields.some((f) => !olds.fields.includes(f));
        const post =
          adds ||
          olds.callbackUrl !== news.callbackUrl ||
          olds.includeValues !== news.includeValues ||
          olds.graphApiUrl !== s.graphApiUrl;
        let others = olds.otherFields;
        if (post) {
          others = await this.subscribeKeeping(s, news, olds.fields, givesUp);
          // Until the DELETE goes through, the fields given up may still be subscribed (a POST that merges).
          posted = outputsOf(s, news, news.callbackUrl, [...new Set([...news.fields, ...givesUp])].sort(), others);
        }
        if (givesUp.length > 0) await this.app(s, news.verifyToken).unsubscribe(news.object, givesUp);
        return { outs: outputsOf(s, news, news.callbackUrl, news.fields, others) };
      });
    } catch (e) {
      if (posted === undefined) throw e;
      // The POST went through: the engine records what the app now has, and the next step only DELETEs.
      const failure = e instanceof Error ? e : new Error(String(e));
      const reason = `The subscription was updated, but the fields given up (${olds.fields.filter((f) => !news.fields.includes(f)).join(", ")}) were not removed yet: the next \`pulumi up\` removes them.`;
      throw withPartialState(failure, id, posted, [failure.message, reason]);
    }
  }

  /** One DELETE naming the owned fields: other owners' fields stay. */
  async delete(_id: string, props: WebhookOutputs): Promise<void> {
    return this.guard([props?.verifyToken, props?.appSecret], async () => {
      if (props.fields.length === 0) return;
      const s = this.settingsOf(props);
      await this.app(s, props.verifyToken).unsubscribe(props.object, props.fields);
    });
  }

  /**
   * Adopts an object's subscription (`pulumi import`, id `<app id>/<object>`): one GET. Every field
   * subscribed is adopted; the verify token, which Graph never returns, is the program's to give.
   *
   * @param id - `<app id>/<object>`
   */
  async importResource(id: string): Promise<ImportedResource<WebhookOutputs>> {
    return this.guard([], async () => {
      const { appId, object } = parseWebhookId(id);
      const s = this.settingsOf({ appId });
      const sub = await this.subscriptionOf(s, object, undefined);
      if (sub === undefined || sub.fields.length === 0)
        throw new Error(
          `App ${appId} has no ${object} subscription: there is nothing to import. Declare a MessengerWebhook in the program and run \`pulumi up\` instead.`,
        );
      const fields = [...sub.fields].sort();
      const base = { object, includeValues: false, takeOverCallback: false, apiVersion: s.apiVersion };
      const outs = outputsOf(s, base, callbackOf(sub), fields, []);
      return { id, outs, inputs: { appId, object, callbackUrl: outs.callbackUrl, fields } };
    });
  }

  /**
   * Reads the object's subscription (one GET), refuses a callback that would move other owners'
   * fields, then POSTs the fields on the app without those given up, with the declared ones.
   *
   * @returns the other owners' fields
   */
  private async subscribeKeeping(
    s: AppSettings,
    inputs: WebhookInputs,
    owned: readonly string[],
    givesUp: readonly string[],
  ): Promise<string[]> {
    const verifyToken = inputs.verifyToken;
    // check requires it for every step that gets here; a change of the provider's app or endpoint does not pass check.
    if (verifyToken === undefined)
      throw new Error(
        `MessengerWebhook needs a verifyToken to subscribe app ${s.appId} to ${inputs.object} (Graph verifies the callback with it): give it one and run \`pulumi up\` again. Nothing was sent.`,
      );
    const sub = await this.subscriptionOf(s, inputs.object, verifyToken);
    const others = othersFields(sub, owned, inputs.fields);
    const conflict = callbackConflict(s.appId, sub, inputs.callbackUrl, others, inputs.takeOverCallback);
    if (conflict) throw conflict;
    await this.app(s, verifyToken).subscribe({
      object: inputs.object,
      callbackUrl: inputs.callbackUrl,
      verifyToken,
      fields: fieldsToPost(sub, inputs.fields, givesUp),
      includeValues: inputs.includeValues,
    });
    return others;
  }

  private settingsOf(own: {
    appId?: string;
    appSecret?: string;
    graphApiUrl?: string;
    apiVersion?: string;
  }): AppSettings {
    return effectiveAppSettings(own, this.providerSettings);
  }

  private app(s: AppSettings, verifyToken: string | undefined): AppOperations {
    return this.appOps(s, verifyToken === undefined ? [] : [verifyToken]);
  }

  /** The object's subscription on the app (one GET), or undefined when the app has none. */
  private async subscriptionOf(
    s: AppSettings,
    object: WebhookObject,
    verifyToken: string | undefined,
  ): Promise<AppSubscription | undefined> {
    const subs = await this.app(s, verifyToken).subscriptions();
    return subs.find((x) => x.object === object);
  }
}

/** The resource id: `<app id>/<object>`. */
function idOf(appId: string, object: WebhookObject): string {
  return `${appId}/${object}`;
}

/**
 * Reads a resource id or import id `<app id>/<object>`.
 *
 * @throws Error naming the expected form
 */
export function parseWebhookId(id: string): { appId: string; object: WebhookObject } {
  const m = /^([0-9]{1,32})\/([a-z_]{1,32})$/.exec(id);
  if (m === null || !isWebhookObject(m[2]))
    throw new Error(
      `Webhook id ${JSON.stringify(id.slice(0, 80))}: write <app id>/<object>, e.g. 3000000000000001/page (object "page" or "instagram").`,
    );
  return { appId: m[1], object: m[2] };
}

function outputsOf(
  s: AppSettings,
  own: Pick<WebhookInputs, "object" | "includeValues" | "takeOverCallback"> & {
    readonly verifyToken?: string;
    readonly appSecret?: string;
  },
  callbackUrl: string,
  fields: readonly string[],
  otherFields: readonly string[],
): WebhookOutputs {
  return {
    appId: s.appId,
    object: own.object,
    callbackUrl,
    fields: [...fields],
    otherFields: [...otherFields],
    includeValues: own.includeValues,
    takeOverCallback: own.takeOverCallback,
    apiVersion: s.apiVersion,
    graphApiUrl: s.graphApiUrl,
    ...(own.verifyToken !== undefined ? { verifyToken: own.verifyToken } : {}),
    ...(own.appSecret !== undefined ? { appSecret: own.appSecret } : {}),
  };
}

/** The lifecycle the dynamic-provider host uses (one per process; see `shim.ts`). */
export const lifecycle = forDynamicHost(new WebhookLifecycle());

/**
 * `MessengerPageSubscription`'s lifecycle: one Page's subscription of one app, its fields owned
 * whole (the pair is the resource). Calls per step:
 *
 * | step    | calls |
 * |---------|-------|
 * | check   | 0 |
 * | diff    | 0, or 1 `GET /me` when the token changed (another Page's token replaces) |
 * | create  | `GET /me` (the Page id, which is the resource's id) + 1 POST `/{page-id}/subscribed_apps` |
 * | update  | 1 POST when the fields or the endpoint changed; 0 when only credentials did |
 * | read    | 1 `GET /{page-id}/subscribed_apps` (its app's entry; drift shows) |
 * | delete  | 1 `DELETE /{page-id}/subscribed_apps` |
 *
 * The POST concerns the app the Page token belongs to: the token must be one the app issued.
 *
 * @packageDocumentation
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import type { AdviceContext } from "../core/advice";
import { effectiveAppId } from "../core/app-settings";
import { connectionOutputs } from "../core/connection";
import { DiffRecorder } from "../core/diff-recorder";
import { forDynamicHost } from "../core/dynamic-host";
import { effectiveSettings, type EffectiveSettings, type SettingsSource } from "../core/effective-settings";
import {
  LifecycleBase,
  type DetailedDiffResult,
  type ImportedResource,
  type LifecycleOptions,
  type ResourceLifecycle,
} from "../core/lifecycle-base";
import { isUnknown } from "../core/unknown";
import type { PageIdentity } from "../graph/wire";
import type { PageSubscriptionInputs, PageSubscriptionOutputs } from "./types";
import { validatePageSubscriptionInputs } from "./validate";

/** What this resource's errors advise in Pulumi. */
const ADVICE: AdviceContext = {
  rejectedParameter: "Graph rejected a parameter: check subscribedFields (names of a Page's webhook fields).",
  changes: "subscribing the Page to the app (pages_manage_metadata)",
  permission:
    "Permission denied: subscribing a Page to an app needs a Page access token with pages_manage_metadata (and pages_messaging for Messenger fields), from a person who can manage the Page, issued by the app of appId.",
  rateLimit:
    "Rate limited: Graph limits the Page's and the app's calls (the usage headers). Wait, then run `pulumi up` again (raise messenger:deadlineMs to let the provider wait for you).",
};

/** The settings of a step, and the app. */
interface SubscriptionSettings extends EffectiveSettings {
  /** The app id. */
  readonly appId: string;
}

/**
 * The lifecycle of `MessengerPageSubscription`, typed at both ends.
 *
 * @example
 * ```ts
 * const lifecycle = new PageSubscriptionLifecycle({ settings: readProviderSettings(undefined) });
 * const { id } = await lifecycle.create(checkedInputs); // "<page id>/<app id>"
 * ```
 */
export class PageSubscriptionLifecycle
  extends LifecycleBase
  implements ResourceLifecycle<PageSubscriptionInputs, PageSubscriptionOutputs>
{
  /** @param options - settings and observers */
  constructor(options: LifecycleOptions = {}) {
    super(ADVICE, options);
  }

  /** Validates every input and fills in defaults. No calls. */
  async check(
    _olds: PageSubscriptionInputs,
    news: PageSubscriptionInputs,
  ): Promise<dynamic.CheckResult<PageSubscriptionInputs>> {
    return this.guard([news?.pageAccessToken, news?.appSecret], () =>
      validatePageSubscriptionInputs(news as unknown as Readonly<Record<string, unknown>>, this.providerSettings),
    );
  }

  /** Compares state with the new inputs; one `GET /me` only when the token changed. */
  async diff(_id: string, olds: PageSubscriptionOutputs, news: PageSubscriptionInputs): Promise<DetailedDiffResult> {
    return this.guard([olds?.pageAccessToken, olds?.appSecret, news?.pageAccessToken, news?.appSecret], async () => {
      const d = new DiffRecorder();
      d.differs("appId", olds.appId, news.appId ?? this.providerSettings.appId, true);
      d.differs("subscribedFields", olds.subscribedFields, news.subscribedFields);
      d.differs("apiVersion", olds.apiVersion, news.apiVersion);
      d.differs("appSecret", olds.appSecret, news.appSecret);
      const next = isUnknown(news.pageAccessToken) || isUnknown(news.graphApiUrl) ? undefined : this.settingsOf(news);
      d.differs("graphApiUrl", olds.graphApiUrl, next?.graphApiUrl ?? news.graphApiUrl);
      const token = await this.tokenChange(next, olds);
      if (token !== "none") d.set("pageAccessToken", token === "replace");
      return d.result(["pageId", "appId"]);
    });
  }

  /** `GET /me` (the Page) and one POST. */
  async create(inputs: PageSubscriptionInputs): Promise<dynamic.CreateResult<PageSubscriptionOutputs>> {
    return this.guard([inputs?.pageAccessToken, inputs?.appSecret], async () => {
      const s = this.settingsOf(inputs);
      const page = await this.page(s).whoAmI();
      await this.page(s).subscribeApp(page.id, inputs.subscribedFields);
      return { id: `${page.id}/${s.appId}`, outs: outputsOf(s, page, inputs.subscribedFields, inputs) };
    });
  }

  /** One GET of the Page's apps: this app's fields ([] when the Page no longer subscribes it). */
  async read(id: string, props?: PageSubscriptionOutputs): Promise<dynamic.ReadResult<PageSubscriptionOutputs>> {
    return this.guard([props?.pageAccessToken, props?.appSecret], async () => {
      const known = (props ?? {}) as Partial<PageSubscriptionOutputs>;
      const parsed = parseSubscriptionId(id);
      const s = this.settingsOf({ ...known, appId: known.appId ?? parsed.appId });
      let page: PageIdentity = { id: known.pageId ?? parsed.pageId, name: known.pageName ?? "" };
      if (known.pageId === undefined || this.ambientTokenChanged(s, known.tokenFingerprint))
        page = await this.samePage(s, parsed.pageId, "read", "the subscription");
      const apps = await this.page(s).subscribedApps(page.id);
      const mine = apps.find((a) => a.id === s.appId);
      return { id, props: outputsOf(s, page, [...(mine?.subscribedFields ?? [])].sort(), known) };
    });
  }

  /** One POST when the fields or the endpoint changed; no call when only credentials did. */
  async update(
    _id: string,
    olds: PageSubscriptionOutputs,
    news: PageSubscriptionInputs,
  ): Promise<dynamic.UpdateResult<PageSubscriptionOutputs>> {
    return this.guard([olds?.pageAccessToken, olds?.appSecret, news?.pageAccessToken, news?.appSecret], async () => {
      const s = this.settingsOf(news);
      const changed =
        JSON.stringify(olds.subscribedFields) !== JSON.stringify(news.subscribedFields) ||
        olds.graphApiUrl !== s.graphApiUrl;
      if (changed) await this.page(s).subscribeApp(olds.pageId, news.subscribedFields);
      const page = { id: olds.pageId, name: olds.pageName };
      return { outs: outputsOf(s, page, news.subscribedFields, news) };
    });
  }

  /** One DELETE: the Page unsubscribes the app. */
  async delete(_id: string, props: PageSubscriptionOutputs): Promise<void> {
    return this.guard([props?.pageAccessToken, props?.appSecret], async () => {
      const s = this.settingsOf(props);
      if (this.ambientTokenChanged(s, props.tokenFingerprint))
        await this.samePage(s, props.pageId, "delete", "the subscription");
      await this.page(s).unsubscribeApp(props.pageId);
    });
  }

  /**
   * Adopts a Page's subscription of an app (`pulumi import`, id `<page id>/<app id>`): `GET /me`
   * (the token is the Page's) and one GET of the Page's apps.
   *
   * @param id - `<page id>/<app id>`
   */
  async importResource(id: string): Promise<ImportedResource<PageSubscriptionOutputs>> {
    return this.guard([], async () => {
      const { pageId, appId } = parseSubscriptionId(id);
      const s = this.settingsOf({ appId });
      const page = await this.samePage(s, pageId, "import", "the subscription");
      const mine = (await this.page(s).subscribedApps(pageId)).find((a) => a.id === appId);
      if (mine === undefined)
        throw new Error(
          `Page ${pageId} does not subscribe app ${appId}: there is nothing to import. Declare a MessengerPageSubscription in the program and run \`pulumi up\` instead.`,
        );
      const fields = [...mine.subscribedFields].sort();
      return { id, outs: outputsOf(s, page, fields, {}), inputs: { appId, subscribedFields: fields } };
    });
  }

  private settingsOf(own: SettingsSource & { readonly appId?: string }): SubscriptionSettings {
    return {
      ...effectiveSettings(own, this.providerSettings),
      appId: effectiveAppId(own.appId, this.providerSettings),
    };
  }
}

/**
 * Reads a resource id or import id `<page id>/<app id>`.
 *
 * @throws Error naming the expected form
 */
export function parseSubscriptionId(id: string): { pageId: string; appId: string } {
  const m = /^([0-9]{1,32})\/([0-9]{1,32})$/.exec(id);
  if (m === null)
    throw new Error(
      `Page subscription id ${JSON.stringify(id.slice(0, 80))}: write <page id>/<app id>, e.g. 1000000000000001/3000000000000001.`,
    );
  return { pageId: m[1], appId: m[2] };
}

function outputsOf(
  s: SubscriptionSettings,
  page: PageIdentity,
  fields: readonly string[],
  own: { readonly appSecret?: string },
): PageSubscriptionOutputs {
  return { ...connectionOutputs(s, page, own), appId: s.appId, subscribedFields: [...fields] };
}

/** The lifecycle the dynamic-provider host uses (one per process; see `shim.ts`). */
export const lifecycle = forDynamicHost(new PageSubscriptionLifecycle());

/**
 * `MessengerAccountLinking`'s lifecycle: check, diff, create, read, update and delete, on the
 * Page operations (`graph/operations.ts`, and the Thread Settings calls of `apis.ts`), with the
 * fewest Graph calls each can make (the Messenger Profile API allows 10 calls per 10 minutes per
 * Page). It adds what to do in Pulumi to their errors (`core/advice.ts`):
 *
 * | step    | calls |
 * |---------|-------|
 * | check   | 0 |
 * | diff    | 0, or 1 `GET /me` when the token changed |
 * | create  | `GET /me` + 1 POST |
 * | update  | 1 POST (0 when only the token or app secret changed, for the same Page) |
 * | read    | 1 GET (messenger_profile); 0 (thread_settings has no GET) |
 * | delete  | 1 DELETE |
 *
 * This module is the resource's host module: the dynamic-provider host loads it by a real `require`
 * (see `shim.ts`), so its module state (settings read in `configure`, keep-alive agents) lives for
 * the whole process.
 *
 * @packageDocumentation
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import type { AdviceContext } from "../core/advice";
import { connectionOutputs } from "../core/connection";
import { forDynamicHost } from "../core/dynamic-host";
import {
  LifecycleBase,
  type DetailedDiffResult,
  type ImportedResource,
  type LifecycleOptions,
  type ResourceLifecycle,
} from "../core/lifecycle-base";
import { effectiveSettings, type EffectiveSettings, type SettingsSource } from "../core/effective-settings";
import { isUnknown } from "../core/unknown";
import type { PageIdentity } from "../graph/wire";
import {
  DEFAULT_API_VERSION,
  deleteAccountLinkingUrl,
  getAccountLinkingUrl,
  setAccountLinkingUrl,
  type ApiKind,
} from "./apis";
import type { AccountLinkingInputs, AccountLinkingOutputs } from "./types";
import { validateInputs } from "./validate";
import { printable } from "../graph/printable";

/** What this resource's errors advise in Pulumi. */
const ADVICE: AdviceContext = {
  rejectedParameter:
    "Graph rejected a parameter: check accountLinkingUrl (an absolute https URL) and apiVersion (e.g. v25.0), and that api matches what the endpoint supports.",
  changes: "setting the account linking URL",
};

/** The effective settings of a step, and the API it uses. */
interface LinkSettings extends EffectiveSettings {
  /** The API that sets the URL. */
  readonly api: ApiKind;
}

/**
 * The lifecycle of `MessengerAccountLinking`, typed at both ends.
 *
 * @example
 * ```ts
 * const lifecycle = new AccountLinkingLifecycle({ settings: readProviderSettings(undefined) });
 * const { id, outs } = await lifecycle.create({ accountLinkingUrl: "https://…", api: "messenger_profile", apiVersion: "v25.0" });
 * ```
 */
export class AccountLinkingLifecycle
  extends LifecycleBase
  implements ResourceLifecycle<AccountLinkingInputs, AccountLinkingOutputs>
{
  /** @param options - settings and observers */
  constructor(options: LifecycleOptions = {}) {
    super(ADVICE, options);
  }

  /** Validates every input and fills in defaults. No calls. */
  async check(
    _olds: AccountLinkingInputs,
    news: AccountLinkingInputs,
  ): Promise<dynamic.CheckResult<AccountLinkingInputs>> {
    return this.guard([news?.pageAccessToken, news?.appSecret], () => {
      const { inputs, failures } = validateInputs(
        news as unknown as Readonly<Record<string, unknown>>,
        this.providerSettings,
      );
      return { inputs, failures };
    });
  }

  /**
   * Compares state with the new inputs. No calls, except one `GET /me` when the token changed, to
   * learn whether it belongs to another Page (then the resource is replaced).
   */
  async diff(_id: string, olds: AccountLinkingOutputs, news: AccountLinkingInputs): Promise<DetailedDiffResult> {
    return this.guard([olds?.pageAccessToken, olds?.appSecret, news?.pageAccessToken, news?.appSecret], async () => {
      const changes: string[] = [];
      const replaces: string[] = [];
      const unknownToken = isUnknown(news.pageAccessToken);
      const next = unknownToken ? undefined : this.settingsOf(news);
      const differs = (key: string, a: unknown, b: unknown) => {
        if (isUnknown(b) || a !== b) changes.push(key);
      };
      differs("accountLinkingUrl", olds.accountLinkingUrl, news.accountLinkingUrl);
      differs("api", olds.api, news.api);
      differs("apiVersion", olds.apiVersion, news.apiVersion);
      differs(
        "graphApiUrl",
        olds.graphApiUrl,
        isUnknown(news.graphApiUrl) ? news.graphApiUrl : (next?.graphApiUrl ?? news.graphApiUrl),
      );
      differs("appSecret", olds.appSecret, news.appSecret);
      // Which Page a new token belongs to is asked once the endpoint is known.
      const token = await this.tokenChange(next, olds, !isUnknown(news.graphApiUrl));
      if (token !== "none") (token === "replace" ? replaces : changes).push("pageAccessToken");
      return {
        changes: changes.length + replaces.length > 0,
        replaces,
        stables: replaces.length === 0 ? ["pageId"] : [],
        deleteBeforeReplace: false,
        detailedDiff: {
          ...Object.fromEntries(changes.map((k) => [k, "update" as const])),
          ...Object.fromEntries(replaces.map((k) => [k, "update-replace" as const])),
        },
      };
    });
  }

  /** `GET /me` (to learn the Page) and one POST. A URL already set on the Page is overwritten. */
  async create(inputs: AccountLinkingInputs): Promise<dynamic.CreateResult<AccountLinkingOutputs>> {
    return this.guard([inputs?.pageAccessToken, inputs?.appSecret], async () => {
      const s = this.settingsOf(inputs);
      const page = await this.page(s).whoAmI();
      await setAccountLinkingUrl(this.page(s), s.api, inputs.accountLinkingUrl);
      return { id: page.id, outs: outputsOf(s, page, inputs.accountLinkingUrl, inputs) };
    });
  }

  /**
   * One GET of the Page's current URL (messenger_profile). Drift shows in `accountLinkingUrl`
   * ("" when none is set) and the next `up` repairs it. thread_settings has no GET: the state is
   * returned unchanged, without a call.
   */
  async read(id: string, props?: AccountLinkingOutputs): Promise<dynamic.ReadResult<AccountLinkingOutputs>> {
    return this.guard([props?.pageAccessToken, props?.appSecret], async () => {
      const known = (props ?? {}) as Partial<AccountLinkingOutputs>;
      const s = this.settingsOf(known);
      let page: PageIdentity = { id: known.pageId ?? id, name: known.pageName ?? "" };
      if (known.pageId === undefined || this.ambientTokenChanged(s, known.tokenFingerprint)) {
        // Import (no outputs yet) or a token that changed since: make sure it is this Page's.
        page = await this.samePage(s, id, "read", "the account linking URL");
      }
      const url =
        s.api === "thread_settings"
          ? (known.accountLinkingUrl ?? "")
          : ((await getAccountLinkingUrl(this.page(s))) ?? "");
      return { id, props: outputsOf(s, page, url, known) };
    });
  }

  /** One POST when the URL, API, version or endpoint changed; no call when only credentials did. */
  async update(
    _id: string,
    olds: AccountLinkingOutputs,
    news: AccountLinkingInputs,
  ): Promise<dynamic.UpdateResult<AccountLinkingOutputs>> {
    return this.guard([olds?.pageAccessToken, olds?.appSecret, news?.pageAccessToken, news?.appSecret], async () => {
      const s = this.settingsOf(news);
      const pageStateChanges =
        olds.accountLinkingUrl !== news.accountLinkingUrl ||
        olds.api !== s.api ||
        olds.apiVersion !== s.apiVersion ||
        olds.graphApiUrl !== s.graphApiUrl;
      if (pageStateChanges) await setAccountLinkingUrl(this.page(s), s.api, news.accountLinkingUrl);
      return { outs: outputsOf(s, { id: olds.pageId, name: olds.pageName }, news.accountLinkingUrl, news) };
    });
  }

  /** One DELETE. A URL that is already gone counts as deleted. */
  async delete(id: string, props: AccountLinkingOutputs): Promise<void> {
    return this.guard([props?.pageAccessToken, props?.appSecret], async () => {
      const s = this.settingsOf(props);
      if (this.ambientTokenChanged(s, props.tokenFingerprint))
        await this.samePage(s, id, "delete", "the account linking URL");
      await deleteAccountLinkingUrl(this.page(s), s.api);
    });
  }

  /**
   * Adopts a Page's account linking URL (`pulumi import` through the provider plugin; the import id
   * is the Page id): one `GET /me?fields=id,name,messenger_profile{account_linking_url}` proves that
   * the token (stack config or environment) belongs to the Page and reads the URL.
   *
   * @param id - the Page id
   */
  async importResource(id: string): Promise<ImportedResource<AccountLinkingOutputs>> {
    return this.guard([], async () => {
      if (!/^\d+$/.test(id)) throw new Error(`Import id ${JSON.stringify(id)}: write the Page id (digits).`);
      const s = this.settingsOf({});
      const answer = await this.page(s).whoAmIWithProfile(["account_linking_url"]);
      if (answer.id !== id)
        throw new Error(
          `Cannot import the account linking URL of Page ${id}: the configured token belongs to Page ${answer.id} (${printable(answer.name)}). Set Page ${id}'s token with \`pulumi config set --secret messenger:pageAccessToken <token>\` and import again.`,
        );
      const raw = answer.profile ?? (await this.page(s).getFields(["account_linking_url"]));
      const url = raw.account_linking_url;
      if (typeof url !== "string")
        throw new Error(
          `Page ${id} has no account linking URL: there is nothing to import. Declare it in the program and run \`pulumi up\` instead.`,
        );
      const page = { id: answer.id, name: answer.name };
      return { id, outs: outputsOf(s, page, url, {}), inputs: { accountLinkingUrl: url } };
    });
  }

  /** The step's settings: the resource's own over the provider's, and its API (default messenger_profile). */
  private settingsOf(own: SettingsSource & { readonly api?: ApiKind }): LinkSettings {
    const api = own.api ?? "messenger_profile";
    return { ...effectiveSettings(own, this.providerSettings, DEFAULT_API_VERSION[api]), api };
  }
}

function outputsOf(
  s: LinkSettings,
  page: PageIdentity,
  url: string,
  own: { appSecret?: string },
): AccountLinkingOutputs {
  const outs: AccountLinkingOutputs = { accountLinkingUrl: url, ...connectionOutputs(s, page, own), api: s.api };
  return outs;
}

/** The lifecycle the dynamic-provider host uses (one per process; see `shim.ts`). */
export const lifecycle = forDynamicHost(new AccountLinkingLifecycle());

/**
 * `MessengerAccountLinking`'s lifecycle: check, diff, create, read, update and delete, on the
 * operations layer (`operations.ts`), with the fewest Graph calls each can make (the Messenger
 * Profile API allows 10 calls per 10 minutes per Page). It adds what to do in Pulumi to the
 * layer's errors (`pulumi-advice.ts`):
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
 * This module is loaded by a real `require` inside the dynamic-provider host (see `shim.ts`), so
 * its module state (settings read in `configure`, keep-alive agents) lives for the whole process.
 *
 * @packageDocumentation
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { GraphApiError } from "./errors";
import type { AttemptReport } from "./graph-client";
import { ProfileOperations, type PageOperations } from "./operations";
import { ACCOUNT_LINKING_ADVICE, withPulumiAdvice } from "./pulumi-advice";
import { Redactor } from "./redact";
import {
  effectiveSettings,
  readProviderSettings,
  tokenFingerprint,
  type EffectiveSettings,
  type ProviderSettings,
} from "./settings";
import type { AccountLinkingInputs, AccountLinkingOutputs } from "./types";
import { isUnknown, validateInputs } from "./validate";
import type { PageIdentity } from "./wire";

/** Options of an {@link AccountLinkingLifecycle}. */
export interface LifecycleOptions {
  /** Provider-wide settings; by default read from the environment until `configure` runs. */
  readonly settings?: ProviderSettings;
  /** Observer of every HTTP attempt (no secrets); by default logs to stderr when MESSENGER_DEBUG is set. */
  readonly onAttempt?: (report: AttemptReport) => void;
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
export class AccountLinkingLifecycle implements dynamic.ResourceProvider<AccountLinkingInputs, AccountLinkingOutputs> {
  private settings: ProviderSettings;
  private readonly onAttempt: ((report: AttemptReport) => void) | undefined;
  /** The operations layer of the settings in force (its clients are reused by every step). */
  private ops: ProfileOperations;
  /** Knows the secrets of the settings in force (token and app secret from config or environment). */
  private redactor: Redactor;

  /** @param options - settings and observers */
  constructor(options: LifecycleOptions = {}) {
    this.settings = options.settings ?? readProviderSettings(undefined);
    this.onAttempt = options.onAttempt;
    this.redactor = redactorOf(this.settings);
    this.ops = this.operationsFor(this.settings);
  }

  /** Reads `messenger:*` stack config (falling back to the environment). No calls. */
  configure(req: dynamic.ConfigureRequest): Promise<void> {
    this.settings = readProviderSettings((key) => req.config.get(key));
    this.redactor = redactorOf(this.settings);
    this.ops = this.operationsFor(this.settings);
    return Promise.resolve();
  }

  /** The settings in force (for tests and diagnostics; contains secrets, never log it). */
  get providerSettings(): ProviderSettings {
    return this.settings;
  }

  /** Validates every input and fills in defaults. No calls. */
  async check(
    _olds: AccountLinkingInputs,
    news: AccountLinkingInputs,
  ): Promise<dynamic.CheckResult<AccountLinkingInputs>> {
    return guard(this.redactor.with(news?.pageAccessToken, news?.appSecret), () => {
      const { inputs, failures } = validateInputs(news as unknown as Record<string, unknown>, {
        haveAmbientToken: this.settings.pageAccessToken !== undefined,
        settingProblems: this.settings.problems,
      });
      return { inputs, failures };
    });
  }

  /**
   * Compares state with the new inputs. No calls, except one `GET /me` when the token changed, to
   * learn whether it belongs to another Page (then the resource is replaced).
   */
  async diff(_id: string, olds: AccountLinkingOutputs, news: AccountLinkingInputs): Promise<dynamic.DiffResult> {
    return guard(
      this.redactor.with(olds?.pageAccessToken, olds?.appSecret, news?.pageAccessToken, news?.appSecret),
      async () => {
        const changes: string[] = [];
        const replaces: string[] = [];
        const unknownToken = isUnknown(news.pageAccessToken);
        const next = unknownToken ? undefined : effectiveSettings(news, this.settings);
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
        if (!next) {
          changes.push("pageAccessToken");
        } else if (tokenFingerprint(next.token) !== olds.tokenFingerprint) {
          const page = await this.whoAmI(next);
          (page.id === olds.pageId ? changes : replaces).push("pageAccessToken");
        } else if (next.tokenSource !== olds.tokenSource) {
          changes.push("pageAccessToken");
        }
        return {
          changes: changes.length + replaces.length > 0,
          replaces,
          stables: replaces.length === 0 ? ["pageId"] : [],
          deleteBeforeReplace: false,
        };
      },
    );
  }

  /** `GET /me` (to learn the Page) and one POST. A URL already set on the Page is overwritten. */
  async create(inputs: AccountLinkingInputs): Promise<dynamic.CreateResult<AccountLinkingOutputs>> {
    return guard(this.redactor.with(inputs?.pageAccessToken, inputs?.appSecret), async () => {
      const s = effectiveSettings(inputs, this.settings);
      const page = await this.whoAmI(s);
      await this.set(s, inputs.accountLinkingUrl);
      return { id: page.id, outs: outputsOf(s, page, inputs.accountLinkingUrl, inputs) };
    });
  }

  /**
   * One GET of the Page's current URL (messenger_profile). Drift shows in `accountLinkingUrl`
   * ("" when none is set) and the next `up` repairs it. thread_settings has no GET: the state is
   * returned unchanged, without a call.
   */
  async read(id: string, props?: AccountLinkingOutputs): Promise<dynamic.ReadResult<AccountLinkingOutputs>> {
    return guard(this.redactor.with(props?.pageAccessToken, props?.appSecret), async () => {
      const known = (props ?? {}) as Partial<AccountLinkingOutputs>;
      const s = effectiveSettings(known, this.settings);
      let page: PageIdentity = { id: known.pageId ?? id, name: known.pageName ?? "" };
      if (
        known.pageId === undefined ||
        (s.tokenSource !== "input" && known.tokenFingerprint !== tokenFingerprint(s.token))
      ) {
        // Import (no outputs yet) or a token that changed since: make sure it is this Page's.
        page = await this.samePage(s, id, "read");
      }
      const url = s.api === "thread_settings" ? (known.accountLinkingUrl ?? "") : ((await this.get(s)) ?? "");
      return { id, props: outputsOf(s, page, url, known) };
    });
  }

  /** One POST when the URL, API, version or endpoint changed; no call when only credentials did. */
  async update(
    _id: string,
    olds: AccountLinkingOutputs,
    news: AccountLinkingInputs,
  ): Promise<dynamic.UpdateResult<AccountLinkingOutputs>> {
    return guard(
      this.redactor.with(olds?.pageAccessToken, olds?.appSecret, news?.pageAccessToken, news?.appSecret),
      async () => {
        const s = effectiveSettings(news, this.settings);
        const pageStateChanges =
          olds.accountLinkingUrl !== news.accountLinkingUrl ||
          olds.api !== s.api ||
          olds.apiVersion !== s.apiVersion ||
          olds.graphApiUrl !== s.graphApiUrl;
        if (pageStateChanges) await this.set(s, news.accountLinkingUrl);
        return { outs: outputsOf(s, { id: olds.pageId, name: olds.pageName }, news.accountLinkingUrl, news) };
      },
    );
  }

  /** One DELETE. A URL that is already gone counts as deleted. */
  async delete(id: string, props: AccountLinkingOutputs): Promise<void> {
    return guard(this.redactor.with(props?.pageAccessToken, props?.appSecret), async () => {
      const s = effectiveSettings(props, this.settings);
      if (s.tokenSource !== "input" && props.tokenFingerprint !== tokenFingerprint(s.token)) {
        await this.samePage(s, id, "delete");
      }
      const page = this.page(s);
      if (s.api === "thread_settings") await page.deleteThreadSettingsAccountLinking();
      else await page.deleteFields(["account_linking_url"]);
    });
  }

  private operationsFor(settings: ProviderSettings): ProfileOperations {
    // check refuses these at preview; a step reached without check must not call with them either.
    const refused = (settings.problems ?? []).filter((p) => p.setting !== "graphApiUrl").map((p) => p.reason);
    return new ProfileOperations({
      retry: settings.retry,
      onAttempt: this.onAttempt,
      refused,
      redactor: this.redactor,
    });
  }

  private page(s: EffectiveSettings): PageOperations {
    return this.ops.page(s);
  }

  private whoAmI(s: EffectiveSettings): Promise<PageIdentity> {
    return this.page(s).whoAmI();
  }

  private async samePage(s: EffectiveSettings, id: string, step: string): Promise<PageIdentity> {
    const page = await this.whoAmI(s);
    if (page.id !== id) {
      throw new Error(
        `Cannot ${step} the account linking URL of Page ${id}: the configured token (${s.tokenSource === "config" ? "messenger:pageAccessToken" : "MESSENGER_PAGE_ACCESS_TOKEN"}) now belongs to Page ${page.id}. ` +
          `Configure Page ${id}'s token again for this step, or pass each Page's token as the pageAccessToken input; to forget the resource without touching the Page, run \`pulumi state delete <urn>\`.`,
      );
    }
    return page;
  }

  private async set(s: EffectiveSettings, url: string): Promise<void> {
    const page = this.page(s);
    if (s.api === "thread_settings") await page.setThreadSettingsAccountLinking(url);
    else await page.setFields({ account_linking_url: url });
  }

  private async get(s: EffectiveSettings): Promise<string | undefined> {
    const { account_linking_url: url } = await this.page(s).getFields(["account_linking_url"]);
    return typeof url === "string" ? url : undefined;
  }
}

function outputsOf(
  s: EffectiveSettings,
  page: PageIdentity,
  url: string,
  own: { appSecret?: string },
): AccountLinkingOutputs {
  const outs: AccountLinkingOutputs = {
    accountLinkingUrl: url,
    pageId: page.id,
    pageName: page.name,
    api: s.api,
    apiVersion: s.apiVersion,
    graphApiUrl: s.graphApiUrl,
    tokenSource: s.tokenSource,
    tokenFingerprint: tokenFingerprint(s.token),
    ...(s.tokenSource === "input" ? { pageAccessToken: s.token } : {}),
    ...(own.appSecret !== undefined ? { appSecret: own.appSecret } : {}),
  } satisfies AccountLinkingOutputs;
  return outs;
}

/**
 * Runs a lifecycle step so that whatever it throws is safe to print and says what to do in Pulumi:
 * GraphApiErrors (already redacted) get the resource's advice; anything else is rethrown with a
 * redacted message and stack.
 */
async function guard<T>(redactor: Redactor, step: () => T | Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (e) {
    if (GraphApiError.isInstance(e)) throw withPulumiAdvice(e, ACCOUNT_LINKING_ADVICE);
    const err = e instanceof Error ? e : new Error(String(e));
    const safe = new Error(redactor.redact(err.message));
    safe.name = err.name;
    safe.stack = redactor.redact(err.stack ?? `${err.name}: ${err.message}`);
    throw safe;
  }
}

/** A redactor that knows the provider settings' secrets: the token and app secret from config or environment. */
function redactorOf(settings: ProviderSettings): Redactor {
  return new Redactor([settings.pageAccessToken?.value, settings.appSecret]);
}

/** The instance the dynamic-provider host uses (one per process; see `shim.ts`). */
export const lifecycle = new AccountLinkingLifecycle();

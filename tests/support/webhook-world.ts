/**
 * The world of the `MessengerWebhook` and `MessengerPageSubscription` reliability suites: two apps
 * with fake secrets (the resources' app, and a bystander app no row owns), Pages whose tokens the
 * first app issued, the verify token, lifecycles configured the way the dynamic-provider host
 * configures them (provider settings read from stack config and an environment pointing at the
 * emulator), and comparable views of what the emulator holds for an app or a Page.
 *
 * Every secret made here (app secrets, app tokens `{app id}|{secret}`, their appsecret_proofs, the
 * verify token, Page tokens and their proofs) is registered in the suite's secret book.
 */
import type { AppSeed, Emulator, PageSeed } from "../../emulator";
import { retryEnv, type RetryPreset } from "../../harness/retry";
import { appSecretProof, type AttemptReport } from "../../provider/graph/client";
import { CONFIG_KEYS, readProviderSettings } from "../../provider/core/settings";
import { PageSubscriptionLifecycle } from "../../provider/page-subscription/lifecycle";
import { WebhookLifecycle } from "../../provider/webhook/lifecycle";
import { mulberry32, randomHex, randomString, SEED } from "./prng";
import { secrets } from "./secret-scan";

const random = mulberry32(SEED + 1717);

/** A fake app, its secret registered with its app token and proof. */
function fakeApp(id: string, name: string): AppSeed {
  const app: AppSeed = { id, name, secret: `fakeappsecret${randomHex(random, 24)}` };
  const token = `${app.id}|${app.secret}`;
  secrets.add(`app secret of app ${id}`, app.secret);
  secrets.add(`app token of app ${id}`, token);
  secrets.add(`appsecret_proof of app ${id}'s token`, appSecretProof(token, app.secret));
  return app;
}

/** The app every row's resource works for. */
export const APP = fakeApp("3700000000000001", "Reliability Bot App");
/** An app no row owns: its subscriptions, and the Pages' subscriptions of it, must never change. */
export const BYSTANDER_APP = fakeApp("3700000000000002", "Bystander App");
/** The apps of the suites' emulators. */
export const APPS: readonly AppSeed[] = [APP, BYSTANDER_APP];

/** The verify token every webhook row declares (the callback accepts it). */
export const VERIFY_TOKEN = `fake-verify-${randomString(random, 28)}`;
secrets.add("the verify token", VERIFY_TOKEN);

/**
 * A Page whose token {@link APP} issued, its token (and, when asked, the app's secret for
 * appsecret_proof) registered.
 *
 * @param index - makes the id and the token unique
 * @param requireProof - whether the Page requires appsecret_proof (with {@link APP}'s secret)
 */
export function appPage(index: number, requireProof = false): PageSeed {
  const token = `EAAfakepagetoken${randomString(random, 40)}`;
  const seed: PageSeed = {
    id: String(3800000000000001 + index),
    name: `Subscription Page ${index}`,
    token,
    appId: APP.id,
    ...(requireProof ? { appSecret: APP.secret } : {}),
  };
  secrets.add(`token of Page ${seed.id}`, token);
  secrets.add(`appsecret_proof of Page ${seed.id}`, appSecretProof(token, APP.secret));
  return seed;
}

/** Where a row's credentials come from: the resource's inputs, stack config or the environment. */
export type CredentialSource = "input" | "config" | "env";
/** The three sources, for rotating rows over them. */
export const CREDENTIAL_SOURCES: readonly CredentialSource[] = ["input", "config", "env"];

/** Fast retries of the suites: the per-attempt timeout is what the hang and commit faults outlast. */
export const WEBHOOK_RETRY: Required<
  Pick<RetryPreset, "maxRetries" | "backoffBaseMs" | "backoffMaxMs" | "attemptTimeoutMs" | "deadlineMs">
> = { maxRetries: 3, backoffBaseMs: 10, backoffMaxMs: 40, attemptTimeoutMs: 1000, deadlineMs: 3000 };

/** How a row's lifecycle is configured. */
export interface LifecycleSetup {
  /** Where the app id and secret (and the Page token) come from. */
  readonly source: CredentialSource;
  /** Retry overrides of {@link WEBHOOK_RETRY}. */
  readonly retry?: RetryPreset;
  /** Observer of attempts; without it the debug log (MESSENGER_DEBUG) is used. */
  readonly observer?: (r: AttemptReport) => void;
  /** The Page, for a `MessengerPageSubscription` (its token). */
  readonly page?: PageSeed;
}

/** Provider settings of a row: config and environment carry what the source says, never both. */
function settingsOf(emu: Emulator, o: LifecycleSetup) {
  const creds: Record<string, string> = { appId: APP.id, appSecret: APP.secret };
  if (o.page) creds.pageAccessToken = o.page.token;
  const env: NodeJS.ProcessEnv = { MESSENGER_GRAPH_API_URL: emu.url, ...retryEnv(o.retry, WEBHOOK_RETRY) };
  const config: Record<string, string> = {};
  if (o.source === "env") {
    env.MESSENGER_APP_ID = creds.appId;
    env.MESSENGER_APP_SECRET = creds.appSecret;
    if (o.page) env.MESSENGER_PAGE_ACCESS_TOKEN = o.page.token;
  } else if (o.source === "config") {
    for (const k of Object.keys(creds)) config[CONFIG_KEYS[k as keyof typeof CONFIG_KEYS]] = creds[k];
  }
  return readProviderSettings((key) => config[key], env);
}

/** A `MessengerWebhook` lifecycle configured like the dynamic-provider host's. */
export function webhookLifecycle(emu: Emulator, o: LifecycleSetup): WebhookLifecycle {
  return new WebhookLifecycle({ settings: settingsOf(emu, o), ...(o.observer ? { onAttempt: o.observer } : {}) });
}

/** A `MessengerPageSubscription` lifecycle configured like the dynamic-provider host's. */
export function pageSubscriptionLifecycle(emu: Emulator, o: LifecycleSetup): PageSubscriptionLifecycle {
  return new PageSubscriptionLifecycle({
    settings: settingsOf(emu, o),
    ...(o.observer ? { onAttempt: o.observer } : {}),
  });
}

/** The credential inputs of a row whose source is `input` (none otherwise). */
export function credentialInputs(source: CredentialSource, page?: PageSeed): Record<string, unknown> {
  if (source !== "input") return {};
  return { appId: APP.id, appSecret: APP.secret, ...(page ? { pageAccessToken: page.token } : {}) };
}

/** One object's subscription of an app, as the suites compare it: fields sorted. */
export interface SubscriptionView {
  readonly callbackUrl: string;
  readonly fields: readonly string[];
  readonly includeValues: boolean;
}

/** An app's subscriptions by object. */
export type AppView = Readonly<Record<string, SubscriptionView>>;

/** What the emulator holds for an app, comparable with JSON (fields sorted). */
export function appView(emu: Emulator, appId: string): AppView {
  const out: Record<string, SubscriptionView> = {};
  for (const s of emu.app(appId)?.subscriptions ?? [])
    out[s.object] = { callbackUrl: s.callbackUrl, fields: [...s.fields].sort(), includeValues: s.includeValues };
  return out;
}

/** The apps a Page subscribes and their fields (sorted), by app id. */
export type PageView = Readonly<Record<string, readonly string[]>>;

/** What the emulator holds for a Page's subscribed apps, comparable with JSON. */
export function pageView(emu: Emulator, pageId: string): PageView {
  const out: Record<string, readonly string[]> = {};
  for (const s of emu.pageSubscriptions(pageId)) out[s.appId] = [...s.fields].sort();
  return out;
}

/** Sorted, without duplicates. */
export function sorted(fields: Iterable<string>): string[] {
  return [...new Set(fields)].sort();
}

/** JSON of a value with object keys sorted, so that two views compare by content. */
export function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    x !== null && typeof x === "object" && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : x,
  );
}

/**
 * A resource state with the properties that hold a secret by design removed (the resources mark
 * them secret in state: `verifyToken`, `appSecret`, `pageAccessToken`): every other property is
 * scanned, and must hold none.
 */
export function withoutSecretProperties(state: unknown): unknown {
  if (state === null || typeof state !== "object") return state;
  const copy: Record<string, unknown> = { ...(state as Record<string, unknown>) };
  for (const k of ["verifyToken", "appSecret", "pageAccessToken"]) delete copy[k];
  return copy;
}

/** Waits `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

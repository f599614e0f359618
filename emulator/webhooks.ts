/**
 * The emulator's webhooks as one object: the apps and their subscriptions, the Pages' subscribed
 * apps, the subscription POST mode, callback verification and event delivery, with the library
 * methods the {@link Emulator} offers for them. The Graph routes are in `subscriptions.ts`.
 *
 * @packageDocumentation
 */
import { appAccessToken, type AppSeed, type AppStore, type SubscriptionInput } from "./apps";
import { deliver, type DeliveryReport } from "./delivery";
import type { Emulator } from "./emulator";
import type { OutboundRecorder } from "./outbound-log";
import type { Page, PageSeed, PageStore } from "./pages";
import { EmulatorInputError } from "./validate";
import { verifyCallback } from "./verification";
import {
  checkAppSubscription,
  checkDeliverySpec,
  checkSubscriptionPost,
  checkWebhookFields,
  checkWebhookObject,
  type SubscriptionPostMode,
  type WebhookSettings,
} from "./webhook-inputs";
import type { WebhookObject } from "./webhook-fields";

/** The library methods of the {@link Emulator} that concern webhooks. */
export type WebhookApi = Pick<
  Emulator,
  | "apps"
  | "app"
  | "setAppSubscription"
  | "deleteAppSubscription"
  | "pageSubscriptions"
  | "setPageSubscription"
  | "setSubscriptionPost"
  | "deliverEvent"
  | "outbound"
>;

/** Apps, subscriptions, verification and delivery over the emulator's stores. */
export class Webhooks {
  private mode: SubscriptionPostMode;
  /** Aborts the requests in flight to callbacks when the emulator closes. */
  private readonly closing = new AbortController();

  /**
   * @param apps - the app store
   * @param pages - the Page store (each Page's subscribed apps)
   * @param settings - the checked webhook options
   * @param recorder - the outbound log and its redaction
   */
  constructor(
    readonly apps: AppStore,
    readonly pages: PageStore,
    private readonly settings: WebhookSettings,
    private readonly recorder: OutboundRecorder,
  ) {
    this.mode = settings.subscriptionPost;
  }

  /** The app whose Page token a Page seed's token is. */
  appOfSeed(seed: PageSeed): string {
    return seed.appId ?? this.apps.first().id;
  }

  /**
   * Verifies a callback before a subscription is set (nothing is sent when `verifyCallbacks` is
   * off), then sets the subscription in the current POST mode.
   *
   * @returns undefined when set; else why the verification failed (no secret in it)
   */
  async subscribe(
    app: AppSeed,
    object: WebhookObject,
    sub: SubscriptionInput,
    verifyToken: string,
  ): Promise<string | undefined> {
    if (this.settings.verifyCallbacks) {
      const secrets = [verifyToken, app.secret, appAccessToken(app)];
      const callbackUrl = new URL(sub.callbackUrl);
      const input = { callbackUrl, verifyToken, appId: app.id, object, secrets };
      const timing = { timeoutMs: this.settings.verifyTimeoutMs, signal: this.closing.signal };
      const reason = await verifyCallback({ ...input, ...timing }, this.recorder);
      if (reason !== undefined) return reason;
    }
    this.apps.subscribe(app.id, object, sub, this.mode);
    return undefined;
  }

  /** Ends the requests in flight to callbacks (their calls fail); called when the emulator closes. */
  close(): void {
    this.closing.abort();
  }

  /** The library methods (see {@link Emulator}). */
  api(): WebhookApi {
    return {
      apps: () => this.apps.snapshot(),
      app: (id) => this.apps.state(id),
      setAppSubscription: (appId, sub) => {
        const checked = checkAppSubscription(sub);
        this.apps.subscribe(this.knownApp(appId).id, checked.object, checked, "replace");
      },
      deleteAppSubscription: (appId, object) =>
        this.apps.unsubscribe(this.knownApp(appId).id, checkWebhookObject(object)),
      pageSubscriptions: (pageId) => this.pages.subscribedApps(this.knownPage(pageId).seed.id),
      setPageSubscription: (pageId, appId, fields) => {
        const checked = fields === undefined ? undefined : checkWebhookFields(fields, "page");
        this.pages.setSubscribedApp(this.knownPage(pageId).seed.id, this.knownApp(appId).id, checked);
      },
      setSubscriptionPost: (mode) => {
        this.mode = checkSubscriptionPost(mode, "subscription post mode");
      },
      deliverEvent: (spec) => this.deliverEvent(spec),
      outbound: () => this.recorder.log.list(),
    };
  }

  /**
   * Delivers a sample event when both subscriptions include its field; see
   * {@link Emulator.deliverEvent}. Being async, it rejects (never throws) on a bad spec.
   */
  private async deliverEvent(given: unknown): Promise<DeliveryReport> {
    const spec = checkDeliverySpec(given);
    const page = this.knownPage(spec.pageId);
    const app = this.knownApp(spec.appId ?? this.appOfSeed(page.seed));
    const object = spec.object ?? "page";
    const sub = this.apps.subscription(app.id, object);
    const report = { appId: app.id, delivered: false, ...(sub ? { callbackUrl: sub.callbackUrl } : {}) };
    if (!sub) return { ...report, reason: `app ${app.id} has no subscription to the object ${object}` };
    if (!sub.fields.includes(spec.field))
      return {
        ...report,
        reason: `app ${app.id}'s subscription to the object ${object} does not include the field ${spec.field} (it has ${sub.fields.join(", ")})`,
      };
    const pageFields = page.subscribedApps.get(app.id);
    if (!pageFields)
      return { ...report, reason: `Page ${page.seed.id} has not subscribed app ${app.id} (subscribed_apps)` };
    if (!pageFields.includes(spec.field))
      return {
        ...report,
        reason: `Page ${page.seed.id}'s subscription of app ${app.id} does not include the field ${spec.field} (it has ${pageFields.join(", ")})`,
      };
    const target = {
      appId: app.id,
      secret: app.secret,
      callbackUrl: sub.callbackUrl,
      timeoutMs: this.settings.verifyTimeoutMs,
      signal: this.closing.signal,
    };
    return deliver(spec, target, this.recorder);
  }

  private knownApp(id: unknown): AppSeed {
    const app = typeof id === "string" ? this.apps.seed(id) : undefined;
    if (!app) throw new EmulatorInputError(`no app ${String(id)}`);
    return app;
  }

  private knownPage(id: unknown): Page {
    const page = typeof id === "string" ? this.pages.page(id) : undefined;
    if (!page) throw new EmulatorInputError(`no Page ${String(id)}`);
    return page;
  }
}

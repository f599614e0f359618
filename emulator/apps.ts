/**
 * The apps the emulator knows: their app access tokens (`{app-id}|{app-secret}`) and, per app, one
 * webhook subscription per object (`page`, `instagram`): a callback URL, the fields in the order
 * they were first subscribed, and `include_values`. The verify token is never kept. What a Page
 * subscribes each app to is the Page's own state (`pages.ts`).
 *
 * @packageDocumentation
 */
import { appSecretProof } from "./pages";
import type { WebhookObject } from "./webhook-fields";

/** An app the emulator knows. */
export interface AppSeed {
  /** App id, digits, e.g. "3000000000000001". */
  readonly id: string;
  /** App name, as `GET /{page-id}/subscribed_apps` answers it. */
  readonly name: string;
  /** App secret: 8 to 128 letters and digits. With the id it makes the app access token. */
  readonly secret: string;
}

/** The app used when none is given; its secret is obviously fake. */
export const DEFAULT_APPS: readonly AppSeed[] = [
  { id: "3000000000000001", name: "Demo App", secret: "emulatorappsecret0000000000000001" },
];

/** One object's webhook subscription of an app, as tests read it. */
export interface AppSubscriptionState {
  /** The object: "page" or "instagram". */
  readonly object: string;
  /** Where events and the verification request go. */
  readonly callbackUrl: string;
  /** Always true in the emulator (a subscription is active once verified or set). */
  readonly active: boolean;
  /** The subscribed fields, in the order they were first subscribed. */
  readonly fields: readonly string[];
  /** Whether change events carry the new values (`include_values`). */
  readonly includeValues: boolean;
}

/** An app's state, as tests read it (never its secret). */
export interface AppState {
  /** App id. */
  readonly id: string;
  /** App name. */
  readonly name: string;
  /** Its subscriptions, one per object, in the order the objects were first subscribed. */
  readonly subscriptions: readonly AppSubscriptionState[];
}

/** An object's subscription set out of band (`setAppSubscription`), as another stack or the App Dashboard would. */
export interface AppSubscriptionSpec {
  /** The object: "page" or "instagram". */
  readonly object: string;
  /** The callback URL (http or https; deliveries go to loopback hosts only). */
  readonly callbackUrl: string;
  /** The fields, each a field of the object (at least one). */
  readonly fields: readonly string[];
  /** Whether change events carry values. @defaultValue false */
  readonly includeValues?: boolean;
}

/** A subscription as it is set: the callback, the fields and `include_values`. */
export interface SubscriptionInput {
  /** The callback URL. */
  readonly callbackUrl: string;
  /** The fields (no duplicates). */
  readonly fields: readonly string[];
  /** Whether change events carry values. */
  readonly includeValues: boolean;
}

/** The app access token of an app: `{app-id}|{app-secret}`. */
export function appAccessToken(app: AppSeed): string {
  return `${app.id}|${app.secret}`;
}

interface App {
  readonly seed: AppSeed;
  readonly subscriptions: Map<WebhookObject, { callbackUrl: string; fields: string[]; includeValues: boolean }>;
}

/** Apps, their tokens and their webhook subscriptions. */
export class AppStore {
  private readonly byId = new Map<string, App>();
  private readonly byToken = new Map<string, App>();
  private readonly secrets: readonly string[];

  /** @param seeds - the apps, checked, at least one */
  constructor(seeds: readonly AppSeed[]) {
    const secrets: string[] = [];
    for (const seed of seeds) {
      const app: App = { seed, subscriptions: new Map() };
      const token = appAccessToken(seed);
      this.byId.set(seed.id, app);
      this.byToken.set(token, app);
      secrets.push(seed.secret, token, appSecretProof(seed.secret, token));
    }
    this.secrets = secrets;
  }

  /** The first app: the one a Page seed without `appId` belongs to. */
  first(): AppSeed {
    const [first] = this.byId.values();
    return first.seed;
  }

  /** An app's seed by id. */
  seed(id: string): AppSeed | undefined {
    return this.byId.get(id)?.seed;
  }

  /** The app an app access token authenticates as. */
  forToken(token: string): AppSeed | undefined {
    return this.byToken.get(token)?.seed;
  }

  /** Every app secret, app token and the proof of each token (the same array every time). */
  knownSecrets(): readonly string[] {
    return this.secrets;
  }

  /** Every app's state. */
  snapshot(): AppState[] {
    return [...this.byId.values()].map((a) => stateOf(a));
  }

  /** One app's state. */
  state(id: string): AppState | undefined {
    const app = this.byId.get(id);
    return app ? stateOf(app) : undefined;
  }

  /** An app's subscription to an object (a copy), if any. */
  subscription(appId: string, object: WebhookObject): SubscriptionInput | undefined {
    const s = this.byId.get(appId)?.subscriptions.get(object);
    return s ? { ...s, fields: [...s.fields] } : undefined;
  }

  /**
   * Sets an app's subscription to an object. "replace" sets the fields to exactly the given ones;
   * "merge" adds the given fields not yet subscribed after the existing ones. Either way the
   * callback URL and `include_values` are the given ones.
   */
  subscribe(appId: string, object: WebhookObject, input: SubscriptionInput, mode: "merge" | "replace"): void {
    const app = this.known(appId);
    const existing = app.subscriptions.get(object);
    const fields = mode === "merge" && existing ? [...existing.fields] : [];
    for (const f of input.fields) if (!fields.includes(f)) fields.push(f);
    app.subscriptions.set(object, { callbackUrl: input.callbackUrl, fields, includeValues: input.includeValues });
  }

  /**
   * Removes fields of an app's subscription to an object (fields not subscribed are ignored); an
   * object left with no field loses its subscription. Without fields, the object's whole
   * subscription goes; without an object, every subscription of the app.
   */
  unsubscribe(appId: string, object?: WebhookObject, fields?: readonly string[]): void {
    const app = this.known(appId);
    if (object === undefined) return app.subscriptions.clear();
    const existing = app.subscriptions.get(object);
    if (!existing) return;
    if (fields !== undefined) existing.fields = existing.fields.filter((f) => !fields.includes(f));
    if (fields === undefined || existing.fields.length === 0) app.subscriptions.delete(object);
  }

  private known(appId: string): App {
    const app = this.byId.get(appId);
    if (!app) throw new Error(`no app ${appId}`);
    return app;
  }
}

function stateOf(app: App): AppState {
  return {
    id: app.seed.id,
    name: app.seed.name,
    subscriptions: [...app.subscriptions].map(([object, s]) => ({
      object,
      callbackUrl: s.callbackUrl,
      active: true,
      fields: [...s.fields],
      includeValues: s.includeValues,
    })),
  };
}

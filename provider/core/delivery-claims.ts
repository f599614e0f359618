/**
 * Whether a program's bot can receive what it declares: the checks across its resources that make
 * Graph deliver events (see `program-claims.ts` for how a claim gates a resource's registration).
 * Only fields subscribed at both levels, the app's webhook and the Page's subscription of the app,
 * are delivered. In one program:
 *
 * - two `MessengerWebhook`s that own the same field of one app's object fail the program, naming both;
 * - two `MessengerPageSubscription`s of one Page by one app fail the program, naming both;
 * - a `MessengerProfile` with Get Started or a postback menu item, on a Page whose
 *   `MessengerPageSubscription` lacks `messaging_postbacks`, fails the program naming both: the
 *   taps would never arrive;
 * - a Page subscription field that no `MessengerWebhook` of its app (object `page`) subscribes draws
 *   a warning, not a failure: the app's subscription is shared, and another stack or the App
 *   Dashboard may subscribe the field; only when the program declares a webhook of that app at all.
 *
 * An app is told apart by its endpoint and `appId` input (else the stack's), a Page by its endpoint
 * and token (else the stack's): what is known at preview without a call.
 *
 * @packageDocumentation
 */
import * as pulumi from "@pulumi/pulumi";
import { endpointOf } from "../graph/endpoint";
import { POSTBACK_FIELD } from "../graph/webhook-fields";
import { tokenFingerprint } from "./settings";

/** Thrown when two resources of one program conflict over what Graph delivers. */
export class DeliveryConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DeliveryConflictError";
  }
}

/** A resource's claim, as its class makes it. */
export type DeliveryClaim =
  | {
      /** An app's webhook subscription. */
      readonly kind: "webhook";
      /** The resource, e.g. `MessengerWebhook "hook"`. */
      readonly resource: string;
      readonly appId?: pulumi.Input<string>;
      readonly object?: pulumi.Input<string>;
      readonly fields: pulumi.Input<pulumi.Input<string>[]>;
      readonly graphApiUrl?: pulumi.Input<string>;
    }
  | {
      /** A Page's subscription of an app. */
      readonly kind: "pageSubscription";
      /** The resource. */
      readonly resource: string;
      readonly appId?: pulumi.Input<string>;
      readonly fields: pulumi.Input<pulumi.Input<string>[]>;
      readonly pageAccessToken?: pulumi.Input<string>;
      readonly graphApiUrl?: pulumi.Input<string>;
    }
  | {
      /** A profile whose buttons send postbacks (Get Started, a postback menu item). */
      readonly kind: "postbacks";
      /** The resource. */
      readonly resource: string;
      /** Whether it sends any. */
      readonly sends: pulumi.Input<boolean>;
      readonly platform?: pulumi.Input<string>;
      readonly pageAccessToken?: pulumi.Input<string>;
      readonly graphApiUrl?: pulumi.Input<string>;
    };

/** The kinds of claim. */
export type DeliveryKind = DeliveryClaim["kind"];

/** A claim with its values known. */
export interface Entry {
  readonly kind: DeliveryClaim["kind"];
  readonly resource: string;
  /** `endpoint \0 app` for webhooks and Page subscriptions. */
  readonly app?: string;
  /** `endpoint \0 token` for Page subscriptions and profiles. */
  readonly page?: string;
  readonly object?: string;
  readonly fields: readonly string[];
  /** The app id as messages name it. */
  readonly appName?: string;
}

/**
 * The delivery claims of the resources one front door sees: a program's (`claimDelivery`, in the
 * program's process) or the provider plugin's (every resource it checks).
 */
export class DeliveryRegistry {
  private readonly all: Entry[] = [];

  /**
   * Records a resource's claim (replacing its earlier one) and returns its conflict with another
   * resource, if any.
   *
   * @param claim - the kind and the resource's name
   * @param values - its values, known: `appId`, `object`, `fields`, `pageAccessToken`, `graphApiUrl`, `platform`, `sends`
   */
  claim(claim: Pick<DeliveryClaim, "kind" | "resource">, values: Readonly<Record<string, unknown>>): Entry {
    const e = entryOf(claim, values);
    const i = this.all.findIndex((o) => o.resource === e.resource);
    if (i >= 0) this.all.splice(i, 1);
    this.all.push(e);
    return e;
  }

  /** The conflict of an entry with the others, or undefined. */
  conflictOf(e: Entry): DeliveryConflictError | undefined {
    return conflictOf(e, this.all);
  }

  /** The warnings of an entry (a Page field no webhook of its app subscribes). */
  warningsOf(e: Entry): string[] {
    return warningsOf(e, this.all);
  }
}

/** The program's registry (one per program process, shared by every copy of the package). */
const REGISTRY = Symbol.for("pulumi-messenger/delivery-claims/v1");

function registry(): DeliveryRegistry {
  const holder = globalThis as { [REGISTRY]?: DeliveryRegistry };
  return (holder[REGISTRY] ??= new DeliveryRegistry());
}

const endpoint = (url: string | undefined) => (url === undefined ? "stack endpoint" : endpointOf(url));
const appKey = (url: string | undefined, appId: string | undefined) => `${endpoint(url)}\u0000${appId ?? "stack app"}`;
const pageKey = (url: string | undefined, token: string | undefined) =>
  `${endpoint(url)}\u0000${token === undefined ? "stack token" : tokenFingerprint(token)}`;
const appName = (appId: string | undefined) =>
  appId === undefined ? "the stack's app (messenger:appId)" : `app ${appId}`;

/** The entry of a claim whose values are known. */
function entryOf(claim: Pick<DeliveryClaim, "kind" | "resource">, v: Readonly<Record<string, unknown>>): Entry {
  const str = (k: string): string | undefined => {
    const x = v[k];
    return typeof x === "string" ? x : undefined;
  };
  const fields = Array.isArray(v.fields) ? v.fields.filter((f): f is string => typeof f === "string") : [];
  const app = str("appId");
  switch (claim.kind) {
    case "webhook":
      return {
        kind: claim.kind,
        resource: claim.resource,
        app: appKey(str("graphApiUrl"), app),
        appName: appName(app),
        object: str("object") ?? "page",
        fields,
      };
    case "pageSubscription":
      return {
        kind: claim.kind,
        resource: claim.resource,
        app: appKey(str("graphApiUrl"), app),
        appName: appName(app),
        page: pageKey(str("graphApiUrl"), str("pageAccessToken")),
        fields,
      };
    case "postbacks":
      return {
        kind: claim.kind,
        resource: claim.resource,
        page: pageKey(str("graphApiUrl"), str("pageAccessToken")),
        object: str("platform") ?? "messenger",
        fields: v.sends === true ? [POSTBACK_FIELD] : [],
      };
  }
}

/** The conflict of `e` with the program's other entries, or undefined. */
function conflictOf(e: Entry, all: readonly Entry[]): DeliveryConflictError | undefined {
  for (const o of all) {
    if (o === e || o.resource === e.resource) continue;
    if (e.kind === "webhook" && o.kind === "webhook" && o.app === e.app && o.object === e.object) {
      const shared = e.fields.find((f) => o.fields.includes(f));
      if (shared !== undefined)
        return new DeliveryConflictError(
          `${o.resource} and ${e.resource} both own the field ${shared} of ${e.appName}'s ${e.object} webhook: destroying one would unsubscribe it for both. Declare each field in one MessengerWebhook only.`,
        );
    }
    if (e.kind === "pageSubscription" && o.kind === "pageSubscription" && o.app === e.app && o.page === e.page)
      return new DeliveryConflictError(
        `${o.resource} and ${e.resource} both subscribe the same Page to ${e.appName}: a Page has one subscription per app, and each \`pulumi up\` would overwrite the other's fields. Declare one MessengerPageSubscription per Page and app.`,
      );
    const [profile, sub] = e.kind === "postbacks" ? [e, o] : [o, e];
    if (
      profile.kind === "postbacks" &&
      sub.kind === "pageSubscription" &&
      profile.page === sub.page &&
      profile.object === "messenger" &&
      profile.fields.length > 0 &&
      !sub.fields.includes(POSTBACK_FIELD)
    )
      return new DeliveryConflictError(
        `${profile.resource} has Get Started or a postback menu item, but ${sub.resource} does not subscribe the Page to ${POSTBACK_FIELD}: the taps would never reach the bot. Add "${POSTBACK_FIELD}" to its subscribedFields (and to the app's MessengerWebhook fields).`,
      );
  }
  return undefined;
}

/** The warnings of a Page subscription: its fields that the program's webhooks of its app do not subscribe. */
function warningsOf(e: Entry, all: readonly Entry[]): string[] {
  if (e.kind !== "pageSubscription") return [];
  const hooks = all.filter((o) => o.kind === "webhook" && o.app === e.app && o.object === "page");
  if (hooks.length === 0) return [];
  const subscribed = new Set(hooks.flatMap((h) => h.fields));
  const missing = e.fields.filter((f) => !subscribed.has(f));
  if (missing.length === 0) return [];
  return [
    `${e.resource} subscribes the Page to ${missing.join(", ")}, which no MessengerWebhook of ${e.appName} in this program subscribes (${hooks.map((h) => h.resource).join(", ")}): ` +
      `Graph delivers only fields subscribed at both levels. Add them to the webhook's fields, unless another stack owns them on the app.`,
  ];
}

function isPlain(v: unknown): boolean {
  return !pulumi.Output.isInstance(v) && !(v instanceof Promise) && !(Array.isArray(v) && v.some((x) => !isPlain(x)));
}

/** Registers the entry in the program's registry; throws its conflict. */
function register(claim: DeliveryClaim, values: Readonly<Record<string, unknown>>): Entry {
  const e = registry().claim(claim, values);
  const conflict = registry().conflictOf(e);
  if (conflict) throw conflict;
  return e;
}

/** The gate of an entry just registered: a turn later, its conflict rejects; else its warnings are logged. */
function gate(e: Entry): Promise<pulumi.Resource[]> {
  return new Promise((resolve, reject) =>
    setImmediate(() => {
      const conflict = registry().conflictOf(e);
      if (conflict) return reject(conflict);
      for (const w of registry().warningsOf(e)) void pulumi.log.warn(w);
      resolve([]);
    }),
  );
}

/**
 * Registers a resource's delivery claim and returns its options with the gate added to `dependsOn`
 * (see `program-claims.ts`): with plain values a conflict throws at once; with Outputs the gate
 * rejects when they are known.
 *
 * @param claim - the resource and what it subscribes
 * @param opts - the resource's options
 * @throws DeliveryConflictError when another resource of the program conflicts with it
 */
export function claimDelivery(
  claim: DeliveryClaim,
  opts: pulumi.CustomResourceOptions | undefined,
): pulumi.CustomResourceOptions {
  const { kind: _kind, resource: _resource, ...values } = claim;
  const plain = Object.values(values).every(isPlain);
  const g: pulumi.Input<pulumi.Resource[]> = plain
    ? gate(register(claim, values))
    : pulumi.output(values).apply((v) => gate(register(claim, v as Readonly<Record<string, unknown>>)));
  const dependsOn = (opts?.dependsOn === undefined
    ? [g]
    : [g, opts.dependsOn]) as unknown as pulumi.Input<pulumi.Resource>[];
  return { ...opts, dependsOn };
}

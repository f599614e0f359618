/**
 * The `MessengerPageSubscription` resource: a Page's subscription of an app, its fields owned whole.
 *
 * @packageDocumentation
 */
import * as pulumi from "@pulumi/pulumi";
import type { ConnectionArgs } from "../core/connection-args";
import { claimDelivery } from "../core/delivery-claims";
import { dynamicResourceArgs } from "../core/dynamic-resource";
import * as shim from "./shim";
import { PAGE_SUBSCRIPTION_CLASS } from "./types";

/** Inputs of {@link MessengerPageSubscription}. */
export interface MessengerPageSubscriptionArgs extends ConnectionArgs {
  /**
   * The fields the Page subscribes the app to, e.g. `["messages", "messaging_postbacks"]` (order
   * does not matter). Graph delivers only fields the app's webhook subscribes too.
   */
  readonly subscribedFields: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * The app the Page subscribes: the app that issued the Page token. When absent: stack config
   * `messenger:appId`, then `MESSENGER_APP_ID`.
   */
  readonly appId?: pulumi.Input<string>;
}

/**
 * A Page's subscription of an app (`/{page-id}/subscribed_apps`), its fields owned whole: one Page,
 * one app.
 *
 * - `pulumi up` subscribes the Page to the app with the declared fields (`GET /me` and one POST);
 *   a change of fields is one POST; their order is a spelling (no call);
 * - `pulumi refresh` reads the Page's apps and shows drift (a field removed by hand, the Page
 *   unsubscribed); the next `up` repairs it;
 * - `pulumi destroy` unsubscribes the app from the Page;
 * - another Page's token replaces the resource.
 *
 * @example
 * ```ts
 * import { MessengerPageSubscription } from "pulumi-messenger";
 * const sub = new MessengerPageSubscription("page", { subscribedFields: ["messages", "messaging_postbacks"] });
 * ```
 * @see https://developers.facebook.com/docs/graph-api/reference/page/subscribed_apps/
 */
export class MessengerPageSubscription extends pulumi.dynamic.Resource {
  /** The fields the Page subscribes the app to, sorted. */
  declare public readonly subscribedFields: pulumi.Output<string[]>;
  /** The app id. */
  declare public readonly appId: pulumi.Output<string>;
  /** The Page id. */
  declare public readonly pageId: pulumi.Output<string>;
  /** The Page name. */
  declare public readonly pageName: pulumi.Output<string>;
  /** The Graph version used. */
  declare public readonly apiVersion: pulumi.Output<string>;
  /** The Graph endpoint used. */
  declare public readonly graphApiUrl: pulumi.Output<string>;
  /** Where the token came from: "input", "config" or "env". */
  declare public readonly tokenSource: pulumi.Output<string>;

  /**
   * @param name - the resource's logical name
   * @param args - inputs
   * @param opts - resource options
   * @throws DeliveryConflictError when another subscription of the program subscribes the same Page to the same app,
   *   or a `MessengerProfile` of the Page sends postbacks that its fields lack
   */
  constructor(name: string, args: MessengerPageSubscriptionArgs, opts?: pulumi.CustomResourceOptions) {
    const gated = claimDelivery(
      {
        kind: "pageSubscription",
        resource: `${PAGE_SUBSCRIPTION_CLASS} "${name}"`,
        appId: args.appId,
        fields: args.subscribedFields,
        pageAccessToken: args.pageAccessToken,
        graphApiUrl: args.graphApiUrl,
      },
      opts,
    );
    super(
      ...dynamicResourceArgs(
        {
          className: PAGE_SUBSCRIPTION_CLASS,
          provider: shim,
          optionalInputs: ["appId", "apiVersion", "graphApiUrl"],
          outputsOnly: ["pageId", "pageName", "tokenSource", "tokenFingerprint"],
        },
        name,
        args,
        [],
        gated,
      ),
    );
  }
}

/**
 * The `MessengerWebhook` resource: the fields of an app's webhook subscription of one object that a
 * program owns.
 *
 * @packageDocumentation
 */
import * as pulumi from "@pulumi/pulumi";
import { claimDelivery } from "../core/delivery-claims";
import { dynamicResourceArgs } from "../core/dynamic-resource";
import type { WebhookObject } from "../graph/webhook-fields";
import * as shim from "./shim";
import { WEBHOOK_CLASS } from "./types";

/** Inputs of {@link MessengerWebhook}. */
export interface MessengerWebhookArgs {
  /**
   * The bot's webhook: absolute `https:` (plain `http:` only on a loopback host), no credentials,
   * no fragment, at most 2000 characters. Graph verifies it before subscribing.
   */
  readonly callbackUrl: pulumi.Input<string>;
  /**
   * The secret Graph sends the callback as `hub.verify_token` when it verifies it: printable, no
   * whitespace, at most 256 characters. Stored encrypted; Graph never returns it. Required to create
   * the subscription and for every change that POSTs it again (the callback, an added field,
   * `includeValues`); a webhook adopted with `pulumi import` needs none until then.
   */
  readonly verifyToken?: pulumi.Input<string>;
  /**
   * The object's fields this resource owns, e.g. `["messages", "messaging_postbacks"]` (order does
   * not matter). Other fields of the app's subscription (another stack's) are left alone.
   */
  readonly fields: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * `"page"` (Messenger) or `"instagram"` (Instagram messaging).
   * @defaultValue "page"
   */
  readonly object?: pulumi.Input<WebhookObject>;
  /**
   * Whether change notifications carry the new values (`include_values`).
   * @defaultValue false
   */
  readonly includeValues?: pulumi.Input<boolean>;
  /**
   * Move the object's callback to `callbackUrl` even when fields this stack does not own are
   * subscribed (their events move too). Without it, that is a conflict that fails the step.
   * @defaultValue false
   */
  readonly takeOverCallback?: pulumi.Input<boolean>;
  /** App id. When absent: stack config `messenger:appId`, then `MESSENGER_APP_ID`. */
  readonly appId?: pulumi.Input<string>;
  /**
   * App secret: the app token is made of the app id and secret (never stored), and every call
   * carries `appsecret_proof`. As an input, stored encrypted. When absent: stack config
   * `messenger:appSecret`, then `MESSENGER_APP_SECRET`.
   */
  readonly appSecret?: pulumi.Input<string>;
  /**
   * Graph API version.
   * @defaultValue "v25.0"
   */
  readonly apiVersion?: pulumi.Input<string>;
  /**
   * Graph endpoint; plain `http:` only for loopback hosts (the emulator). When absent: stack config
   * `messenger:graphApiUrl`, then `MESSENGER_GRAPH_API_URL`.
   * @defaultValue "https://graph.facebook.com"
   */
  readonly graphApiUrl?: pulumi.Input<string>;
}

/**
 * An app's webhook subscription of one object (`page` or `instagram`), owned field by field.
 *
 * The subscription is shared by every stack that uses the app: this resource owns the fields it
 * declares and nothing else.
 *
 * - `pulumi up` reads the app's subscription, then subscribes the callback with the declared fields
 *   and every field already there (Graph verifies the callback first); a callback that would move
 *   other owners' fields fails unless `takeOverCallback` is set;
 * - a field removed from the program is removed with a DELETE naming it; order and the case of the
 *   callback's host are spellings (no call);
 * - `pulumi refresh` reads the subscription back and shows drift; the next `up` repairs it;
 * - `pulumi destroy` removes the declared fields only.
 *
 * @example
 * ```ts
 * import { MessengerWebhook } from "pulumi-messenger";
 * const hook = new MessengerWebhook("hook", {
 *   callbackUrl: "https://bot.example.com/webhook",
 *   verifyToken: config.requireSecret("verifyToken"),
 *   fields: ["messages", "messaging_postbacks"],
 * });
 * ```
 * @see https://developers.facebook.com/docs/graph-api/reference/app/subscriptions/
 */
export class MessengerWebhook extends pulumi.dynamic.Resource {
  /** The app id. */
  declare public readonly appId: pulumi.Output<string>;
  /** The object. */
  declare public readonly object: pulumi.Output<WebhookObject>;
  /** The callback URL on the app ("" after a refresh found no subscription of the object). */
  declare public readonly callbackUrl: pulumi.Output<string>;
  /** The owned fields the app subscribes, sorted. */
  declare public readonly fields: pulumi.Output<string[]>;
  /** The object's fields other owners subscribed, at the last step that read them. */
  declare public readonly otherFields: pulumi.Output<string[]>;
  /** Whether change notifications carry the new values. */
  declare public readonly includeValues: pulumi.Output<boolean>;
  /** The Graph version used. */
  declare public readonly apiVersion: pulumi.Output<string>;
  /** The Graph endpoint used. */
  declare public readonly graphApiUrl: pulumi.Output<string>;

  /**
   * @param name - the resource's logical name
   * @param args - inputs
   * @param opts - resource options
   * @throws DeliveryConflictError when another `MessengerWebhook` of the program owns one of the fields of the same app and object
   */
  constructor(name: string, args: MessengerWebhookArgs, opts?: pulumi.CustomResourceOptions) {
    const resource = `${WEBHOOK_CLASS} "${name}"`;
    const gated = claimDelivery(
      {
        kind: "webhook",
        resource,
        appId: args.appId,
        object: args.object,
        fields: args.fields,
        graphApiUrl: args.graphApiUrl,
      },
      opts,
    );
    super(
      ...dynamicResourceArgs(
        {
          className: WEBHOOK_CLASS,
          provider: shim,
          optionalInputs: ["appId", "object", "includeValues", "apiVersion", "graphApiUrl"],
          outputsOnly: ["otherFields"],
          secrets: ["verifyToken"],
        },
        name,
        args,
        [],
        gated,
      ),
    );
  }
}

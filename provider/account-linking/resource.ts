/**
 * The `MessengerAccountLinking` resource: owns a Messenger Page's account linking URL.
 *
 * @packageDocumentation
 */
import * as pulumi from "@pulumi/pulumi";
import type { ConnectionArgs } from "../core/connection-args";
import { dynamicResourceArgs } from "../core/dynamic-resource";
import type { ApiKind } from "./apis";
import * as shim from "./shim";
import { ACCOUNT_LINKING_CLASS } from "./types";

/** Inputs of {@link MessengerAccountLinking}. */
export interface MessengerAccountLinkingArgs extends ConnectionArgs {
  /**
   * The URL Messenger opens from a Log In button: absolute `https:`, no `user:password@`, no
   * whitespace or control characters, no fragment, at most 2000 characters.
   */
  readonly accountLinkingUrl: pulumi.Input<string>;
  /**
   * `"messenger_profile"` (the live API) or `"thread_settings"` (the original 2016 call).
   * @defaultValue "messenger_profile"
   */
  readonly api?: pulumi.Input<ApiKind>;
  /**
   * Graph API version.
   * @defaultValue "v25.0" for messenger_profile, "v2.6" for thread_settings
   */
  readonly apiVersion?: pulumi.Input<string>;
}

/**
 * A Messenger Page's account linking URL, owned by Pulumi.
 *
 * - `pulumi up` sets it (a URL already on the Page is adopted and overwritten);
 * - changing `accountLinkingUrl`, `api`, `apiVersion` or `graphApiUrl` updates it in place;
 * - a token of another Page replaces the resource (removed from the old Page, set on the new);
 * - `pulumi refresh` reads it back (messenger_profile) and shows drift;
 * - `pulumi destroy` removes it.
 *
 * @example
 * ```ts
 * import { MessengerAccountLinking } from "pulumi-messenger";
 * const link = new MessengerAccountLinking("link", { accountLinkingUrl: "https://example.com/messenger/link" });
 * export const pageId = link.pageId;
 * ```
 * @see https://developers.facebook.com/docs/messenger-platform/identity/account-linking/
 */
export class MessengerAccountLinking extends pulumi.dynamic.Resource {
  /** The URL set on the Page ("" after a refresh that found none). */
  declare public readonly accountLinkingUrl: pulumi.Output<string>;
  /** The Page id (also the resource id). */
  declare public readonly pageId: pulumi.Output<string>;
  /** The Page name. */
  declare public readonly pageName: pulumi.Output<string>;
  /** The API that set the URL. */
  declare public readonly api: pulumi.Output<ApiKind>;
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
   * @throws FieldConflictError when a `MessengerProfile` of the program owns `accountLinkingUrl` of the same Page
   */
  constructor(name: string, args: MessengerAccountLinkingArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      ...dynamicResourceArgs(
        {
          className: ACCOUNT_LINKING_CLASS,
          provider: shim,
          outputsOnly: ["pageId", "pageName", "tokenSource", "tokenFingerprint"],
        },
        name,
        args,
        ["account_linking_url"],
        opts,
      ),
    );
  }
}

/**
 * The `MessengerProfile` resource: owns the Messenger profile fields a program declares on a Page.
 *
 * @packageDocumentation
 */
import * as pulumi from "@pulumi/pulumi";
import type { ConnectionArgs } from "../core/connection-args";
import { claimDelivery } from "../core/delivery-claims";
import { dynamicResourceArgs } from "../core/dynamic-resource";
import { PROFILE_FIELDS, declaredFields, type ProfilePlatform, type ProfileWireField } from "../graph/profile-fields";
import type {
  CommandsLocaleArgs,
  GetStartedArgs,
  GreetingArgs,
  IceBreakersArgs,
  NormalizedCommandsLocale,
  NormalizedGetStarted,
  NormalizedGreeting,
  NormalizedIceBreakersLocale,
  NormalizedMenuLocale,
  PersistentMenuLocaleArgs,
} from "./types";
import { PROFILE_CLASS } from "./types";
import * as shim from "./shim";

/**
 * Inputs of {@link MessengerProfile}. Every profile field is optional and at least one must be set;
 * the resource owns exactly the fields it declares and never sends, deletes or reports the others.
 * Limits are checked at preview, with no call; every failure names the exact path of the value.
 */
export interface MessengerProfileArgs extends ConnectionArgs {
  /** Get Started button (`get_started`). Messenger only. A persistent menu needs one on the Page. */
  readonly getStarted?: pulumi.Input<GetStartedArgs>;
  /**
   * Welcome-screen greeting (`greeting`), text 1 to 160 characters. Messenger only. A string means
   * the `default` locale; a list gives one `{ locale, text }` per locale, `default` required.
   */
  readonly greeting?: pulumi.Input<GreetingArgs>;
  /**
   * Ice breakers (`ice_breakers`), at most 4 questions per locale. A flat list of
   * `{ question, payload }` means the `default` locale. Messenger and Instagram.
   */
  readonly iceBreakers?: pulumi.Input<IceBreakersArgs>;
  /**
   * Persistent menu (`persistent_menu`), one entry per locale, `default` required; at most 20 items,
   * titles at most 30 characters. Messenger and Instagram. On Messenger it needs Get Started.
   */
  readonly persistentMenu?: pulumi.Input<readonly PersistentMenuLocaleArgs[]>;
  /** Composer commands (`commands`), one entry per locale, `default` required. Messenger only. */
  readonly commands?: pulumi.Input<readonly CommandsLocaleArgs[]>;
  /**
   * Whitelisted domains (`whitelisted_domains`): 1 to 50 https origins, fully qualified, no IP
   * address, no localhost. Owning it means owning the whole list. Messenger only.
   */
  readonly whitelistedDomains?: pulumi.Input<readonly pulumi.Input<string>[]>;
  /** Account linking URL (`account_linking_url`): an absolute https URL. Messenger only. */
  readonly accountLinkingUrl?: pulumi.Input<string>;
  /**
   * Which profile: `"messenger"`, or `"instagram"` (only `iceBreakers` and `persistentMenu`).
   * Changing it replaces the resource.
   *
   * @defaultValue "messenger"
   */
  readonly platform?: pulumi.Input<ProfilePlatform>;
}

/** Whether a profile has buttons that send postbacks: Get Started, or a postback menu item. */
function sendsPostbacks(args: MessengerProfileArgs): pulumi.Input<boolean> {
  if (args.getStarted !== undefined && args.getStarted !== null) return true;
  if (args.persistentMenu === undefined || args.persistentMenu === null) return false;
  return pulumi.output(args.persistentMenu).apply((menu) => JSON.stringify(menu ?? []).includes('"type":"postback"'));
}

/**
 * A Page's Messenger profile, or the part of it a program declares, owned by Pulumi.
 *
 * - `pulumi up` sets the declared fields with one POST (plus `GET /me` at creation); a change POSTs
 *   only the changed fields, a field removed from the program is deleted with one DELETE naming it;
 *   a cosmetic change (locale order, a shorthand) makes no call;
 * - `pulumi refresh` reads the owned fields back (one GET) and shows drift; the next `up` repairs it;
 * - `pulumi destroy` deletes the owned fields only: fields set by hand or by other resources stay;
 * - another Page's token or another platform replaces the resource.
 *
 * @example
 * ```ts
 * import { MessengerProfile } from "pulumi-messenger";
 * const profile = new MessengerProfile("bot", {
 *   getStarted: { payload: "GET_STARTED" },
 *   greeting: [{ locale: "default", text: "Hi {{user_first_name}}!" }, { locale: "fr_FR", text: "Salut !" }],
 *   persistentMenu: [{ locale: "default", callToActions: [{ type: "postback", title: "Help", payload: "HELP" }] }],
 * });
 * export const owned = profile.ownedFields;
 * ```
 * @see https://developers.facebook.com/docs/messenger-platform/reference/messenger-profile-api/
 */
export class MessengerProfile extends pulumi.dynamic.Resource {
  /** Whitelisted domains (normalized: lowercase origins, sorted), when owned. */
  declare public readonly whitelistedDomains: pulumi.Output<string[] | undefined>;
  /** Get Started, when owned. */
  declare public readonly getStarted: pulumi.Output<NormalizedGetStarted | undefined>;
  /** Greeting per locale (`default` first), when owned. */
  declare public readonly greeting: pulumi.Output<NormalizedGreeting[] | undefined>;
  /** Ice breakers per locale, when owned. */
  declare public readonly iceBreakers: pulumi.Output<NormalizedIceBreakersLocale[] | undefined>;
  /** Persistent menu per locale, API defaults explicit, when owned. */
  declare public readonly persistentMenu: pulumi.Output<NormalizedMenuLocale[] | undefined>;
  /** Commands per locale, when owned. */
  declare public readonly commands: pulumi.Output<NormalizedCommandsLocale[] | undefined>;
  /** Account linking URL, when owned. */
  declare public readonly accountLinkingUrl: pulumi.Output<string | undefined>;
  /** The Page id (also the resource id). */
  declare public readonly pageId: pulumi.Output<string>;
  /** The Page name. */
  declare public readonly pageName: pulumi.Output<string>;
  /** The profile's platform. */
  declare public readonly platform: pulumi.Output<ProfilePlatform>;
  /** The fields this resource owns, wire names (e.g. `persistent_menu`). */
  declare public readonly ownedFields: pulumi.Output<ProfileWireField[]>;
  /** The Graph version used. */
  declare public readonly apiVersion: pulumi.Output<string>;
  /** The Graph endpoint used. */
  declare public readonly graphApiUrl: pulumi.Output<string>;
  /** Where the token came from: "input", "config" or "env". */
  declare public readonly tokenSource: pulumi.Output<string>;

  /**
   * @param name - the resource's logical name
   * @param args - the declared fields and settings
   * @param opts - resource options
   * @throws FieldConflictError when another resource of the program owns one of the declared fields
   *   of the same Page and platform
   */
  constructor(name: string, args: MessengerProfileArgs, opts?: pulumi.CustomResourceOptions) {
    const gated = claimDelivery(
      {
        kind: "postbacks",
        resource: `${PROFILE_CLASS} "${name}"`,
        sends: sendsPostbacks(args),
        platform: args.platform,
        pageAccessToken: args.pageAccessToken,
        graphApiUrl: args.graphApiUrl,
      },
      opts,
    );
    super(
      ...dynamicResourceArgs(
        {
          className: PROFILE_CLASS,
          provider: shim,
          optionalInputs: [...PROFILE_FIELDS.map((f) => f.input), "platform"],
          outputsOnly: ["pageId", "pageName", "ownedFields", "tokenSource", "tokenFingerprint"],
        },
        name,
        args,
        declaredFields(args),
        gated,
      ),
    );
  }
}

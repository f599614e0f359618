/**
 * The Messenger profile's field table, written once: for each live field its wire name, its input
 * name, the platforms it exists on and its place in a POST body; and the deprecated fields, each with
 * the message that refuses it. The transport (requests, field order) and the profile resource
 * (validation, normalization, planning, claims) read this table; nothing else lists the fields.
 *
 * @see https://developers.facebook.com/docs/messenger-platform/reference/messenger-profile-api/
 * @packageDocumentation
 */

/** The platforms a Messenger profile exists for (`platform=instagram` is a query parameter of the same endpoint). */
export const PROFILE_PLATFORMS = ["messenger", "instagram"] as const;

/** A platform of the Messenger Profile API: Messenger, or Instagram messaging. */
export type ProfilePlatform = (typeof PROFILE_PLATFORMS)[number];

/** The platform used when none is given. */
export const DEFAULT_PLATFORM: ProfilePlatform = "messenger";

/**
 * The live fields' wire names, in POST order: `whitelisted_domains` first (the URLs of later fields may
 * need it, as profile-sync tools send it), `get_started` before `persistent_menu` (Meta requires a Get
 * Started button before a menu), `account_linking_url` last.
 */
export const PROFILE_WIRE_FIELDS = [
  "whitelisted_domains",
  "get_started",
  "greeting",
  "ice_breakers",
  "persistent_menu",
  "commands",
  "account_linking_url",
] as const;

/** A live field's name on the wire (Graph's snake_case). */
export type ProfileWireField = (typeof PROFILE_WIRE_FIELDS)[number];

/** One row of the field table. */
export interface ProfileFieldSpec {
  /** Name on the wire, in POST, GET `fields=` and DELETE `{"fields":[…]}`. */
  readonly wire: ProfileWireField;
  /** Name as a resource input and output (camelCase). */
  readonly input: string;
  /** The platforms on which the field exists. */
  readonly platforms: readonly ProfilePlatform[];
  /** Position in a POST body (0 first); fields are always sent in this order. */
  readonly postOrder: number;
  /** Whether the value is a list of per-locale entries, one of which must be `default`. */
  readonly localized: boolean;
  /** One line for docs and messages. */
  readonly summary: string;
}

const BOTH: readonly ProfilePlatform[] = ["messenger", "instagram"];
const MESSENGER: readonly ProfilePlatform[] = ["messenger"];

/** The seven live fields, in POST order. */
export const PROFILE_FIELDS = [
  {
    wire: "whitelisted_domains",
    input: "whitelistedDomains",
    platforms: MESSENGER,
    postOrder: 0,
    localized: false,
    summary: "https origins allowed to use Messenger Extensions and webview features (at most 50)",
  },
  {
    wire: "get_started",
    input: "getStarted",
    platforms: MESSENGER,
    postOrder: 1,
    localized: false,
    summary: "the Get Started button and the postback payload it sends",
  },
  {
    wire: "greeting",
    input: "greeting",
    platforms: MESSENGER,
    postOrder: 2,
    localized: true,
    summary: "the welcome-screen greeting text, per locale",
  },
  {
    wire: "ice_breakers",
    input: "iceBreakers",
    platforms: BOTH,
    postOrder: 3,
    localized: true,
    summary: "up to 4 questions a person can tap to start a conversation, per locale",
  },
  {
    wire: "persistent_menu",
    input: "persistentMenu",
    platforms: BOTH,
    postOrder: 4,
    localized: true,
    summary: "the always-available menu (up to 20 items), per locale",
  },
  {
    wire: "commands",
    input: "commands",
    platforms: MESSENGER,
    postOrder: 5,
    localized: true,
    summary: "commands offered in the composer, per locale",
  },
  {
    wire: "account_linking_url",
    input: "accountLinkingUrl",
    platforms: MESSENGER,
    postOrder: 6,
    localized: false,
    summary: "the https URL of the login page opened by the Log In button",
  },
] as const satisfies readonly ProfileFieldSpec[];

/** A live field's row of the table. */
export type ProfileField = (typeof PROFILE_FIELDS)[number];

/** A live field's name as a resource input and output (camelCase), as the table spells it. */
export type ProfileInputField = ProfileField["input"];

/** A field that Meta no longer accepts (or never let anyone write). */
export interface DeprecatedFieldSpec {
  /** Name on the wire. */
  readonly wire: string;
  /** Name as an input, as a user would spell it. */
  readonly input: string;
  /** Why it is refused and what to do instead; shown as is after the input name. */
  readonly message: string;
}

/** The deprecated and read-only fields: refused at `check`, never sent. */
export const DEPRECATED_FIELDS: readonly DeprecatedFieldSpec[] = [
  {
    wire: "home_url",
    input: "homeUrl",
    message:
      "is deprecated: Meta removed the Chat Extensions home URL (home_url) in Graph v7.0 and refuses it. Remove it; to open a web page from the profile, add a web_url item to persistentMenu",
  },
  {
    wire: "target_audience",
    input: "targetAudience",
    message:
      "is deprecated: Meta removed target_audience and a Page's Messenger audience can no longer be restricted. Remove it",
  },
  {
    wire: "payment_settings",
    input: "paymentSettings",
    message: "is deprecated: Meta removed Messenger payments (payment_settings). Remove it",
  },
  {
    wire: "subject_to_new_eu_privacy_rules",
    input: "subjectToNewEuPrivacyRules",
    message:
      "is read-only: Meta sets subject_to_new_eu_privacy_rules from the Page's location and it cannot be written. Remove it",
  },
];

/** Whether `name` is the wire name of a live field. */
export function isProfileWireField(name: unknown): name is ProfileWireField {
  return typeof name === "string" && (PROFILE_WIRE_FIELDS as readonly string[]).includes(name);
}

/** Whether `v` names a platform of the Messenger Profile API. */
export function isProfilePlatform(v: unknown): v is ProfilePlatform {
  return typeof v === "string" && (PROFILE_PLATFORMS as readonly string[]).includes(v);
}

/**
 * The row of a live field.
 *
 * @param wire - its wire name
 */
export function fieldByWire(wire: ProfileWireField): ProfileField {
  const spec = PROFILE_FIELDS.find((f) => f.wire === wire);
  if (!spec) throw new Error(`not a Messenger profile field: ${String(wire)}`);
  return spec;
}

/**
 * The given wire names, without duplicates, in POST order (the order a POST body and a DELETE
 * `fields` list use, so that requests are stable and comparable).
 *
 * @param fields - wire names in any order
 */
export function inPostOrder(fields: Iterable<ProfileWireField>): ProfileWireField[] {
  const set = new Set(fields);
  return PROFILE_WIRE_FIELDS.filter((f) => set.has(f));
}

/**
 * The live fields an object declares (inputs, checked inputs or state: a field is declared when its
 * input key holds a value, not undefined or null), wire names in POST order.
 *
 * @param args - the object, keyed by input name
 */
export function declaredFields(args: object | undefined | null): ProfileWireField[] {
  if (args === undefined || args === null) return [];
  const values = args as Readonly<Record<string, unknown>>;
  return PROFILE_FIELDS.filter((f) => values[f.input] !== undefined && values[f.input] !== null).map((f) => f.wire);
}

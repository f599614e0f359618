/**
 * Reading a Page's current Messenger profile, for `getMessengerProfile` and the
 * `messenger-profile-export` bin: which fields to read (checked before any call, with messages
 * that name the exact entry), and the read itself, exactly one
 * `GET /me/messenger_profile?fields=…` (plus `GET /me` only when the caller asks who the Page is).
 *
 * @packageDocumentation
 */
import { ArgumentError } from "../core/argument-error";
import type { PageOperations } from "../graph/operations";
import {
  DEFAULT_PLATFORM,
  DEPRECATED_FIELDS,
  PROFILE_FIELDS,
  PROFILE_PLATFORMS,
  inPostOrder,
  isProfilePlatform,
  type ProfileInputField,
  type ProfilePlatform,
  type ProfileWireField,
} from "../graph/profile-fields";
import { typeOf } from "../graph/url-rules";
import { profileFields } from "./normalize";
import type { NormalizedProfile } from "./types";
import { fromWire } from "./wire-form";

/** A request to read a profile that names no field of the platform, or a platform that does not exist. */
export class ProfileReadArgsError extends ArgumentError {
  /**
   * @param property - the argument concerned (`fields`, `platform`, `--fields`, …)
   * @param message - the whole message: what is wrong and what to write instead
   */
  constructor(property: string, message: string) {
    super(property, message);
    this.name = "ProfileReadArgsError";
  }
}

/** Which fields of which platform to read, checked. */
export interface ProfileReadSelection {
  /** The platform. */
  readonly platform: ProfilePlatform;
  /** The wire names to read, in POST order, each on the platform, no repeats. */
  readonly fields: readonly ProfileWireField[];
}

/** How the arguments are named in messages (a function argument, or a command-line flag). */
export interface ReadArgNames {
  /** The name of the field list, e.g. `fields` or `--fields`. */
  readonly fields: string;
  /** The name of the platform, e.g. `platform` or `--platform`. */
  readonly platform: string;
  /** How one entry of the field list is named, e.g. `fields[2]`. */
  readonly entry: (index: number) => string;
  /** Prefix of every message, e.g. `getMessengerProfile: `. */
  readonly prefix: string;
}

/** The names used by `getMessengerProfile`. */
export const FUNCTION_ARG_NAMES: ReadArgNames = {
  fields: "fields",
  platform: "platform",
  /** `fields[i]`. */
  entry: (i) => `fields[${i}]`,
  prefix: "getMessengerProfile: ",
};

const quote = (s: string): string => JSON.stringify(s.length > 60 ? `${s.slice(0, 57)}...` : s);
const platformName = (p: ProfilePlatform): string => (p === "instagram" ? "Instagram" : "Messenger");

/**
 * The input names of the fields that exist on a platform, in POST order.
 *
 * @param platform - the platform
 */
export function inputFieldsOf(platform: ProfilePlatform): ProfileInputField[] {
  return PROFILE_FIELDS.filter((f) => f.platforms.includes(platform)).map((f) => f.input);
}

/**
 * The wire names of the fields that exist on a platform, in POST order.
 *
 * @param platform - the platform
 */
export function wireFieldsOf(platform: ProfilePlatform): ProfileWireField[] {
  return PROFILE_FIELDS.filter((f) => f.platforms.includes(platform)).map((f) => f.wire);
}

/**
 * Checks what a caller asked to read: the platform (`"messenger"`, the default, or `"instagram"`) and
 * the fields by input name (default: every field of the platform). Repeats are read once. Makes no
 * call.
 *
 * @param fields - a list of input names (`greeting`, `persistentMenu`, …), or undefined for all
 * @param platform - the platform, or undefined for `"messenger"`
 * @param names - how to name the arguments in messages
 * @throws {@link ProfileReadArgsError} naming the argument and, for a field, its index
 */
export function checkReadSelection(
  fields: unknown,
  platform: unknown,
  names: ReadArgNames = FUNCTION_ARG_NAMES,
): ProfileReadSelection {
  const fail = (property: string, reason: string): never => {
    throw new ProfileReadArgsError(property, `${names.prefix}${property} ${reason}`);
  };
  let chosen: ProfilePlatform = DEFAULT_PLATFORM;
  if (platform !== undefined && platform !== null) {
    if (!isProfilePlatform(platform))
      fail(
        names.platform,
        `must be ${PROFILE_PLATFORMS.map((p) => `"${p}"`).join(" or ")}, got ${typeof platform === "string" ? quote(platform) : typeOf(platform)}`,
      );
    chosen = platform as ProfilePlatform;
  }
  const available = inputFieldsOf(chosen);
  if (fields === undefined || fields === null) return { platform: chosen, fields: wireFieldsOf(chosen) };
  if (!Array.isArray(fields))
    fail(names.fields, `must be a list of field names, e.g. ["greeting", "persistentMenu"], got ${typeOf(fields)}`);
  const list = fields as readonly unknown[];
  if (list.length === 0)
    fail(names.fields, `must name at least one field (${available.join(", ")}), or be left out to read them all`);
  const wanted = new Set<ProfileWireField>();
  list.forEach((name, i) => {
    const at = names.entry(i);
    if (typeof name !== "string") return fail(at, `must be a field name, got ${typeOf(name)}`);
    const spec = PROFILE_FIELDS.find((f) => f.input === name);
    if (spec === undefined) {
      const byWire = PROFILE_FIELDS.find((f) => f.wire === name);
      if (byWire) return fail(at, `${quote(name)} is the wire name: write ${JSON.stringify(byWire.input)}`);
      const deprecated = DEPRECATED_FIELDS.find((d) => d.input === name || d.wire === name);
      if (deprecated) return fail(at, `${quote(name)} ${deprecated.message}`);
      return fail(at, `${quote(name)} is not a Messenger profile field: use one of ${available.join(", ")}`);
    }
    if (!spec.platforms.includes(chosen))
      return fail(
        at,
        `${quote(name)} does not exist on ${platformName(chosen)}: with ${names.platform} "instagram" only ${inputFieldsOf("instagram").join(" and ")} can be read`,
      );
    wanted.add(spec.wire);
  });
  return { platform: chosen, fields: inPostOrder(wanted) };
}

/** What a read found. */
export interface PageProfileSnapshot {
  /** The Page id (only when asked for, with `identify`). */
  readonly pageId?: string;
  /** The Page name (only when asked for, with `identify`). */
  readonly pageName?: string;
  /** The platform read. */
  readonly platform: ProfilePlatform;
  /** The fields read that are set, normalized (a field not set is absent). */
  readonly profile: NormalizedProfile;
  /** The wire names of the fields read that are set, in POST order. */
  readonly fields: readonly ProfileWireField[];
}

/** What to read. */
export interface ReadPageProfileOptions {
  /**
   * The platform.
   *
   * @defaultValue `"messenger"`
   */
  readonly platform?: ProfilePlatform;
  /**
   * The wire names to read (fields that do not exist on the platform are left out).
   *
   * @defaultValue every field of the platform
   */
  readonly fields?: readonly ProfileWireField[];
  /**
   * Also ask who the Page is (`GET /me`, made at the same time as the profile GET; it does not count
   * against the profile's budget of 10 calls per 10 minutes).
   *
   * @defaultValue false
   */
  readonly identify?: boolean;
}

/**
 * Reads a Page's current profile with exactly one `GET /me/messenger_profile?fields=…` of the
 * selected fields (and, with `identify`, one `GET /me`).
 *
 * @example
 * ```ts
 * const page = new ProfileOperations().page({ graphApiUrl, token, apiVersion: "v25.0" });
 * const { profile, fields } = await readPageProfile(page, { platform: "instagram" });
 * ```
 *
 * @param page - the Page's operations
 * @param options - platform, fields, identify
 * @throws {@link ProfileReadArgsError} when no field of the platform is selected (before any call)
 * @throws `GraphApiError` when a call fails
 */
export async function readPageProfile(
  page: PageOperations,
  options: ReadPageProfileOptions = {},
): Promise<PageProfileSnapshot> {
  const platform = options.platform ?? DEFAULT_PLATFORM;
  const onPlatform = wireFieldsOf(platform);
  const asked = inPostOrder((options.fields ?? onPlatform).filter((w) => onPlatform.includes(w)));
  if (asked.length === 0)
    throw new ProfileReadArgsError(
      "fields",
      `no field to read on ${platformName(platform)}: name at least one of ${onPlatform.join(", ")}`,
    );
  const [identity, raw] = await Promise.all([
    options.identify ? page.whoAmI() : Promise.resolve(undefined),
    page.getFields(asked, platform),
  ]);
  // Only what was asked: a server that answers more fields must not widen the result.
  const picked: Partial<Record<ProfileWireField, unknown>> = {};
  for (const w of asked) if (raw[w] !== undefined) picked[w] = raw[w];
  const profile = fromWire(picked, platform);
  return {
    ...(identity ? { pageId: identity.id, pageName: identity.name } : {}),
    platform,
    profile,
    fields: profileFields(profile),
  };
}

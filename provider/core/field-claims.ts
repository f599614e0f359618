/**
 * Who owns which profile field of which Page and platform, among the resources one front door sees:
 * the program's resources (`program-claims.ts`, in the program's process) or the resources the
 * provider plugin checks (in the plugin's process, {@link FieldClaimRegistry.claimInputs}). A Page is told apart by its Graph
 * endpoint and its token (the `pageAccessToken` input, or the stack's token): what is known at
 * preview without a call.
 *
 * @packageDocumentation
 */
import { endpointOf } from "../graph/endpoint";
import { DEFAULT_PLATFORM, fieldByWire, type ProfileWireField } from "../graph/profile-fields";
import { tokenFingerprint } from "./settings";
import { isUnknown } from "./unknown";

/** Thrown when two resources of one program claim the same field of the same Page and platform. */
export class FieldConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FieldConflictError";
  }
}

/** Where a resource's fields live: its endpoint, token and platform inputs (undefined: the stack's / default). */
export interface ClaimTarget {
  /** The `platform` input (default Messenger). */
  readonly platform?: string;
  /** The `pageAccessToken` input (default: the stack's token). */
  readonly pageAccessToken?: string;
  /** The `graphApiUrl` input (default: the stack's endpoint). */
  readonly graphApiUrl?: string;
}

/** One field of one Page and platform, as a resource claims it. */
export interface ClaimKey {
  /** The registry key. */
  readonly key: string;
  /** The field. */
  readonly field: ProfileWireField;
  /** The platform. */
  readonly platform: string;
}

/** The owners of every claimed field, in order of their claims. */
export class FieldClaimRegistry {
  private readonly owners = new Map<string, string[]>();

  /**
   * Records that `resource` owns `fields` of `target` (replacing what it claimed before).
   *
   * @param resource - the resource, as messages name it, e.g. `MessengerProfile "bot"`
   * @param fields - the fields it owns
   * @param target - where they live
   * @returns the keys claimed
   */
  claim(resource: string, fields: readonly ProfileWireField[], target: ClaimTarget): ClaimKey[] {
    for (const list of this.owners.values()) {
      const i = list.indexOf(resource);
      if (i >= 0) list.splice(i, 1);
    }
    const url = target.graphApiUrl === undefined ? "stack endpoint" : endpointOf(target.graphApiUrl);
    const token = target.pageAccessToken === undefined ? "stack token" : tokenFingerprint(target.pageAccessToken);
    const platform = target.platform ?? DEFAULT_PLATFORM;
    const keys = fields.map((field) => ({
      key: `${url}\u0000${token}\u0000${platform}\u0000${field}`,
      field,
      platform,
    }));
    for (const k of keys) {
      const list = this.owners.get(k.key) ?? [];
      if (!list.includes(resource)) list.push(resource);
      this.owners.set(k.key, list);
    }
    return keys;
  }

  /**
   * The first of these fields owned by two resources, as the error that names them (the later first).
   *
   * @param keys - claimed keys
   */
  conflictOf(keys: readonly ClaimKey[]): FieldConflictError | undefined {
    for (const k of keys) {
      const list = this.owners.get(k.key) ?? [];
      if (list.length < 2) continue;
      const input = fieldByWire(k.field).input;
      return new FieldConflictError(
        `${list[1]} and ${list[0]} both own ${input} (${k.field}) of the same Page's ${k.platform} profile: ` +
          `each \`pulumi up\` would overwrite the other's value, and destroying one would delete it for both. ` +
          `Declare ${input} in one of them only.`,
      );
    }
    return undefined;
  }

  /**
   * Claims a resource's fields from its checked inputs (what the provider plugin sees of every
   * resource of a deployment), and returns the conflict found, if any. While the platform, token or
   * endpoint is not known (preview), nothing is claimed: the check happens at `up`, when it is.
   *
   * @param resource - the resource, as messages name it
   * @param fields - the fields it owns
   * @param inputs - its checked inputs (`platform`, `pageAccessToken`, `graphApiUrl` are read)
   */
  claimInputs(
    resource: string,
    fields: readonly ProfileWireField[],
    inputs: Readonly<Record<string, unknown>>,
  ): FieldConflictError | undefined {
    const { platform, pageAccessToken, graphApiUrl } = inputs;
    const known = (v: unknown): v is string | undefined => v === undefined || (typeof v === "string" && !isUnknown(v));
    if (!known(platform) || !known(pageAccessToken) || !known(graphApiUrl)) return undefined;
    return this.conflictOf(this.claim(resource, fields, { platform, pageAccessToken, graphApiUrl }));
  }
}

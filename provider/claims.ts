/**
 * Conflicts between resources of one program: two resources that claim the same profile field of
 * the same Page and platform (two `MessengerProfile`s, or a `MessengerProfile` and a
 * `MessengerAccountLinking` both owning `account_linking_url`) would overwrite each other at every
 * `up`, and the first destroyed would delete the other's field. Each resource registers its claims
 * when it is constructed, in the program's own process, which sees every resource of the program;
 * the second claim fails the program at preview with a message that names both resources.
 *
 * Where a claim is made: the Page is told apart by its token (the `pageAccessToken` input, or the
 * stack's token from config or environment) and its Graph endpoint, the only facts known at preview
 * without a call. Limits, documented in docs/profile.md: two different tokens of the same Page are
 * not recognized as one Page; a token known only after another resource is created is checked at
 * `up`, when it is known; claims from other stacks are not seen.
 *
 * @packageDocumentation
 */
import * as pulumi from "@pulumi/pulumi";
import { DEFAULT_PLATFORM, fieldByWire, type ProfileWireField } from "./profile/fields";
import { tokenFingerprint } from "./settings";

/** One resource's claim on profile fields. */
export interface FieldClaim {
  /** The resource, as messages name it: type and name, e.g. `MessengerProfile "bot"`. */
  readonly resource: string;
  /** The fields it owns, wire names. */
  readonly fields: readonly ProfileWireField[];
  /** Its platform input (default Messenger). */
  readonly platform?: pulumi.Input<string>;
  /** Its token input (default: the stack's token). */
  readonly pageAccessToken?: pulumi.Input<string>;
  /** Its endpoint input (default: the stack's endpoint). */
  readonly graphApiUrl?: pulumi.Input<string>;
}

/** Thrown when two resources of one program claim the same field of the same Page and platform. */
export class FieldConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FieldConflictError";
  }
}

type Registry = Map<string, string>;

/** Shared by every copy of this package loaded in the program (one registry per program process). */
const REGISTRY = Symbol.for("pulumi-messenger-account-linking/field-claims/v1");

function registry(): Registry {
  const holder = globalThis as { [REGISTRY]?: Registry };
  return (holder[REGISTRY] ??= new Map<string, string>());
}

/** Forgets every claim (for tests that construct resources in one process more than once). */
export function resetClaims(): void {
  registry().clear();
}

function isPlain(v: unknown): boolean {
  return !pulumi.Output.isInstance(v) && !(v instanceof Promise);
}

/**
 * Registers a resource's claims. When the platform, token and endpoint are plain values the check
 * runs at once and throws; when one is an Output, it runs when the values are known and a conflict
 * fails the program then (an unhandled rejection, which Pulumi reports as the program's error).
 *
 * @param claim - the resource and what it owns
 * @throws FieldConflictError when another resource of the program owns one of the fields already
 */
export function claimFields(claim: FieldClaim): void {
  if (claim.fields.length === 0) return;
  if (isPlain(claim.platform) && isPlain(claim.pageAccessToken) && isPlain(claim.graphApiUrl)) {
    register(
      claim,
      claim.platform as string | undefined,
      claim.pageAccessToken as string | undefined,
      claim.graphApiUrl as string | undefined,
    );
    return;
  }
  void pulumi
    .all([claim.platform, claim.pageAccessToken, claim.graphApiUrl])
    .apply(([platform, token, url]) => register(claim, platform, token, url));
}

function register(claim: FieldClaim, platform?: string, token?: string, url?: string): void {
  const page = `${url === undefined ? "stack endpoint" : url.replace(/\/+$/, "")}\u0000${token === undefined ? "stack token" : tokenFingerprint(token)}`;
  const where = platform ?? DEFAULT_PLATFORM;
  const reg = registry();
  for (const field of claim.fields) {
    const key = `${page}\u0000${where}\u0000${field}`;
    const other = reg.get(key);
    if (other !== undefined && other !== claim.resource)
      throw new FieldConflictError(
        `${claim.resource} and ${other} both own ${fieldByWire(field).input} (${field}) of the same Page's ${where} profile: ` +
          `each \`pulumi up\` would overwrite the other's value, and destroying one would delete it for both. ` +
          `Declare ${fieldByWire(field).input} in one of them only.`,
      );
    reg.set(key, claim.resource);
  }
}

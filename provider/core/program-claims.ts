/**
 * Conflicts between resources of one program: two resources that claim the same profile field of
 * the same Page and platform (two `MessengerProfile`s, or a `MessengerProfile` and a
 * `MessengerAccountLinking` both owning `account_linking_url`) would overwrite each other at every
 * `up`, and the first destroyed would delete the other's field. Each resource registers its claims
 * when it is constructed, in the program's own process, which sees every resource of the program;
 * the second claim fails the program at preview with a message that names both resources.
 *
 * Failing the program is not enough on its own: an `up` that skips the preview (`--skip-preview`,
 * the Automation API) would already have sent the first resource to the engine, which creates it
 * while the program fails. So each resource's registration also waits, through its `dependsOn`, for
 * a gate that opens one turn of the event loop after its claim, once the claims the program makes
 * at the same time are all in, and that rejects when one of them conflicts: neither resource is
 * registered, nothing is created. The gate adds no dependency to state.
 *
 * Where a claim is made: the Page is told apart by its token (the `pageAccessToken` input, or the
 * stack's token from config or environment) and its Graph endpoint, the only facts known at preview
 * without a call. Limits, documented in docs/profile.md: two different tokens of the same Page are
 * not recognized as one Page; a token known only after another resource is created is checked at
 * `up`, when it is known; claims from other stacks are not seen; a resource constructed later than
 * the same turn (after an `await`, or inside an apply that waits on another resource) still fails
 * the program, but the resource it conflicts with may have been registered already.
 *
 * @packageDocumentation
 */
import * as pulumi from "@pulumi/pulumi";
import { FieldClaimRegistry, type ClaimKey } from "./field-claims";
import type { ProfileWireField } from "../graph/profile-fields";

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

/**
 * Shared by every copy of this package loaded in the program (one registry per program process). It
 * keeps the package's first name: copies of every version in one program must share one registry.
 */
const REGISTRY = Symbol.for("pulumi-messenger-account-linking/field-claims/v3");

function registry(): FieldClaimRegistry {
  const holder = globalThis as { [REGISTRY]?: FieldClaimRegistry };
  return (holder[REGISTRY] ??= new FieldClaimRegistry());
}

function isPlain(v: unknown): boolean {
  return !pulumi.Output.isInstance(v) && !(v instanceof Promise);
}

/**
 * Registers a resource's claims and returns its resource options with the gate added to
 * `dependsOn` (see the module's documentation). When the platform, token and endpoint are plain
 * values the claims are registered at once, and a conflict throws; when one is an Output, they are
 * registered when the values are known, and a conflict rejects the gate (the program fails, the
 * resource is not registered).
 *
 * @param claim - the resource and what it owns
 * @param opts - the resource's options
 * @returns `opts`, with the gate in `dependsOn`
 * @throws FieldConflictError when another resource of the program owns one of the fields already
 */
export function claimFields(
  claim: FieldClaim,
  opts: pulumi.CustomResourceOptions | undefined,
): pulumi.CustomResourceOptions {
  if (claim.fields.length === 0) return { ...opts };
  let gate: pulumi.Input<pulumi.Resource[]>;
  if (isPlain(claim.platform) && isPlain(claim.pageAccessToken) && isPlain(claim.graphApiUrl)) {
    const keys = register(
      claim,
      claim.platform as string | undefined,
      claim.pageAccessToken as string | undefined,
      claim.graphApiUrl as string | undefined,
    );
    gate = opened(keys);
  } else {
    gate = pulumi
      .all([claim.platform, claim.pageAccessToken, claim.graphApiUrl])
      .apply(([platform, token, url]) => opened(register(claim, platform, token, url)));
  }
  // gatherExplicitDependencies walks nested arrays, promises and Outputs: the gate resolves to no resource.
  const dependsOn = (opts?.dependsOn === undefined
    ? [gate]
    : [gate, opts.dependsOn]) as unknown as pulumi.Input<pulumi.Resource>[];
  return { ...opts, dependsOn };
}

/** The gate of claims just registered: resolves to no resource a turn later, or rejects with the conflict found then. */
function opened(keys: readonly ClaimKey[]): Promise<pulumi.Resource[]> {
  return new Promise((resolve, reject) =>
    setImmediate(() => {
      const conflict = registry().conflictOf(keys);
      if (conflict === undefined) resolve([]);
      else reject(conflict);
    }),
  );
}

/** Registers the claims; throws when one of the fields already has another owner. */
function register(claim: FieldClaim, platform?: string, token?: string, url?: string): ClaimKey[] {
  const keys = registry().claim(claim.resource, claim.fields, { platform, pageAccessToken: token, graphApiUrl: url });
  const conflict = registry().conflictOf(keys);
  if (conflict !== undefined) throw conflict;
  return keys;
}

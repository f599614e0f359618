/**
 * What every TypeScript class of this package does when a program constructs it: registers the
 * profile fields it owns (`program-claims.ts`), keeps its secret inputs and outputs encrypted
 * (`secrets.ts`), and registers a dynamic resource of type `messenger:<ClassName>` whose provider is
 * its shim (`dynamic-shim.ts`).
 *
 * It is a function that computes the arguments of `pulumi.dynamic.Resource`'s constructor, not a
 * base class: the classes stay direct subclasses of `pulumi.dynamic.Resource`, and the stack trace
 * the engine records in state for every resource keeps one frame of this package, not two.
 *
 * @packageDocumentation
 */
import * as pulumi from "@pulumi/pulumi";
import type { ProfileWireField } from "../graph/profile-fields";
import type { ConnectionArgs } from "./connection-args";
import { PULUMI_PACKAGE } from "./package-names";
import { claimFields } from "./program-claims";
import { secretInputs, withSecretOutputs } from "./secrets";

/** What a class says about its kind. */
export interface DynamicResourceKind {
  /** The class name: the dynamic type `messenger:<className>`, which state records. */
  readonly className: string;
  /** The provider Pulumi serializes into state: the resource's shim module. */
  readonly provider: pulumi.dynamic.ResourceProvider;
  /**
   * Outputs that are also optional inputs (set to undefined when the program leaves them out, so
   * that each output exists on the object).
   */
  readonly optionalInputs?: readonly string[];
  /** Output-only properties (set to undefined, so that each output exists on the object). */
  readonly outputsOnly: readonly string[];
  /** Secret inputs and outputs of its own, beyond the Page token and app secret (e.g. a verify token). */
  readonly secrets?: readonly string[];
}

/** The inputs read here: the connection inputs, and the platform of a profile. */
export interface DynamicResourceArgs extends ConnectionArgs {
  /** The profile's platform, when the resource has one. */
  readonly platform?: pulumi.Input<string>;
}

/**
 * The arguments of `pulumi.dynamic.Resource`'s constructor for one of this package's classes, after
 * registering the profile fields the resource owns.
 *
 * @example
 * ```ts
 * constructor(name: string, args: MyArgs, opts?: pulumi.CustomResourceOptions) {
 *   super(...dynamicResourceArgs(KIND, name, args, ["greeting"], opts));
 * }
 * ```
 *
 * @param kind - the class's kind
 * @param name - the resource's logical name
 * @param args - its inputs
 * @param owned - the profile fields it owns (claimed: another resource of the program that owns one of
 *   them on the same Page and platform fails the program)
 * @param opts - resource options
 * @returns provider, name, props, options, module and type, in the constructor's order
 * @throws FieldConflictError when another resource of the program owns one of the fields
 */
export function dynamicResourceArgs(
  kind: DynamicResourceKind,
  name: string,
  args: DynamicResourceArgs,
  owned: readonly ProfileWireField[],
  opts: pulumi.CustomResourceOptions | undefined,
): [pulumi.dynamic.ResourceProvider, string, pulumi.Inputs, pulumi.CustomResourceOptions, string, string] {
  const gated = claimFields(
    {
      resource: `${kind.className} "${name}"`,
      fields: owned,
      platform: args.platform,
      pageAccessToken: args.pageAccessToken,
      graphApiUrl: args.graphApiUrl,
    },
    opts,
  );
  const undefinedFor = (keys: readonly string[] = []) => Object.fromEntries(keys.map((k) => [k, undefined]));
  const own = args as unknown as Readonly<Record<string, unknown>>;
  const ownSecrets = (kind.secrets ?? []).filter((k) => own[k] !== undefined);
  const props = {
    ...undefinedFor(kind.optionalInputs),
    ...args,
    ...secretInputs(args),
    ...Object.fromEntries(ownSecrets.map((k) => [k, pulumi.secret(own[k])])),
    ...undefinedFor(kind.outputsOnly),
  };
  const options = withSecretOutputs(gated);
  options.additionalSecretOutputs = [...(options.additionalSecretOutputs ?? []), ...(kind.secrets ?? [])];
  return [kind.provider, name, props, options, PULUMI_PACKAGE, kind.className];
}

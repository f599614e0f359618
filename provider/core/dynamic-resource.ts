/**
 * What every TypeScript class of this package does when a program constructs it: registers the
 * profile fields it owns (`program-claims.ts`), keeps its secret inputs and outputs encrypted
 * (`secrets.ts`), and registers a dynamic resource of type `messenger:<ClassName>` whose provider is
 * its shim (`dynamic-shim.ts`).
 *
 * @packageDocumentation
 */
import * as pulumi from "@pulumi/pulumi";
import type { ProfileWireField } from "../graph/profile-fields";
import type { ConnectionArgs } from "./connection-args";
import { PULUMI_PACKAGE } from "./package-names";
import { claimFields } from "./program-claims";
import { secretInputs, withSecretOutputs } from "./secrets";

/** What a class tells its base about its kind. */
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
}

/** The inputs the base reads: the connection inputs, and the platform of a profile. */
export interface DynamicResourceArgs extends ConnectionArgs {
  /** The profile's platform, when the resource has one. */
  readonly platform?: pulumi.Input<string>;
}

/** The base of this package's TypeScript resource classes (dynamic resources). */
export abstract class MessengerDynamicResource extends pulumi.dynamic.Resource {
  /**
   * @param kind - the class's kind
   * @param name - the resource's logical name
   * @param args - its inputs
   * @param owned - the profile fields it owns (claimed: another resource of the program that owns
   *   one of them on the same Page and platform fails the program)
   * @param opts - resource options
   * @throws FieldConflictError when another resource of the program owns one of the fields
   */
  protected constructor(
    kind: DynamicResourceKind,
    name: string,
    args: DynamicResourceArgs,
    owned: readonly ProfileWireField[],
    opts: pulumi.CustomResourceOptions | undefined,
  ) {
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
    const props = {
      ...undefinedFor(kind.optionalInputs),
      ...args,
      ...secretInputs(args),
      ...undefinedFor(kind.outputsOnly),
    };
    super(kind.provider, name, props, withSecretOutputs(gated), PULUMI_PACKAGE, kind.className);
  }
}

/**
 * The secrets every resource of this package takes as inputs (the Page token and the app secret),
 * kept encrypted in state by both front doors: the TypeScript classes wrap them as secrets and mark
 * them as secret outputs; the provider plugin wraps the same properties in what it returns.
 *
 * @packageDocumentation
 */
import * as pulumi from "@pulumi/pulumi";

/** Input and output properties that are secrets whenever they are present. */
export const SECRET_PROPERTIES = ["pageAccessToken", "appSecret"] as const;

/** The secret inputs of a resource. */
export interface SecretInputs {
  /** Page access token. */
  readonly pageAccessToken?: pulumi.Input<string>;
  /** App secret. */
  readonly appSecret?: pulumi.Input<string>;
}

/**
 * The secret inputs, each wrapped as a secret when given (undefined stays undefined).
 *
 * @param args - the resource's inputs
 */
export function secretInputs(args: SecretInputs): {
  pageAccessToken: pulumi.Output<string> | undefined;
  appSecret: pulumi.Output<string> | undefined;
} {
  return {
    pageAccessToken: args.pageAccessToken === undefined ? undefined : pulumi.secret(args.pageAccessToken),
    appSecret: args.appSecret === undefined ? undefined : pulumi.secret(args.appSecret),
  };
}

/**
 * Resource options with the secret properties added to the caller's `additionalSecretOutputs`.
 *
 * @param opts - the options so far
 */
export function withSecretOutputs(opts: pulumi.CustomResourceOptions): pulumi.CustomResourceOptions {
  return {
    ...opts,
    additionalSecretOutputs: [...new Set([...(opts.additionalSecretOutputs ?? []), ...SECRET_PROPERTIES])],
  };
}

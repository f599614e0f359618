/**
 * The object Pulumi serializes into every resource's state (`__provider`): a thin shim whose
 * methods `require` the real lifecycle at run time inside the dynamic-provider host.
 *
 * Why: Pulumi serializes whatever the provider object captures. Capturing the lifecycle would copy
 * it (and everything it reaches) into the state by value when the package is reached by a relative
 * path, and by value node-fetch is silently replaced by the global fetch and module-level caches
 * (the keep-alive agent) are recreated per call. The shim captures one string, the package
 * specifier of the lifecycle module; the host resolves it from its working directory, the Pulumi
 * project, through `node_modules` (the installed package, or this repository's self-link).
 *
 * @packageDocumentation
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import type { AccountLinkingInputs, AccountLinkingOutputs } from "./types";

/** The package specifier the host requires: the compiled lifecycle of this package. */
export const LIFECYCLE_MODULE = "pulumi-messenger-account-linking/dist/provider/lifecycle.js";

/**
 * Creates the provider shim. Each method loads the lifecycle module (cached by Node after the first
 * call) and delegates to its single instance.
 */
export function createProviderShim(): dynamic.ResourceProvider<AccountLinkingInputs, AccountLinkingOutputs> {
  const spec = LIFECYCLE_MODULE;
  type Lifecycle = typeof import("./lifecycle");
  return {
    configure: (req) => (require(spec) as Lifecycle).lifecycle.configure(req),
    check: (olds, news) => (require(spec) as Lifecycle).lifecycle.check(olds, news),
    diff: (id, olds, news) => (require(spec) as Lifecycle).lifecycle.diff(id, olds, news),
    create: (inputs) => (require(spec) as Lifecycle).lifecycle.create(inputs),
    read: (id, props) => (require(spec) as Lifecycle).lifecycle.read(id, props),
    update: (id, olds, news) => (require(spec) as Lifecycle).lifecycle.update(id, olds, news),
    delete: (id, props) => (require(spec) as Lifecycle).lifecycle.delete(id, props),
  };
}

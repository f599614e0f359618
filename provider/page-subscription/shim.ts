/**
 * The provider object Pulumi serializes into every `MessengerPageSubscription`'s state: this module's
 * exports, which load the resource's host module (`lifecycle.ts`) by name inside the
 * dynamic-provider host (see `core/dynamic-shim.ts`).
 *
 * Nothing but the provider methods may be exported from this module.
 *
 * @packageDocumentation
 */
import { dynamicShim } from "../core/dynamic-shim";
import { NPM_PACKAGE } from "../core/package-names";
import type { PageSubscriptionInputs, PageSubscriptionOutputs } from "./types";

const shim = dynamicShim<PageSubscriptionInputs, PageSubscriptionOutputs>(
  `${NPM_PACKAGE}/dynamic/page-subscription/lifecycle`,
);

/** Delegates to the lifecycle's steps. */
export const { configure, check, diff, create, read, update } = shim;
const { delete: remove } = shim;
export { remove as delete };

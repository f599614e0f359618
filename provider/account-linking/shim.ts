/**
 * The provider object Pulumi serializes into every `MessengerAccountLinking`'s state: this module's
 * exports, which load the resource's host module (`lifecycle.ts`) by name inside the
 * dynamic-provider host (see `core/dynamic-shim.ts`). Captured by reference, `__provider` is
 * `require("pulumi-messenger/dynamic/account-linking")`.
 *
 * Nothing but the provider methods may be exported from this module.
 *
 * @packageDocumentation
 */
import { dynamicShim } from "../core/dynamic-shim";
import { NPM_PACKAGE } from "../core/package-names";
import type { AccountLinkingInputs, AccountLinkingOutputs } from "./types";

const shim = dynamicShim<AccountLinkingInputs, AccountLinkingOutputs>(
  `${NPM_PACKAGE}/dynamic/account-linking/lifecycle`,
);

/** Delegates to the lifecycle's steps. */
export const { configure, check, diff, create, read, update } = shim;
const { delete: remove } = shim;
export { remove as delete };

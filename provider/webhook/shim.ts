/**
 * The provider object Pulumi serializes into every `MessengerWebhook`'s state: this module's
 * exports, which load the resource's host module (`lifecycle.ts`) by name inside the
 * dynamic-provider host (see `core/dynamic-shim.ts`).
 *
 * Nothing but the provider methods may be exported from this module.
 *
 * @packageDocumentation
 */
import { dynamicShim } from "../core/dynamic-shim";
import { NPM_PACKAGE } from "../core/package-names";
import type { WebhookInputs, WebhookOutputs } from "./types";

const shim = dynamicShim<WebhookInputs, WebhookOutputs>(`${NPM_PACKAGE}/dynamic/webhook/lifecycle`);

/** Delegates to the lifecycle's steps. */
export const { configure, check, diff, create, read, update } = shim;
const { delete: remove } = shim;
export { remove as delete };

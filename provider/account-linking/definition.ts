/**
 * `MessengerAccountLinking` as the resource table lists it (`provider/resources.ts`): the provider
 * plugin serves it as `messenger:index:AccountLinking`, on the same lifecycle as the class.
 *
 * @packageDocumentation
 */
import type { ResourceDefinition } from "../core/resource-definition";
import { SECRET_PROPERTIES } from "../core/secrets";
import { AccountLinkingLifecycle } from "./lifecycle";
import { ACCOUNT_LINKING_CLASS, type AccountLinkingInputs, type AccountLinkingOutputs } from "./types";

/** The account linking URL of a Page. */
export const ACCOUNT_LINKING: ResourceDefinition<AccountLinkingInputs, AccountLinkingOutputs> = {
  name: "AccountLinking",
  className: ACCOUNT_LINKING_CLASS,
  outputsType: "AccountLinkingOutputs",
  secretProperties: SECRET_PROPERTIES,
  /** One lifecycle per provider process. */
  lifecycle: () => new AccountLinkingLifecycle(),
  /** The fields it owns. */
  ownedFields: () => ["account_linking_url"],
};

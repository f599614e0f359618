/**
 * `MessengerPageSubscription` as the resource table lists it (`provider/resources.ts`): the provider
 * plugin serves it as `messenger:index:PageSubscription`, on the same lifecycle as the class.
 *
 * @packageDocumentation
 */
import type { ResourceDefinition } from "../core/resource-definition";
import { SECRET_PROPERTIES } from "../core/secrets";
import { PageSubscriptionLifecycle } from "./lifecycle";
import { PAGE_SUBSCRIPTION_CLASS, type PageSubscriptionInputs, type PageSubscriptionOutputs } from "./types";

/** A Page's subscription of an app, its fields owned whole. */
export const PAGE_SUBSCRIPTION: ResourceDefinition<PageSubscriptionInputs, PageSubscriptionOutputs> = {
  name: "PageSubscription",
  className: PAGE_SUBSCRIPTION_CLASS,
  outputsType: "PageSubscriptionOutputs",
  secretProperties: SECRET_PROPERTIES,
  /** One lifecycle per provider process. */
  lifecycle: () => new PageSubscriptionLifecycle(),
  /** No profile field. */
  ownedFields: () => [],
  /** What it makes Graph deliver, for the checks across a deployment. */
  delivery: {
    kind: "pageSubscription",
    /** The claim, from the checked inputs. */
    values: (i) => ({ ...i, fields: i.subscribedFields }),
  },
};

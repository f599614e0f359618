/**
 * `MessengerWebhook` as the resource table lists it (`provider/resources.ts`): the provider plugin
 * serves it as `messenger:index:Webhook`, on the same lifecycle as the class.
 *
 * @packageDocumentation
 */
import type { ResourceDefinition } from "../core/resource-definition";
import { WebhookLifecycle } from "./lifecycle";
import { WEBHOOK_CLASS, type WebhookInputs, type WebhookOutputs } from "./types";

/** An app's webhook subscription of one object, owned field by field. */
export const WEBHOOK: ResourceDefinition<WebhookInputs, WebhookOutputs> = {
  name: "Webhook",
  className: WEBHOOK_CLASS,
  outputsType: "WebhookOutputs",
  secretProperties: ["appSecret", "verifyToken"],
  /** One lifecycle per provider process. */
  lifecycle: () => new WebhookLifecycle(),
  /** No profile field. */
  ownedFields: () => [],
  /** What it makes Graph deliver, for the checks across a deployment. */
  delivery: {
    kind: "webhook",
    /** The claim, from the checked inputs. */
    values: (i) => ({ ...i }),
  },
};

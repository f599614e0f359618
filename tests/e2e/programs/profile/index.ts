// MessengerProfile (and MessengerAccountLinking, MessengerWebhook, MessengerPageSubscription) resources
// declared by stack config, so that one program serves every step of the engine tests: config
// `resources` is a JSON list of `{ kind?: "profile" | "link" | "read" | "webhook" | "subscription", name,
// tokenKey?, args }` ("read": getMessengerProfile with `args`). `tokenKey` names a secret config key whose
// value becomes the pageAccessToken input (else the stack's messenger:pageAccessToken is used).
import * as pulumi from "@pulumi/pulumi";
import {
  getMessengerProfile,
  type GetMessengerProfileArgs,
  MessengerAccountLinking,
  MessengerPageSubscription,
  MessengerProfile,
  MessengerWebhook,
  type MessengerPageSubscriptionArgs,
  type MessengerWebhookArgs,
  type MessengerAccountLinkingArgs,
  type MessengerProfileArgs,
} from "pulumi-messenger";

interface Entry {
  readonly kind?: "profile" | "link" | "read" | "webhook" | "subscription";
  readonly name: string;
  readonly tokenKey?: string;
  readonly args: Record<string, unknown>;
}

const config = new pulumi.Config();
const entries = config.requireObject<Entry[]>("resources");

const outputs: Record<string, pulumi.Output<unknown>> = {};
for (const e of entries) {
  const token = e.tokenKey === undefined ? {} : { pageAccessToken: config.requireSecret(e.tokenKey) };
  if (e.kind === "read") {
    // getMessengerProfile: the Page's current profile read into the program (2 calls per run).
    outputs[e.name] = getMessengerProfile({ ...(e.args as GetMessengerProfileArgs), ...token });
  } else if (e.kind === "webhook") {
    const hook = new MessengerWebhook(e.name, e.args as unknown as MessengerWebhookArgs);
    outputs[e.name] = pulumi.all([hook.appId, hook.object, hook.fields]);
  } else if (e.kind === "subscription") {
    const sub = new MessengerPageSubscription(e.name, {
      ...(e.args as unknown as MessengerPageSubscriptionArgs),
      ...token,
    });
    outputs[e.name] = pulumi.all([sub.pageId, sub.subscribedFields]);
  } else if (e.kind === "link") {
    const link = new MessengerAccountLinking(e.name, {
      ...(e.args as unknown as MessengerAccountLinkingArgs),
      ...token,
    });
    outputs[e.name] = link.pageId;
  } else {
    const profile = new MessengerProfile(e.name, { ...(e.args as MessengerProfileArgs), ...token });
    outputs[e.name] = pulumi.all([profile.pageId, profile.platform, profile.ownedFields]);
  }
}

export const resources = outputs;

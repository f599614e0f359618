// MessengerProfile (and MessengerAccountLinking) resources declared by stack config, so that one
// program serves every step of the engine tests: config `resources` is a JSON list of
// `{ kind?: "profile" | "link", name, tokenKey?, args }`. `tokenKey` names a secret config key whose
// value becomes the pageAccessToken input (else the stack's messenger:pageAccessToken is used).
import * as pulumi from "@pulumi/pulumi";
import {
  MessengerAccountLinking,
  MessengerProfile,
  type MessengerAccountLinkingArgs,
  type MessengerProfileArgs,
} from "pulumi-messenger-account-linking";

interface Entry {
  readonly kind?: "profile" | "link";
  readonly name: string;
  readonly tokenKey?: string;
  readonly args: Record<string, unknown>;
}

const config = new pulumi.Config();
const entries = config.requireObject<Entry[]>("resources");

const outputs: Record<string, pulumi.Output<unknown>> = {};
for (const e of entries) {
  const token = e.tokenKey === undefined ? {} : { pageAccessToken: config.requireSecret(e.tokenKey) };
  if (e.kind === "link") {
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

// The reliability suite's program: any number of MessengerAccountLinking and MessengerProfile
// resources whose raw inputs come from stack config, so that a test can declare valid, invalid or
// faulted resources at will.
//
//   resources:        [{ "name": "a", "inputs": { "accountLinkingUrl": "https://…" } }, …]  (plain)
//                     a spec with "kind": "profile" declares a MessengerProfile
//   inputTokens:      secret JSON object, resource name -> pageAccessToken input
//   inputAppSecrets:  secret JSON object, resource name -> appSecret input
// A resource without an entry in inputTokens uses messenger:pageAccessToken.
import * as pulumi from "@pulumi/pulumi";
import { MessengerAccountLinking, MessengerProfile, type MessengerAccountLinkingArgs } from "pulumi-messenger";

interface Spec {
  readonly name: string;
  readonly kind?: "link" | "profile";
  readonly inputs: Record<string, unknown>;
}

const config = new pulumi.Config();
const specs = config.getObject<Spec[]>("resources") ?? [];
const tokenNames = config.getObject<string[]>("inputTokenNames") ?? [];
const secretNames = config.getObject<string[]>("inputAppSecretNames") ?? [];
const tokens = config.getSecretObject<Record<string, string>>("inputTokens");
const appSecrets = config.getSecretObject<Record<string, string>>("inputAppSecrets");

const links: MessengerAccountLinking[] = [];
const profiles: MessengerProfile[] = [];
for (const s of specs) {
  // Raw on purpose: the suite passes wrong types to see check reject them.
  const args = { ...s.inputs } as unknown as Record<string, pulumi.Input<unknown>>;
  if (tokens && tokenNames.includes(s.name)) args.pageAccessToken = tokens.apply((t) => t[s.name]);
  if (appSecrets && secretNames.includes(s.name)) args.appSecret = appSecrets.apply((t) => t[s.name]);
  if (s.kind === "profile") profiles.push(new MessengerProfile(s.name, args));
  else links.push(new MessengerAccountLinking(s.name, args as unknown as MessengerAccountLinkingArgs));
}

export const urls = pulumi.all(
  links.map((l) => pulumi.all([l.pageId, l.accountLinkingUrl]).apply(([id, url]) => ({ id, url }))),
);
export const profileFields = pulumi.all(
  profiles.map((p) => pulumi.all([p.pageId, p.ownedFields]).apply(([id, fields]) => ({ id, fields }))),
);

// The basic example: one Page's account linking URL, owned by Pulumi.
//
// The Page token comes from stack config (`pulumi config set --secret messenger:pageAccessToken …`)
// or MESSENGER_PAGE_ACCESS_TOKEN; the endpoint from messenger:graphApiUrl or MESSENGER_GRAPH_API_URL
// (the demo points it at the embedded emulator).
//
// Optionally, pass the token as the resource's input instead (`pulumi config set --secret tokenInput …`):
// it is then stored in state, encrypted, and switching to another Page's token replaces the resource.
import * as pulumi from "@pulumi/pulumi";
import { MessengerAccountLinking } from "pulumi-messenger";

const config = new pulumi.Config();

const link = new MessengerAccountLinking("account-linking", {
  accountLinkingUrl: config.get("accountLinkingUrl") ?? "https://example.com/messenger/link",
  api:
    config.get<"messenger_profile" | "thread_settings">("api", {
      allowedValues: ["messenger_profile", "thread_settings"],
    }) ?? "messenger_profile",
  pageAccessToken: config.getSecret("tokenInput"),
});

export const pageId = link.pageId;
export const pageName = link.pageName;
export const accountLinkingUrl = link.accountLinkingUrl;
export const api = link.api;

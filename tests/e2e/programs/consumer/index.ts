// A user's project: the package installed from its npm tarball, inputs from stack config.
import * as pulumi from "@pulumi/pulumi";
import { MessengerAccountLinking } from "pulumi-messenger";

type Api = "messenger_profile" | "thread_settings";
const config = new pulumi.Config();

// One Page: created when accountLinkingUrl is set. The token comes from messenger:pageAccessToken
// (provider config) unless tokenInput is set (then it is the resource's input).
const url = config.get("accountLinkingUrl");
const link =
  url === undefined
    ? undefined
    : new MessengerAccountLinking("account-linking", {
        accountLinkingUrl: url,
        api: config.get<Api>("api", { allowedValues: ["messenger_profile", "thread_settings"] }),
        pageAccessToken: config.getSecret("tokenInput"),
      });

// A fleet: fleetSize Pages, the i-th (1-based) with token fleetTokens[i-1] (a secret JSON list)
// and URL <fleetUrl>?page=<i>.
const fleetSize = config.getNumber("fleetSize") ?? 0;
const fleet: MessengerAccountLinking[] = [];
if (fleetSize > 0) {
  const tokens = config.requireSecretObject<string[]>("fleetTokens");
  const fleetUrl = config.require("fleetUrl");
  for (let i = 1; i <= fleetSize; i++) {
    fleet.push(
      new MessengerAccountLinking(`page-${i}`, {
        accountLinkingUrl: `${fleetUrl}?page=${i}`,
        pageAccessToken: tokens.apply((t) => t[i - 1]),
      }),
    );
  }
}

export const resourceId = link?.id;
export const pageId = link?.pageId;
export const pageName = link?.pageName;
export const accountLinkingUrl = link?.accountLinkingUrl;
export const api = link?.api;
export const tokenSource = link?.tokenSource;
export const fleetPageIds = fleet.length > 0 ? pulumi.all(fleet.map((l) => l.pageId)) : undefined;
export const fleetUrls = fleet.length > 0 ? pulumi.all(fleet.map((l) => l.accountLinkingUrl)) : undefined;

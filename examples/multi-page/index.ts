// Several Pages, each with its own URL and token, listed in stack config:
//
//   pulumi config set --path 'pages[0].name' shop
//   pulumi config set --path 'pages[0].accountLinkingUrl' https://shop.example.com/messenger/link
//   pulumi config set --secret shopToken <the shop Page's access token>
//   pulumi config set --path 'pages[1].name' support
//   pulumi config set --path 'pages[1].accountLinkingUrl' https://support.example.com/link
//   pulumi config set --secret supportToken <the support Page's access token>
//
// Each token is passed as the pageAccessToken input, so it is stored encrypted in state and each
// resource keeps the token of its own Page (a later token switch replaces only that resource).
import * as pulumi from "@pulumi/pulumi";
import { MessengerAccountLinking } from "pulumi-messenger";

interface PageEntry {
  /** Logical name; the secret config key `<name>Token` holds the Page's token. */
  name: string;
  /** The Page's account linking URL. */
  accountLinkingUrl: string;
}

const config = new pulumi.Config();
const pages = config.requireObject<PageEntry[]>("pages");

const links = pages.map(
  (p) =>
    new MessengerAccountLinking(p.name, {
      accountLinkingUrl: p.accountLinkingUrl,
      pageAccessToken: config.requireSecret(`${p.name}Token`),
    }),
);

export const linked = pulumi
  .all(links.map((l) => pulumi.all([l.pageId, l.pageName, l.accountLinkingUrl])))
  .apply((rows) => rows.map(([pageId, pageName, url]) => ({ pageId, pageName, url })));

// The benchmark's Pulumi program, run from a consumer project that installed the package from its
// npm pack tarball. `npm run bench` compiles it to JavaScript first, so that no run pays for a
// TypeScript compile. Stack config chooses what it declares:
//   bench:n       how many resources (default 1)
//   bench:mode    "real": MessengerAccountLinking resources; "noop": a dynamic resource whose
//                 provider does nothing (the engine's floor), with the same inputs; "profile": a
//                 full MessengerProfile (every field, two locales) per Page; "profile-json": one
//                 MessengerProfile on Page 1 whose args are the JSON of bench:profile; "webhook": one
//                 MessengerWebhook (object page) and the MessengerPageSubscription of Page bench:page
//                 (default 1), as bench:webhook declares them; "bot": the same with the full profile
//                 of that Page (a bot's whole set-up); "bot-profile": that profile alone;
//                 "subscriptions": one MessengerWebhook and a MessengerPageSubscription per Page
//   bench:webhook JSON {"callbackUrl": …, "fields": […]}: the webhook's callback and the field list
//                 of the app and of every Page subscription (the callback is the benchmark's loopback
//                 receiver, which answers Graph's verification)
//   bench:url     base account linking URL; resource i gets <url>?page=<i>
//   bench:page    when set, every resource uses this Page's token; otherwise resource i uses Page i
//   bench:tokenOffset  when set, resource i uses token tokenOffset + i of tokens.json (several tokens
//                 of one Page, to hit its rate limit: resources that own the same field of a Page
//                 through the same token are refused as conflicting)
// The emulator's Page tokens (fake ones, see makePages) are in tokens.json next to the program, in
// Page order, and the app's id, secret and the receiver's verify token in app.json: not in stack
// config, which the engine copies into the state of the dynamic providers' default provider. They
// are passed as inputs (stored encrypted).
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import {
  MessengerAccountLinking,
  MessengerPageSubscription,
  MessengerProfile,
  MessengerWebhook,
  type MessengerProfileArgs,
} from "pulumi-messenger";
import { fullProfile } from "./full-profile";

const config = new pulumi.Config("bench");
const n = config.getNumber("n") ?? 1;
const mode = config.get("mode") ?? "real";
const baseUrl = config.get("url") ?? "https://example.com/messenger/link";
const samePage = config.getNumber("page");
const tokenOffset = config.getNumber("tokenOffset");
const tokens = JSON.parse(fs.readFileSync(path.join(__dirname, "tokens.json"), "utf8")) as string[];

interface NoopInputs {
  readonly index: number;
}

// The baseline: a dynamic provider whose create and delete return at once. Pulumi serializes it by
// value (it captures nothing).
const noopProvider: pulumi.dynamic.ResourceProvider = {
  create(inputs: NoopInputs) {
    return Promise.resolve({ id: `noop-${inputs.index}`, outs: inputs });
  },
  delete() {
    return Promise.resolve();
  },
};

interface NoopArgs {
  readonly index: number;
  readonly accountLinkingUrl: string;
  readonly pageAccessToken: string;
}

class NoopResource extends pulumi.dynamic.Resource {
  constructor(name: string, props: NoopArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      noopProvider,
      name,
      { ...props, pageAccessToken: pulumi.secret(props.pageAccessToken) },
      { ...opts, additionalSecretOutputs: ["pageAccessToken"] },
      "bench",
      "Noop",
    );
  }
}

if (mode === "profile-json") {
  const token = tokens[(samePage ?? 1) - 1];
  new MessengerProfile("profile", { ...config.requireObject<MessengerProfileArgs>("profile"), pageAccessToken: token });
}

interface WebhookChoice {
  readonly callbackUrl: string;
  readonly fields: string[];
}

interface AppFile {
  readonly appId: string;
  readonly appSecret: string;
  readonly verifyToken: string;
}

/** The app's webhook, and the subscription of each of `pages` (1-based) to the app, after it. */
function webhookAndSubscriptions(pages: readonly number[]): void {
  const app = JSON.parse(fs.readFileSync(path.join(__dirname, "app.json"), "utf8")) as AppFile;
  const { callbackUrl, fields } = config.requireObject<WebhookChoice>("webhook");
  const { appId, appSecret, verifyToken } = app;
  const webhook = new MessengerWebhook("webhook", { callbackUrl, verifyToken, fields, appId, appSecret });
  for (const p of pages)
    new MessengerPageSubscription(
      pages.length === 1 ? "subscription" : `subscription-${p}`,
      { subscribedFields: fields, appId, appSecret, pageAccessToken: tokens[p - 1] },
      { dependsOn: [webhook] },
    );
}

const botPage = samePage ?? 1;
if (mode === "bot" || mode === "bot-profile")
  new MessengerProfile("profile", { ...fullProfile(botPage, baseUrl), pageAccessToken: tokens[botPage - 1] });
if (mode === "bot" || mode === "webhook") webhookAndSubscriptions([botPage]);
if (mode === "subscriptions") webhookAndSubscriptions(Array.from({ length: n }, (_, i) => i + 1));

const OTHER_MODES = ["profile-json", "webhook", "bot", "bot-profile", "subscriptions"];
for (let i = 1; i <= (OTHER_MODES.includes(mode) ? 0 : n); i++) {
  const index = tokenOffset !== undefined ? tokenOffset + i - 1 : (samePage ?? i) - 1;
  const token = tokens[index];
  if (token === undefined) throw new Error(`tokens.json has no token at index ${index}`);
  const accountLinkingUrl = `${baseUrl}?page=${i}`;
  if (mode === "noop") new NoopResource(`noop-${i}`, { index: i, accountLinkingUrl, pageAccessToken: token });
  else if (mode === "profile")
    new MessengerProfile(`profile-${i}`, { ...fullProfile(i, baseUrl), pageAccessToken: token });
  else new MessengerAccountLinking(`page-${i}`, { accountLinkingUrl, pageAccessToken: token });
}

// The benchmark's Pulumi program, run from a consumer project that installed the package from its
// npm pack tarball. `npm run bench` compiles it to JavaScript first, so that no run pays for a
// TypeScript compile. Stack config chooses what it declares:
//   bench:n       how many resources (default 1)
//   bench:mode    "real": MessengerAccountLinking resources; "noop": a dynamic resource whose
//                 provider does nothing (the engine's floor), with the same inputs
//   bench:url     base account linking URL; resource i gets <url>?page=<i>
//   bench:page    when set, every resource uses this Page's token (to hit one Page's rate limit);
//                 otherwise resource i uses Page i
// The emulator's Page tokens (fake ones, see makePages) are in tokens.json next to the program, in
// Page order: not in stack config, which the engine copies into the state of the dynamic
// providers' default provider. They are passed as inputs (stored encrypted).
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { MessengerAccountLinking } from "pulumi-messenger-account-linking";

const config = new pulumi.Config("bench");
const n = config.getNumber("n") ?? 1;
const mode = config.get("mode") ?? "real";
const baseUrl = config.get("url") ?? "https://example.com/messenger/link";
const samePage = config.getNumber("page");
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

for (let i = 1; i <= n; i++) {
  const token = tokens[(samePage ?? i) - 1];
  if (token === undefined) throw new Error(`tokens.json has no token for Page ${samePage ?? i}`);
  const accountLinkingUrl = `${baseUrl}?page=${i}`;
  if (mode === "noop") new NoopResource(`noop-${i}`, { index: i, accountLinkingUrl, pageAccessToken: token });
  else new MessengerAccountLinking(`page-${i}`, { accountLinkingUrl, pageAccessToken: token });
}

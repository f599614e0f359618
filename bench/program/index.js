// The benchmark's Pulumi program, run from a consumer project that installed the package from its
// npm pack tarball. Stack config chooses what it declares:
//   bench:n     how many resources (default 1)
//   bench:mode  "real": MessengerAccountLinking resources; "noop": a dynamic resource whose
//               provider does nothing (the engine's floor), with the same inputs
//   bench:url   base account linking URL; resource i gets <url>?page=<i>
//   bench:page  when set, every resource uses this Page's token (to hit one Page's rate limit);
//               otherwise resource i uses Page i
// Page tokens are the emulator's generated ones (makePages), passed as inputs (stored encrypted).
"use strict";
const pulumi = require("@pulumi/pulumi");
const { makePages } = require("pulumi-messenger-account-linking/dist/emulator");
const { MessengerAccountLinking } = require("pulumi-messenger-account-linking");

const config = new pulumi.Config("bench");
const n = config.getNumber("n") ?? 1;
const mode = config.get("mode") ?? "real";
const baseUrl = config.get("url") ?? "https://example.com/messenger/link";
const samePage = config.getNumber("page");
const pages = makePages(Math.max(n, samePage ?? 0));

// The baseline: a dynamic provider whose create and delete return at once. Pulumi serializes it by
// value (it captures nothing).
const noopProvider = {
  async create(inputs) {
    return { id: `noop-${inputs.index}`, outs: inputs };
  },
  async delete() {},
};

class NoopResource extends pulumi.dynamic.Resource {
  constructor(name, props, opts) {
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
  const page = pages[(samePage ?? i) - 1];
  const accountLinkingUrl = `${baseUrl}?page=${i}`;
  if (mode === "noop") new NoopResource(`noop-${i}`, { index: i, accountLinkingUrl, pageAccessToken: page.token });
  else new MessengerAccountLinking(`page-${i}`, { accountLinkingUrl, pageAccessToken: page.token });
}

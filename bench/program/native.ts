// The benchmark's program on the Node SDK (`pulumi-messenger/native`): N `messenger.Profile`, resource
// i on Page i with the same full profile as the dynamic program's `profile` mode (./full-profile.ts)
// and Page i's token as an input, the resources served by the provider plugin. Run from the consumer
// project like ./index.ts, compiled to JavaScript first; its Pulumi.yaml (written by
// bench/engine/native-program.ts) names the plugin in the installed package's bin/. Stack config:
//   bench:n    how many profiles (default 1)
//   bench:url  base account linking URL; profile i gets <url>?page=<i>
// The Pages' tokens are in tokens.json next to the program, in Page order, as for ./index.ts.
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as messenger from "pulumi-messenger/native";
import { fullProfile } from "./full-profile";

const config = new pulumi.Config("bench");
const n = config.getNumber("n") ?? 1;
const baseUrl = config.get("url") ?? "https://example.com/messenger/link";
const tokens = JSON.parse(fs.readFileSync(path.join(__dirname, "tokens.json"), "utf8")) as string[];

for (let i = 1; i <= n; i++) {
  const token = tokens[i - 1];
  if (token === undefined) throw new Error(`tokens.json has no token at index ${i - 1}`);
  new messenger.Profile(`profile-${i}`, { ...fullProfile(i, baseUrl), pageAccessToken: token });
}

/**
 * `pulumi-messenger/native`: the provider plugin's resources for TypeScript, from the Node SDK that
 * `pulumi package gen-sdk` generates from the plugin's schema (scripts/build-node-sdk; never edited).
 * `new messenger.Profile(…)`, `new messenger.AccountLinking(…)`, `new messenger.Webhook(…)`,
 * `new messenger.PageSubscription(…)`, `new messenger.Provider(…)`: the same lifecycle as the dynamic
 * classes and YAML and Go, with the plugin's detailed diff, small state and `pulumi import`.
 *
 * The project names the plugin in Pulumi.yaml (docs/languages.md); a program that does not fails
 * here, before any resource, with the lines to add.
 *
 * @packageDocumentation
 */
import * as fs from "fs";
import * as path from "path";
import { RunError } from "@pulumi/pulumi";
import { pluginSetupProblem } from "./plugin-setup";

/** The generated SDK's folder (compiled beside this door's, in dist/, or the sources under ts-jest). */
const SDK_DIR = path.join(__dirname, "..", "..", "sdk", "nodejs");
/** Two folders up: dist/ when compiled, the package's root under ts-jest. */
const UP = path.resolve(__dirname, "..", "..");
/** The package's root. */
const ROOT = path.basename(UP) === "dist" ? path.dirname(UP) : UP;

const problem = pluginSetupProblem({
  cwd: process.cwd(),
  env: process.env,
  version: (JSON.parse(fs.readFileSync(path.join(SDK_DIR, "package.json"), "utf8")) as { version: string }).version,
  pluginDir: path.join(ROOT, "bin"),
});
if (problem) throw new RunError(problem);

export * from "../../sdk/nodejs";

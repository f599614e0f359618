// The benchmark's program on the Node SDK (bench/program/native.ts, compiled): its folder for the
// consumer project, with a Pulumi.yaml that names the provider plugin at the installed package's
// bin/ (`plugins: providers:`, as docs/languages.md tells a user to), the compiled program and the
// profile module it shares with the dynamic program, and the Pages' tokens.
import * as fs from "fs";
import * as path from "path";
import type { PageSeed } from "../../emulator";

/** The compiled program and the module it requires, in the order staged (the first is the program's main). */
const NATIVE_FILES = ["native.js", "full-profile.js"] as const;

/** The text of the native program's Pulumi.yaml, the plugin at `pluginDir`. */
export function nativeProgramYaml(pluginDir: string): string {
  return [
    "name: messenger-bench-native",
    "description: Benchmarks of the Node SDK, pulumi-messenger/native (bench/program/native.ts, compiled by `npm run bench`).",
    "runtime:",
    "  name: nodejs",
    "  options:",
    "    typescript: false",
    `main: ${NATIVE_FILES[0]}`,
    "plugins:",
    "  providers:",
    "    - name: messenger",
    `      path: ${pluginDir}`,
    "",
  ].join("\n");
}

/**
 * Writes the native program to `dir` (emptied first): Pulumi.yaml, the compiled files from
 * `compiledDir`, and the Pages' tokens. `pluginDir` is where the program finds the plugin's
 * launcher, relative to where the program will run.
 */
export function writeNativeProgram(
  dir: string,
  compiledDir: string,
  pages: readonly PageSeed[],
  pluginDir: string,
): string {
  for (const f of NATIVE_FILES)
    if (!fs.existsSync(path.join(compiledDir, f)))
      throw new Error(`${path.join(compiledDir, f)} is missing: run \`npm run bench\` (it compiles bench/)`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), nativeProgramYaml(pluginDir));
  for (const f of NATIVE_FILES) fs.copyFileSync(path.join(compiledDir, f), path.join(dir, f));
  fs.writeFileSync(path.join(dir, "tokens.json"), `${JSON.stringify(pages.map((p) => p.token))}\n`);
  return dir;
}

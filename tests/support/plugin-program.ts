/**
 * YAML programs on the provider plugin for the engine suite: each scenario writes its own
 * `Pulumi.yaml` (resources and raw properties as the scenario needs them, the plugin found through
 * `plugins: providers:` at this repository's `bin/`, as in examples/yaml) into a git-ignored folder.
 * Tokens never appear in a program: they travel as secret stack config (`messenger:pageAccessToken`).
 */
import * as fs from "fs";
import * as path from "path";
import { REPO_ROOT } from "../../harness";
import { WORK_DIR } from "./report";

/** One resource of a YAML program: its type token and its raw properties. */
export interface YamlResource {
  /** `messenger:index:AccountLinking` or `messenger:index:Profile`. */
  readonly type: string;
  /** The properties, as a program writes them (any JSON value, so that bad inputs can be written too). */
  readonly properties: Readonly<Record<string, unknown>>;
}

/** The project name of every program written here. */
export const PLUGIN_PROJECT = "messenger-reliability-plugin";

/** The folder where the programs are written. */
export const PLUGIN_PROGRAMS_DIR = path.join(WORK_DIR, "plugin-programs");

/**
 * The text of a YAML program declaring `resources`. The resources section is written as JSON (a
 * subset of YAML), so that every value, whatever its type or characters, reaches the plugin as written.
 *
 * @param resources - logical name to resource
 */
export function yamlProgramText(resources: Readonly<Record<string, YamlResource>>): string {
  return [
    `name: ${PLUGIN_PROJECT}`,
    "description: A reliability scenario on the messenger provider plugin (written by the suite).",
    "runtime: yaml",
    "plugins:",
    "  providers:",
    "    - name: messenger",
    `      path: ${JSON.stringify(path.join(REPO_ROOT, "bin"))}`,
    `resources: ${JSON.stringify(resources)}`,
    "",
  ].join("\n");
}

/**
 * Writes (or rewrites) the program of a scenario and returns its folder.
 *
 * @param name - the scenario's folder name
 * @param resources - logical name to resource
 */
export function writeYamlProgram(name: string, resources: Readonly<Record<string, YamlResource>>): string {
  const dir = path.join(PLUGIN_PROGRAMS_DIR, name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), yamlProgramText(resources));
  return dir;
}

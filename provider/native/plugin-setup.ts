/**
 * Whether the engine will find the messenger provider plugin for the program being run, and if not,
 * the one error that says what to add. The generated SDK asks the engine for the plugin by name and
 * version; without a way to it the engine tries to download it from Pulumi's plugin site, retries
 * five times and fails with a message that names `pulumi plugin install`, which cannot work: the
 * plugin is not published there, it ships in this package.
 *
 * The ways the engine finds a plugin, checked here in its order: the project's `plugins.providers`
 * entry in Pulumi.yaml, then an installed plugin in the plugin folder, then an executable on PATH.
 *
 * @packageDocumentation
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { NPM_PACKAGE, PULUMI_PACKAGE } from "../core/package-names";

/** What the check reads: the program's folder, the environment and where this package is. */
export interface PluginSetupContext {
  /** The program's working directory (the engine runs it in its folder). */
  readonly cwd: string;
  /** The environment the program runs in. */
  readonly env: NodeJS.ProcessEnv;
  /** The plugin version the SDK asks the engine for. */
  readonly version: string;
  /** The folder of this package's plugin launcher (`bin/`). */
  readonly pluginDir: string;
}

const PLUGIN_EXECUTABLE = `pulumi-resource-${PULUMI_PACKAGE}`;

/** The project file above (or in) `dir`: Pulumi.yaml or Pulumi.yml, as the engine looks for it. */
function projectFile(dir: string): string | undefined {
  for (let at = path.resolve(dir); ; at = path.dirname(at)) {
    for (const name of ["Pulumi.yaml", "Pulumi.yml"]) {
      const file = path.join(at, name);
      if (fs.existsSync(file)) return file;
    }
    if (path.dirname(at) === at) return undefined;
  }
}

/**
 * Whether a project file's `plugins:` block names this provider (`- name: messenger` under
 * `providers:`). A line scan, not a YAML parser: the block is the lines indented under a top-level
 * `plugins:`.
 */
export function projectNamesPlugin(yaml: string): boolean {
  const lines = yaml.split(/\r?\n/);
  const start = lines.findIndex((l) => /^plugins:\s*(#.*)?$/.test(l));
  if (start < 0) return false;
  const name = new RegExp(`^\\s+(-\\s+)?name:\\s*["']?${PULUMI_PACKAGE}["']?\\s*(#.*)?$`);
  for (const line of lines.slice(start + 1)) {
    if (/^\S/.test(line)) break;
    if (name.test(line)) return true;
  }
  return false;
}

/** Whether `file` is an executable file. */
function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** How the engine will find the plugin (a short phrase), or undefined when it will not. */
function pluginSource(ctx: PluginSetupContext, project: string | undefined): string | undefined {
  if (project && projectNamesPlugin(fs.readFileSync(project, "utf8"))) return "the project's plugins entry";
  const home = ctx.env.PULUMI_HOME || path.join(os.homedir(), ".pulumi");
  const installed = path.join(home, "plugins", `resource-${PULUMI_PACKAGE}-v${ctx.version}`);
  if (fs.existsSync(installed)) return "an installed plugin";
  if (/^(1|true)$/i.test(ctx.env.PULUMI_IGNORE_AMBIENT_PLUGINS ?? "")) return undefined;
  const onPath = (ctx.env.PATH ?? "").split(path.delimiter).filter(Boolean);
  return onPath.some((dir) => isExecutable(path.join(dir, PLUGIN_EXECUTABLE))) ? "PATH" : undefined;
}

/** The `path:` to write in the project file: through node_modules when the package is installed there. */
function pathFromProject(projectDir: string, pluginDir: string): string {
  const installed = path.join(projectDir, "node_modules", NPM_PACKAGE, "bin");
  const target = isExecutable(path.join(installed, PLUGIN_EXECUTABLE)) ? installed : pluginDir;
  const rel = path.relative(projectDir, target).split(path.sep).join("/");
  return rel.startsWith(".") ? rel : `./${rel}`;
}

/**
 * The problem with the program's plugin set-up, as the message to show, or undefined when the
 * engine will find the plugin (or the program does not run under the engine: unit tests with mocks).
 *
 * @param ctx - the program's folder, environment, the SDK's plugin version and the plugin's folder
 * @returns the message, naming the file to edit and the exact lines to add
 */
export function pluginSetupProblem(ctx: PluginSetupContext): string | undefined {
  if (!ctx.env.PULUMI_NODEJS_MONITOR) return undefined;
  const project = projectFile(ctx.cwd);
  if (pluginSource(ctx, project)) return undefined;
  const projectDir = project ? path.dirname(project) : ctx.cwd;
  return [
    `${NPM_PACKAGE}/native runs on the ${PULUMI_PACKAGE} provider plugin, and this project does not say where it is ` +
      `(the engine would try to download it from Pulumi's plugin site, where it is not published).`,
    `It ships in the ${NPM_PACKAGE} package: add this to ${project ?? "Pulumi.yaml"}:`,
    "",
    "plugins:",
    "  providers:",
    `    - name: ${PULUMI_PACKAGE}`,
    `      path: ${pathFromProject(projectDir, ctx.pluginDir)}`,
    "",
    `Or use the dynamic classes (import { MessengerProfile } from "${NPM_PACKAGE}"), which need no plugin.`,
  ].join("\n");
}

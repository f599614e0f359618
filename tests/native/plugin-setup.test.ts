/**
 * The native door's plugin set-up check (provider/native/plugin-setup.ts), on real files in a
 * temporary folder: a program under the engine whose project names the plugin, has it installed or
 * on PATH runs; one with none of them gets the one message that names the file and the lines to
 * add; outside the engine (unit tests with mocks) nothing is checked. The engine run of the same
 * error is tests/e2e/native-import.test.ts.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { pluginSetupProblem, projectNamesPlugin, type PluginSetupContext } from "../../provider/native/plugin-setup";

let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "plugin-setup-"));
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

const HEAD = "name: shop\nruntime:\n  name: nodejs\n  options:\n    typescript: true\n";
const ENTRY = "plugins:\n  providers:\n    - name: messenger\n      path: ./node_modules/pulumi-messenger/bin\n";

/** A project in `root` (Pulumi.yaml with `yaml`), a program folder below it, an empty PULUMI_HOME. */
function context(yaml: string, env: NodeJS.ProcessEnv = {}): PluginSetupContext {
  fs.writeFileSync(path.join(root, "Pulumi.yaml"), yaml);
  const cwd = path.join(root, "src");
  fs.mkdirSync(cwd, { recursive: true });
  return {
    cwd,
    env: { PULUMI_NODEJS_MONITOR: "127.0.0.1:1", PULUMI_HOME: path.join(root, "home"), PATH: "", ...env },
    version: "0.2.0",
    pluginDir: path.join(root, "elsewhere", "pulumi-messenger", "bin"),
  };
}

/** An executable `pulumi-resource-messenger` in `dir`. */
function launcher(dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "pulumi-resource-messenger"), "#!/bin/sh\n", { mode: 0o755 });
  return dir;
}

describe("projectNamesPlugin", () => {
  test.each([
    ["the entry under plugins.providers", HEAD + ENTRY, true],
    [
      "a quoted name and a comment",
      HEAD + "plugins:  # local\n  providers:\n    - path: ./bin\n      name: 'messenger' # ours\n",
      true,
    ],
    ["no plugins block", HEAD, false],
    ["another provider only", HEAD + "plugins:\n  providers:\n    - name: aws\n      path: ./x\n", false],
    ["messenger outside the plugins block", HEAD + "plugins:\n  providers: []\nconfig:\n  name: messenger\n", false],
    ["a longer name", HEAD + "plugins:\n  providers:\n    - name: messenger-old\n", false],
  ])("%s", (_title, yaml, expected) => expect(projectNamesPlugin(yaml)).toBe(expected));
});

describe("pluginSetupProblem", () => {
  test("outside the engine (no monitor address: mocks, plain node): nothing is checked", () => {
    const ctx = context(HEAD);
    expect(pluginSetupProblem({ ...ctx, env: { ...ctx.env, PULUMI_NODEJS_MONITOR: undefined } })).toBeUndefined();
  });

  test("the project names the plugin: no problem", () => {
    expect(pluginSetupProblem(context(HEAD + ENTRY))).toBeUndefined();
  });

  test("the plugin installed in PULUMI_HOME at the SDK's version: no problem; at another version: the message", () => {
    const ctx = context(HEAD);
    fs.mkdirSync(path.join(root, "home", "plugins", "resource-messenger-v0.1.0"), { recursive: true });
    expect(pluginSetupProblem(ctx)).toMatch(/^pulumi-messenger\/native runs on the messenger provider plugin/);
    fs.mkdirSync(path.join(root, "home", "plugins", "resource-messenger-v0.2.0"), { recursive: true });
    expect(pluginSetupProblem(ctx)).toBeUndefined();
  });

  test("an executable launcher on PATH: no problem, unless PULUMI_IGNORE_AMBIENT_PLUGINS", () => {
    const bin = launcher(path.join(root, "tools"));
    expect(pluginSetupProblem(context(HEAD, { PATH: ["/nonexistent", bin].join(path.delimiter) }))).toBeUndefined();
    expect(pluginSetupProblem(context(HEAD, { PATH: bin, PULUMI_IGNORE_AMBIENT_PLUGINS: "true" }))).toBeDefined();
    fs.chmodSync(path.join(bin, "pulumi-resource-messenger"), 0o644);
    expect(pluginSetupProblem(context(HEAD, { PATH: bin }))).toBeDefined();
  });

  test("none of them: one message naming the project file and the exact lines, with the path from node_modules", () => {
    launcher(path.join(root, "node_modules", "pulumi-messenger", "bin"));
    const message = pluginSetupProblem(context(HEAD));
    expect(message).toBe(
      [
        "pulumi-messenger/native runs on the messenger provider plugin, and this project does not say where it is " +
          "(the engine would try to download it from Pulumi's plugin site, where it is not published).",
        `It ships in the pulumi-messenger package: add this to ${path.join(root, "Pulumi.yaml")}:`,
        "",
        "plugins:",
        "  providers:",
        "    - name: messenger",
        "      path: ./node_modules/pulumi-messenger/bin",
        "",
        'Or use the dynamic classes (import { MessengerProfile } from "pulumi-messenger"), which need no plugin.',
      ].join("\n"),
    );
  });

  test("the package not under the project's node_modules (a link elsewhere): the path to the plugin's own folder", () => {
    const message = pluginSetupProblem(context(HEAD)) ?? "";
    expect(message).toContain("      path: ./elsewhere/pulumi-messenger/bin\n");
  });

  test("a project file found in a folder above the program's, Pulumi.yml too", () => {
    fs.writeFileSync(path.join(root, "Pulumi.yml"), HEAD + ENTRY);
    const ctx = { ...context(HEAD), cwd: path.join(root, "src") };
    fs.rmSync(path.join(root, "Pulumi.yaml"));
    expect(pluginSetupProblem(ctx)).toBeUndefined();
  });
});

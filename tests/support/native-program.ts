/**
 * TypeScript programs on `pulumi-messenger/native` (the Node SDK of the provider plugin) for the
 * engine suites: a copy of a program of tests/e2e/programs in the run's work directory, resolving the
 * repository's `node_modules` (the package through its self-link, `@pulumi/pulumi`, `typescript`)
 * through a symbolic link, with the `plugins:` path of its Pulumi.yaml made absolute; `tsc --noEmit`
 * on it; and the `PATH` of a program that must not find the plugin on `PATH`.
 */
import { execFile } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { REPO_ROOT, copyProgram, engineEnv } from "../../harness";
import { workDir } from "./engine";

/** The name of the plugin's launcher, as the engine looks for it on `PATH`. */
const PLUGIN_EXECUTABLE = "pulumi-resource-messenger";

/** The folder of the plugin's launcher in this repository. */
const PLUGIN_DIR = path.join(REPO_ROOT, "bin");

/**
 * Copies a program of tests/e2e/programs into the run's work directory, links the repository's
 * `node_modules` into it, and makes the `plugins:` path of its Pulumi.yaml (if any) absolute.
 *
 * @param from - the program's folder
 * @param name - the copy's folder name under the work directory
 * @returns the copy's folder
 */
export function nativeProgramCopy(from: string, name: string): string {
  const dir = copyProgram(from, path.join(workDir(), name)).dir;
  fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
  const file = path.join(dir, "Pulumi.yaml");
  const text = fs.readFileSync(file, "utf8");
  const relative = /^( {6}path: )(\S+)$/m.exec(text);
  if (relative !== null) {
    if (path.resolve(from, relative[2]) !== PLUGIN_DIR) throw new Error(`${from}: the plugins path is not bin/`);
    fs.writeFileSync(file, text.replace(relative[0], `${relative[1]}${JSON.stringify(PLUGIN_DIR)}`));
  }
  return dir;
}

/** What `tsc` said. */
export interface TscResult {
  /** Its exit code (0: no error). */
  readonly code: number;
  /** Its diagnostics, with the program's folder written `<program>` and the repository's `<repo>`. */
  readonly output: string;
}

/**
 * `tsc --noEmit -p <dir>`, asynchronously (the emulator of the session answers in this process).
 *
 * @param dir - a program folder with a tsconfig.json
 */
export function tscNoEmit(dir: string): Promise<TscResult> {
  const tsc = path.join(REPO_ROOT, "node_modules", ".bin", "tsc");
  return new Promise((resolve, reject) => {
    execFile(tsc, ["--noEmit", "--pretty", "false", "-p", dir], { cwd: dir }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === "number" ? error.code : -1;
      if (code === -1) return reject(error ?? new Error("tsc did not run"));
      const output = `${stdout}${stderr}`.split(dir).join("<program>").split(REPO_ROOT).join("<repo>");
      resolve({ code, output: output.trim() });
    });
  });
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

/** The folders of a `PATH` that hold an executable plugin launcher. */
export function foldersWithPlugin(pathValue: string): string[] {
  return pathValue.split(path.delimiter).filter((dir) => dir !== "" && isExecutable(path.join(dir, PLUGIN_EXECUTABLE)));
}

/**
 * The engine's `PATH` for a program that must not find the plugin there: without the repository's
 * `node_modules/.bin` (where npm links the package's bin) but with the folder of the Node that runs
 * this suite first (the project's Node, which node_modules/.bin gave), and without any folder
 * holding a `pulumi-resource-messenger`.
 */
export function pathWithoutPlugin(): string {
  const repoBin = path.join(REPO_ROOT, "node_modules", ".bin");
  const dirs = [
    path.dirname(process.execPath),
    ...(engineEnv().PATH ?? "").split(path.delimiter).filter((dir) => dir !== "" && dir !== repoBin),
  ];
  const withPlugin = new Set(foldersWithPlugin(dirs.join(path.delimiter)));
  return dirs.filter((dir) => !withPlugin.has(dir)).join(path.delimiter);
}

/**
 * A Pulumi program, in any folder and any runtime: what its `Pulumi.yaml` says (project name,
 * runtime), and the examples of this repository.
 *
 * @packageDocumentation
 */
import * as fs from "fs";
import * as path from "path";
import { REPO_ROOT } from "./engine";

/** A Pulumi program folder. */
export interface Program {
  /** Its directory (holds `Pulumi.yaml`). */
  readonly dir: string;
  /** The project name (namespace of its config keys, directory of its state). */
  readonly project: string;
  /** The runtime: `nodejs`, `yaml`, `go`, … */
  readonly runtime: string;
}

/**
 * Reads a program folder's `Pulumi.yaml` (`name:` and `runtime:` in either of its two forms).
 *
 * @param dir - the folder
 */
export function readProgram(dir: string): Program {
  const file = path.join(dir, "Pulumi.yaml");
  if (!fs.existsSync(file)) throw new Error(`${dir} is not a Pulumi program: it has no Pulumi.yaml`);
  const text = fs.readFileSync(file, "utf8");
  const project = /^name:[ \t]*(\S+)/m.exec(text)?.[1];
  const runtime =
    /^runtime:[ \t]*([\w-]+)[ \t]*$/m.exec(text)?.[1] ?? /^runtime:[ \t]*\n[ \t]+name:[ \t]*([\w-]+)/m.exec(text)?.[1];
  if (!project || !runtime) throw new Error(`${file} has no name or no runtime`);
  return { dir, project, runtime };
}

/** This repository's examples folder. */
export const EXAMPLES_DIR: string = path.join(REPO_ROOT, "examples");

/**
 * Every example of this repository: each folder of `examples/` that holds a `Pulumi.yaml`,
 * found by listing the folder (an example added later is included), sorted by name.
 *
 * @param dir - the examples folder
 */
export function listExamples(dir: string = EXAMPLES_DIR): Program[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(dir, e.name, "Pulumi.yaml")))
    .map((e) => readProgram(path.join(dir, e.name)))
    .sort((a, b) => a.dir.localeCompare(b.dir));
}

/**
 * Copies a program's files (not its `node_modules`, lockfile or stack config files) to `dest`.
 *
 * A `package.json` already at `dest` is kept (the program's own is not copied over it).
 *
 * @param from - the program folder
 * @param dest - where the copy goes (created)
 */
export function copyProgram(from: string, dest: string): Program {
  fs.mkdirSync(dest, { recursive: true });
  const keepPackageJson = fs.existsSync(path.join(dest, "package.json"));
  fs.cpSync(from, dest, {
    recursive: true,
    filter: (src) => {
      const base = path.basename(src);
      if (keepPackageJson && src === path.join(from, "package.json")) return false;
      return base !== "node_modules" && base !== "package-lock.json" && !/^Pulumi\..+\.yaml$/.test(base);
    },
  });
  return readProgram(dest);
}

/**
 * The one consumer-project builder: this package packed with `npm pack`, installed from the
 * tarball into a project directory next to the pinned `@pulumi/pulumi`, as a user's project would
 * install it. Programs of any runtime are then copied into the project (at its root or in
 * subfolders, which resolve the same `node_modules`). The install is reused while the tarball's
 * code and the project's dependencies are unchanged.
 *
 * @packageDocumentation
 */
import { spawn } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import * as zlib from "zlib";
import { PACKAGE_NAME, REPO_ROOT, pinnedPulumiVersion } from "./engine";
import { copyProgram, type Program } from "./program";

/**
 * Runs a command to completion; resolves with its output (stdout and stderr), rejects with the
 * last 30 lines of it.
 *
 * @param cmd - the executable
 * @param args - its arguments
 * @param cwd - its working directory
 */
export function exec(cmd: string, args: readonly string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const env = {
      ...process.env,
      PATH: [path.join(REPO_ROOT, "node_modules", ".bin"), process.env.PATH].join(path.delimiter),
    };
    const child = spawn(cmd, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0
        ? resolve(out)
        : reject(
            new Error(
              `${cmd} ${args.join(" ")} failed in ${cwd} (exit ${code}):\n${out.trim().split("\n").slice(-30).join("\n")}`,
            ),
          ),
    );
  });
}

function sha256(data: Buffer): string {
  return crypto.createHash("sha256").update(data).digest("hex");
}

/**
 * SHA-256 over a tarball's entries (name and content) except README.md, which changes nothing that
 * runs (the benchmark rewrites docs while it runs).
 *
 * @param tarball - a `.tgz` file
 */
export function tarballCodeHash(tarball: string): string {
  const tar = zlib.gunzipSync(fs.readFileSync(tarball));
  const hash = crypto.createHash("sha256");
  for (let off = 0; off + 512 <= tar.length;) {
    const header = tar.subarray(off, off + 512);
    if (header.every((b) => b === 0)) break;
    const field = (a: number, b: number) => header.subarray(a, b).toString("utf8").replace(/\0.*$/s, "");
    const name = `${field(345, 500)}${field(345, 500) ? "/" : ""}${field(0, 100)}`;
    const size = parseInt(field(124, 136).trim() || "0", 8);
    const body = tar.subarray(off + 512, off + 512 + size);
    if (!/(^|\/)README\.md$/i.test(name)) hash.update(`${name}\0${size}\0`).update(body);
    off += 512 + Math.ceil(size / 512) * 512;
  }
  return hash.digest("hex");
}

/** A packed tarball of this repository. */
export interface Tarball {
  /** Its path. */
  readonly file: string;
  /** SHA-256 of the file. */
  readonly sha256: string;
  /** {@link tarballCodeHash} of it. */
  readonly codeSha256: string;
}

/**
 * `npm pack` of this repository into `packDir` (emptied of older tarballs first).
 *
 * @param packDir - where the tarball goes
 * @param options - `build: true` runs the package's `prepack` (a build); by default `dist/` must
 *   already be built (`npm run build`) and scripts are skipped
 */
export async function packTarball(packDir: string, options: { readonly build?: boolean } = {}): Promise<Tarball> {
  if (!options.build && !fs.existsSync(path.join(REPO_ROOT, "dist", "provider", "index.js")))
    throw new Error("dist/ is not built: run `npm run build` first (or pack with build: true)");
  fs.mkdirSync(packDir, { recursive: true });
  for (const f of fs.readdirSync(packDir)) if (f.endsWith(".tgz")) fs.rmSync(path.join(packDir, f));
  const flags = options.build ? [] : ["--ignore-scripts"];
  await exec("npm", ["pack", ...flags, "--silent", "--pack-destination", packDir], REPO_ROOT);
  const tarballs = fs.readdirSync(packDir).filter((f) => f.endsWith(".tgz"));
  if (tarballs.length !== 1) throw new Error(`npm pack produced ${tarballs.length} tarballs in ${packDir}`);
  const file = path.join(packDir, tarballs[0]);
  return { file, sha256: sha256(fs.readFileSync(file)), codeSha256: tarballCodeHash(file) };
}

/** The compatibility package of the package's first name, in this repository. */
export const COMPAT_DIR = path.join(REPO_ROOT, "compat", "pulumi-messenger-account-linking");

/**
 * `npm pack` of the compatibility package of the first name (`compat/pulumi-messenger-account-linking`)
 * into `packDir`: what a project upgraded from 0.1.x keeps installed beside the package.
 *
 * @param packDir - where the tarball goes (its own folder: older tarballs there are removed)
 * @returns the tarball's path
 */
export async function packCompat(packDir: string): Promise<string> {
  fs.mkdirSync(packDir, { recursive: true });
  for (const f of fs.readdirSync(packDir)) if (f.endsWith(".tgz")) fs.rmSync(path.join(packDir, f));
  await exec("npm", ["pack", "--ignore-scripts", "--silent", "--pack-destination", packDir], COMPAT_DIR);
  const tarballs = fs.readdirSync(packDir).filter((f) => f.endsWith(".tgz"));
  if (tarballs.length !== 1) throw new Error(`npm pack produced ${tarballs.length} tarballs in ${packDir}`);
  return path.join(packDir, tarballs[0]);
}

/** What {@link buildConsumerProject} builds. */
export interface ConsumerOptions {
  /** The project directory (created). An install of the same code there is reused. */
  readonly dir: string;
  /** The tarball to install; default: a fresh {@link packTarball} into `<dir>/../pack`. */
  readonly tarball?: Tarball;
  /** The project's package name. @defaultValue `messenger-consumer` */
  readonly name?: string;
  /** More npm dependencies (name to version). TypeScript ~5.9.3 is always there. */
  readonly dependencies?: Readonly<Record<string, string>>;
  /** Progress lines. */
  readonly log?: (line: string) => void;
}

/** A project with the package installed from its tarball. */
export interface ConsumerProject {
  /** Its directory (holds `node_modules`). */
  readonly dir: string;
  /** The tarball installed. */
  readonly tarball: Tarball;
  /** Whether an earlier install of the same code was reused. */
  readonly reused: boolean;
  /** Time the install took, ms (0 when reused). */
  readonly installMs: number;
  /**
   * Copies a program folder (any runtime) into the project and returns it, ready to run.
   *
   * @param from - the program folder
   * @param subdir - where in the project, relative; `"."` is the project root
   */
  addProgram(from: string, subdir: string): Program;
}

/**
 * Builds (or reuses) a consumer project: `package.json` depending on the tarball (a relative
 * `file:` path), the pinned `@pulumi/pulumi` and TypeScript ~5.9.3, installed with npm.
 *
 * @param options - where and what
 */
export async function buildConsumerProject(options: ConsumerOptions): Promise<ConsumerProject> {
  const { dir, log = () => undefined } = options;
  fs.mkdirSync(dir, { recursive: true });
  const tarball = options.tarball ?? (await packTarball(path.join(path.dirname(dir), "pack")));
  const pkg = {
    name: options.name ?? "messenger-consumer",
    private: true,
    dependencies: {
      "@pulumi/pulumi": pinnedPulumiVersion(),
      [PACKAGE_NAME]: `file:${path.relative(dir, tarball.file)}`,
      typescript: "~5.9.3",
      ...options.dependencies,
    },
  };
  const markerFile = path.join(dir, ".harness-install.json");
  const want = JSON.stringify({ codeSha256: tarball.codeSha256, packageJson: pkg });
  const installed = path.join(dir, "node_modules", PACKAGE_NAME, "package.json");
  const have = fs.existsSync(markerFile) ? fs.readFileSync(markerFile, "utf8") : undefined;
  const addProgram = (from: string, subdir: string) => copyProgram(from, path.join(dir, subdir));
  if (have === want && fs.existsSync(installed)) {
    log(`consumer project: reusing the install (tarball code sha256 ${tarball.codeSha256.slice(0, 12)})`);
    return { dir, tarball, reused: true, installMs: 0, addProgram };
  }
  log(
    `consumer project: installing tarball sha256 ${tarball.sha256.slice(0, 12)} and @pulumi/pulumi ${pinnedPulumiVersion()}`,
  );
  const started = Date.now();
  fs.rmSync(markerFile, { force: true });
  fs.rmSync(path.join(dir, "package-lock.json"), { force: true });
  fs.rmSync(path.join(dir, "node_modules", PACKAGE_NAME), { recursive: true, force: true });
  fs.writeFileSync(path.join(dir, "package.json"), `${JSON.stringify(pkg, null, 2)}\n`);
  await exec("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], dir);
  if (fs.lstatSync(path.join(dir, "node_modules", PACKAGE_NAME)).isSymbolicLink())
    throw new Error("the package was linked, not installed from the tarball");
  fs.writeFileSync(markerFile, want);
  return { dir, tarball, reused: false, installMs: Date.now() - started, addProgram };
}

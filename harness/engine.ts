/**
 * Finds the Pulumi CLI this project runs on, and the environment to run it with.
 *
 * Order: the build cached by `scripts/install-pulumi` for the `@pulumi/pulumi` version in the
 * lockfile, then a `pulumi` on `PATH` of that same version. The demo, the end-to-end tests and the
 * benchmarks all run the engine this module finds. Run as a script, it answers `scripts/setup`:
 * `node dist/harness/engine.js bin-dir` prints the engine's directory (exit 1 when none),
 * `node dist/harness/engine.js pinned-version` the pinned version.
 *
 * @packageDocumentation
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/** Name of this repository's package (how its root is recognised). */
export const PACKAGE_NAME = "pulumi-messenger";

function findRepoRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const pkg = path.join(dir, "package.json");
    if (fs.existsSync(pkg) && (JSON.parse(fs.readFileSync(pkg, "utf8")) as { name?: string }).name === PACKAGE_NAME)
      return dir;
    if (path.dirname(dir) === dir) throw new Error(`no ${PACKAGE_NAME} package.json above ${start}`);
  }
}

/** This repository's root (found from this file, compiled or not). */
export const REPO_ROOT: string = findRepoRoot(__dirname);

/** The `@pulumi/pulumi` version pinned in package-lock.json (the CLI must be the same version). */
export function pinnedPulumiVersion(): string {
  const lock = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package-lock.json"), "utf8")) as {
    packages: Record<string, { version: string }>;
  };
  return lock.packages["node_modules/@pulumi/pulumi"].version;
}

/** Where `scripts/install-pulumi` caches its build (keep in sync with that script). */
export function engineCacheDir(version: string = pinnedPulumiVersion()): string {
  const base =
    process.env.PULUMI_BUILD_CACHE ||
    path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache"), PACKAGE_NAME);
  return path.join(base, `pulumi-v${version}`);
}

function versionOf(bin: string): string | undefined {
  try {
    return execFileSync(bin, ["version"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], timeout: 20_000 })
      .toString()
      .trim();
  } catch {
    return undefined;
  }
}

/**
 * The directory holding `pulumi` and `pulumi-language-nodejs`, or undefined when neither the
 * cached build nor a `pulumi` of the pinned version on `PATH` exists.
 */
export function pulumiBinDir(): string | undefined {
  const version = pinnedPulumiVersion();
  const cached = engineCacheDir(version);
  if (fs.existsSync(path.join(cached, "pulumi")) && fs.existsSync(path.join(cached, "pulumi-language-nodejs")))
    return cached;
  for (const dir of (process.env.PATH || "").split(path.delimiter)) {
    const bin = path.join(dir, "pulumi");
    if (dir && fs.existsSync(bin) && versionOf(bin) === `v${version}`) return dir;
  }
  return undefined;
}

/** What to tell a person who has no engine yet. */
export function missingEngineMessage(): string {
  return [
    `The Pulumi CLI v${pinnedPulumiVersion()} is needed and was not found (neither built in ${engineCacheDir()} nor on PATH).`,
    "Run `scripts/setup` (it builds the CLI and the Node.js language host from Go modules with `go`, a few minutes once),",
    "or `scripts/install-pulumi` alone, or put a `pulumi` of that version on PATH.",
  ].join("\n");
}

/** The engine's directory; throws {@link missingEngineMessage} when there is none. */
export function requireEngine(): string {
  const dir = pulumiBinDir();
  if (!dir) throw new Error(missingEngineMessage());
  return dir;
}

/**
 * Environment for running the engine: the engine's directory and this project's Node
 * (node_modules/.bin) first on `PATH`, no update checks, and no `MESSENGER_*` variable of the
 * caller's shell (only what a stack configures may reach the provider), then `extra`.
 *
 * @param extra - variables added last
 */
export function engineEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith("MESSENGER_")) env[k] = v;
  return {
    ...env,
    // The cache also holds the YAML language host (scripts/install-yaml-host), also when `pulumi` itself is on PATH.
    PATH: [
      requireEngine(),
      engineCacheDir(),
      path.join(REPO_ROOT, "node_modules", ".bin"),
      process.env.PATH ?? "",
    ].join(path.delimiter),
    PULUMI_SKIP_UPDATE_CHECK: "true",
    ...extra,
  };
}

/**
 * Makes the pinned engine the one this process and its children run (`PATH`, inherited by every
 * `pulumi` the Automation API spawns), and drops the caller's `MESSENGER_*` variables. Idempotent.
 * Throws when the engine is missing.
 *
 * @returns the engine's directory
 */
export function activateEngine(): string {
  const dir = requireEngine();
  const env = engineEnv();
  process.env.PATH = env.PATH;
  process.env.PULUMI_SKIP_UPDATE_CHECK = "true";
  for (const key of Object.keys(process.env)) if (key.startsWith("MESSENGER_")) delete process.env[key];
  return dir;
}

if (require.main === module) {
  const what = process.argv[2];
  if (what === "pinned-version") process.stdout.write(pinnedPulumiVersion());
  else if (what === "cache-dir") process.stdout.write(engineCacheDir());
  else if (what === "bin-dir") {
    const dir = pulumiBinDir();
    if (!dir) process.exit(1);
    process.stdout.write(dir);
  } else {
    process.stderr.write("usage: node dist/harness/engine.js bin-dir|cache-dir|pinned-version\n");
    process.exit(2);
  }
}

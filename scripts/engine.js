// Finds the Pulumi CLI this project runs on, and the environment to run it with.
//
// Order: the build cached by scripts/install-pulumi for the @pulumi/pulumi version in the lockfile,
// then a `pulumi` on PATH of that same version. Used by the demo, the end-to-end tests and the
// benchmarks, so that all three run the same engine.
"use strict";
const { execFileSync } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");

const root = path.resolve(__dirname, "..");

/** The @pulumi/pulumi version pinned in package-lock.json. */
function pinnedVersion() {
  const lock = JSON.parse(fs.readFileSync(path.join(root, "package-lock.json"), "utf8"));
  return lock.packages["node_modules/@pulumi/pulumi"].version;
}

/** Where scripts/install-pulumi caches its build (keep in sync with that script). */
function cacheDir(version = pinnedVersion()) {
  const base =
    process.env.PULUMI_BUILD_CACHE ||
    path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache"), "pulumi-messenger-account-linking");
  return path.join(base, `pulumi-v${version}`);
}

function versionOf(bin) {
  try {
    return execFileSync(bin, ["version"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
      timeout: 20000,
    }).trim();
  } catch {
    return undefined;
  }
}

/**
 * The directory holding `pulumi` and `pulumi-language-nodejs`, or undefined when neither the cached
 * build nor a matching `pulumi` on PATH exists.
 */
function pulumiBinDir() {
  const version = pinnedVersion();
  const cached = cacheDir(version);
  if (fs.existsSync(path.join(cached, "pulumi")) && fs.existsSync(path.join(cached, "pulumi-language-nodejs")))
    return cached;
  for (const dir of (process.env.PATH || "").split(path.delimiter)) {
    const bin = path.join(dir, "pulumi");
    if (dir && fs.existsSync(bin) && versionOf(bin) === `v${version}`) return dir;
  }
  return undefined;
}

/** What to tell a person who has no engine yet. */
function missingEngineMessage() {
  return [
    `The Pulumi CLI v${pinnedVersion()} is needed and was not found (neither built in ${cacheDir()} nor on PATH).`,
    "Run `scripts/setup` (it builds the CLI and the Node.js language host from Go modules with `go`, a few minutes once),",
    "or `scripts/install-pulumi` alone, or put a `pulumi` of that version on PATH.",
  ].join("\n");
}

/**
 * Environment for running the engine: the engine's directory and this project's Node (>= 22,
 * node_modules/.bin) first on PATH, no update checks.
 */
function engineEnv(extra = {}) {
  const bin = pulumiBinDir();
  if (!bin) throw new Error(missingEngineMessage());
  const pathParts = [bin, path.join(root, "node_modules", ".bin"), process.env.PATH || ""];
  return {
    ...process.env,
    PATH: pathParts.join(path.delimiter),
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "false",
    ...extra,
  };
}

module.exports = { root, pinnedVersion, cacheDir, pulumiBinDir, missingEngineMessage, engineEnv };

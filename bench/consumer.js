// The benchmarks' consumer project: this package installed from its `npm pack` tarball into
// bench/.work/consumer (the installed-package path, where Pulumi captures the provider by
// reference), next to the pinned @pulumi/pulumi. The install is reused while the tarball's
// content (every file but README.md, which the benchmark rewrites) and the pinned @pulumi/pulumi
// version are unchanged; the program is copied every run.
"use strict";
const { spawn } = require("child_process");
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");
const zlib = require("zlib");
const { engine } = require("./pulumi");

const PACKAGE = "pulumi-messenger-account-linking";
/** The consumer's Pulumi project name. */
const PROJECT = "messenger-bench";
const WORK = path.join(__dirname, ".work");

function exec(cmd, args, cwd) {
  return new Promise((resolve, reject) => {
    const env = {
      ...process.env,
      PATH: [path.join(engine.root, "node_modules", ".bin"), process.env.PATH].join(path.delimiter),
    };
    const child = spawn(cmd, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0
        ? resolve(out)
        : reject(
            new Error(
              `${cmd} ${args.join(" ")} failed (exit ${code}):\n${out.trim().split("\n").slice(-30).join("\n")}`,
            ),
          ),
    );
  });
}

function sha256(file) {
  return crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");
}

/**
 * SHA-256 over the tarball's entries (name and content) except README.md, which `npm run bench`
 * itself rewrites and which changes nothing that runs.
 */
function codeHash(file) {
  const tar = zlib.gunzipSync(fs.readFileSync(file));
  const hash = crypto.createHash("sha256");
  for (let off = 0; off + 512 <= tar.length;) {
    const header = tar.subarray(off, off + 512);
    if (header.every((b) => b === 0)) break;
    const field = (a, b) => header.subarray(a, b).toString("utf8").replace(/\0.*$/s, "");
    const name = `${field(345, 500)}${field(345, 500) ? "/" : ""}${field(0, 100)}`;
    const size = parseInt(field(124, 136).trim() || "0", 8);
    const body = tar.subarray(off + 512, off + 512 + size);
    if (!/(^|\/)README\.md$/i.test(name)) hash.update(`${name}\0${size}\0`).update(body);
    off += 512 + Math.ceil(size / 512) * 512;
  }
  return hash.digest("hex");
}

/**
 * Packs the repository (dist/ must be built) and makes sure the consumer project has that exact
 * tarball installed.
 *
 * @param {(line: string) => void} log
 * @returns {Promise<{ dir: string, project: string, tarballSha256: string, reused: boolean, installMs: number }>}
 */
async function prepareConsumer(log) {
  const packDir = path.join(WORK, "pack");
  const dir = path.join(WORK, "consumer");
  fs.mkdirSync(packDir, { recursive: true });
  fs.mkdirSync(dir, { recursive: true });
  for (const f of fs.readdirSync(packDir)) if (f.endsWith(".tgz")) fs.rmSync(path.join(packDir, f));
  // dist/ was just built by `npm run bench`; skip prepack's second build.
  await exec("npm", ["pack", "--ignore-scripts", "--silent", "--pack-destination", packDir], engine.root);
  const tarballs = fs.readdirSync(packDir).filter((f) => f.endsWith(".tgz"));
  if (tarballs.length !== 1) throw new Error(`npm pack produced ${tarballs.length} tarballs`);
  const tarball = tarballs[0];
  const tarballSha256 = sha256(path.join(packDir, tarball));

  const pkg = {
    name: PROJECT,
    private: true,
    main: "index.js",
    dependencies: { "@pulumi/pulumi": engine.pinnedVersion(), [PACKAGE]: `file:../pack/${tarball}` },
  };
  fs.writeFileSync(
    path.join(dir, "Pulumi.yaml"),
    [
      `name: ${PROJECT}`,
      "description: Benchmarks of the installed package.",
      "runtime:",
      "  name: nodejs",
      "  options:",
      "    typescript: false",
      "",
    ].join("\n"),
  );
  fs.copyFileSync(path.join(__dirname, "program", "index.js"), path.join(dir, "index.js"));

  const markerFile = path.join(dir, ".bench-install.json");
  const want = { codeSha256: codeHash(path.join(packDir, tarball)), pulumi: engine.pinnedVersion(), packageJson: pkg };
  let have;
  try {
    have = JSON.parse(fs.readFileSync(markerFile, "utf8"));
  } catch {
    have = undefined;
  }
  const installed = path.join(dir, "node_modules", PACKAGE, "package.json");
  if (have && JSON.stringify(have) === JSON.stringify(want) && fs.existsSync(installed)) {
    log(`consumer project: reusing the install (tarball sha256 ${tarballSha256.slice(0, 12)}, same code)`);
    return { dir, project: PROJECT, tarballSha256, reused: true, installMs: 0 };
  }
  log(
    `consumer project: installing tarball sha256 ${tarballSha256.slice(0, 12)} and @pulumi/pulumi ${engine.pinnedVersion()} (npm install)`,
  );
  const started = Date.now();
  fs.rmSync(markerFile, { force: true });
  fs.rmSync(path.join(dir, "package-lock.json"), { force: true });
  fs.rmSync(path.join(dir, "node_modules", PACKAGE), { recursive: true, force: true });
  fs.writeFileSync(path.join(dir, "package.json"), `${JSON.stringify(pkg, null, 2)}\n`);
  await exec("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], dir);
  if (fs.lstatSync(path.join(dir, "node_modules", PACKAGE)).isSymbolicLink())
    throw new Error("the package was linked, not installed from the tarball");
  fs.writeFileSync(markerFile, `${JSON.stringify(want, null, 2)}\n`);
  return { dir, project: PROJECT, tarballSha256, reused: false, installMs: Date.now() - started };
}

module.exports = { prepareConsumer, WORK, PROJECT };

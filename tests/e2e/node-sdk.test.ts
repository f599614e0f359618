/**
 * The Node SDK (`pulumi-messenger/native`) is generated, never edited, and shipped compiled:
 *
 * - sdk/nodejs is, byte for byte, what `pulumi package gen-sdk` makes now from the plugin's own
 *   schema (its GetSchema, through the launcher in bin/), after the build's one correction;
 * - that correction changes only the relative imports of the sub-folders' files (types/, config/),
 *   which the served Node language host prints as the root's;
 * - every generated file is compiled into dist/sdk/nodejs, whose package.json carries the plugin
 *   version the SDK asks for and no `pulumi` section (which would make the engine install the plugin
 *   for every program that has the package);
 * - `npm pack` ships the compiled SDK and the door, not the generated sources (nor source maps to them).
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { REPO_ROOT, engineEnv, filesUnder } from "../../harness";
import { workDir } from "../support/engine";

jest.setTimeout(120_000);

const SDK = path.join(REPO_ROOT, "sdk", "nodejs");
const DIST_SDK = path.join(REPO_ROOT, "dist", "sdk", "nodejs");
const relFiles = (dir: string) => filesUnder(dir).map((f) => path.relative(dir, f).split(path.sep).join("/"));

test("sdk/nodejs is what a fresh generation from the plugin's schema makes (scripts/build-node-sdk --check)", () => {
  const run = () =>
    execFileSync(path.join(REPO_ROOT, "scripts", "build-node-sdk"), ["--check"], {
      env: engineEnv(),
      stdio: ["ignore", "pipe", "pipe"],
    });
  expect(() => run()).not.toThrow();
  // The check can fail: one byte more in a generated file and it does.
  const index = path.join(SDK, "index.ts");
  const text = fs.readFileSync(index, "utf8");
  fs.writeFileSync(index, `${text}\n`);
  try {
    expect(() => run()).toThrow();
  } finally {
    fs.writeFileSync(index, text);
  }
});

test("the build's correction changes only the sub-folders' relative imports, from ./ to ../", () => {
  const out = path.join(workDir(), "node-sdk-raw");
  fs.rmSync(out, { recursive: true, force: true });
  execFileSync(
    "pulumi",
    [
      "package",
      "gen-sdk",
      path.join(REPO_ROOT, "bin", "pulumi-resource-messenger"),
      "--language",
      "nodejs",
      "--out",
      out,
    ],
    { env: engineEnv(), stdio: ["ignore", "pipe", "pipe"] },
  );
  const raw = path.join(out, "nodejs");
  expect(relFiles(raw).sort()).toEqual(relFiles(SDK).sort());
  const changed: string[] = [];
  for (const file of relFiles(SDK)) {
    const before = fs.readFileSync(path.join(raw, file), "utf8").split("\n");
    const after = fs.readFileSync(path.join(SDK, file), "utf8").split("\n");
    expect(after).toHaveLength(before.length);
    before.forEach((line, i) => {
      if (line !== after[i]) changed.push(`${file}: ${line} => ${after[i]}`);
    });
  }
  expect(changed.length).toBeGreaterThan(0);
  for (const c of changed) {
    expect(c).toMatch(
      /^(types|config)\/[a-z]+\.ts: import \* as \w+ from "\.\/([a-z/]+)"; => import \* as \w+ from "\.\.\/\2";$/,
    );
  }
});

test("every generated file is compiled into dist/sdk/nodejs, with the plugin version and no pulumi section", () => {
  const sources = relFiles(SDK).filter((f) => f.endsWith(".ts"));
  expect(sources).toEqual(expect.arrayContaining(["index.ts", "profile.ts", "provider.ts", "types/input.ts"]));
  const compiled = new Set(relFiles(DIST_SDK));
  for (const f of sources) {
    expect(compiled).toContain(f.replace(/\.ts$/, ".js"));
    expect(compiled).toContain(f.replace(/\.ts$/, ".d.ts"));
  }
  const schema = JSON.parse(
    fs.readFileSync(path.join(REPO_ROOT, "dist", "provider", "plugin", "schema.json"), "utf8"),
  ) as {
    version: string;
  };
  const generated = JSON.parse(fs.readFileSync(path.join(SDK, "package.json"), "utf8")) as { pulumi?: unknown };
  expect(generated.pulumi).toEqual({ resource: true, name: "messenger", version: schema.version });
  expect(JSON.parse(fs.readFileSync(path.join(DIST_SDK, "package.json"), "utf8"))).toEqual({
    name: "pulumi-messenger",
    version: schema.version,
  });
});

test("npm pack ships the compiled SDK and the native door, not the generated sources", () => {
  const [pack] = JSON.parse(
    execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: REPO_ROOT, encoding: "utf8" }),
  ) as Array<{ files: Array<{ path: string }> }>;
  const files = new Set(pack.files.map((f) => f.path));
  for (const f of ["index.js", "index.d.ts", "profile.js", "types/input.d.ts", "package.json"]) {
    expect(files).toContain(`dist/sdk/nodejs/${f}`);
  }
  expect(files).toContain("dist/provider/native/index.js");
  expect(files).toContain("dist/provider/native/plugin-setup.js");
  expect([...files].filter((f) => f.startsWith("sdk/"))).toEqual([]);
  // No source map pointing at generated sources the package does not ship.
  expect([...files].filter((f) => f.startsWith("dist/sdk/") && f.endsWith(".map"))).toEqual([]);
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as {
    exports: Record<string, unknown>;
  };
  expect(manifest.exports["./native"]).toEqual({
    types: "./dist/provider/native/index.d.ts",
    default: "./dist/provider/native/index.js",
  });
});

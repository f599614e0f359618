#!/usr/bin/env node
// Makes this repository resolvable by its own package name from node_modules, so that the
// examples (and the dynamic-provider host, which requires the lifecycle by package name) load the
// package the way an installed copy would. Idempotent; run by `npm run build`.
const fs = require("fs");
const path = require("path");
const root = path.resolve(__dirname, "..");
const name = require(path.join(root, "package.json")).name;
const link = path.join(root, "node_modules", name);
try {
  if (fs.realpathSync(link) === fs.realpathSync(root)) process.exit(0);
  fs.rmSync(link, { recursive: true, force: true });
} catch {
  // missing: create it below
}
fs.mkdirSync(path.dirname(link), { recursive: true });
fs.symlinkSync(path.relative(path.dirname(link), root), link, "dir");

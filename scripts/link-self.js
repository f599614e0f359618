#!/usr/bin/env node
// Makes this repository resolvable by its own package name from node_modules, so that the
// examples (and the dynamic-provider host, which requires the lifecycle by package name) load the
// package the way an installed copy would; and the compatibility package of the old name
// (compat/pulumi-messenger-account-linking) by that name, as a project upgraded from 0.1.x has it.
// Idempotent; run by `npm run build`.
const fs = require("fs");
const path = require("path");
const root = path.resolve(__dirname, "..");

function link(name, target) {
  const at = path.join(root, "node_modules", name);
  try {
    if (fs.realpathSync(at) === fs.realpathSync(target)) return;
    fs.rmSync(at, { recursive: true, force: true });
  } catch {
    // missing: create it below
  }
  fs.mkdirSync(path.dirname(at), { recursive: true });
  fs.symlinkSync(path.relative(path.dirname(at), target), at, "dir");
}

link(require(path.join(root, "package.json")).name, root);
const compat = path.join(root, "compat", "pulumi-messenger-account-linking");
link(require(path.join(compat, "package.json")).name, compat);

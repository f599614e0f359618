#!/usr/bin/env node
// The project's lint, run by `npm test` before the tests:
// 1. every exported symbol of provider/ and emulator/ has a TSDoc comment (/** … */) right above it;
// 2. no `any` in the public types (the emitted .d.ts files).
"use strict";
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..");
const problems = [];

function files(dir, ext) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p, ext) : p.endsWith(ext) ? [p] : [];
  });
}

for (const file of [...files(path.join(root, "provider"), ".ts"), ...files(path.join(root, "emulator"), ".ts")]) {
  const lines = fs.readFileSync(file, "utf8").split("\n");
  lines.forEach((line, i) => {
    if (/^export (type )?\{/.test(line)) return; // re-exports are documented at their source
    if (!/^export (declare )?(async )?(function|class|interface|type|const|let|enum|abstract class)\b/.test(line))
      return;
    let j = i - 1;
    while (j >= 0 && /^\s*(@|\/\/)/.test(lines[j])) j--; // decorators or line comments between
    if (j < 0 || !/\*\/\s*$/.test(lines[j]))
      problems.push(
        `${path.relative(root, file)}:${i + 1}: exported symbol without a TSDoc comment: ${line.trim().slice(0, 80)}`,
      );
  });
}

const dist = path.join(root, "dist");
if (!fs.existsSync(dist)) problems.push("dist/ is missing: run `npm run build` first");
else {
  for (const file of files(dist, ".d.ts")) {
    fs.readFileSync(file, "utf8")
      .split("\n")
      .forEach((line, i) => {
        if (
          /(^|[^\w.])any(\[\])?\b(?!\w)/.test(line.replace(/\/\/.*$|\/\*.*?\*\/|"[^"]*"|'[^']*'|`[^`]*`/g, "")) &&
          !/^\s*\*/.test(line)
        ) {
          problems.push(
            `${path.relative(root, file)}:${i + 1}: \`any\` in a public type: ${line.trim().slice(0, 100)}`,
          );
        }
      });
  }
}

if (problems.length > 0) {
  console.error(problems.join("\n"));
  console.error(`lint: ${problems.length} problem(s)`);
  process.exit(1);
}
console.log("lint: TSDoc on every export, no `any` in public types");

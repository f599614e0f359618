// Compatibility shim: the engine locator now lives in the harness (harness/engine.ts, compiled by
// `npm run build`). Kept for the JavaScript benchmarks until they move to the harness.
"use strict";
const engine = require("../dist/harness/engine");

module.exports = {
  root: engine.REPO_ROOT,
  pinnedVersion: engine.pinnedPulumiVersion,
  cacheDir: engine.engineCacheDir,
  pulumiBinDir: engine.pulumiBinDir,
  missingEngineMessage: engine.missingEngineMessage,
  engineEnv: engine.engineEnv,
};

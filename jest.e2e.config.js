// End-to-end tests on the real Pulumi engine (CLI built by scripts/install-pulumi), driven by the
// harness (harness/), and the engine-level rows of the reliability suite. Two workers: each file
// also runs its independent stacks concurrently.
/** @type {import('jest').Config} */
module.exports = {
  preset: "ts-jest",
  testEnvironment: "node",
  roots: ["<rootDir>/tests/e2e"],
  testTimeout: 600000,
  maxWorkers: 2,
  globalSetup: "<rootDir>/tests/e2e/global-setup.ts",
  globalTeardown: "<rootDir>/tests/e2e/global-teardown.ts",
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.test.json" }] },
};

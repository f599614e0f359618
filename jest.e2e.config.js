// End-to-end tests on the real Pulumi engine (CLI built by scripts/install-pulumi), Automation API,
// and the engine-level rows of the reliability suite.
/** @type {import('jest').Config} */
module.exports = {
  preset: "ts-jest",
  testEnvironment: "node",
  roots: ["<rootDir>/tests/e2e", "<rootDir>/tests/reliability/engine"],
  testTimeout: 600000,
  maxWorkers: 1,
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.test.json" }] },
};

// Runs the Pulumi CLI for the benchmarks: asynchronous spawns only (the Graph API emulator answers
// from this very process, so a synchronous spawn would deadlock it), timed with a monotonic clock,
// against a file:// backend with passphrase secrets.
"use strict";
const { spawn } = require("child_process");
const fs = require("fs");
const path = require("path");
const engine = require("../scripts/engine");
const { msSince } = require("./stats");

/** The passphrase of the benchmark stacks' secrets (a fixed test value, not a secret). */
const PASSPHRASE = "bench-passphrase-not-a-secret";

/**
 * A Pulumi CLI bound to one project directory, one state backend and one PULUMI_HOME.
 */
class PulumiCli {
  /**
   * @param {{ projectDir: string, project: string, stateDir: string, pulumiHome: string, timeoutMs?: number }} opts
   */
  constructor(opts) {
    this.projectDir = opts.projectDir;
    this.stateDir = opts.stateDir;
    this.project = opts.project;
    this.timeoutMs = opts.timeoutMs ?? 240_000;
    fs.mkdirSync(opts.stateDir, { recursive: true });
    fs.mkdirSync(opts.pulumiHome, { recursive: true });
    const env = engine.engineEnv({
      PULUMI_BACKEND_URL: `file://${opts.stateDir}`,
      PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
      PULUMI_HOME: opts.pulumiHome,
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_SKIP_CONFIRMATIONS: "true",
    });
    // Only what a stack configures may reach the provider.
    for (const key of Object.keys(env)) if (key.startsWith("MESSENGER_")) delete env[key];
    this.env = env;
  }

  /**
   * Runs `pulumi <args>` and resolves with its output and wall time in ms (spawn to exit).
   * Rejects when it exits non-zero or runs past the timeout.
   *
   * @param {string[]} args
   * @returns {Promise<{ stdout: string, stderr: string, ms: number }>}
   */
  run(args) {
    return new Promise((resolve, reject) => {
      const start = process.hrtime.bigint();
      const child = spawn("pulumi", [...args, "--non-interactive"], {
        cwd: this.projectDir,
        env: this.env,
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d) => (stdout += d));
      child.stderr.on("data", (d) => (stderr += d));
      const timer = setTimeout(() => child.kill("SIGKILL"), this.timeoutMs);
      child.on("error", (e) => {
        clearTimeout(timer);
        reject(e);
      });
      child.on("close", (code, signal) => {
        clearTimeout(timer);
        const ms = msSince(start);
        if (code === 0) return resolve({ stdout, stderr, ms });
        const tail = `${stdout}\n${stderr}`.trim().split("\n").slice(-40).join("\n");
        reject(
          new Error(
            `pulumi ${args.join(" ")} failed (${signal ? `killed by ${signal} after ${Math.round(ms)} ms` : `exit ${code}`}):\n${tail}`,
          ),
        );
      });
    });
  }

  /** `pulumi stack init`. */
  initStack(stack) {
    return this.run(["stack", "init", stack]);
  }

  /** `pulumi up --yes --skip-preview`, saving `config` (key → value, plain) to the stack first. */
  up(stack, config = {}) {
    return this.run(["up", "--stack", stack, "--yes", "--skip-preview", ...configArgs(config)]);
  }

  /** `pulumi preview`. */
  preview(stack, config = {}) {
    return this.run(["preview", "--stack", stack, ...configArgs(config)]);
  }

  /** `pulumi refresh --yes --skip-preview`. */
  refresh(stack) {
    return this.run(["refresh", "--stack", stack, "--yes", "--skip-preview"]);
  }

  /** `pulumi destroy --yes --skip-preview`. */
  destroy(stack) {
    return this.run(["destroy", "--stack", stack, "--yes", "--skip-preview"]);
  }

  /** `pulumi config set <key> <value>` (plain). */
  setConfig(stack, key, value) {
    return this.run(["config", "set", "--stack", stack, key, String(value)]);
  }

  /** The exported deployment, as the exact text `pulumi stack export` prints (secrets encrypted). */
  async exportText(stack) {
    return (await this.run(["stack", "export", "--stack", stack])).stdout;
  }

  /** `pulumi stack rm --force` (best effort). */
  async removeStack(stack) {
    try {
      await this.run(["stack", "rm", "--stack", stack, "--yes", "--force"]);
    } catch {
      // best effort
    }
  }

  /** Size of the checkpoint file the file:// backend holds for a stack, or undefined. */
  checkpointBytes(stack) {
    const file = path.join(this.stateDir, ".pulumi", "stacks", this.project ?? "", `${stack}.json`);
    return fs.existsSync(file) ? fs.statSync(file).size : undefined;
  }

  /** `pulumi version`. */
  async version() {
    return (await this.run(["version"])).stdout.trim();
  }
}

function configArgs(config) {
  return Object.entries(config).flatMap(([k, v]) => ["--config", `${k}=${v}`]);
}

/** The engine's directory, or exits with the message telling how to get one. */
function requireEngine() {
  const dir = engine.pulumiBinDir();
  if (!dir) {
    console.error(engine.missingEngineMessage());
    process.exit(2);
  }
  return dir;
}

module.exports = {
  PulumiCli,
  PASSPHRASE,
  requireEngine,
  engine,
  projectRoot: engine.root,
  relative: (p) => path.relative(engine.root, p),
};

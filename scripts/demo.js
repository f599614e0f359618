#!/usr/bin/env node
// npm run demo: the whole life of a MessengerAccountLinking on the real Pulumi engine, against the
// embedded Graph API emulator, with no Facebook account.
//
// 1. starts the emulator on a loopback port;
// 2. runs `pulumi up` of this repository's root program (examples/basic) in a throwaway stack
//    whose state lives in a temp directory (file:// backend, passphrase secrets);
// 3. prints what the emulator's Page now holds and the Graph calls made;
// 4. runs `pulumi destroy` and shows the URL removed; removes the stack.
"use strict";
const { spawn } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");
const engine = require("./engine");

async function main() {
  if (!engine.pulumiBinDir()) {
    console.error(engine.missingEngineMessage());
    process.exit(2);
  }
  const { startEmulator } = require(path.join(engine.root, "dist", "emulator"));
  const emu = await startEmulator({ port: 0 });
  const page = emu.pages()[0];
  const token = "EMULATOR-PAGE-TOKEN-1-not-a-real-token"; // the emulator's fake token for its first demo Page
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "messenger-demo-state-"));
  const stack = `demo-${process.pid}`;
  const env = engine.engineEnv({
    PULUMI_BACKEND_URL: `file://${stateDir}`,
    PULUMI_CONFIG_PASSPHRASE: "demo-passphrase",
    PULUMI_HOME: path.join(stateDir, ".pulumi-home"),
  });
  // Asynchronous on purpose: the emulator answers from this very process.
  const pulumi = (args, opts = {}) =>
    new Promise((resolve, reject) => {
      console.log(`\n$ pulumi ${args.map((a) => (a === token ? "<token>" : a)).join(" ")}`);
      const child = spawn("pulumi", args, {
        cwd: engine.root,
        env,
        stdio: ["ignore", opts.quiet ? "pipe" : "inherit", opts.quiet ? "pipe" : "inherit"],
      });
      let err = "";
      child.stderr?.on("data", (d) => (err += d));
      child.stdout?.resume();
      child.on("error", reject);
      child.on("close", (code) =>
        code === 0 ? resolve() : reject(new Error(`pulumi ${args[0]} failed (exit ${code})${err ? `:\n${err}` : ""}`)),
      );
    });
  const show = (when) => {
    const p = emu.page(page.id);
    console.log(
      `\n[emulator] ${when}: Page ${p.id} "${p.name}" account_linking_url = ${p.accountLinkingUrl === undefined ? "(none)" : p.accountLinkingUrl}`,
    );
  };
  const calls = () => emu.requests().map((r) => `${r.method} ${r.path} -> ${r.status}`);
  try {
    console.log(`[emulator] Graph API emulator on ${emu.url}`);
    show("before");
    await pulumi(["stack", "init", stack], { quiet: true });
    await pulumi(["config", "set", "--stack", stack, "messenger:graphApiUrl", emu.url], { quiet: true });
    await pulumi(["config", "set", "--stack", stack, "--secret", "messenger:pageAccessToken", token], { quiet: true });
    await pulumi(["up", "--stack", stack, "--yes", "--skip-preview"]);
    show("after pulumi up");
    console.log(`[emulator] Graph calls during up: ${calls().join(", ")}`);
    emu.clearRequests();
    await pulumi(["up", "--stack", stack, "--yes", "--skip-preview"], { quiet: true });
    console.log(`\n[emulator] Graph calls during a second up with nothing changed: ${emu.requests().length}`);
    emu.clearRequests();
    await pulumi(["destroy", "--stack", stack, "--yes", "--skip-preview"]);
    show("after pulumi destroy");
    console.log(`[emulator] Graph calls during destroy: ${calls().join(", ")}`);
  } finally {
    try {
      await pulumi(["stack", "rm", "--stack", stack, "--yes", "--force"], { quiet: true });
    } catch {
      // best effort
    }
    fs.rmSync(stateDir, { recursive: true, force: true });
    await emu.close();
  }
}

main().catch((e) => {
  console.error(`demo failed: ${e.message}`);
  process.exit(1);
});

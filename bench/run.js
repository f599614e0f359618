#!/usr/bin/env node
// npm run bench: measures the provider on the Graph API emulator and the real Pulumi engine, and
// writes bench/results.json, bench/results.md and the README's Performance section.
//
//   calls                  Graph calls per step (one resource, real engine)
//   opOverheadRatio        lifecycle operation vs the same raw node-fetch requests (in process)
//   upRatio50, upScaling   `pulumi up` of N = 1, 10, 50 resources vs 50 no-op dynamic resources
//   connectionsPerRequest  TCP connections per Graph request during the 50-resource ups
//   stateBytesPerResource  `pulumi stack export` bytes per resource
//   rateLimitedUp          an up that runs into the rate limit waits and completes
//
// `node bench/run.js --report-only` re-renders the Markdown from bench/results.json.
//
// The engine runs on a consumer project that installs the package from its npm pack tarball
// (bench/consumer.js), with state in a throwaway file:// backend under bench/.work/.
"use strict";
const { execFile } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");
const { PulumiCli, requireEngine, engine } = require("./pulumi");
const { prepareConsumer, WORK } = require("./consumer");
const { measureOpOverhead } = require("./op-overhead");
const { measureCalls, measureScaling, measureRateLimited, UNLIMITED } = require("./engine-runs");
const { renderMarkdown, spliceReadme } = require("./report");
const { msSince, round } = require("./stats");

const REPS = {
  scaling: Number(process.env.BENCH_REPS ?? 9),
  opOverhead: 7,
  opIterations: 200,
  opWarmup: 100,
  rateLimited: 5,
};
const RATE_LIMIT = { windowMs: 3000, limit: 10, resources: 12, pageIndex: 51 };

const started = process.hrtime.bigint();
const log = (line) => console.log(`[bench ${fmtElapsed()}] ${line}`);
function fmtElapsed() {
  return `${(msSince(started) / 1000).toFixed(1).padStart(6)} s`;
}

/** Removes this machine's paths from text that will be committed. */
function scrub(text) {
  let out = text;
  for (const [p, name] of [
    [engine.root, "."],
    [os.tmpdir(), "<tmp>"],
    [os.homedir(), "~"],
  ])
    if (p && p !== "/") out = out.split(p).join(name);
  return out;
}

/** The commit measured, and which source files differed from it (uncommitted edits are measured too). */
function sourceState() {
  return new Promise((resolve) => {
    execFile(
      "git",
      ["status", "--porcelain", "--", "provider", "emulator", "package.json", "package-lock.json"],
      { cwd: engine.root },
      (err, status) => {
        execFile("git", ["rev-parse", "HEAD"], { cwd: engine.root }, (err2, head) => {
          resolve({
            commit: err2 ? "unknown" : head.trim(),
            uncommittedSourceChanges: err
              ? ["unknown"]
              : status
                  .split("\n")
                  .filter(Boolean)
                  .map((l) => l.slice(3)),
          });
        });
      },
    );
  });
}

async function main() {
  requireEngine();
  const source = await sourceState();
  const { startEmulator, makePages } = require("../dist/emulator");
  const consumer = await prepareConsumer(log);
  const runDir = path.join(WORK, "runs", `${Date.now()}-${process.pid}`);
  const cli = new PulumiCli({
    projectDir: consumer.dir,
    project: consumer.project,
    stateDir: path.join(runDir, "state"),
    pulumiHome: path.join(WORK, "pulumi-home"),
  });
  const pulumiVersion = await cli.version();
  log(`Pulumi ${pulumiVersion}, Node ${process.version}, ${os.cpus().length} CPUs`);

  const pages = makePages(RATE_LIMIT.pageIndex);
  const emu = await startEmulator({ port: 0, pages });
  const ctx = { cli, emu, pages, log };
  const results = {};
  try {
    log("calls: Graph calls per step of one resource (live-like rate limit: 10 calls per 10 minutes per Page)");
    results.calls = await measureCalls(ctx);

    log(`opOverheadRatio: ${REPS.opOverhead} reps × ${REPS.opIterations} interleaved calls per operation`);
    emu.setRateLimit(UNLIMITED);
    emu.resetRateLimits();
    const op = await measureOpOverhead(
      emu,
      { token: pages[1].token, pageId: pages[1].id },
      { reps: REPS.opOverhead, iterations: REPS.opIterations, warmup: REPS.opWarmup, log },
    );
    log("opOverheadRatio, context: the same with 1 ms of emulated latency per call (5 reps × 100)");
    const slow = await startEmulator({ port: 0, pages, latencyMs: 1, rateLimit: UNLIMITED });
    let withLatency;
    try {
      withLatency = await measureOpOverhead(
        slow,
        { token: pages[1].token, pageId: pages[1].id },
        { reps: 5, iterations: 100, warmup: 20, log },
      );
    } finally {
      await slow.close();
    }
    const worst = op.perOp[op.worstOp].ratio.median;
    results.opOverheadRatio = {
      goal: "median ≤ 1.10 (every operation)",
      met: Object.values(op.perOp).every((v) => v.ratio.median <= 1.1),
      value: worst,
      ...op,
      withEmulatedLatency1ms: {
        perOp: Object.fromEntries(
          Object.entries(withLatency.perOp).map(([k, v]) => [
            k,
            { ratio: v.ratio, lifecycleMedianMs: v.lifecycleMedianMs, rawMedianMs: v.rawMedianMs },
          ]),
        ),
        reps: 5,
        iterationsPerRep: 100,
      },
    };

    log(
      `upRatio50, upScaling, connectionsPerRequest, stateBytesPerResource: ${REPS.scaling} reps of up N=1, 10, 50 and 50 no-op, each followed by an untimed destroy`,
    );
    const scaling = await measureScaling(ctx, { reps: REPS.scaling });
    results.upRatio50 = scaling.upRatio50;
    results.upScaling = scaling.upScaling;
    results.stateBytesPerResource = scaling.state;
    results.connectionsPerRequest = scaling.connectionsPerRequest;

    log(
      `rateLimitedUp: ${RATE_LIMIT.resources} resources on one Page, limit ${RATE_LIMIT.limit} calls per ${RATE_LIMIT.windowMs} ms, ${REPS.rateLimited} reps (each with an unlimited baseline up)`,
    );
    results.rateLimitedUp = await measureRateLimited(ctx, { reps: REPS.rateLimited, ...RATE_LIMIT });
  } finally {
    await emu.close();
    fs.rmSync(runDir, { recursive: true, force: true });
  }

  const cpus = os.cpus();
  const out = {
    generatedAt: new Date().toISOString(),
    totalWallSeconds: round(msSince(started) / 1000, 1),
    machine: {
      cpus: cpus.length,
      cpuModel: cpus[0]?.model?.trim() ?? "unknown",
      memoryGiB: round(os.totalmem() / 2 ** 30, 1),
      platform: `${os.platform()} ${os.release()} ${os.arch()}`,
      node: process.version,
      pulumi: pulumiVersion,
      pulumiNodeSdk: engine.pinnedVersion(),
    },
    source,
    repetitions: REPS,
    consumer: {
      tarballSha256: consumer.tarballSha256,
      reusedInstall: consumer.reused,
      installSeconds: round(consumer.installMs / 1000, 1),
    },
    calls: results.calls,
    opOverheadRatio: results.opOverheadRatio,
    upRatio50: results.upRatio50,
    upScaling: results.upScaling,
    stateBytesPerResource: results.stateBytesPerResource,
    connectionsPerRequest: results.connectionsPerRequest,
    rateLimitedUp: results.rateLimitedUp,
  };
  fs.writeFileSync(path.join(__dirname, "results.json"), scrub(`${JSON.stringify(out, null, 2)}\n`));
  writeReports(out);
  log(
    `wrote bench/results.json, bench/results.md and the README's Performance section; total ${out.totalWallSeconds} s`,
  );
}

/** Writes bench/results.md and the README's section from results, and prints the Markdown. */
function writeReports(results) {
  const md = scrub(renderMarkdown(results));
  fs.writeFileSync(
    path.join(__dirname, "results.md"),
    `# Benchmark results\n\nWritten by \`npm run bench\` (see the README's Performance section).\n\n${md}\n`,
  );
  spliceReadme(path.join(engine.root, "README.md"), md);
  console.log(`\n${md}\n`);
}

// `node bench/run.js --report-only`: re-renders the Markdown from bench/results.json, measuring nothing.
if (process.argv.includes("--report-only")) {
  writeReports(JSON.parse(fs.readFileSync(path.join(__dirname, "results.json"), "utf8")));
  process.exit(0);
}

main().catch((e) => {
  console.error(`bench failed: ${scrub(String(e?.stack ?? e))}`);
  process.exit(1);
});

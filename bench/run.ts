// npm run bench: measures the provider on the Graph API emulator and the real Pulumi engine, and
// writes bench/results.json and docs/performance.md.
//
//   micro/   in-process micro-benchmarks
//     opOverheadRatio        lifecycle operation vs the same raw node-fetch requests
//     profileOpVsMessagingApis  profile set/get/delete vs messaging-api-messenger's (micro/profile-op-vs-messaging-apis.ts)
//   profile-sync/  profileSync: calls of a scripted sequence of profile edits, ours vs bottender's
//                  profile sync vs a naive re-post (ours: MessengerProfile on the engine; with --only profile,
//                  the in-process planner, labelled provisional)
//   engine/  runs on the real engine, through the Pulumi harness
//     calls                  Graph calls per step (one resource)
//     upRatio50, upScaling   `pulumi up` of N = 1, 10, 50 resources vs 50 no-op dynamic resources
//     connectionsPerRequest  TCP connections per Graph request during the 50-resource ups
//     stateBytesPerResource  `pulumi stack export` bytes per resource
//     rateLimitedUp          an up that runs into the rate limit waits and completes
//     refreshCliDefault, refreshSkipPreview, upRefreshCliDefault, upRefreshSkipPreview
//                            GETs per resource of a refresh, with and without the CLI's preview
//     profileUp50            `pulumi up` of 50 full MessengerProfiles vs 50 no-op dynamic resources
//     pluginUp50, pluginStateBytesPerResource
//                            `pulumi up` of 50 AccountLinking through the provider plugin (YAML program)
//                            vs the same 50 through the dynamic resource; the plugin stack's state size
//     webhookVsBottender     calls of a scripted sequence of webhook edits: MessengerWebhook and
//                            MessengerPageSubscription vs bottender's `messenger webhook set` (replayed,
//                            webhook-sync/); botUp: a bot's whole set-up from empty vs its profile alone;
//                            webhookUp50: 50 Page subscriptions and their webhook vs 50 no-op resources
//     nativeProfileUp50, nativeStateBytesPerResource
//                            `pulumi up` of 50 full profiles through the Node SDK (pulumi-messenger/native,
//                            bench/program/native.ts) vs the same 50 through the dynamic class and vs 50
//                            no-op, interleaved, then traced ups of each (where the time goes); the SDK
//                            stack's stored checkpoint per profile
//
// Options:
//   --report-only  re-renders docs/performance.md from bench/results.json, measuring nothing
//   --out <dir>    writes results.json and performance.md to <dir> instead (a trial run)
//   --quick        a trial run with few reps, written to bench/.work/quick unless --out is given
//   --only profile measures only the profile figures (profileOpVsMessagingApis, profileSync), in a few
//                  seconds, and writes them to bench/.work/only/results.json (or --out); with --merge it
//                  merges them into the committed bench/results.json (each marked with its own run in
//                  `separateRuns`) and re-renders docs/performance.md
//   --only plugin  the plugin figures, on an engine of their own (likewise)
//   --only webhook the webhook figures (webhookVsBottender, botUp, webhookUp50), on an engine of their own
//   --only native  the Node SDK's figures (nativeProfileUp50, nativeStateBytesPerResource), on an engine of
//                  their own
// Environment: BENCH_REPS sets the reps of the scaling run (default 9).
// BENCH_NATIVE_REPS and BENCH_NATIVE_TRACED_UPS set the reps and traced ups of nativeProfileUp50 (default 5, 2).
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseArgs } from "util";
import { makePages, startEmulator, type PageSeed } from "../emulator";
import { measureCalls } from "./engine/calls";
import type { EngineContext } from "./engine/context";
import { startBenchEngine } from "./engine/harness-adapter";
import { measureNative } from "./engine/native";
import { measurePlugin } from "./engine/plugin";
import { measureProfileUp50 } from "./engine/profile";
import { engineProfileSide } from "./engine/profile-sync";
import { extraTokens, measureRateLimited } from "./engine/rate-limited";
import { measureRefresh } from "./engine/refresh";
import { measureScaling } from "./engine/scaling";
import { engineWebhookSide, measureBotUp, measureWebhookUp50 } from "./engine/webhook";
import { UNLIMITED } from "./limits";
import { measureOpOverheadRatio } from "./micro/op-overhead";
import { measureProfileOpVsMessagingApis, type ProfileOpReps } from "./micro/profile-op-vs-messaging-apis";
import { measureProfileSync } from "./profile-sync/measure";
import type { SyncSide } from "./profile-sync/sequence";
import { PERFORMANCE_MD, RESULTS_JSON, ROOT, WORK } from "./paths";
import { machineInfo, scrub, sourceState } from "./provenance";
import { renderDocument } from "./report/document";
import type { ReportInput } from "./report/table";
import type { BenchResults } from "./results";
import { msSince, now, round } from "./stats";
import { measureWebhookVsBottender } from "./webhook-sync/measure";
import { startReceiver } from "./webhook-sync/receiver";

const REPS: BenchResults["repetitions"] = {
  scaling: Number(process.env.BENCH_REPS ?? 9),
  opOverhead: 7,
  opIterations: 200,
  opWarmup: 100,
  rateLimited: 5,
  profileUp50: 5,
  pluginUp50: 5,
  botUp: 5,
  webhookUp50: 5,
  nativeProfileUp50: Number(process.env.BENCH_NATIVE_REPS ?? 5),
  nativeTracedUps: Number(process.env.BENCH_NATIVE_TRACED_UPS ?? 2),
};
const QUICK_REPS: BenchResults["repetitions"] = {
  scaling: 1,
  opOverhead: 1,
  opIterations: 50,
  opWarmup: 20,
  rateLimited: 1,
  profileUp50: 1,
  pluginUp50: 1,
  botUp: 1,
  webhookUp50: 1,
  nativeProfileUp50: 1,
  nativeTracedUps: 1,
};
const RATE_LIMIT = { windowMs: 3000, limit: 10, resources: 12, pageIndex: 51, tokenOffset: 52 };
/** The (1-based) Page whose profile our side of `profileSync` owns on the engine: one no other figure uses. */
const PROFILE_SYNC_PAGE = 52;
/**
 * The (1-based) Page of the webhook sequence and of the bot's set-up: the same Page, used before
 * `profileSync` and left as found (no profile, no subscription).
 */
const WEBHOOK_PAGE = PROFILE_SYNC_PAGE;
const PROFILE_OP_REPS: ProfileOpReps = { reps: 7, iterations: 200, warmup: 100 };
const QUICK_PROFILE_OP_REPS: ProfileOpReps = { reps: 1, iterations: 50, warmup: 20 };

/** The figures `--only profile` measures. */
const PROFILE_FIGURES = ["profileOpVsMessagingApis", "profileSync"] as const;
type ProfileFigures = Pick<BenchResults, (typeof PROFILE_FIGURES)[number]>;

/** The figures `--only plugin` measures. */
const PLUGIN_FIGURES = ["pluginUp50", "pluginStateBytesPerResource"] as const;
type PluginFigures = Pick<BenchResults, (typeof PLUGIN_FIGURES)[number]>;

/** The figures `--only webhook` measures. */
const WEBHOOK_FIGURES = ["webhookVsBottender", "botUp", "webhookUp50"] as const;
type WebhookFigures = Pick<BenchResults, (typeof WEBHOOK_FIGURES)[number]>;

/** The figures `--only native` measures. */
const NATIVE_FIGURES = ["nativeProfileUp50", "nativeStateBytesPerResource"] as const;
type NativeFigures = Pick<BenchResults, (typeof NATIVE_FIGURES)[number]>;

/** The groups of `--only`: what each measures. */
const ONLY_GROUPS = ["profile", "plugin", "webhook", "native"] as const;
type OnlyGroup = (typeof ONLY_GROUPS)[number];

const started = now();
function log(line: string): void {
  console.log(`[bench ${(msSince(started) / 1000).toFixed(1).padStart(6)} s] ${line}`);
}

/**
 * The profile figures, on an emulator of their own (in process, rate limit lifted). `ourSide` is our
 * `MessengerProfile` on the engine for `profileSync`; without it the planner stands in (provisional).
 */
async function measureProfileFigures(reps: ProfileOpReps, ourSide?: SyncSide): Promise<ProfileFigures> {
  const pages = makePages(4);
  const emu = await startEmulator({ port: 0, pages, rateLimit: UNLIMITED });
  try {
    log(`profileOpVsMessagingApis: ${reps.reps} reps × ${reps.iterations} interleaved calls per operation`);
    const profileOpVsMessagingApis = await measureProfileOpVsMessagingApis(emu, pages[0], reps, log);
    log("profileSync: the scripted edit sequence, applied by each side on a Page of its own");
    const profileSync = await measureProfileSync({
      emu,
      pages: { ours: pages[1], bottender: pages[2], naive: pages[3] },
      ourSide,
      log,
    });
    return { profileOpVsMessagingApis, profileSync };
  } finally {
    await emu.close();
  }
}

/**
 * The webhook figures on the engine, against a loopback callback receiver of their own: our side of
 * `webhookVsBottender` (bottender's runs on an emulator of its own), then `botUp` and `webhookUp50`.
 */
async function measureWebhookFigures(ctx: EngineContext, reps: BenchResults["repetitions"]): Promise<WebhookFigures> {
  const receiver = await startReceiver();
  try {
    log(
      "webhookVsBottender: the scripted webhook sequence, ours on the engine and bottender's replayed, fields merged and replaced",
    );
    const webhookVsBottender = await measureWebhookVsBottender({
      receiver,
      ourSide: engineWebhookSide(ctx, WEBHOOK_PAGE),
      ourSideKind: "engine",
      log,
    });
    log(`botUp: ${reps.botUp ?? 1} reps of up of a bot's whole set-up and of its profile alone, interleaved`);
    const botUp = await measureBotUp(ctx, { reps: reps.botUp ?? 1, receiver, page: WEBHOOK_PAGE });
    log(
      `webhookUp50: ${reps.webhookUp50 ?? 1} reps of up of 50 Page subscriptions and their webhook and of 50 no-op, interleaved`,
    );
    const webhookUp50 = await measureWebhookUp50(ctx, { reps: reps.webhookUp50 ?? 1, receiver, page: WEBHOOK_PAGE });
    return { webhookVsBottender, botUp, webhookUp50 };
  } finally {
    await receiver.close();
  }
}

/** The Node SDK's figures on the engine (Pages 1 to 50, rate limit lifted). */
function measureNativeFigures(ctx: EngineContext, reps: BenchResults["repetitions"]): Promise<NativeFigures> {
  const traced = reps.nativeTracedUps ?? 1;
  log(
    `nativeProfileUp50, nativeStateBytesPerResource: ${reps.nativeProfileUp50 ?? 1} reps of up of 50 full profiles through the Node SDK, the dynamic class and 50 no-op, interleaved; then ${traced} traced up(s) of each`,
  );
  return measureNative(ctx, { reps: reps.nativeProfileUp50 ?? 1, traceUps: traced });
}

/** `opOverheadRatio`, on an emulator of its own in this process (rate limit lifted). */
async function measureOpOverheadFigure(
  pages: readonly PageSeed[],
  reps: BenchResults["repetitions"],
): Promise<BenchResults["opOverheadRatio"]> {
  log(`opOverheadRatio: ${reps.opOverhead} reps × ${reps.opIterations} interleaved calls per operation`);
  const micro = await startEmulator({ port: 0, pages: [...pages], rateLimit: UNLIMITED });
  try {
    return await measureOpOverheadRatio(
      micro,
      pages,
      pages[1],
      { reps: reps.opOverhead, iterations: reps.opIterations, warmup: reps.opWarmup },
      log,
    );
  } finally {
    await micro.close();
  }
}

/** Measures every figure. */
async function measure(reps: BenchResults["repetitions"], profileReps: ProfileOpReps): Promise<BenchResults> {
  const source = await sourceState();
  const seeds = makePages(PROFILE_SYNC_PAGE);
  // The rate-limited run's resources share Page 51, each with a token of its own (after the 52 Pages).
  const pages = [...seeds, ...extraTokens(seeds[RATE_LIMIT.pageIndex - 1], RATE_LIMIT.resources)];

  const opOverheadRatio = await measureOpOverheadFigure(pages, reps);

  const engine = await startBenchEngine({ pages, log });
  log(`Pulumi ${engine.pulumiVersion}, Node ${process.version}, ${os.cpus().length} CPUs`);
  const ctx: EngineContext = { engine, emu: engine.emu, pages, log };
  try {
    log("calls: Graph calls per step of one resource (live-like rate limit: 10 calls per 10 minutes per Page)");
    const calls = await measureCalls(ctx);
    log(
      `upRatio50, upScaling, connectionsPerRequest, stateBytesPerResource: ${reps.scaling} reps of up N=1, 10, 50 and 50 no-op, each followed by an untimed destroy`,
    );
    const scaling = await measureScaling(ctx, { reps: reps.scaling });
    log(
      `rateLimitedUp: ${RATE_LIMIT.resources} resources on one Page, limit ${RATE_LIMIT.limit} calls per ${RATE_LIMIT.windowMs} ms, ${reps.rateLimited} reps (each with an unlimited baseline up)`,
    );
    const rateLimitedUp = await measureRateLimited(ctx, { reps: reps.rateLimited, ...RATE_LIMIT });
    log("refresh: GETs per resource of refresh and up --refresh, with the CLI's preview and with --skip-preview");
    const refresh = await measureRefresh(ctx);
    log(`profileUp50: ${reps.profileUp50} reps of up of 50 full MessengerProfiles and of 50 no-op, interleaved`);
    const profileUp50 = await measureProfileUp50(ctx, { reps: reps.profileUp50 });
    const webhook = await measureWebhookFigures(ctx, reps);
    log(
      `pluginUp50, pluginStateBytesPerResource: ${reps.pluginUp50} reps of up of 50 AccountLinking through the plugin and through the dynamic resource, interleaved`,
    );
    const plugin = await measurePlugin(ctx, { reps: reps.pluginUp50 ?? 1 });
    const native = await measureNativeFigures(ctx, reps);
    const profile = await measureProfileFigures(profileReps, engineProfileSide(ctx, PROFILE_SYNC_PAGE));
    return {
      generatedAt: new Date().toISOString(),
      totalWallSeconds: round(msSince(started) / 1000, 1),
      machine: machineInfo(engine.pulumiVersion, engine.pulumiNodeSdk),
      source,
      repetitions: reps,
      consumer: {
        tarballSha256: engine.consumer.tarballSha256,
        reusedInstall: engine.consumer.reusedInstall,
        installSeconds: round(engine.consumer.installMs / 1000, 1),
      },
      calls,
      opOverheadRatio,
      upRatio50: scaling.upRatio50,
      upScaling: scaling.upScaling,
      stateBytesPerResource: scaling.state,
      connectionsPerRequest: scaling.connectionsPerRequest,
      rateLimitedUp,
      ...refresh,
      profileUp50,
      ...profile,
      ...plugin,
      ...webhook,
      ...native,
    };
  } finally {
    await engine.close();
  }
}

/** Writes results.json (unless re-rendering) and performance.md, machine paths scrubbed. */
async function write(results: ReportInput, files: { json?: string; md: string }): Promise<void> {
  if (files.json !== undefined) {
    fs.mkdirSync(path.dirname(files.json), { recursive: true });
    fs.writeFileSync(files.json, scrub(`${JSON.stringify(results, null, 2)}\n`));
  }
  fs.mkdirSync(path.dirname(files.md), { recursive: true });
  fs.writeFileSync(files.md, scrub(await renderDocument(results)));
  log(
    `wrote ${[files.json, files.md]
      .filter((f) => f !== undefined)
      .map((f) => path.relative(ROOT, f))
      .join(" and ")}`,
  );
}

/** The plugin figures, on an engine of their own (50 Pages, rate limit lifted). */
async function measurePluginFigures(reps: number): Promise<PluginFigures> {
  const pages = makePages(50);
  const engine = await startBenchEngine({ pages, log });
  log(`Pulumi ${engine.pulumiVersion}, Node ${process.version}, ${os.cpus().length} CPUs`);
  try {
    log(`pluginUp50, pluginStateBytesPerResource: ${reps} reps, plugin and dynamic interleaved`);
    return await measurePlugin({ engine, emu: engine.emu, pages, log }, { reps });
  } finally {
    await engine.close();
  }
}

/** The webhook figures, on an engine of their own (the same Pages as the full run, rate limit lifted). */
async function measureWebhookFiguresAlone(reps: BenchResults["repetitions"]): Promise<WebhookFigures> {
  const pages = makePages(PROFILE_SYNC_PAGE);
  const engine = await startBenchEngine({ pages, log });
  log(`Pulumi ${engine.pulumiVersion}, Node ${process.version}, ${os.cpus().length} CPUs`);
  try {
    return await measureWebhookFigures({ engine, emu: engine.emu, pages, log }, reps);
  } finally {
    await engine.close();
  }
}

/** The Node SDK's figures, on an engine of their own (50 Pages, rate limit lifted). */
async function measureNativeFiguresAlone(reps: BenchResults["repetitions"]): Promise<NativeFigures> {
  const pages = makePages(50);
  const engine = await startBenchEngine({ pages, log });
  log(`Pulumi ${engine.pulumiVersion}, Node ${process.version}, ${os.cpus().length} CPUs`);
  try {
    return await measureNativeFigures({ engine, emu: engine.emu, pages, log }, reps);
  } finally {
    await engine.close();
  }
}

/** The figures of an `--only` group, measured. */
async function measureGroup(
  group: OnlyGroup,
  quick: boolean,
): Promise<{
  names: readonly (keyof BenchResults)[];
  figures: ProfileFigures | PluginFigures | WebhookFigures | NativeFigures;
}> {
  const reps = quick ? QUICK_REPS : REPS;
  if (group === "profile")
    return {
      names: PROFILE_FIGURES,
      figures: await measureProfileFigures(quick ? QUICK_PROFILE_OP_REPS : PROFILE_OP_REPS),
    };
  if (group === "plugin") return { names: PLUGIN_FIGURES, figures: await measurePluginFigures(reps.pluginUp50 ?? 1) };
  if (group === "native") return { names: NATIVE_FIGURES, figures: await measureNativeFiguresAlone(reps) };
  return { names: WEBHOOK_FIGURES, figures: await measureWebhookFiguresAlone(reps) };
}

/**
 * `--only <group>`: that group's figures alone, written to `out`; with `merge`, also merged into the
 * committed results.json (the other figures kept as measured, this run recorded in `separateRuns`)
 * and the page re-rendered.
 */
async function onlyGroup(group: OnlyGroup, quick: boolean, opts: { merge: boolean; out: string }): Promise<void> {
  const source = await sourceState();
  const { names, figures } = await measureGroup(group, quick);
  const command = `npm run bench -- --only ${group}${quick ? " --quick" : ""} --merge`;
  const run = {
    generatedAt: new Date().toISOString(),
    wallSeconds: round(msSince(started) / 1000, 1),
    source,
    ...(group === "profile" ? {} : { command }),
  };
  const file = path.join(opts.out, "results.json");
  fs.mkdirSync(opts.out, { recursive: true });
  fs.writeFileSync(file, scrub(`${JSON.stringify({ ...run, ...figures }, null, 2)}\n`));
  log(`wrote ${path.relative(ROOT, file)}`);
  const judged = figures as Record<string, { value: unknown; goal: string; met: boolean }>;
  for (const f of names)
    log(`${f}: ${JSON.stringify(judged[f].value)} (goal ${judged[f].goal}: ${judged[f].met ? "met" : "MISSED"})`);
  if (!opts.merge) return;
  const committed = JSON.parse(fs.readFileSync(RESULTS_JSON, "utf8")) as ReportInput;
  const separateRuns = { ...committed.separateRuns };
  for (const f of names) separateRuns[f] = run;
  await write({ ...committed, ...figures, separateRuns }, { json: RESULTS_JSON, md: PERFORMANCE_MD });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      "report-only": { type: "boolean", default: false },
      quick: { type: "boolean", default: false },
      out: { type: "string" },
      only: { type: "string" },
      merge: { type: "boolean", default: false },
    },
    strict: true,
  });
  const out = values.out !== undefined ? path.resolve(values.out) : values.quick ? path.join(WORK, "quick") : undefined;
  const md = out === undefined ? PERFORMANCE_MD : path.join(out, "performance.md");
  if (values["report-only"]) {
    await write(JSON.parse(fs.readFileSync(RESULTS_JSON, "utf8")) as ReportInput, { md });
    return;
  }
  if (values.only !== undefined) {
    const group = ONLY_GROUPS.find((g) => g === values.only);
    if (group === undefined)
      throw new Error(`--only ${values.only}: the groups are ${ONLY_GROUPS.map((g) => `"${g}"`).join(", ")}`);
    await onlyGroup(group, values.quick, {
      merge: values.merge,
      out: values.out !== undefined ? path.resolve(values.out) : path.join(WORK, "only"),
    });
    return;
  }
  if (values.merge) throw new Error("--merge goes with --only");
  const results = await measure(
    values.quick ? QUICK_REPS : REPS,
    values.quick ? QUICK_PROFILE_OP_REPS : PROFILE_OP_REPS,
  );
  await write(results, { json: out === undefined ? RESULTS_JSON : path.join(out, "results.json"), md });
  log(`total ${results.totalWallSeconds} s`);
}

main().catch((e: unknown) => {
  console.error(`bench failed: ${scrub(String(e instanceof Error ? (e.stack ?? e.message) : e))}`);
  process.exit(1);
});

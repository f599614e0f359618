// The measurements on the real Pulumi engine: Graph calls per step, `pulumi up` of N resources
// (N = 1, 10, 50) against the same program declaring N no-op dynamic resources, TCP connections
// per request, state bytes per resource, and an up that runs into the emulator's rate limit.
// Every command is the Pulumi CLI on the consumer project (package installed from its tarball).
"use strict";
const { round, summary } = require("./stats");

/** No rate limit to speak of (the scaling runs would otherwise exhaust 10 calls per Page). */
const UNLIMITED = { calls: 1e9, windowMs: 100 };

function describeCalls(reqs) {
  return reqs.map((r) => `${r.method} ${r.path} ${r.status ?? "-"}`);
}

/**
 * Graph calls of every step of one resource's life, on one stack (Page 1, token as an input).
 * Runs with the emulator's live-like rate limit (10 calls per 10 minutes per Page).
 *
 * @param {{ cli: import("./pulumi").PulumiCli, emu: any, pages: any[], log: (s: string) => void }} ctx
 */
async function measureCalls(ctx) {
  const { cli, emu, pages, log } = ctx;
  const page = pages[0];
  const stack = "calls";
  const url1 = "https://example.com/messenger/link";
  const url2 = "https://login.example.org/messenger/link-v2";
  emu.setRateLimit({ calls: 10, windowMs: 600_000 });
  emu.resetRateLimits();
  emu.setAccountLinkingUrl(page.id, undefined);
  await cli.initStack(stack);
  const base = { "bench:n": 1, "bench:mode": "real", "bench:url": url1, "messenger:graphApiUrl": emu.url };

  const steps = {};
  const checks = [];
  const step = async (name, fn) => {
    emu.clearRequests();
    const { ms } = await fn();
    const reqs = emu.requests();
    steps[name] = { calls: reqs.length, requests: describeCalls(reqs), seconds: round(ms / 1000, 2) };
    log(`  ${name}: ${reqs.length} Graph call(s) ${reqs.length ? `(${describeCalls(reqs).join(", ")})` : ""}`);
  };
  const expectUrl = (when, want) => {
    const have = emu.page(page.id)?.accountLinkingUrl;
    checks.push({ when, pageUrl: have ?? null, expected: want ?? null, ok: have === want });
  };

  await step("preview (new stack)", () => cli.preview(stack, base));
  await step("up (create)", () => cli.up(stack, base));
  expectUrl("after create", `${url1}?page=1`);
  await step("up (no change)", () => cli.up(stack));
  await step("preview (URL changed)", () => cli.preview(stack, { "bench:url": url2 }));
  await step("up (update)", () => cli.up(stack, { "bench:url": url2 }));
  expectUrl("after update", `${url2}?page=1`);
  await step("refresh", () => cli.refresh(stack));
  await step("destroy", () => cli.destroy(stack));
  expectUrl("after destroy", undefined);
  await cli.removeStack(stack);

  const value = {
    create: steps["up (create)"].calls,
    update: steps["up (update)"].calls,
    refresh: steps.refresh.calls,
    delete: steps.destroy.calls,
    preview: Math.max(steps["preview (new stack)"].calls, steps["preview (URL changed)"].calls),
    noChangeUp: steps["up (no change)"].calls,
  };
  const goal = { create: 2, update: 1, refresh: 1, delete: 1, preview: 0, noChangeUp: 0 };
  const met =
    value.create <= goal.create &&
    ["update", "refresh", "delete", "preview", "noChangeUp"].every((k) => value[k] === goal[k]) &&
    checks.every((c) => c.ok);
  return {
    goal: "create ≤ 2, update 1, refresh 1, delete 1, preview 0, noChangeUp 0",
    met,
    value,
    steps,
    pageStateChecks: checks,
  };
}

/**
 * `pulumi up` wall time at N = 1, 10, 50 (real resources, one Page each) and at N = 50 no-op
 * dynamic resources, interleaved rep by rep in a rotating order; each up creates every resource of
 * an empty stack and is followed by an untimed destroy. Also counts TCP connections per request
 * during the 50-resource ups, and the exported state size after one of them.
 *
 * @param {{ cli: import("./pulumi").PulumiCli, emu: any, pages: any[], log: (s: string) => void }} ctx
 * @param {{ reps: number }} opts
 */
async function measureScaling(ctx, opts) {
  const { cli, emu, pages, log } = ctx;
  emu.setRateLimit(UNLIMITED);
  emu.resetRateLimits();
  const configs = [
    { stack: "real-1", mode: "real", n: 1 },
    { stack: "real-10", mode: "real", n: 10 },
    { stack: "real-50", mode: "real", n: 50 },
    { stack: "noop-50", mode: "noop", n: 50 },
  ];
  for (const c of configs) {
    await cli.initStack(c.stack);
    await cli.run([
      "config",
      "set-all",
      "--stack",
      c.stack,
      "--plaintext",
      `bench:n=${c.n}`,
      "--plaintext",
      `bench:mode=${c.mode}`,
      "--plaintext",
      `messenger:graphApiUrl=${emu.url}`,
    ]);
  }
  // One untimed up and destroy of the pair being compared: the first run after `stack init` pays
  // one-off costs (plugin discovery, first checkpoint).
  for (const c of configs.filter((x) => x.n === 50)) {
    const { ms } = await cli.up(c.stack);
    await cli.destroy(c.stack);
    log(`  warm-up up ${c.stack}: ${round(ms / 1000, 2)} s`);
  }

  const times = Object.fromEntries(configs.map((c) => [c.stack, []]));
  const destroyTimes = Object.fromEntries(configs.map((c) => [c.stack, []]));
  const conn = { up: [], destroy: [], connections: [], requests: [] };
  let state;
  for (let rep = 0; rep < opts.reps; rep++) {
    const order = configs.map((_, i) => configs[(i + rep) % configs.length]);
    const line = [];
    for (const c of order) {
      emu.clearRequests();
      const { ms } = await cli.up(c.stack);
      const reqs = emu.requests();
      const connections = emu.connections();
      const want = c.mode === "real" ? 2 * c.n : 0;
      const bad = reqs.filter((r) => r.status !== 200);
      if (reqs.length !== want || bad.length > 0)
        throw new Error(
          `${c.stack}: expected ${want} Graph calls all answered 200, saw ${reqs.length} (${bad.length} not 200)`,
        );
      if (c.mode === "real") {
        const missing = pages
          .slice(0, c.n)
          .filter((p, i) => emu.page(p.id)?.accountLinkingUrl !== `https://example.com/messenger/link?page=${i + 1}`);
        if (missing.length > 0) throw new Error(`${c.stack}: ${missing.length} Page(s) without their URL after up`);
      }
      times[c.stack].push(ms);
      if (c.stack === "real-50") {
        conn.up.push(connections / reqs.length);
        conn.connections.push(connections);
        conn.requests.push(reqs.length);
        if (rep === opts.reps - 1) state = await stateSize(cli, c.stack, c.n);
      }
      emu.clearRequests();
      const d = await cli.destroy(c.stack);
      destroyTimes[c.stack].push(d.ms);
      if (c.stack === "real-50") conn.destroy.push(emu.connections() / Math.max(1, emu.requests().length));
      line.push(`${c.stack} ${round(ms / 1000, 2)} s`);
    }
    log(`  rep ${rep + 1}/${opts.reps}: ${line.join(", ")}`);
  }
  for (const c of configs) await cli.removeStack(c.stack);

  const sec = (ms) => ms.map((x) => x / 1000);
  const ratio50 = times["real-50"].map((t, i) => t / times["noop-50"][i]);
  const r50 = summary(ratio50);
  const t1 = summary(sec(times["real-1"]), 2);
  const t10 = summary(sec(times["real-10"]), 2);
  const t50 = summary(sec(times["real-50"]), 2);
  const vs1 = (arr) => summary(arr.map((t, i) => t / times["real-1"][i]));
  const scaling50 = vs1(times["real-50"]);
  const connSummary = summary(conn.up);
  return {
    upRatio50: {
      goal: "≤ 1.15",
      met: r50.median <= 1.15,
      value: r50.median,
      ratio: r50,
      realSeconds: t50,
      noopSeconds: summary(sec(times["noop-50"]), 2),
      note: "per rep: wall time of `pulumi up` creating 50 MessengerAccountLinking on 50 Pages / the same up declaring 50 no-op dynamic resources",
    },
    upScaling: {
      goal: "reported; parallel: N=50 takes well under 50× the N=1 time (met when < 10×)",
      met: scaling50.median < 10,
      value: { N1: t1.median, N10: t10.median, N50: t50.median },
      seconds: { N1: t1, N10: t10, N50: t50 },
      ratioToN1: { N10: vs1(times["real-10"]), N50: scaling50 },
      perResourceMarginalMs: round(((t50.median - t1.median) * 1000) / 49, 1),
      destroySeconds: {
        N1: summary(sec(destroyTimes["real-1"]), 2),
        N10: summary(sec(destroyTimes["real-10"]), 2),
        N50: summary(sec(destroyTimes["real-50"]), 2),
        noopN50: summary(sec(destroyTimes["noop-50"]), 2),
      },
      parallelism: "pulumi default (--parallel 8 on this engine)",
    },
    connectionsPerRequest: {
      goal: "≤ 0.5",
      met: connSummary.median <= 0.5,
      value: connSummary.median,
      ratio: connSummary,
      connections: conn.connections,
      requests: conn.requests,
      duringDestroy: summary(conn.destroy),
    },
    state,
  };
}

/**
 * Bytes of `pulumi stack export` per MessengerAccountLinking: the export exactly as the CLI prints
 * it (secrets encrypted, indented JSON), the same deployment as compact JSON, and the checkpoint
 * file the file:// backend stores; plus what one resource entry is made of.
 */
async function stateSize(cli, stack, n) {
  const text = await cli.exportText(stack);
  const deployment = JSON.parse(text).deployment;
  const resources = deployment.resources ?? [];
  const links = resources.filter((r) => r.type === "pulumi-nodejs:dynamic/messenger:MessengerAccountLinking");
  if (links.length !== n) throw new Error(`expected ${n} MessengerAccountLinking in the export, found ${links.length}`);
  const bytes = (v) => Buffer.byteLength(typeof v === "string" ? v : JSON.stringify(v ?? null));
  const totalBytes = bytes(text);
  const compactBytes = bytes(JSON.parse(text));
  const stored = cli.checkpointBytes(stack);
  const provider = String(links[0].inputs?.__provider ?? "");
  const perResource = Math.round(totalBytes / n);
  // One entry, compact, by part.
  const entry = links[0];
  const isSecret = (v) => typeof v === "object" && v !== null && typeof v.ciphertext === "string";
  const secretBytes = ["inputs", "outputs"].reduce(
    (sum, k) =>
      sum +
      Object.values(entry[k] ?? {})
        .filter(isSecret)
        .reduce((a, v) => a + bytes(v), 0),
    0,
  );
  const providerInState = ["inputs", "outputs"].reduce(
    (sum, k) => sum + (entry[k]?.__provider ? bytes(entry[k].__provider) : 0),
    0,
  );
  const provenance = bytes(entry.stackTrace) + bytes(entry.sourcePosition);
  const entryBytes = bytes(entry);
  const propertyBytes = bytes(entry.inputs) + bytes(entry.outputs);
  return {
    goal: "≤ 3072",
    met: perResource <= 3072,
    value: perResource,
    definition:
      "bytes of `pulumi stack export` output (as printed: indented JSON, secrets encrypted) / number of MessengerAccountLinking resources, 50-resource stack, tokens as inputs",
    exportBytes: totalBytes,
    resources: n,
    otherResources: resources.length - n,
    compactJsonBytesPerResource: Math.round(compactBytes / n),
    storedCheckpointBytesPerResource: stored === undefined ? null : Math.round(stored / n),
    oneEntryCompactBytes: {
      total: entryBytes,
      inputsAndOutputs: propertyBytes,
      ofWhichProviderReference: providerInState,
      ofWhichEncryptedSecrets: secretBytes,
      engineProvenance: provenance,
      engineBookkeeping: entryBytes - propertyBytes - provenance,
    },
    providerBytes: bytes(provider),
    providerCapturedByReference:
      provider.includes("require(") && provider.includes("pulumi-messenger-account-linking/dist/provider/shim.js"),
  };
}

/**
 * An up that runs into the rate limit: `resources` resources on one Page (one POST each counts
 * against the limit; GET /me does not) with the emulator allowing `limit` calls per `windowMs`.
 * The provider must wait for the window and complete. The wait of each rate-limited resource is
 * read from the emulator's log: from its first 613 answer to its successful POST (the request
 * bodies differ per resource).
 *
 * @param {{ cli: import("./pulumi").PulumiCli, emu: any, pages: any[], log: (s: string) => void }} ctx
 * @param {{ reps: number, windowMs: number, limit: number, resources: number, pageIndex: number }} opts
 */
async function measureRateLimited(ctx, opts) {
  const { cli, emu, pages, log } = ctx;
  const page = pages[opts.pageIndex - 1];
  const stack = "rate-limited";
  const tunables = { maxRetries: 4, deadlineMs: 60_000 };
  await cli.initStack(stack);
  await cli.run([
    "config",
    "set-all",
    "--stack",
    stack,
    "--plaintext",
    `bench:n=${opts.resources}`,
    "--plaintext",
    "bench:mode=real",
    "--plaintext",
    `bench:page=${opts.pageIndex}`,
    "--plaintext",
    `messenger:graphApiUrl=${emu.url}`,
    "--plaintext",
    `messenger:maxRetries=${tunables.maxRetries}`,
    "--plaintext",
    `messenger:deadlineMs=${tunables.deadlineMs}`,
  ]);
  const runs = [];
  for (let rep = 0; rep < opts.reps; rep++) {
    emu.setRateLimit({ calls: opts.limit, windowMs: opts.windowMs });
    emu.resetRateLimits();
    emu.clearRequests();
    let ok = true;
    let error;
    let ms = 0;
    try {
      ms = (await cli.up(stack)).ms;
    } catch (e) {
      ok = false;
      error = String(e.message).slice(0, 2000);
    }
    const posts = emu.requests().filter((r) => r.method === "POST" && r.pageId === page.id);
    const byBody = new Map();
    for (const r of posts) byBody.set(r.body, [...(byBody.get(r.body) ?? []), r]);
    const waits = [];
    const timelines = [];
    let limited = 0;
    let limitedAgain = 0;
    const afterLast613 = [];
    const t0 = posts.length ? posts[0].time : 0;
    for (const chain of byBody.values()) {
      const answers613 = chain.filter((r) => r.status === 400);
      limited += answers613.length;
      if (answers613.length === 0) continue;
      const success = chain.find((r) => r.status === 200 && r.seq > answers613[0].seq);
      if (answers613.length > 1) {
        limitedAgain++;
        if (success) afterLast613.push(success.time - answers613[answers613.length - 1].time);
      }
      waits.push(success ? success.time - answers613[0].time : Infinity);
      // Attempts of this resource's POST, ms after the up's first POST.
      timelines.push(chain.map((r) => `${r.time - t0} ms: ${r.status === 400 ? "613" : r.status}`).join(", "));
    }
    const allSet =
      byBody.size === opts.resources && [...byBody.values()].every((chain) => chain.some((r) => r.status === 200));
    const maxWait = waits.length ? Math.max(...waits) : 0;
    runs.push({
      completed: ok && allSet,
      upMs: round(ms, 0),
      rateLimitedAnswers: limited,
      resourcesThatWaited: waits.length,
      resourcesLimitedTwice: limitedAgain,
      msFromRepeated613ToSuccess: afterLast613,
      waitsMs: waits,
      maxWaitMs: maxWait,
      attempts: timelines,
      ...(error ? { error } : {}),
    });
    log(
      `  rep ${rep + 1}/${opts.reps}: up ${ok ? "completed" : "FAILED"} in ${round(ms / 1000, 2)} s, ${limited} answer(s) 613, ${waits.length} resource(s) waited, longest wait ${maxWait} ms (window ${opts.windowMs} ms)`,
    );
    emu.setRateLimit(UNLIMITED);
    emu.resetRateLimits();
    await cli.destroy(stack);
    // Baseline: the same up with no rate limit in the way.
    emu.clearRequests();
    const baseline = (await cli.up(stack)).ms;
    if (emu.requests().some((r) => r.status !== 200)) throw new Error("the unlimited baseline up saw a non-200 answer");
    await cli.destroy(stack);
    const run = runs[runs.length - 1];
    run.unlimitedUpMs = round(baseline, 0);
    run.extraMsVsUnlimited = round(ms - baseline, 0);
  }
  await cli.removeStack(stack);
  const waitRatios = runs.map((r) => r.maxWaitMs / opts.windowMs);
  const wr = summary(waitRatios);
  const allCompleted = runs.every((r) => r.completed);
  const everyRunLimited = runs.every((r) => r.rateLimitedAnswers > 0);
  return {
    goal: "completes; wait ≤ window + 20%",
    met: allCompleted && everyRunLimited && wr.median <= 1.2,
    everyRunWithinGoal: allCompleted && everyRunLimited && wr.max <= 1.2,
    value: { completed: allCompleted, waitToWindowRatio: wr.median },
    waitToWindowRatio: wr,
    maxWaitMs: summary(
      runs.map((r) => r.maxWaitMs),
      0,
    ),
    upSeconds: summary(
      runs.map((r) => r.upMs / 1000),
      2,
    ),
    unlimitedUpSeconds: summary(
      runs.map((r) => r.unlimitedUpMs / 1000),
      2,
    ),
    extraUpTimeToWindowRatio: summary(runs.map((r) => r.extraMsVsUnlimited / opts.windowMs)),
    setup: {
      resourcesOnOnePage: opts.resources,
      limitCallsPerWindow: opts.limit,
      windowMs: opts.windowMs,
      providerConfig: tunables,
    },
    runs,
  };
}

module.exports = { measureCalls, measureScaling, measureRateLimited, UNLIMITED };

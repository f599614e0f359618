// opOverheadRatio: the cost of one provider operation (create, update, read, delete called through
// AccountLinkingLifecycle, exactly as the dynamic-provider host calls it) against the same HTTP
// requests sent raw with node-fetch (same method, path, query and body, replayed from what the
// lifecycle sent), both against the same emulator in this process, each over its own keep-alive
// http.Agent. Calls are interleaved (alternating which goes first) so that drift hits both alike.
"use strict";
const http = require("http");
const fetch = require("node-fetch");
const { AccountLinkingLifecycle } = require("../dist/provider/lifecycle");
const { readProviderSettings } = require("../dist/provider/settings");
const { median, round, summary } = require("./stats");

const OPS = ["create", "update", "read", "delete"];
const URLS = ["https://example.com/messenger/link?bench=a", "https://example.com/messenger/link?bench=b"];

/**
 * @param {import("../dist/emulator").Emulator} emu - emulator whose rate limit the caller lifted
 * @param {{ token: string, pageId: string }} page
 * @param {{ reps: number, iterations: number, warmup: number, log: (s: string) => void }} opts
 */
async function measureOpOverhead(emu, page, opts) {
  const { reps, iterations, warmup, log } = opts;
  delete process.env.MESSENGER_DEBUG; // the host's default observer logs only when this is set
  const lc = new AccountLinkingLifecycle({
    settings: readProviderSettings(undefined, {
      MESSENGER_GRAPH_API_URL: emu.url,
      MESSENGER_PAGE_ACCESS_TOKEN: page.token,
    }),
  });
  const rawAgent = new http.Agent({ keepAlive: true, maxSockets: 32, keepAliveMsecs: 10_000 });

  // Resolved inputs and outputs, as the engine would hand them over.
  const inputsFor = async (url) => {
    const { inputs, failures } = await lc.check({}, { accountLinkingUrl: url });
    if (failures && failures.length > 0) throw new Error(`check failed: ${JSON.stringify(failures)}`);
    return inputs;
  };
  const inputs = [await inputsFor(URLS[0]), await inputsFor(URLS[1])];
  const created = await lc.create(inputs[0]);
  const id = created.id;
  const outsFor = (p) => ({ ...created.outs, accountLinkingUrl: URLS[p] });

  // Parity p alternates the URL so that every update really changes it.
  const lifecycleOp = {
    create: (p) => lc.create(inputs[p]),
    update: (p) => lc.update(id, outsFor(1 - p), inputs[p]),
    read: (p) => lc.read(id, outsFor(p)),
    delete: (p) => lc.delete(id, outsFor(p)),
  };

  // What each lifecycle op sends, captured from the emulator's log, per parity.
  const shape = (r) => ({
    method: r.method,
    path: r.path,
    rawQuery: r.rawQuery,
    body: r.body,
    contentType: r.contentType,
  });
  const templates = {};
  for (const op of OPS) {
    templates[op] = [];
    for (const p of [0, 1]) {
      emu.clearRequests();
      await lifecycleOp[op](p);
      templates[op].push(emu.requests().map(shape));
    }
  }
  const rawOp = (op, p) => async () => {
    for (const r of templates[op][p]) {
      const res = await fetch(`${emu.url}${r.path}${r.rawQuery ? `?${r.rawQuery}` : ""}`, {
        method: r.method,
        headers: r.body
          ? { accept: "application/json", "content-type": r.contentType }
          : { accept: "application/json" },
        body: r.body || undefined,
        agent: rawAgent,
      });
      const body = await res.json();
      if (res.status !== 200) throw new Error(`raw ${r.method} ${r.path}: HTTP ${res.status} ${JSON.stringify(body)}`);
    }
  };
  // The raw baseline must send byte-identical requests.
  const sameRequests = {};
  for (const op of OPS) {
    for (const p of [0, 1]) {
      emu.clearRequests();
      await rawOp(op, p)();
      const sent = JSON.stringify(emu.requests().map(shape));
      if (sent !== JSON.stringify(templates[op][p]))
        throw new Error(
          `raw baseline of ${op} differs from the lifecycle's requests:\n${sent}\n${JSON.stringify(templates[op][p])}`,
        );
    }
    sameRequests[op] = templates[op][0].map((r) => `${r.method} ${r.path}`);
  }

  const timeOne = async (fn) => {
    const t = process.hrtime.bigint();
    await fn();
    return Number(process.hrtime.bigint() - t) / 1e6;
  };
  const runPairs = async (op, count, sink) => {
    for (let i = 0; i < count; i++) {
      const p = i % 2;
      const lifecycleFirst = (i >> 1) % 2 === 0;
      if (lifecycleFirst) {
        const a = await timeOne(() => lifecycleOp[op](p));
        const b = await timeOne(rawOp(op, p));
        sink?.(a, b);
      } else {
        const b = await timeOne(rawOp(op, p));
        const a = await timeOne(() => lifecycleOp[op](p));
        sink?.(a, b);
      }
    }
  };

  for (const op of OPS) await runPairs(op, warmup);
  emu.clearRequests();

  const ratios = Object.fromEntries(OPS.map((op) => [op, []]));
  const latency = Object.fromEntries(OPS.map((op) => [op, { lifecycle: [], raw: [] }]));
  for (let rep = 0; rep < reps; rep++) {
    for (const op of OPS) {
      const l = [];
      const r = [];
      await runPairs(op, iterations, (a, b) => {
        l.push(a);
        r.push(b);
      });
      ratios[op].push(median(l) / median(r));
      latency[op].lifecycle.push(median(l));
      latency[op].raw.push(median(r));
      emu.clearRequests(); // keep the log small
    }
    log(`  op overhead rep ${rep + 1}/${reps}: ${OPS.map((op) => `${op} ${round(ratios[op][rep], 3)}`).join(", ")}`);
  }
  await lc.delete(id, outsFor(0));
  rawAgent.destroy();

  const perOp = {};
  for (const op of OPS) {
    perOp[op] = {
      ratio: summary(ratios[op]),
      requests: sameRequests[op],
      lifecycleMedianMs: round(median(latency[op].lifecycle), 4),
      rawMedianMs: round(median(latency[op].raw), 4),
    };
  }
  const worst = OPS.reduce((a, b) => (perOp[a].ratio.median >= perOp[b].ratio.median ? a : b));
  return { perOp, worstOp: worst, reps, iterationsPerRep: iterations, warmupIterations: warmup };
}

module.exports = { measureOpOverhead };

// upRatio50, upScaling, connectionsPerRequest (and the stack whose export stateBytesPerResource
// measures): `pulumi up` of N = 1, 10, 50 resources against the same program declaring 50 no-op
// dynamic resources, interleaved rep by rep in a rotating order. Each up creates every resource of
// an empty stack and is followed by an untimed destroy.
import { GOALS, withinLimit } from "../goals";
import { UNLIMITED } from "../limits";
import type { BySize, ConnectionsResult, StateBytesResult, UpRatioResult, UpScalingResult } from "../results";
import { round, summary, type Summary } from "../stats";
import { programConfig, type EngineContext } from "./context";
import type { BenchStack } from "./driver";
import { measureStateSize } from "./state-size";

/** The four figures of the scaling run. */
export interface ScalingResults {
  /** `upRatio50`. */
  readonly upRatio50: UpRatioResult;
  /** `upScaling`. */
  readonly upScaling: UpScalingResult;
  /** `connectionsPerRequest`. */
  readonly connectionsPerRequest: ConnectionsResult;
  /** `stateBytesPerResource`, measured on the 50-resource stack after its last up. */
  readonly state: StateBytesResult;
}

interface SizeConfig {
  readonly key: "N1" | "N10" | "N50" | "noopN50";
  readonly mode: "real" | "noop";
  readonly n: number;
}

const CONFIGS: readonly SizeConfig[] = [
  { key: "N1", mode: "real", n: 1 },
  { key: "N10", mode: "real", n: 10 },
  { key: "N50", mode: "real", n: 50 },
  { key: "noopN50", mode: "noop", n: 50 },
];

const STACK_NAMES: Record<SizeConfig["key"], string> = {
  N1: "real-1",
  N10: "real-10",
  N50: "real-50",
  noopN50: "noop-50",
};

type ByConfig<T> = Record<SizeConfig["key"], T>;

function byConfig<T>(make: (c: SizeConfig) => T): ByConfig<T> {
  return Object.fromEntries(CONFIGS.map((c) => [c.key, make(c)])) as ByConfig<T>;
}

/** Runs the interleaved ups and returns the four figures. */
export async function measureScaling(ctx: EngineContext, opts: { readonly reps: number }): Promise<ScalingResults> {
  const { engine, emu, pages, log } = ctx;
  emu.setRateLimit(UNLIMITED);
  emu.resetRateLimits();
  const stacks = {} as ByConfig<BenchStack>;
  for (const c of CONFIGS) {
    stacks[c.key] = await engine.newStack(STACK_NAMES[c.key]);
    await stacks[c.key].setConfig(programConfig({ n: c.n, mode: c.mode }));
  }
  // One untimed up and destroy of the pair being compared: the first run after `stack init` pays
  // one-off costs (plugin discovery, first checkpoint).
  for (const c of CONFIGS.filter((x) => x.n === 50)) {
    const { ms } = await stacks[c.key].up();
    await stacks[c.key].destroy();
    log(`  warm-up up ${STACK_NAMES[c.key]}: ${round(ms / 1000, 2)} s`);
  }

  const times = byConfig<number[]>(() => []);
  const destroyTimes = byConfig<number[]>(() => []);
  const conn = { up: [] as number[], destroy: [] as number[], connections: [] as number[], requests: [] as number[] };
  let state: StateBytesResult | undefined;
  for (let rep = 0; rep < opts.reps; rep++) {
    const order = CONFIGS.map((_, i) => CONFIGS[(i + rep) % CONFIGS.length]);
    const line: string[] = [];
    for (const c of order) {
      const stack = stacks[c.key];
      emu.clearRequests(); // the connection count starts again
      const { ms, calls: reqs } = await stack.up();
      const connections = emu.connections();
      const want = c.mode === "real" ? 2 * c.n : 0;
      const bad = reqs.filter((r) => r.status !== 200);
      if (reqs.length !== want || bad.length > 0)
        throw new Error(
          `${stack.name}: expected ${want} Graph calls all answered 200, saw ${reqs.length} (${bad.length} not 200)`,
        );
      if (c.mode === "real") {
        const missing = pages
          .slice(0, c.n)
          .filter((p, i) => emu.page(p.id)?.accountLinkingUrl !== `https://example.com/messenger/link?page=${i + 1}`);
        if (missing.length > 0) throw new Error(`${stack.name}: ${missing.length} Page(s) without their URL after up`);
      }
      times[c.key].push(ms);
      if (c.key === "N50") {
        conn.up.push(connections / reqs.length);
        conn.connections.push(connections);
        conn.requests.push(reqs.length);
        if (rep === opts.reps - 1) state = await measureStateSize(stack, c.n);
      }
      emu.clearRequests();
      const d = await stack.destroy();
      destroyTimes[c.key].push(d.ms);
      if (c.key === "N50") conn.destroy.push(emu.connections() / Math.max(1, d.calls.length));
      line.push(`${stack.name} ${round(ms / 1000, 2)} s`);
    }
    log(`  rep ${rep + 1}/${opts.reps}: ${line.join(", ")}`);
  }
  for (const c of CONFIGS) await stacks[c.key].remove();
  if (state === undefined) throw new Error("no rep measured the state size (reps must be at least 1)");

  const seconds = (key: SizeConfig["key"]): Summary =>
    summary(
      times[key].map((x) => x / 1000),
      2,
    );
  const vsN1 = (key: SizeConfig["key"]): Summary => summary(times[key].map((t, i) => t / times.N1[i]));
  const ratio50 = summary(times.N50.map((t, i) => t / times.noopN50[i]));
  const sec: BySize<Summary> = { N1: seconds("N1"), N10: seconds("N10"), N50: seconds("N50") };
  const scaling50 = vsN1("N50");
  const connSummary = summary(conn.up);
  const destroySeconds = byConfig((c) =>
    summary(
      destroyTimes[c.key].map((x) => x / 1000),
      2,
    ),
  );
  return {
    upRatio50: {
      goal: GOALS.upRatio50.text,
      met: withinLimit(GOALS.upRatio50, ratio50.median),
      value: ratio50.median,
      ratio: ratio50,
      realSeconds: sec.N50,
      noopSeconds: seconds("noopN50"),
      note: "per rep: wall time of `pulumi up` creating 50 MessengerAccountLinking on 50 Pages / the same up declaring 50 no-op dynamic resources",
    },
    upScaling: {
      goal: GOALS.upScaling.text,
      met: withinLimit(GOALS.upScaling, scaling50.median),
      value: { N1: sec.N1.median, N10: sec.N10.median, N50: sec.N50.median },
      seconds: sec,
      ratioToN1: { N10: vsN1("N10"), N50: scaling50 },
      perResourceMarginalMs: round(((sec.N50.median - sec.N1.median) * 1000) / 49, 1),
      destroySeconds,
      parallelism: "pulumi default (--parallel 8 on this engine)",
    },
    connectionsPerRequest: {
      goal: GOALS.connectionsPerRequest.text,
      met: withinLimit(GOALS.connectionsPerRequest, connSummary.median),
      value: connSummary.median,
      ratio: connSummary,
      connections: conn.connections,
      requests: conn.requests,
      duringDestroy: summary(conn.destroy),
    },
    state,
  };
}

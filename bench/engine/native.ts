// The Node SDK (`pulumi-messenger/native`) on the engine:
//   nativeProfileUp50            `pulumi up` of 50 full messenger.Profile on 50 Pages through the SDK
//                                and the provider plugin (bench/program/native.ts) / the same 50
//                                profiles through the dynamic class (`profile` mode of
//                                bench/program/index.ts), and / 50 no-op dynamic resources (the
//                                engine's floor, as profileUp50); the three interleaved rep by rep,
//                                each up followed by an untimed destroy; then `traceUps` more ups of
//                                each, traced (./trace.ts), for where the time goes
//   nativeStateBytesPerResource  the SDK stack's stored checkpoint per Profile after its last timed
//                                up, with the dynamic class's stack measured the same way beside it
import * as fs from "fs";
import * as path from "path";
import type { Emulator, LoggedRequest } from "../../emulator";
import { GOALS, withinLimit } from "../goals";
import { UNLIMITED } from "../limits";
import { WORK } from "../paths";
import type { NativeProfileUpResult, NativeStateBytesResult, UpPhases } from "../results";
import { round, summary, type Summary } from "../stats";
import { programConfig, type EngineContext } from "./context";
import type { BenchStack, Timed } from "./driver";
import { measureNativeStateSize, measureProfileStateForComparison } from "./state-size";
import { readTracedUp, type TracedUp, type UpPhaseTimes } from "./trace";

const N = 50;
/** The sides, in the order of the first rep (each rep rotates it by one). */
const SIDES = ["native", "dynamic", "noop"] as const;
type Side = (typeof SIDES)[number];
/** Where the traced ups write their spans (git-ignored; the spans hold paths and payloads). */
const TRACE_DIR = path.join(WORK, "native-traces");

/** The two figures of the native run. */
export interface NativeResults {
  /** `nativeProfileUp50`. */
  readonly nativeProfileUp50: NativeProfileUpResult;
  /** `nativeStateBytesPerResource`. */
  readonly nativeStateBytesPerResource: NativeStateBytesResult;
}

/** The Graph calls of an up, by `METHOD path` with the API version left out. */
function callCounts(calls: readonly LoggedRequest[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const c of calls) {
    const key = `${c.method} ${c.path.replace(/^\/v\d+\.\d+\//, "/")}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

/** Throws unless a profile up made N `GET /me` and N profile POSTs, every one answered 200, and left every Page's full profile. */
function checkProfileUp(emu: Emulator, ctx: EngineContext, name: string, calls: readonly LoggedRequest[]): void {
  const counts = callCounts(calls);
  const bad = calls.filter((c) => c.status !== 200);
  if (calls.length !== 2 * N || counts["GET /me"] !== N || counts["POST /me/messenger_profile"] !== N || bad.length > 0)
    throw new Error(
      `${name}: expected ${N} GET /me and ${N} POST /me/messenger_profile all answered 200, saw ${JSON.stringify(counts)} (${bad.length} not 200)`,
    );
  const incomplete = ctx.pages.slice(0, N).filter((p) => Object.keys(emu.profile(p.id, "messenger") ?? {}).length < 7);
  if (incomplete.length > 0) throw new Error(`${name}: ${incomplete.length} Page(s) without their full profile`);
}

/** One up of `side`'s stack, checked, then its untimed destroy, checked. */
async function upAndDestroy(
  ctx: EngineContext,
  side: Side,
  stack: BenchStack,
  up: () => Promise<Timed>,
  between?: () => Promise<void>,
): Promise<{ upMs: number; destroyMs: number; calls: Record<string, number> }> {
  const { emu } = ctx;
  emu.clearRequests();
  const { ms, calls } = await up();
  if (side === "noop") {
    if (calls.length !== 0) throw new Error(`${stack.name}: the no-op up made ${calls.length} Graph calls`);
  } else checkProfileUp(emu, ctx, stack.name, calls);
  await between?.();
  const d = await stack.destroy();
  const wantDestroy = side === "noop" ? 0 : N;
  if (d.calls.length !== wantDestroy)
    throw new Error(`${stack.name}: destroy made ${d.calls.length} calls, not ${wantDestroy}`);
  return { upMs: ms, destroyMs: d.ms, calls: callCounts(calls) };
}

function seconds(xs: readonly number[]): Summary {
  return summary(
    xs.map((x) => x / 1000),
    2,
  );
}

function ms(xs: readonly number[]): Summary {
  return summary(xs, 0);
}

/** The traced ups of one side, summarized. */
function phasesOf(traced: readonly TracedUp[], wallMs: readonly number[]): UpPhases {
  const keys = Object.keys(traced[0].phases) as (keyof UpPhaseTimes)[];
  const phases = Object.fromEntries(keys.map((k) => [k, ms(traced.map((t) => t.phases[k]))])) as Record<
    keyof UpPhaseTimes,
    Summary
  >;
  return {
    wallMs: ms(wallMs),
    tracedMs: ms(traced.map((t) => t.tracedMs)),
    phases,
    providerLaunchMs: ms(traced.map((t) => t.providerLaunchMs)),
    programDeclareMs: ms(traced.map((t) => t.programDeclareMs)),
    checkPaceMs: summary(
      traced.map((t) => t.checkPaceMs),
      1,
    ),
    overlappingChecks: Math.max(...traced.map((t) => t.overlappingChecks)),
    checkRpcMedianMs: summary(
      traced.map((t) => t.checkRpcMedianMs),
      1,
    ),
    createRpcMedianMs: summary(
      traced.map((t) => t.createRpcMedianMs),
      1,
    ),
    checkpointWrites: traced[0].checkpointWrites,
    checkpointWriteMs: ms(traced.map((t) => t.checkpointWriteMs)),
  };
}

/** Runs the interleaved ups of the three sides, then the traced ones, and returns the native figures. */
export async function measureNative(
  ctx: EngineContext,
  opts: { readonly reps: number; readonly traceUps: number },
): Promise<NativeResults> {
  const { engine, emu, log } = ctx;
  if (opts.reps < 1 || opts.traceUps < 1) throw new Error("nativeProfileUp50 needs at least one rep and one traced up");
  emu.setRateLimit(UNLIMITED);
  emu.resetRateLimits();
  const stacks: Record<Side, BenchStack> = {
    native: await engine.newNativeStack("native-50"),
    dynamic: await engine.newStack("native-dynamic-50"),
    noop: await engine.newStack("native-noop-50"),
  };
  await stacks.native.setConfig({ "bench:n": String(N) });
  await stacks.dynamic.setConfig(programConfig({ n: N, mode: "profile" }));
  await stacks.noop.setConfig(programConfig({ n: N, mode: "noop" }));
  // One untimed up and destroy of each: the first run after `stack init` pays one-off costs.
  for (const side of SIDES) {
    const { upMs } = await upAndDestroy(ctx, side, stacks[side], () => stacks[side].up());
    log(`  warm-up up ${stacks[side].name}: ${round(upMs / 1000, 2)} s`);
  }
  const times: Record<Side, number[]> = { native: [], dynamic: [], noop: [] };
  const destroys: Record<Side, number[]> = { native: [], dynamic: [], noop: [] };
  const calls: Partial<Record<Side, Record<string, number>>> = {};
  let nativeState: Omit<NativeStateBytesResult, "dynamicProfile"> | undefined;
  let dynamicState: NativeStateBytesResult["dynamicProfile"] | undefined;
  for (let rep = 0; rep < opts.reps; rep++) {
    const order = SIDES.map((_, k) => SIDES[(k + rep) % SIDES.length]);
    for (const side of order) {
      const s = stacks[side];
      // The last rep measures the state of both profile stacks, between the up and the destroy.
      const measureState = async (): Promise<void> => {
        if (rep !== opts.reps - 1) return;
        if (side === "native") nativeState = await measureNativeStateSize(s, N);
        if (side === "dynamic") dynamicState = await measureProfileStateForComparison(s, N);
      };
      const r = await upAndDestroy(ctx, side, s, () => s.up(), measureState);
      times[side].push(r.upMs);
      destroys[side].push(r.destroyMs);
      calls[side] = r.calls;
    }
    log(
      `  rep ${rep + 1}/${opts.reps}: ${SIDES.map((side) => `${side} ${round(times[side][rep] / 1000, 2)} s`).join(", ")}`,
    );
  }
  const traced: Record<Side, TracedUp[]> = { native: [], dynamic: [], noop: [] };
  const tracedWall: Record<Side, number[]> = { native: [], dynamic: [], noop: [] };
  fs.rmSync(TRACE_DIR, { recursive: true, force: true });
  fs.mkdirSync(TRACE_DIR, { recursive: true });
  for (let k = 0; k < opts.traceUps; k++) {
    for (const side of SIDES) {
      const s = stacks[side];
      const file = path.join(TRACE_DIR, `${side}-${k + 1}.json`);
      const r = await upAndDestroy(ctx, side, s, () => s.upTraced(file));
      traced[side].push(readTracedUp(file, N));
      tracedWall[side].push(r.upMs);
    }
    log(
      `  traced up ${k + 1}/${opts.traceUps}: ${SIDES.map((side) => `${side} ${round(tracedWall[side][k] / 1000, 2)} s`).join(", ")}`,
    );
  }
  for (const side of SIDES) await stacks[side].remove();
  if (nativeState === undefined || dynamicState === undefined) throw new Error("the last rep measured no state size");
  const toDynamic = summary(times.native.map((t, i) => t / times.dynamic[i]));
  const toNoop = summary(times.native.map((t, i) => t / times.noop[i]));
  const goal = GOALS.nativeProfileUp50;
  const met = withinLimit(goal.ratioToDynamic, toDynamic.median) && withinLimit(goal.ratioToNoop, toNoop.median);
  if (calls.native === undefined || calls.dynamic === undefined) throw new Error("no rep counted the Graph calls");
  return {
    nativeProfileUp50: {
      goal: goal.text,
      met,
      value: { ratioToDynamic: toDynamic.median, ratioToNoop: toNoop.median },
      ratioToDynamic: toDynamic,
      ratioToNoop: toNoop,
      nativeSeconds: seconds(times.native),
      dynamicSeconds: seconds(times.dynamic),
      noopSeconds: seconds(times.noop),
      destroySeconds: {
        native: seconds(destroys.native),
        dynamic: seconds(destroys.dynamic),
        noop: seconds(destroys.noop),
      },
      callsPerUp: { native: calls.native, dynamic: calls.dynamic },
      tracedUps: opts.traceUps,
      whereTheTimeGoes: {
        native: phasesOf(traced.native, tracedWall.native),
        dynamic: phasesOf(traced.dynamic, tracedWall.dynamic),
        noop: phasesOf(traced.noop, tracedWall.noop),
      },
      note: "per rep: wall time of `pulumi up` creating 50 full messenger.Profile (every field, two locales) on 50 Pages from a TypeScript program through the Node SDK (pulumi-messenger/native) and the provider plugin / the same up of the same 50 profiles through the dynamic class MessengerProfile, and / the same up declaring 50 no-op dynamic resources; tokens as inputs; the three interleaved, the order rotated each rep",
    },
    nativeStateBytesPerResource: { ...nativeState, dynamicProfile: dynamicState },
  };
}

// The provider plugin on the engine:
//   pluginUp50                   `pulumi up` of 50 messenger:index:AccountLinking through the plugin
//                                (the YAML program of ./plugin-program.ts) / the same 50 through the
//                                dynamic resource (the TypeScript program in `real` mode), interleaved
//                                rep by rep, each up followed by an untimed destroy
//   pluginStateBytesPerResource  the plugin stack's export per resource, after its last up
import { GOALS, withinLimit } from "../goals";
import { UNLIMITED } from "../limits";
import type { PluginStateBytesResult, PluginUpResult } from "../results";
import { round, summary } from "../stats";
import { programConfig, type EngineContext } from "./context";
import type { BenchStack } from "./driver";
import { benchUrl } from "./plugin-program";
import { measurePluginStateSize } from "./state-size";

const N = 50;

/** The two figures of the plugin run. */
export interface PluginResults {
  /** `pluginUp50`. */
  readonly pluginUp50: PluginUpResult;
  /** `pluginStateBytesPerResource`. */
  readonly pluginStateBytesPerResource: PluginStateBytesResult;
}

/** Runs the interleaved ups of both front doors and returns the plugin's two figures. */
export async function measurePlugin(ctx: EngineContext, opts: { readonly reps: number }): Promise<PluginResults> {
  const { engine, emu, pages, log } = ctx;
  if (opts.reps < 1) throw new Error("pluginUp50 needs at least one rep");
  emu.setRateLimit(UNLIMITED);
  emu.resetRateLimits();
  const plugin = await engine.newPluginStack("plugin-50");
  const dynamic = await engine.newStack("plugin-dynamic-50");
  await dynamic.setConfig(programConfig({ n: N, mode: "real" }));
  // One untimed up and destroy of each: the first run after `stack init` pays one-off costs (plugin
  // discovery, the YAML host's schema load, first checkpoint).
  for (const s of [plugin, dynamic]) {
    const { ms } = await s.up();
    await s.destroy();
    log(`  warm-up up ${s.name}: ${round(ms / 1000, 2)} s`);
  }
  const times = { plugin: [] as number[], dynamic: [] as number[] };
  const destroys = { plugin: [] as number[], dynamic: [] as number[] };
  let state: PluginStateBytesResult | undefined;
  for (let rep = 0; rep < opts.reps; rep++) {
    const order: BenchStack[] = rep % 2 === 0 ? [plugin, dynamic] : [dynamic, plugin];
    for (const s of order) {
      const key = s === plugin ? "plugin" : "dynamic";
      emu.clearRequests();
      const { ms, calls } = await s.up();
      const bad = calls.filter((c) => c.status !== 200);
      if (calls.length !== 2 * N || bad.length > 0)
        throw new Error(
          `${s.name}: expected ${2 * N} Graph calls all answered 200, saw ${calls.length} (${bad.length} not 200)`,
        );
      const missing = pages.slice(0, N).filter((p, i) => emu.page(p.id)?.accountLinkingUrl !== benchUrl(i + 1));
      if (missing.length > 0) throw new Error(`${s.name}: ${missing.length} Page(s) without their URL after up`);
      times[key].push(ms);
      if (s === plugin && rep === opts.reps - 1) state = await measurePluginStateSize(s, N);
      const d = await s.destroy();
      if (d.calls.length !== N) throw new Error(`${s.name}: destroy made ${d.calls.length} calls, not ${N}`);
      destroys[key].push(d.ms);
    }
    log(
      `  rep ${rep + 1}/${opts.reps}: plugin ${round(times.plugin[rep] / 1000, 2)} s, dynamic ${round(times.dynamic[rep] / 1000, 2)} s`,
    );
  }
  await plugin.remove();
  await dynamic.remove();
  if (state === undefined) throw new Error("no rep measured the plugin's state size");
  const ratio = summary(times.plugin.map((t, i) => t / times.dynamic[i]));
  const seconds = (xs: number[]) =>
    summary(
      xs.map((x) => x / 1000),
      2,
    );
  return {
    pluginUp50: {
      goal: GOALS.pluginUp50.text,
      met: withinLimit(GOALS.pluginUp50, ratio.median),
      value: ratio.median,
      ratio,
      pluginSeconds: seconds(times.plugin),
      dynamicSeconds: seconds(times.dynamic),
      destroySeconds: { plugin: seconds(destroys.plugin), dynamic: seconds(destroys.dynamic) },
      note: "per rep: wall time of `pulumi up` creating 50 messenger:index:AccountLinking on 50 Pages from a YAML program through the provider plugin / the same 50 MessengerAccountLinking from the TypeScript program through the dynamic resource; tokens as inputs on both sides",
    },
    pluginStateBytesPerResource: state,
  };
}

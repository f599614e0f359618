// MessengerProfile on the engine:
//   profileUp50   `pulumi up` of 50 full profiles on 50 Pages / the same up of 50 no-op dynamic
//                 resources, interleaved rep by rep (each up followed by an untimed destroy)
import { GOALS, withinLimit } from "../goals";
import { UNLIMITED } from "../limits";
import type { UpRatioResult } from "../results";
import { round, summary } from "../stats";
import { programConfig, type EngineContext } from "./context";

const N = 50;

/** `profileUp50`: wall time ratio of creating 50 full profiles to creating 50 no-op resources. */
export async function measureProfileUp50(ctx: EngineContext, opts: { readonly reps: number }): Promise<UpRatioResult> {
  const { engine, emu, pages, log } = ctx;
  emu.setRateLimit(UNLIMITED);
  emu.resetRateLimits();
  const profile = await engine.newStack("profile-50");
  const noop = await engine.newStack("profile-noop-50");
  await profile.setConfig(programConfig({ n: N, mode: "profile" }));
  await noop.setConfig(programConfig({ n: N, mode: "noop" }));
  for (const s of [profile, noop]) {
    const { ms } = await s.up();
    await s.destroy();
    log(`  warm-up up ${s.name}: ${round(ms / 1000, 2)} s`);
  }
  const real: number[] = [];
  const base: number[] = [];
  for (let rep = 0; rep < opts.reps; rep++) {
    const order = rep % 2 === 0 ? [profile, noop] : [noop, profile];
    for (const s of order) {
      emu.clearRequests();
      const { ms, calls } = await s.up();
      const want = s === profile ? 2 * N : 0;
      const bad = calls.filter((c) => c.status !== 200);
      if (calls.length !== want || bad.length > 0)
        throw new Error(
          `${s.name}: expected ${want} Graph calls all answered 200, saw ${calls.length} (${bad.length} not 200)`,
        );
      if (s === profile) {
        const incomplete = pages
          .slice(0, N)
          .filter((p) => Object.keys(emu.profile(p.id, "messenger") ?? {}).length < 7);
        if (incomplete.length > 0)
          throw new Error(`${s.name}: ${incomplete.length} Page(s) without their full profile`);
        real.push(ms);
      } else base.push(ms);
      const d = await s.destroy();
      if (s === profile && d.calls.length !== N)
        throw new Error(`${s.name}: destroy made ${d.calls.length} calls, not ${N}`);
    }
    log(`  rep ${rep + 1}/${opts.reps}: profile ${round(real[rep] / 1000, 2)} s, noop ${round(base[rep] / 1000, 2)} s`);
  }
  await profile.remove();
  await noop.remove();
  const ratio = summary(real.map((t, i) => t / base[i]));
  return {
    goal: GOALS.profileUp50.text,
    met: withinLimit(GOALS.profileUp50, ratio.median),
    value: ratio.median,
    ratio,
    realSeconds: summary(
      real.map((x) => x / 1000),
      2,
    ),
    noopSeconds: summary(
      base.map((x) => x / 1000),
      2,
    ),
    note: "per rep: wall time of `pulumi up` creating 50 full MessengerProfiles (every field, two locales) on 50 Pages / the same up declaring 50 no-op dynamic resources",
  };
}

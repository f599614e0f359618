// Our side of `profileSync` on the real engine: one `pulumi up --yes --skip-preview` per declaration
// of the edit sequence, through the `MessengerProfile` resource, on one stack and one Page, each up's
// Graph calls counted from the emulator's log (what `Timed.calls` holds).
//
// NOT WIRED IN YET: it needs the benchmark program (bench/program/index.ts) to declare one
// `MessengerProfile` when `bench:mode` is `profile`, with the JSON declaration in `bench:profile` and
// the token of Page `bench:page` (the lead adds this with the resource):
//
//   if (mode === "profile") {
//     const args = config.requireObject<MessengerProfileArgs>("profile");
//     new MessengerProfile("profile", { ...args, pageAccessToken: tokens[(samePage ?? 1) - 1] });
//   }
//
// then, in bench/run.ts, measures `profileSync` once the engine is up, passing
// `engineProfileSide(ctx, page)` as `ourSide` to `measureProfileSync`.
import type { MessengerProfileArgs } from "../../provider/profile/types";
import type { SyncSide } from "../profile-sync/sequence";
import type { EngineContext } from "./context";

/**
 * The engine side of `profileSync`.
 *
 * @param ctx - the engine run's context
 * @param page - the 1-based Page (of `ctx.pages`) whose profile the stack owns; it should start empty
 */
export function engineProfileSide(ctx: EngineContext, page: number): SyncSide {
  return async (programs: readonly MessengerProfileArgs[]) => {
    const stack = await ctx.engine.newStack("profile-sync");
    const perEdit: number[] = [];
    try {
      for (const [i, args] of programs.entries()) {
        const { calls } = await stack.up({
          "bench:n": "1",
          "bench:mode": "profile",
          "bench:page": String(page),
          "bench:profile": JSON.stringify(args),
        });
        perEdit.push(calls.length);
        ctx.log(`  profileSync, engine, step ${i}: ${calls.length} Graph call(s)`);
      }
      await stack.destroy();
    } finally {
      await stack.remove();
    }
    return { perEdit };
  };
}

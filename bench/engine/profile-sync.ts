// Our side of `profileSync` on the real engine: one `pulumi up --yes --skip-preview` per declaration
// of the edit sequence, through the `MessengerProfile` resource, on one stack and one Page, each up's
// Graph calls counted from the emulator's log (what `Timed.calls` holds).
//
// The benchmark program (bench/program/index.ts) declares one `MessengerProfile` when `bench:mode` is
// `profile-json`, with the JSON declaration in `bench:profile` and the token of Page `bench:page`.
import { describeRequest, pageMatches, type SyncSide } from "../profile-sync/sequence";
import type { EngineContext } from "./context";
import type { DeclaredProfile } from "../../provider/profile/types";

/**
 * The engine side of `profileSync`.
 *
 * @param ctx - the engine run's context
 * @param page - the 1-based Page (of `ctx.pages`) whose profile the stack owns; it should start empty
 */
export function engineProfileSide(ctx: EngineContext, page: number): SyncSide {
  return async (programs: readonly DeclaredProfile[]) => {
    const stack = await ctx.engine.newStack("profile-sync");
    const pageId = ctx.pages[page - 1].id;
    const perEdit: number[] = [];
    const requests: string[][] = [];
    const stateMatches: boolean[] = [];
    try {
      for (const [i, args] of programs.entries()) {
        const { calls } = await stack.up({
          "bench:n": "1",
          "bench:mode": "profile-json",
          "bench:page": String(page),
          "bench:profile": JSON.stringify(args),
        });
        perEdit.push(calls.length);
        requests.push(calls.map(describeRequest));
        stateMatches.push(pageMatches(ctx.emu, pageId, args));
        ctx.log(`  profileSync, engine, step ${i}: ${calls.length} Graph call(s)`);
      }
      await stack.destroy();
    } finally {
      await stack.remove();
    }
    return { perEdit, requests, stateMatches };
  };
}

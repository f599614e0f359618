// The `profileSync` figure: the calls of the scripted edit sequence (edits.ts) made by our resource,
// by bottender's profile sync (bottender.ts) and by a naive re-post (naive.ts), each counted from
// the emulator's request log on a Page of its own. Our side is the engine (a `SyncSide` the caller
// passes: one `pulumi up` per declaration through `MessengerProfile`) or, until that is wired in, the
// in-process planner (planner.ts), labelled provisional.
import type { Emulator, PageSeed } from "../../emulator";
import { GOALS, isExactly, withinLimit } from "../goals";
import type { ProfileSyncResult, ProfileSyncStepResult } from "../results";
import { round } from "../stats";
import { runBottender } from "./bottender";
import { PROFILE_SYNC_PROGRAMS, PROFILE_SYNC_STEPS } from "./edits";
import { runNaive } from "./naive";
import { runPlanner } from "./planner";
import type { SideRun, SyncSide } from "./sequence";

/** The Pages of the run, one per side, each with an empty profile. */
export interface ProfileSyncPages {
  /** bottender's. */
  readonly bottender: PageSeed;
  /** The naive re-post's. */
  readonly naive: PageSeed;
  /** Ours, when the planner stands in for the engine. */
  readonly ours: PageSeed;
}

/** Options of {@link measureProfileSync}. */
export interface ProfileSyncOptions {
  /** The emulator, with its rate limit lifted (bottender alone exceeds 10 calls per 10 minutes). */
  readonly emu: Emulator;
  /** One Page per side. */
  readonly pages: ProfileSyncPages;
  /** Our side on the engine; when absent, the planner stands in (provisional). */
  readonly ourSide?: SyncSide;
  /** Progress lines. */
  readonly log?: (line: string) => void;
}

const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

/**
 * Runs the sequence with every side and judges the figure. Step 0 (create) is reported but not
 * counted: the figure is about the edits.
 *
 * @param opts - emulator, Pages, our side
 */
export async function measureProfileSync(opts: ProfileSyncOptions): Promise<ProfileSyncResult> {
  const { emu, pages, log = () => undefined } = opts;
  const programs = PROFILE_SYNC_PROGRAMS;
  const bottender = await runBottender(emu, pages.bottender, programs);
  const naive = await runNaive(emu, pages.naive, programs);
  let ours: Pick<SideRun, "perEdit"> & Partial<SideRun>;
  if (opts.ourSide !== undefined) {
    emu.clearRequests();
    ours = await opts.ourSide(programs);
    if (ours.perEdit.length !== programs.length)
      throw new Error(`our side reported ${ours.perEdit.length} steps for ${programs.length} declarations`);
  } else {
    ours = await runPlanner(emu, pages.ours, programs);
  }

  const edits = PROFILE_SYNC_STEPS.map((s, i) => ({ s, i })).filter(({ i }) => i > 0);
  const count = (run: Pick<SideRun, "perEdit">) => sum(edits.map(({ i }) => run.perEdit[i]));
  const ourCalls = count(ours);
  const bottenderCalls = count(bottender);
  const naiveCalls = count(naive);
  const value = {
    edits: edits.length,
    ourCalls,
    bottenderCalls,
    naiveCalls,
    ratioVsBottender: round(ourCalls / bottenderCalls, 3),
    maxCallsPerEdit: Math.max(...edits.map(({ i }) => ours.perEdit[i])),
    cosmeticCalls: sum(
      edits.filter(({ s }) => s.kind === "cosmetic" || s.kind === "noop").map(({ i }) => ours.perEdit[i]),
    ),
  };
  const goal = GOALS.profileSync;
  const steps: ProfileSyncStepResult[] = PROFILE_SYNC_STEPS.map((s, i) => ({
    name: s.name,
    kind: s.kind,
    description: s.description,
    calls: { ours: ours.perEdit[i], bottender: bottender.perEdit[i], naive: naive.perEdit[i] },
    requests: { ours: ours.requests?.[i], bottender: bottender.requests[i], naive: naive.requests[i] },
    pageMatchesDeclaration: {
      ours: ours.stateMatches?.[i],
      bottender: bottender.stateMatches[i],
      naive: naive.stateMatches[i],
    },
    errors: { ours: ours.errors?.[i] ?? null, bottender: bottender.errors[i], naive: naive.errors[i] },
  }));
  const mismatched = (run: Partial<SideRun>) =>
    run.stateMatches === undefined
      ? null
      : PROFILE_SYNC_STEPS.filter((_, i) => !run.stateMatches?.[i]).map((s) => s.name);
  log(
    `profileSync: ${value.edits} edits; calls ours ${ourCalls}${opts.ourSide ? "" : " (planner, provisional)"}, bottender ${bottenderCalls}, naive ${naiveCalls}`,
  );
  return {
    goal: goal.text,
    met:
      withinLimit(goal.ratioVsBottender, value.ratioVsBottender) &&
      withinLimit(goal.maxCallsPerEdit, value.maxCallsPerEdit) &&
      isExactly(goal.cosmeticCalls, value.cosmeticCalls),
    value,
    ourSide: opts.ourSide ? "engine" : "planner-provisional",
    createCalls: { ours: ours.perEdit[0], bottender: bottender.perEdit[0], naive: naive.perEdit[0] },
    stepsWherePageDiffersFromDeclaration: {
      ours: mismatched(ours),
      bottender: mismatched(bottender),
      naive: mismatched(naive),
    },
    steps,
  };
}

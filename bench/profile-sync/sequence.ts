// Applies the edit sequence with one tool against the emulator and counts, from the emulator's
// request log, the calls each step made to the Page's Messenger Profile endpoint (and `GET /me`):
// every request that carried the Page's token. After each step it also checks whether the Page's
// profile is what the step declares.
import type { Emulator, LoggedRequest } from "../../emulator";
import { PROFILE_WIRE_FIELDS } from "../../provider/graph/profile-fields";
import { fieldEquals, normalizeProfileArgs } from "../../provider/profile/normalize";
import { fromWire } from "../../provider/profile/wire-form";
import type { DeclaredProfile } from "../../provider/profile/types";

/**
 * One side of the comparison: applies each declaration in turn (index 0 creates the profile on a
 * Page that has none) and says how many Graph calls each step made. The engine side (our
 * `MessengerProfile`, one `pulumi up` per declaration) has this shape too.
 */
export type SyncSide = (
  programs: readonly DeclaredProfile[],
) => Promise<Pick<SideRun, "perEdit"> & Partial<Pick<SideRun, "requests" | "stateMatches">>>;

/** What a side did, step by step. */
export interface SideRun {
  /** Graph calls per step (index 0: create). */
  readonly perEdit: number[];
  /** Each step's calls: `METHOD path status`. */
  readonly requests: string[][];
  /** Whether, after each step, the Page's profile equals the step's declaration (all seven fields). */
  readonly stateMatches: boolean[];
  /** The error a step ended with (the tool would have stopped there), or null. */
  readonly errors: (string | null)[];
}

/** How one step is applied by a tool. */
export type ApplyStep = (args: DeclaredProfile, index: number) => Promise<void>;

/** `METHOD path status` of a logged request. */
export function describeRequest(r: LoggedRequest): string {
  return `${r.method} ${r.path} ${r.status ?? "-"}`;
}

/**
 * Whether the Page's Messenger profile, as the emulator holds it, is exactly the declaration: every
 * declared field equal once normalized, and no undeclared field set.
 *
 * @param emu - the emulator
 * @param pageId - the Page
 * @param args - the declaration
 */
export function pageMatches(emu: Emulator, pageId: string, args: DeclaredProfile): boolean {
  const onPage = fromWire(emu.profile(pageId, "messenger") ?? {}, "messenger");
  const declared = normalizeProfileArgs(args, "messenger");
  return PROFILE_WIRE_FIELDS.every((f) => fieldEquals(onPage, declared, f));
}

/**
 * Runs a sequence step by step on one Page, counting each step's calls from the request log.
 *
 * @param emu - the emulator (the log is cleared before each step; nothing else may use it meanwhile)
 * @param pageId - the Page the tool works on (its profile should start empty)
 * @param programs - the declarations
 * @param apply - how the tool applies one
 */
export async function runSequence(
  emu: Emulator,
  pageId: string,
  programs: readonly DeclaredProfile[],
  apply: ApplyStep,
): Promise<SideRun> {
  const run: SideRun = { perEdit: [], requests: [], stateMatches: [], errors: [] };
  for (const [i, args] of programs.entries()) {
    emu.clearRequests();
    let error: string | null = null;
    try {
      await apply(args, i);
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }
    const calls = emu.requests().filter((r) => r.pageId === pageId);
    run.perEdit.push(calls.length);
    run.requests.push(calls.map(describeRequest));
    run.stateMatches.push(pageMatches(emu, pageId, args));
    run.errors.push(error);
  }
  return run;
}

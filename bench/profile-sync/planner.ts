// Our side, PROVISIONAL: the calls our `MessengerProfile` resource's plan makes for each step,
// computed in process with the pure planner (`planCreate`/`planUpdate` + `requestsOf` over normalized
// profiles) and sent through the real operations layer to the emulator, so that the count comes from
// the request log and the emulator accepts every request. It stands in for the engine count (one
// `pulumi up` per step through the resource) until that side is wired in: it has no preview, no
// refresh and no engine, and the resource may add calls the planner does not (create's `GET /me` is
// counted here as the resource makes it).
import type { Emulator, PageSeed } from "../../emulator";
import { normalizeProfileArgs } from "../../provider/profile/normalize";
import {
  planCreate,
  planUpdate,
  requestsOf,
  type DesiredProfile,
  type OwnedProfileState,
} from "../../provider/profile/plan";
import { runSequence, type SideRun } from "./sequence";
import { GraphOperations } from "../../provider/graph/operations";
import type { DeclaredProfile } from "../../provider/profile/types";

/** The Graph version our side calls. */
const VERSION = "v25.0";

/**
 * Applies the sequence as our resource's plan says, one plan per step, state carried from step to step.
 *
 * @param emu - the emulator
 * @param page - a Page whose profile is empty
 * @param programs - the declarations
 */
export function runPlanner(emu: Emulator, page: PageSeed, programs: readonly DeclaredProfile[]): Promise<SideRun> {
  const ops = new GraphOperations().page({ graphApiUrl: emu.url, token: page.token, apiVersion: VERSION });
  let state: OwnedProfileState | undefined;
  return runSequence(emu, page.id, programs, async (args) => {
    const desired: DesiredProfile = { platform: "messenger", profile: normalizeProfileArgs(args, "messenger") };
    // Create resolves the Page (`GET /me`), as the resource does; updates know it from state.
    const pageId = state?.pageId ?? (await ops.whoAmI()).id;
    const plan = state === undefined ? planCreate(desired) : planUpdate(state, desired);
    for (const req of requestsOf(plan, desired.profile)) {
      if (req.method === "POST") await ops.setFields(req.body, desired.platform);
      else await ops.deleteFields(req.body.fields, desired.platform);
    }
    state = { pageId, platform: desired.platform, ownedFields: plan.ownedFields, profile: desired.profile };
  });
}

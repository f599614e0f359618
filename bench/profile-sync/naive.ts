// The naive sync: what a bot's start-up code does when it owns its profile by re-posting it, one
// `setMessengerProfile` of every declared field at each run (messaging-api-messenger's client, the
// same profile as bottender's config). One POST per edit, whatever changed; it never deletes a field
// the program no longer declares.
import type { Emulator, PageSeed } from "../../emulator";
import { bottenderProfileOf, messagingApiClient } from "./bottender";
import { runSequence, type SideRun } from "./sequence";
import type { DeclaredProfile } from "../../provider/profile/types";

/**
 * Applies the sequence by re-posting every declared field at each step.
 *
 * @param emu - the emulator
 * @param page - a Page whose profile is empty
 * @param programs - the declarations
 */
export function runNaive(emu: Emulator, page: PageSeed, programs: readonly DeclaredProfile[]): Promise<SideRun> {
  const client = messagingApiClient(emu.url, page.token);
  return runSequence(emu, page.id, programs, async (args) => {
    await client.setMessengerProfile(bottenderProfileOf(args));
  });
}

/**
 * Bad `MessengerProfile` input: every case is rejected by `check` (what the engine runs at preview)
 * with the exact path of the offending value (e.g. `persistentMenu[0].callToActions[2].title`) and a
 * reason a person can act on; nothing else is blamed; the reason never quotes a secret; and the
 * emulator receives no request at all.
 *
 * The same table drives the engine-level preview in engine/engine.test.ts.
 */
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { startEmulator, type Emulator } from "../../../emulator/server";
import { VALID_TOKEN } from "../../support/bad-inputs";
import { profileLifecycleFor } from "../../support/fault-harness";
import { PROFILE_BAD_INPUTS } from "../../support/profile-bad-inputs";
import { mulberry32, SEED } from "../../support/prng";
import { scenario, useReport } from "../../support/report";
import { errorTexts, secrets, seedPage } from "../../support/secret-scan";
import type { MessengerProfileInputs } from "../../../provider/profile/types";

useReport("bad-input-profile", "MessengerProfile");

const page = seedPage(mulberry32(SEED + 17), 0, {
  id: "4100000000000001",
  appSecret: true,
  prefix: "Bad Profile Page",
});
secrets.add("the valid token of the bad-input cases", VALID_TOKEN);
let emu: Emulator;

beforeAll(async () => {
  emu = await startEmulator({ port: 0, pages: [page] });
});

afterAll(async () => {
  await emu?.close();
});

test("the table has at least 30 cases, each with a distinct name", () => {
  expect(PROFILE_BAD_INPUTS.length).toBeGreaterThanOrEqual(30);
  expect(new Set(PROFILE_BAD_INPUTS.map((c) => c.name)).size).toBe(PROFILE_BAD_INPUTS.length);
});

describe("bad MessengerProfile input is rejected by check with its exact path, 0 Graph calls", () => {
  for (const c of PROFILE_BAD_INPUTS) {
    scenario("bad-input/profile-lifecycle", `${c.path || "(the resource)"}: ${c.name}`, async () => {
      emu.clearRequests();
      // With no ambient token unless the case is about the input token: then the environment has none.
      const lc = profileLifecycleFor(
        emu,
        c.ambientToken === false ? {} : { envToken: page.token, envAppSecret: page.appSecret },
      );
      let thrown: unknown;
      let failures: ReadonlyArray<{ property: string; reason: string }> = [];
      try {
        // The previous deployment's inputs, as check resolved them then (valid).
        let olds = {} as MessengerProfileInputs;
        if (c.olds) {
          const prior = await lc.check({} as MessengerProfileInputs, c.olds as unknown as MessengerProfileInputs);
          expect(prior.failures ?? []).toEqual([]);
          olds = prior.inputs!;
        }
        const r = await lc.check(olds, c.inputs as unknown as MessengerProfileInputs);
        failures = r.failures ?? [];
        // The dynamic-provider host sends check's inputs back as a protobuf Struct: they must encode,
        // or the engine shows "Unexpected struct type" instead of the failures.
        Struct.fromJavaScript(r.inputs as never);
      } catch (e) {
        thrown = e;
      }
      const texts = [{ where: "check failures", text: JSON.stringify(failures) }, ...errorTexts(thrown, "check error")];
      const scan = secrets.assertClean(texts);
      expect(thrown).toBeUndefined();
      expect(failures.length).toBeGreaterThanOrEqual(1);
      for (const f of failures) {
        // Only the case's property is blamed, and every reason starts with the exact path.
        expect(f.property).toBe(c.property);
        if (c.path !== "") expect(f.reason.startsWith(`${c.path} `)).toBe(true);
        expect(f.reason).toMatch(c.reason);
        expect(f.reason.length).toBeGreaterThan(c.path.length + 20);
      }
      expect(emu.requests()).toEqual([]);
      return {
        details: {
          path: c.path,
          property: c.property,
          reasons: failures.map((f) => f.reason.slice(0, 300)),
          graphCalls: emu.requests().length,
        },
        scan,
      };
    });
  }
});

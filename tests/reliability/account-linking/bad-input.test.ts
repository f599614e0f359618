/**
 * Bad input: every case is rejected by `check` (what the engine runs at preview) with the
 * property's name and a reason a person can act on, the reason never quotes a secret, and the
 * emulator receives no request at all, neither from check nor from the diff the engine would run
 * next.
 *
 * The same table drives the engine-level preview in engine/engine.test.ts.
 */
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { startEmulator, type Emulator } from "../../../emulator/server";
import { lifecycleFor } from "../../support/fault-harness";
import { BAD_INPUTS, VALID_TOKEN } from "../../support/bad-inputs";
import { mulberry32, SEED } from "../../support/prng";
import { scenario, useReport } from "../../support/report";
import { errorTexts, secrets, seedPage } from "../../support/secret-scan";

useReport("bad-input-lifecycle");

const page = seedPage(mulberry32(SEED + 7), 0, { id: "4000000000000001", appSecret: true, prefix: "Bad Input Page" });
secrets.add("the valid token of the bad-input cases", VALID_TOKEN);
let emu: Emulator;

beforeAll(async () => {
  emu = await startEmulator({ port: 0, pages: [page] });
});

afterAll(async () => {
  await emu?.close();
});

test("the table has at least 25 cases, each with a distinct name", () => {
  expect(BAD_INPUTS.length).toBeGreaterThanOrEqual(25);
  expect(new Set(BAD_INPUTS.map((c) => c.name)).size).toBe(BAD_INPUTS.length);
});

describe("bad input is rejected by check, with 0 Graph calls", () => {
  for (const c of BAD_INPUTS) {
    scenario("bad-input/lifecycle", `${c.property}: ${c.name}`, async () => {
      emu.clearRequests();
      // With no ambient token unless the case is about the input token: then the environment has none.
      const lc = lifecycleFor(
        emu,
        c.ambientToken === false ? {} : { envToken: page.token, envAppSecret: page.appSecret },
      );
      let thrown: unknown;
      let failures: ReadonlyArray<{ property: string; reason: string }> = [];
      try {
        const r = await lc.check({} as never, c.inputs as never);
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
      const mine = failures.filter((f) => f.property === c.property);
      expect(mine.length).toBeGreaterThanOrEqual(1);
      for (const f of mine) {
        expect(f.reason.startsWith(c.property)).toBe(true); // names the property
        expect(f.reason).toMatch(c.reason); // says what is wrong and what to do
        expect(f.reason.length).toBeGreaterThan(c.property.length + 20);
      }
      // Nothing else is blamed: the other inputs of every case are valid.
      expect(failures.map((f) => f.property)).toEqual(mine.map((f) => f.property));
      expect(emu.requests()).toEqual([]);
      return {
        details: { property: c.property, reasons: mine.map((f) => f.reason), graphCalls: emu.requests().length },
        scan,
      };
    });
  }
});

/**
 * Existing stacks keep working: the state of a `MessengerProfile` stack written before the package
 * was renamed and its files moved (`fixtures/checkpoint/profile-v0.1.0.json`, recorded from the
 * profile program with the package installed from its tarball) is imported into a fresh stack and
 * driven by this version, installed from its `npm pack` tarball. Refresh reads the owned fields and
 * changes nothing, an edited greeting is updated in place with one POST of that field, destroy
 * deletes each resource's owned fields: the same calls, byte for byte, as for a stack this version
 * wrote itself.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { DEFAULT_PAGES } from "../../emulator";
import { Harness, isCiphertextEnvelope, tempDir, removeDir, type HarnessStack } from "../../harness";
import { FULL, FULL_WIRE, INSTAGRAM_WIRE, withFields } from "../support/profile-fixtures";
import {
  PROFILE_CHECKPOINT,
  RECORDED_HELLO,
  RECORDED_PROFILES,
  fillCheckpoint,
} from "./fixtures/checkpoint/checkpoint";
import { consumerProgram, exactRequests, graphCall, profileResources, resourceNamed } from "../support/engine";

jest.setTimeout(600_000);

const [ONE, TWO] = DEFAULT_PAGES;
const HELLO_WIRE = { greeting: [{ locale: "default", text: RECORDED_HELLO }] };
const EDITED_GREETING = [
  { locale: "fr_FR", text: "Salut !" },
  { locale: "default", text: "Hi again, {{user_first_name}}!" },
];
const ALL_FIELDS = Object.keys(FULL_WIRE).join(",");
const IG_FIELDS = Object.keys(INSTAGRAM_WIRE).join(",");

describe("a MessengerProfile stack written before the move (committed checkpoint), driven by this version", () => {
  let h: Harness;
  let s: HarnessStack;
  let scratch: string;

  beforeAll(async () => {
    // The Pages as the recording left them: every declared field set.
    h = await Harness.start({ label: "checkpoint-profile", emulator: { pages: DEFAULT_PAGES }, providerDebug: true });
    h.emu.setProfileFields(ONE.id, FULL_WIRE);
    h.emu.setProfileFields(ONE.id, INSTAGRAM_WIRE, "instagram");
    h.emu.setProfileFields(TWO.id, HELLO_WIRE);
    const program = await consumerProgram(
      path.join(__dirname, "programs", PROFILE_CHECKPOINT.program),
      "checkpoint-profile",
      "upgraded",
    );
    s = await h.newStack({ program, kind: "import", config: PROFILE_CHECKPOINT.config });
    scratch = tempDir("checkpoint-profile-import");
  });

  afterAll(async () => {
    removeDir(scratch);
    if (h) console.log(await h.close());
  });

  test("the fixture is small, holds no absolute path and no token in clear", () => {
    const text = fs.readFileSync(PROFILE_CHECKPOINT.file, "utf8");
    expect(Buffer.byteLength(text)).toBeLessThan(40_000);
    for (const p of [os.tmpdir(), os.homedir(), fs.realpathSync(os.tmpdir()), path.resolve(__dirname, "..", "..")])
      expect(text).not.toContain(p);
    expect(text.match(/"\/[^"]*"/g) ?? []).toEqual([]);
    for (const p of DEFAULT_PAGES) expect(text).not.toContain(p.token);
    // Recorded by the package under its old name, captured by reference.
    expect(text).toContain('require(\\"pulumi-messenger-account-linking/dist/provider/profile-shim.js\\")');
  });

  test("pulumi stack import of the checkpoint: 0 calls, the three profiles with their recorded state", async () => {
    const file = path.join(scratch, "deployment.json");
    fs.writeFileSync(
      file,
      fillCheckpoint(fs.readFileSync(PROFILE_CHECKPOINT.file, "utf8"), { graphApiUrl: h.emu.url, stack: s.name }),
    );
    const r = await s.cli("stack import", ["stack", "import", "--file", file]);
    expect(r.calls).toEqual([]);
    const profiles = profileResources(s.rawResources());
    expect(profiles.map((p) => p.urn.split("::").pop()).sort()).toEqual(RECORDED_PROFILES.map((p) => p.name).sort());
    expect(resourceNamed(s, "bot").outputs).toMatchObject({
      ownedFields: Object.keys(FULL_WIRE),
      tokenSource: "config",
    });
    const hello = resourceNamed(s, "hello").outputs;
    expect(hello?.tokenSource).toBe("input");
    expect(isCiphertextEnvelope(hello?.pageAccessToken)).toBe(true);
  });

  test("refresh: 1 GET of the owned fields per profile, nothing changes", async () => {
    const r = await s.refresh("refresh");
    exactRequests(
      graphCall(ONE, "GET", "/me/messenger_profile", { query: `fields=${ALL_FIELDS}` }),
      graphCall(ONE, "GET", "/me/messenger_profile", { query: `fields=${IG_FIELDS}&platform=instagram` }),
      graphCall(TWO, "GET", "/me/messenger_profile", { query: "fields=greeting" }),
    )(r.calls);
    expect(r.changes).toEqual({ same: 4 });
  });

  test("no-change preview: 0 calls", async () => {
    const r = await s.preview("preview");
    expect(r.calls).toEqual([]);
    expect(r.changes).toEqual({ same: 4 });
  });

  test("up with an edited greeting: 1 POST of that field on Page ONE, an update (not a replace)", async () => {
    const edited = RECORDED_PROFILES.map((p) =>
      p.name === "bot" ? { ...p, args: withFields(FULL, { greeting: EDITED_GREETING }) } : p,
    );
    await s.setConfig({ resources: JSON.stringify(edited) });
    const r = await s.up("up (greeting edited)");
    exactRequests(
      graphCall(ONE, "POST", "/me/messenger_profile", {
        body: { greeting: [EDITED_GREETING[1], EDITED_GREETING[0]] },
      }),
    )(r.calls);
    expect(r.changes).toEqual({ same: 3, update: 1 });
    expect(h.emu.profile(ONE.id)).toEqual({ ...FULL_WIRE, greeting: [EDITED_GREETING[1], EDITED_GREETING[0]] });
    expect(resourceNamed(s, "bot").outputs).toMatchObject({ pageId: ONE.id, ownedFields: Object.keys(FULL_WIRE) });
  });

  test("destroy: 1 DELETE of the owned fields per profile, every field gone", async () => {
    const r = await s.destroy("destroy");
    exactRequests(
      graphCall(ONE, "DELETE", "/me/messenger_profile", { body: { fields: Object.keys(FULL_WIRE) } }),
      graphCall(ONE, "DELETE", "/me/messenger_profile", {
        body: { fields: Object.keys(INSTAGRAM_WIRE) },
        query: "platform=instagram",
      }),
      graphCall(TWO, "DELETE", "/me/messenger_profile", { body: { fields: ["greeting"] } }),
    )(r.calls);
    expect(h.emu.profile(ONE.id)).toEqual({});
    expect(h.emu.profile(ONE.id, "instagram")).toEqual({});
    expect(h.emu.profile(TWO.id)).toEqual({});
    expect(profileResources(s.rawResources())).toEqual([]);
  });

  test("no Page token in the output of any step", () => {
    const text = h.outputs.map((o) => o.text).join("\n");
    expect(text).toContain("[messenger] POST /v25.0/me/messenger_profile attempt 1: HTTP 200");
    for (const p of DEFAULT_PAGES) expect(text).not.toContain(p.token);
  });
});

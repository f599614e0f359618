/**
 * Existing stacks keep working: the state of a stack written by an earlier version of the package
 * (`fixtures/checkpoint/account-linking-v0.1.0.json`, recorded from the consumer program) is imported into a fresh
 * stack and driven by this version, installed from its `npm pack` tarball. Refresh reads and
 * changes nothing, an edited URL is updated in place with one POST, destroy sends one DELETE per
 * Page: the same calls, byte for byte, as for a stack this version wrote itself.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { DEFAULT_PAGES } from "../../emulator";
import { Harness, isCiphertextEnvelope, tempDir, removeDir, type HarnessStack } from "../../harness";
import {
  ACCOUNT_LINKING_CHECKPOINT,
  RECORDED_FLEET_URL,
  RECORDED_URL,
  fillCheckpoint,
} from "./fixtures/checkpoint/checkpoint";
import { callLines, consumerProgram, expectExactRequest, linkResources, want } from "../support/engine";

jest.setTimeout(600_000);

const [ONE, TWO] = DEFAULT_PAGES;
const FLEET_URL = `${RECORDED_FLEET_URL}?page=1`;
const NEW_URL = "https://example.com/messenger/checkpoint-updated";
const { file: CHECKPOINT_FILE, config: CHECKPOINT_CONFIG } = ACCOUNT_LINKING_CHECKPOINT;

describe("a stack written by v0.1.0 (committed checkpoint), driven by this version", () => {
  let h: Harness;
  let s: HarnessStack;
  let scratch: string;

  beforeAll(async () => {
    // The Pages as the recording left them: each URL set.
    h = await Harness.start({
      label: "checkpoint",
      emulator: {
        pages: [
          { ...ONE, accountLinkingUrl: RECORDED_URL },
          { ...TWO, accountLinkingUrl: FLEET_URL },
        ],
      },
      providerDebug: true,
    });
    const program = await consumerProgram(
      path.join(__dirname, "programs", ACCOUNT_LINKING_CHECKPOINT.program),
      "checkpoint",
      "upgraded",
    );
    s = await h.newStack({ program, kind: "import", config: CHECKPOINT_CONFIG });
    scratch = tempDir("checkpoint-import");
  });

  afterAll(async () => {
    removeDir(scratch);
    if (h) console.log(await h.close());
  });

  test("the fixture is small, holds no absolute path and no token in clear", () => {
    const text = fs.readFileSync(CHECKPOINT_FILE, "utf8");
    expect(Buffer.byteLength(text)).toBeLessThan(12_000);
    for (const p of [os.tmpdir(), os.homedir(), fs.realpathSync(os.tmpdir()), path.resolve(__dirname, "..", "..")])
      expect(text).not.toContain(p);
    expect(text.match(/"\/[^"]*"/g) ?? []).toEqual([]);
    for (const p of DEFAULT_PAGES) expect(text).not.toContain(p.token);
  });

  test("pulumi stack import of the checkpoint: 0 calls, both resources with their recorded state", async () => {
    const file = path.join(scratch, "deployment.json");
    fs.writeFileSync(
      file,
      fillCheckpoint(fs.readFileSync(CHECKPOINT_FILE, "utf8"), { graphApiUrl: h.emu.url, stack: s.name }),
    );
    const r = await s.cli("stack import", ["stack", "import", "--file", file]);
    expect(r.calls).toEqual([]);
    const links = linkResources(s.rawResources());
    expect(links.map((l) => l.id).sort()).toEqual([ONE.id, TWO.id]);
    const input = links.find((l) => l.id === TWO.id);
    expect(input?.outputs?.tokenSource).toBe("input");
    expect(isCiphertextEnvelope(input?.outputs?.pageAccessToken)).toBe(true);
  });

  test("refresh: 1 GET per Page, nothing changes", async () => {
    const r = await s.refresh("refresh");
    expect(callLines(r.calls).sort()).toEqual(
      [`GET /v25.0/me/messenger_profile ${ONE.id}`, `GET /v25.0/me/messenger_profile ${TWO.id}`].sort(),
    );
    expectExactRequest(
      r.calls.find((c) => c.pageId === ONE.id),
      want.profileGet(ONE),
    );
    expectExactRequest(
      r.calls.find((c) => c.pageId === TWO.id),
      want.profileGet(TWO),
    );
    expect(r.changes).toEqual({ same: 3 });
    expect(await s.outputs()).toMatchObject({ accountLinkingUrl: RECORDED_URL, tokenSource: "config" });
  });

  test("no-change preview: 0 calls", async () => {
    const r = await s.preview("preview");
    expect(r.calls).toEqual([]);
    expect(r.changes).toEqual({ same: 3 });
  });

  test("up with a new URL: 1 POST on Page ONE, an update (not a replace)", async () => {
    await s.setConfig({ accountLinkingUrl: NEW_URL });
    const r = await s.up("up (new URL)");
    expect(r.calls).toHaveLength(1);
    expectExactRequest(r.calls[0], want.profileSet(ONE, NEW_URL));
    expect(r.changes).toEqual({ same: 2, update: 1 });
    expect(h.emu.page(ONE.id)?.accountLinkingUrl).toBe(NEW_URL);
    expect(h.emu.page(TWO.id)?.accountLinkingUrl).toBe(FLEET_URL);
    const link = linkResources(s.rawResources()).find((l) => l.id === ONE.id);
    expect(link?.outputs).toMatchObject({ accountLinkingUrl: NEW_URL, pageId: ONE.id, tokenSource: "config" });
  });

  test("destroy: 1 DELETE per Page, both URLs gone", async () => {
    const r = await s.destroy("destroy");
    expect(r.calls).toHaveLength(2);
    expectExactRequest(
      r.calls.find((c) => c.pageId === ONE.id),
      want.profileDelete(ONE),
    );
    expectExactRequest(
      r.calls.find((c) => c.pageId === TWO.id),
      want.profileDelete(TWO),
    );
    expect(h.emu.page(ONE.id)?.accountLinkingUrl).toBeUndefined();
    expect(h.emu.page(TWO.id)?.accountLinkingUrl).toBeUndefined();
    expect(linkResources(s.rawResources())).toEqual([]);
  });

  test("no Page token in the output of any step", () => {
    const text = h.outputs.map((o) => o.text).join("\n");
    expect(text).toContain("[messenger] POST /v25.0/me/messenger_profile attempt 1: HTTP 200");
    for (const p of DEFAULT_PAGES) expect(text).not.toContain(p.token);
  });
});

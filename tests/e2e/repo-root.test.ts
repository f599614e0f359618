/**
 * Set-up 2: this repository's own root `Pulumi.yaml` program (examples/basic, importing the
 * package through the self-link `npm run build` makes), on the real engine against the emulator.
 *
 * Stack config files `Pulumi.<stack>.yaml` land in the repository root: the last test removes them
 * and checks that none is left.
 */
import * as fs from "fs";
import * as path from "path";
import { DEFAULT_PAGES } from "../../emulator";
import { cliOutputScan, sharedScenarios } from "./scenarios";
import { closeSetup, openSetup, REPO_ROOT, removeDir, tempDir, useEngine, type SetupContext } from "./support";

jest.setTimeout(600_000);

const PROJECT = /^name:\s*(\S+)/m.exec(fs.readFileSync(path.join(REPO_ROOT, "Pulumi.yaml"), "utf8"))?.[1] ?? "";

describe("repository root program (Pulumi.yaml -> examples/basic)", () => {
  let ctx: SetupContext;
  let root: string | undefined;
  const getCtx = () => ctx;

  beforeAll(async () => {
    useEngine();
    expect(PROJECT).toBe("messenger-account-linking");
    // `npm run test:e2e` builds first: the program imports the package through the self-link.
    expect(fs.realpathSync(path.join(REPO_ROOT, "node_modules", "pulumi-messenger-account-linking"))).toBe(
      fs.realpathSync(REPO_ROOT),
    );
    expect(fs.existsSync(path.join(REPO_ROOT, "dist", "provider", "lifecycle.js"))).toBe(true);
    root = tempDir("repo-root");
    ctx = await openSetup({
      label: "repo-root",
      workDir: REPO_ROOT,
      project: PROJECT,
      backendRoot: root,
      pages: DEFAULT_PAGES,
    });
  });

  afterAll(async () => {
    await closeSetup(ctx, "Graph calls per step: repository root program (examples/basic)");
    removeDir(root);
  });

  sharedScenarios(getCtx, { one: DEFAULT_PAGES[0], two: DEFAULT_PAGES[1] });

  describe("after every scenario", () => {
    cliOutputScan(getCtx, 15);

    test("clean-up: stacks removed, no Pulumi.<stack>.yaml left in the repository", async () => {
      expect(ctx.stacks.length).toBe(2);
      const configFiles = ctx.stacks.map((s) => path.join(REPO_ROOT, `Pulumi.${s.name}.yaml`));
      for (const f of configFiles) expect(fs.existsSync(f)).toBe(true); // written in the repository root
      const workspace = ctx.stacks[0].stack.workspace;
      for (const s of ctx.stacks) await s.dispose();
      for (const f of configFiles) expect(fs.existsSync(f)).toBe(false);
      expect((await workspace.listStacks()).map((x) => x.name)).toEqual([]);
      expect(fs.readdirSync(REPO_ROOT).filter((f) => f.includes(String(process.pid)))).toEqual([]);
    });
  });
});

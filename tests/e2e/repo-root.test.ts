/**
 * Set-up 2: this repository's own root `Pulumi.yaml` program (examples/basic, importing the
 * package through the self-link `npm run build` makes), on the real engine against the emulator.
 * The two shared scenarios run concurrently, each on its own stack.
 *
 * Stack config files `Pulumi.<stack>.yaml` land in the repository root: the last test removes them
 * and checks that none is left.
 */
import * as fs from "fs";
import * as path from "path";
import { DEFAULT_PAGES } from "../../emulator";
import { PACKAGE_NAME, REPO_ROOT, readProgram } from "../../harness";
import { sharedScenarioTests, sharedScenarios } from "../support/engine-scenarios";
import { cliOutputScan, useSessions } from "../support/engine";

jest.setTimeout(600_000);

const shared = sharedScenarios("repo-root", () => REPO_ROOT, { one: DEFAULT_PAGES[0], two: DEFAULT_PAGES[1] });

describe("repository root program (Pulumi.yaml -> examples/basic)", () => {
  const sessions = useSessions("Graph calls per step: repository root program (examples/basic)");

  beforeAll(async () => {
    expect(readProgram(REPO_ROOT).project).toBe("messenger-account-linking");
    // `npm run test:e2e` builds first: the program imports the package through the self-link.
    expect(fs.realpathSync(path.join(REPO_ROOT, "node_modules", PACKAGE_NAME))).toBe(fs.realpathSync(REPO_ROOT));
    expect(fs.existsSync(path.join(REPO_ROOT, "dist", "provider", "account-linking", "lifecycle.js"))).toBe(true);
    await Promise.all(shared.map((s) => s.start(sessions)));
  });

  sharedScenarioTests(shared);

  describe("after every scenario", () => {
    cliOutputScan(
      () => sessions.outputs(),
      () => DEFAULT_PAGES.map((p) => p.token),
      15,
    );

    test("clean-up: stacks removed, no Pulumi.<stack>.yaml left in the repository", async () => {
      const stacks = await Promise.all(shared.map((s) => s.run.stack));
      expect(stacks).toHaveLength(2);
      const configFiles = stacks.map((s) => path.join(REPO_ROOT, `Pulumi.${s.name}.yaml`));
      for (const f of configFiles) expect(fs.existsSync(f)).toBe(true); // written in the repository root
      for (const s of stacks) await s.dispose();
      for (const f of configFiles) expect(fs.existsSync(f)).toBe(false);
      for (const s of stacks) expect((await s.stack.workspace.listStacks()).map((x) => x.name)).toEqual([]);
      expect(fs.readdirSync(REPO_ROOT).filter((f) => f.includes(String(process.pid)))).toEqual([]);
    });
  });
});

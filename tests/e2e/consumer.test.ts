/**
 * Set-up 1: a user's project in a temp dir that installs the package from its `npm pack` tarball
 * (with the pinned @pulumi/pulumi and TypeScript 5.9), on the real engine against the emulator.
 * The shared lifecycle scenarios, then portability (destroy from a copy of the project at another
 * path) and 20 resources on 20 Pages.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { DEFAULT_PAGES, makePages } from "../../emulator";
import { cliOutputScan, sharedScenarios } from "./scenarios";
import {
  closeSetup,
  CONSUMER_PROJECT,
  E2EStack,
  REPO_ROOT,
  createConsumerProject,
  engine,
  expectExactRequest,
  isCiphertextEnvelope,
  linkResources,
  occurrencesIn,
  openSetup,
  removeDir,
  tempDir,
  useEngine,
  want,
  type SetupContext,
} from "./support";

jest.setTimeout(600_000);

const FLEET = makePages(20);
const [ONE, TWO] = DEFAULT_PAGES;
const PACKAGE = "pulumi-messenger-account-linking";

describe("consumer project (package installed from its npm pack tarball)", () => {
  let ctx: SetupContext;
  let root: string | undefined;
  let tarball: string;
  const getCtx = () => ctx;

  beforeAll(async () => {
    useEngine();
    root = tempDir("consumer");
    const project = await createConsumerProject(root);
    tarball = project.tarball;
    ctx = await openSetup({
      label: "consumer",
      workDir: project.dir,
      project: CONSUMER_PROJECT,
      backendRoot: path.join(root, "backend"),
      pages: [...DEFAULT_PAGES, ...FLEET],
    });
  }, 600_000);

  afterAll(async () => {
    await closeSetup(ctx, "Graph calls per step: consumer project (npm pack tarball)");
    removeDir(root);
  });

  test("the package is installed from the tarball (a copy in node_modules, not a link to the repository)", () => {
    const installed = path.join(ctx.workDir, "node_modules", PACKAGE);
    expect(fs.lstatSync(installed).isSymbolicLink()).toBe(false);
    expect(fs.realpathSync(installed).startsWith(fs.realpathSync(ctx.workDir) + path.sep)).toBe(true);
    const pkg = JSON.parse(fs.readFileSync(path.join(installed, "package.json"), "utf8")) as { version: string };
    expect(pkg.version).toBe(
      (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { version: string }).version,
    );
    expect(fs.existsSync(path.join(installed, "dist", "provider", "shim.js"))).toBe(true);
    const pulumiPkg = JSON.parse(
      fs.readFileSync(path.join(ctx.workDir, "node_modules", "@pulumi", "pulumi", "package.json"), "utf8"),
    ) as { version: string };
    expect(pulumiPkg.version).toBe(engine.pinnedVersion());
    const ts = JSON.parse(
      fs.readFileSync(path.join(ctx.workDir, "node_modules", "typescript", "package.json"), "utf8"),
    ) as { version: string };
    expect(ts.version).toMatch(/^5\.9\./);
    expect(fs.existsSync(tarball)).toBe(true);
  });

  sharedScenarios(getCtx, { one: ONE, two: TWO });

  describe("portability: state written in one directory, destroyed from a copy at another path", () => {
    const url = "https://example.com/messenger/portable?from=original-directory";
    let s: E2EStack;

    beforeAll(async () => {
      ctx.emu.resetRateLimits();
      expect(ctx.emu.page(ONE.id)?.accountLinkingUrl).toBeUndefined();
      s = await E2EStack.create(ctx, `e2e-port-${process.pid}`, {
        "messenger:pageAccessToken": { value: ONE.token, secret: true },
        accountLinkingUrl: url,
      });
    });

    test("up in the original directory; the exported state holds no absolute path of the machine", async () => {
      const { calls } = await s.up("up (original directory)");
      expect(calls.map((c) => `${c.method} ${c.path} ${c.pageId}`)).toEqual([
        `GET /v25.0/me ${ONE.id}`,
        `POST /v25.0/me/messenger_profile ${ONE.id}`,
      ]);
      expect(ctx.emu.page(ONE.id)?.accountLinkingUrl).toBe(url);
      const exported = await s.exportedText();
      const machinePaths = [os.tmpdir(), os.homedir(), fs.realpathSync(os.tmpdir()), ctx.workDir, REPO_ROOT];
      expect(machinePaths.filter((p) => exported.includes(p))).toEqual([]);
      // Nor any other absolute path: no JSON string value starts with "/".
      expect(exported.match(/"\/[^"]*"/g) ?? []).toEqual([]);
      // Installed from npm, the provider is captured by reference: one require of the package.
      const provider = linkResources(await s.exportedResources())[0]?.outputs?.__provider;
      expect(typeof provider).toBe("string");
      expect(provider).toContain(`require("${PACKAGE}/dist/provider/shim.js")`);
    });

    test("destroy from a copy of the project at another path (the original moved away)", async () => {
      const copy = path.join(tempDir("consumer-moved"), "elsewhere", "my-project");
      fs.cpSync(ctx.workDir, copy, { recursive: true, verbatimSymlinks: true });
      const away = `${ctx.workDir}-moved-away`;
      fs.renameSync(ctx.workDir, away);
      try {
        const moved = await E2EStack.select(ctx, s.name, copy);
        const { result, calls } = await moved.destroy("destroy (copy at another path)");
        expect(calls).toHaveLength(1);
        expectExactRequest(calls[0], want.profileDelete(ONE));
        expect(result.summary.resourceChanges).toEqual({ delete: 2 });
        expect(ctx.emu.page(ONE.id)?.accountLinkingUrl).toBeUndefined();
        expect(linkResources(s.rawResources())).toEqual([]);
      } finally {
        fs.renameSync(away, ctx.workDir);
        removeDir(path.dirname(path.dirname(copy)));
      }
    });
  });

  describe("20 resources on 20 Pages in one up and one destroy", () => {
    const fleetUrl = "https://example.com/messenger/fleet";
    let s: E2EStack;

    beforeAll(async () => {
      ctx.emu.resetRateLimits();
      for (const p of FLEET) expect(ctx.emu.page(p.id)?.accountLinkingUrl).toBeUndefined();
      s = await E2EStack.create(ctx, `e2e-fleet-${process.pid}`, {
        fleetSize: String(FLEET.length),
        fleetUrl,
        fleetTokens: { value: JSON.stringify(FLEET.map((p) => p.token)), secret: true },
      });
    });

    test("up: one GET /me and one POST per Page, every URL set", async () => {
      const { result, calls } = await s.up("up (20 Pages)");
      expect(result.summary.resourceChanges).toEqual({ create: FLEET.length + 1 });
      expect(calls).toHaveLength(2 * FLEET.length);
      FLEET.forEach((p, i) => {
        const mine = calls.filter((c) => c.pageId === p.id);
        expect(mine.map((c) => `${c.method} ${c.path}`)).toEqual(["GET /v25.0/me", "POST /v25.0/me/messenger_profile"]);
        expectExactRequest(mine[1], want.profileSet(p, `${fleetUrl}?page=${i + 1}`));
        expect(ctx.emu.page(p.id)?.accountLinkingUrl).toBe(`${fleetUrl}?page=${i + 1}`);
      });
      expect(await s.outputs()).toEqual({
        fleetPageIds: FLEET.map((p) => p.id),
        fleetUrls: FLEET.map((_, i) => `${fleetUrl}?page=${i + 1}`),
      });
      // 20 input tokens, each in state only as ciphertext.
      const links = linkResources(s.rawResources());
      expect(links).toHaveLength(FLEET.length);
      for (const l of links) expect(isCiphertextEnvelope(l.outputs?.pageAccessToken)).toBe(true);
      for (const p of FLEET) expect(occurrencesIn(ctx.backend.stateDir, p.token)).toEqual([]);
    });

    test("destroy: one DELETE per Page, every URL removed", async () => {
      const { result, calls } = await s.destroy("destroy (20 Pages)");
      expect(result.summary.resourceChanges).toEqual({ delete: FLEET.length + 1 });
      expect(calls).toHaveLength(FLEET.length);
      for (const p of FLEET) {
        const mine = calls.filter((c) => c.pageId === p.id);
        expect(mine).toHaveLength(1);
        expectExactRequest(mine[0], want.profileDelete(p));
        expect(ctx.emu.page(p.id)?.accountLinkingUrl).toBeUndefined();
      }
      expect(await s.outputs()).toEqual({});
      expect(linkResources(s.rawResources())).toEqual([]);
    });
  });

  describe("after every scenario", () => {
    cliOutputScan(getCtx, 19);
  });
});

/**
 * Set-up 1: a user's project that installs the package from its `npm pack` tarball (with the
 * pinned @pulumi/pulumi and TypeScript 5.9), on the real engine against the emulator. The shared
 * lifecycle scenarios, portability (destroy from a copy of the project at another path), 20
 * resources on 20 Pages, a YAML program that finds the provider plugin in the installed package, and
 * a TypeScript program on the installed package's Node SDK (`pulumi-messenger/native`) and plugin:
 * six independent stacks, run concurrently.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { DEFAULT_PAGES, makePages } from "../../emulator";
import { PACKAGE_NAME, REPO_ROOT, isCiphertextEnvelope, pinnedPulumiVersion, removeDir, tempDir } from "../../harness";
import { sharedScenarioTests, sharedScenarios } from "../support/engine-scenarios";
import {
  StepSuite,
  callLines,
  exactRequests,
  graphCall,
  cliOutputScan,
  consumerProgram,
  consumerProject,
  expectExactRequest,
  linkResources,
  occurrencesIn,
  useSessions,
  want,
} from "../support/engine";

jest.setTimeout(600_000);

const FLEET = makePages(20);
const [ONE, TWO] = DEFAULT_PAGES;
const PROGRAM = path.join(__dirname, "programs", "consumer");
const programs: Record<string, string> = {};
const program = (name: string) => () => programs[name];

const shared = sharedScenarios("consumer", program("shared"), { one: ONE, two: TWO });

const portableUrl = "https://example.com/messenger/portable?from=original-directory";
const portability = new StepSuite({
  label: "consumer-portability",
  pages: DEFAULT_PAGES,
  test: () => ({
    program: programs.portable,
    config: { "messenger:pageAccessToken": { value: ONE.token, secret: true }, accountLinkingUrl: portableUrl },
  }),
  steps: (suite) => [
    {
      title: "up in the original directory; the exported state holds no absolute path of the machine",
      name: "up (original directory)",
      op: "up",
      validate: async ({ calls }, s) => {
        expect(callLines(calls)).toEqual([`GET /v25.0/me ${ONE.id}`, `POST /v25.0/me/messenger_profile ${ONE.id}`]);
        expect(suite.emu.page(ONE.id)?.accountLinkingUrl).toBe(portableUrl);
        const exported = await s.exportedText();
        const machinePaths = [os.tmpdir(), os.homedir(), fs.realpathSync(os.tmpdir()), s.workDir, REPO_ROOT];
        expect(machinePaths.filter((p) => exported.includes(p))).toEqual([]);
        // Nor any other absolute path: no JSON string value starts with "/".
        expect(exported.match(/"\/[^"]*"/g) ?? []).toEqual([]);
        // Installed from npm, the provider is captured by reference: one require of the package.
        const provider = linkResources(await s.exportedResources())[0]?.outputs?.__provider;
        expect(typeof provider).toBe("string");
        expect(provider).toContain(`require("${PACKAGE_NAME}/dynamic/account-linking")`);
      },
    },
    {
      title: "destroy from a copy of the project at another path (the original moved away)",
      name: "destroy (copy at another path)",
      op: {
        run: async (s) => {
          // The whole project (node_modules too) copied elsewhere; the program's folder moved away.
          const copyRoot = tempDir("consumer-moved");
          const copy = path.join(copyRoot, "elsewhere", "my-project");
          const project = path.dirname(s.workDir);
          fs.cpSync(project, copy, { recursive: true, verbatimSymlinks: true });
          const away = `${s.workDir}-moved-away`;
          fs.renameSync(s.workDir, away);
          try {
            const moved = await suite.harness.selectStack(s.name, path.join(copy, path.basename(s.workDir)));
            return await moved.destroy("destroy (copy at another path)");
          } finally {
            fs.renameSync(away, s.workDir);
            removeDir(copyRoot);
          }
        },
      },
      changes: { delete: 2 },
      validate: ({ calls }, s) => {
        expect(calls).toHaveLength(1);
        expectExactRequest(calls[0], want.profileDelete(ONE));
        expect(suite.emu.page(ONE.id)?.accountLinkingUrl).toBeUndefined();
        expect(linkResources(s.rawResources())).toEqual([]);
      },
    },
  ],
});

const fleetUrl = "https://example.com/messenger/fleet";
const fleet = new StepSuite({
  label: "consumer-fleet",
  pages: FLEET,
  test: () => ({
    program: programs.fleet,
    config: {
      fleetSize: String(FLEET.length),
      fleetUrl,
      fleetTokens: { value: JSON.stringify(FLEET.map((p) => p.token)), secret: true },
    },
  }),
  steps: (suite) => [
    {
      title: "up: one GET /me and one POST per Page, every URL set",
      name: "up (20 Pages)",
      op: "up",
      before: () => FLEET.forEach((p) => expect(suite.emu.page(p.id)?.accountLinkingUrl).toBeUndefined()),
      changes: { create: FLEET.length + 1 },
      validate: async ({ calls }, s) => {
        expect(calls).toHaveLength(2 * FLEET.length);
        FLEET.forEach((p, i) => {
          const mine = calls.filter((c) => c.pageId === p.id);
          expect(mine.map((c) => `${c.method} ${c.path}`)).toEqual([
            "GET /v25.0/me",
            "POST /v25.0/me/messenger_profile",
          ]);
          expectExactRequest(mine[1], want.profileSet(p, `${fleetUrl}?page=${i + 1}`));
          expect(suite.emu.page(p.id)?.accountLinkingUrl).toBe(`${fleetUrl}?page=${i + 1}`);
        });
        expect(await s.outputs()).toEqual({
          fleetPageIds: FLEET.map((p) => p.id),
          fleetUrls: FLEET.map((_, i) => `${fleetUrl}?page=${i + 1}`),
        });
        // 20 input tokens, each in state only as ciphertext.
        const links = linkResources(s.rawResources());
        expect(links).toHaveLength(FLEET.length);
        for (const l of links) expect(isCiphertextEnvelope(l.outputs?.pageAccessToken)).toBe(true);
        for (const p of FLEET) expect(occurrencesIn(suite.harness.backend.stateDir, p.token)).toEqual([]);
      },
    },
    {
      title: "destroy: one DELETE per Page, every URL removed",
      name: "destroy (20 Pages)",
      op: "destroy",
      changes: { delete: FLEET.length + 1 },
      validate: async ({ calls }, s) => {
        expect(calls).toHaveLength(FLEET.length);
        for (const p of FLEET) {
          const mine = calls.filter((c) => c.pageId === p.id);
          expect(mine).toHaveLength(1);
          expectExactRequest(mine[0], want.profileDelete(p));
          expect(suite.emu.page(p.id)?.accountLinkingUrl).toBeUndefined();
        }
        expect(await s.outputs()).toEqual({});
        expect(linkResources(s.rawResources())).toEqual([]);
      },
    },
  ],
});

const YAML_GREETING = { greeting: [{ locale: "default", text: "Hello from a YAML program" }] };
const yaml = new StepSuite({
  label: "consumer-yaml",
  pages: DEFAULT_PAGES,
  test: () => ({
    program: programs.yaml,
    config: { "messenger:pageAccessToken": { value: ONE.token, secret: true } },
  }),
  steps: (suite) => [
    {
      title: "up: the plugin from node_modules/pulumi-messenger/bin sets the greeting with GET /me and one POST",
      name: "up (YAML)",
      op: "up",
      validate: async ({ calls }, s) => {
        exactRequests(
          graphCall(ONE, "GET", "/me", { query: "fields=id,name" }),
          graphCall(ONE, "POST", "/me/messenger_profile", { body: YAML_GREETING }),
        )(calls);
        expect(suite.emu.profile(ONE.id)).toEqual(YAML_GREETING);
        expect(await s.outputs()).toEqual({ pageId: ONE.id });
      },
    },
    { title: "up with nothing changed: 0 calls", name: "up (YAML, no change)", op: "up", calls: 0 },
    {
      title: "destroy: one DELETE of the greeting",
      name: "destroy (YAML)",
      op: "destroy",
      validate: ({ calls }) => {
        exactRequests(graphCall(ONE, "DELETE", "/me/messenger_profile", { body: { fields: ["greeting"] } }))(calls);
        expect(suite.emu.profile(ONE.id)).toEqual({});
      },
    },
  ],
});

const NATIVE_PROFILE = {
  greeting: [{ locale: "default", text: "Hello from the Node SDK" }],
  ice_breakers: [{ locale: "default", call_to_actions: [{ question: "Where is my order?", payload: "ORDER_STATUS" }] }],
};
const native = new StepSuite({
  label: "consumer-native",
  pages: DEFAULT_PAGES,
  test: () => ({
    program: programs.native,
    config: { "messenger:pageAccessToken": { value: ONE.token, secret: true } },
  }),
  steps: (suite) => [
    {
      title: "up: the Node SDK from the installed package, on its plugin, sets the profile with GET /me and one POST",
      name: "up (native)",
      op: "up",
      changes: { create: 2 },
      validate: async ({ calls }, s) => {
        exactRequests(
          graphCall(ONE, "GET", "/me", { query: "fields=id,name" }),
          graphCall(ONE, "POST", "/me/messenger_profile", { body: NATIVE_PROFILE }),
        )(calls);
        expect(suite.emu.profile(ONE.id)).toEqual(NATIVE_PROFILE);
        expect(await s.outputs()).toEqual({ pageId: ONE.id, ownedFields: ["greeting", "ice_breakers"] });
        expect(s.rawResources().map((r) => r.type)).toContain("messenger:index:Profile");
      },
    },
    { title: "up with nothing changed: 0 calls", name: "up (native, no change)", op: "up", calls: 0 },
    {
      title: "destroy: one DELETE of the two fields",
      name: "destroy (native)",
      op: "destroy",
      validate: ({ calls }) => {
        exactRequests(
          graphCall(ONE, "DELETE", "/me/messenger_profile", { body: { fields: ["greeting", "ice_breakers"] } }),
        )(calls);
        expect(suite.emu.profile(ONE.id)).toEqual({});
      },
    },
  ],
});

describe("consumer project (package installed from its npm pack tarball)", () => {
  const sessions = useSessions("Graph calls per step: consumer project (npm pack tarball)");
  let project: { dir: string; tarball: string };

  beforeAll(async () => {
    project = await consumerProject();
    for (const name of ["shared", "portable", "fleet"]) programs[name] = await consumerProgram(PROGRAM, name);
    programs.yaml = await consumerProgram(path.join(__dirname, "programs", "consumer-yaml"), "yaml");
    programs.native = await consumerProgram(path.join(__dirname, "programs", "consumer-native"), "native");
    await Promise.all([...shared, portability, fleet, yaml, native].map((s) => s.start(sessions)));
  }, 600_000);

  test("the package is installed from the tarball (a copy in node_modules, not a link to the repository)", () => {
    const installed = path.join(project.dir, "node_modules", PACKAGE_NAME);
    expect(fs.lstatSync(installed).isSymbolicLink()).toBe(false);
    expect(fs.realpathSync(installed).startsWith(fs.realpathSync(project.dir) + path.sep)).toBe(true);
    const version = (dir: string) =>
      (JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as { version: string }).version;
    expect(version(installed)).toBe(version(REPO_ROOT));
    expect(fs.existsSync(path.join(installed, "dist", "provider", "account-linking", "shim.js"))).toBe(true);
    expect(version(path.join(project.dir, "node_modules", "@pulumi", "pulumi"))).toBe(pinnedPulumiVersion());
    expect(version(path.join(project.dir, "node_modules", "typescript"))).toMatch(/^5\.9\./);
    expect(fs.existsSync(project.tarball)).toBe(true);
    // The programs run from subfolders of the project, resolving its node_modules.
    for (const dir of Object.values(programs)) expect(path.dirname(dir)).toBe(project.dir);
  });

  sharedScenarioTests(shared);

  describe("portability: state written in one directory, destroyed from a copy at another path", () =>
    portability.tests());

  describe("20 resources on 20 Pages in one up and one destroy", () => fleet.tests());

  describe("a YAML program, the plugin found in the installed package", () => yaml.tests());

  describe("a TypeScript program on the Node SDK of the installed package (pulumi-messenger/native)", () =>
    native.tests());

  describe("after every scenario", () => {
    cliOutputScan(
      () => sessions.outputs(),
      () => [...DEFAULT_PAGES, ...FLEET].map((p) => p.token),
      22,
    );
  });
});

/**
 * The provider plugin (`pulumi-resource-messenger`) driven from a Go program on the real engine:
 * examples/go (a Messenger profile and an account linking URL, declared with the Go SDK generated
 * from the plugin's schema), each step with the exact Graph requests it must make: preview, up, a
 * no-change up, an update of one field, `pulumi refresh --yes --skip-preview`, destroy.
 *
 * The program runs in place, on a stack of its own, as the prebuilt binary its Pulumi.yaml names
 * (the e2e global set-up runs scripts/build-go-example: the SDK regenerated from the schema, the
 * binary rebuilt when needed). sdk/go is checked to be, byte for byte, what the generator makes from
 * the current schema. Every command's output, the state and the stack config file are scanned for the token.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { DEFAULT_PAGES, type PageSeed } from "../../emulator";
import { EXAMPLES_DIR, REPO_ROOT, engineEnv, filesUnder, readProgram } from "../../harness";
import {
  PLUGIN_TYPES,
  StepSuite,
  countOccurrences,
  exactRequests as exactly,
  graphCall as call,
  messengerResources,
  resourceNamed as stateOf,
  occurrencesIn,
  useSessions,
  workDir,
} from "../support/engine";

jest.setTimeout(600_000);

const [ONE] = DEFAULT_PAGES;
const secret = (value: string) => ({ value, secret: true });
const [LINK_TYPE, PROFILE_TYPE] = PLUGIN_TYPES;
const PROGRAM = path.join(EXAMPLES_DIR, "go");
const SDK_DIR = path.join(REPO_ROOT, "sdk", "go");

const me = (page: PageSeed) => call(page, "GET", "/me", { query: "fields=id,name" });
const profile = (page: PageSeed, method: "GET" | "POST" | "DELETE", o: { body?: unknown; query?: string } = {}) =>
  call(page, method, "/me/messenger_profile", o);

const GREETING_FR = { locale: "fr_FR", text: "Bonjour {{user_first_name}} !" };
/** examples/go's profile on the wire (the menu's composerInputDisabled defaults to false). */
const PROFILE_WIRE = {
  whitelisted_domains: ["https://shop.example.com"],
  get_started: { payload: "GET_STARTED" },
  greeting: [{ locale: "default", text: "Hi {{user_first_name}}! How can we help?" }, GREETING_FR],
  ice_breakers: [{ locale: "default", call_to_actions: [{ question: "Where is my order?", payload: "ORDER_STATUS" }] }],
  persistent_menu: [
    {
      locale: "default",
      composer_input_disabled: false,
      call_to_actions: [
        { type: "postback", title: "Talk to a person", payload: "HUMAN" },
        { type: "web_url", title: "Shop", url: "https://shop.example.com/", webview_height_ratio: "full" },
      ],
    },
  ],
  commands: [{ locale: "default", commands: [{ name: "order", description: "Track an order" }] }],
};
const PROFILE_FIELDS = Object.keys(PROFILE_WIRE);
const LINK_URL = "https://shop.example.com/messenger/link";
const NEW_GREETING = "Hello from Go {{user_first_name}}";

const lifecycle = new StepSuite({
  label: "go-lifecycle",
  pages: DEFAULT_PAGES,
  test: () => ({ program: PROGRAM, config: { "messenger:pageAccessToken": secret(ONE.token) } }),
  steps: (s) => [
    {
      title: "preview of the Go program: 0 calls, 2 resources to create",
      name: "preview",
      op: "preview",
      calls: 0,
      changes: { create: 3 },
    },
    {
      title: "up: GET /me + 1 POST per resource, exact bodies; the Page holds exactly the declared values",
      name: "up",
      op: "up",
      changes: { create: 3 },
      calls: exactly(
        me(ONE),
        me(ONE),
        profile(ONE, "POST", { body: PROFILE_WIRE }),
        profile(ONE, "POST", { body: { account_linking_url: LINK_URL } }),
      ),
      validate: async (_r, stack) => {
        expect(s.emu.profile(ONE.id, "messenger")).toEqual({ ...PROFILE_WIRE, account_linking_url: LINK_URL });
        expect(s.emu.profile(ONE.id, "instagram")).toEqual({});
        expect(stateOf(stack, "profile").type).toBe(PROFILE_TYPE);
        expect(stateOf(stack, "link").type).toBe(LINK_TYPE);
        expect(stateOf(stack, "profile").outputs).toMatchObject({
          pageId: ONE.id,
          platform: "messenger",
          ownedFields: PROFILE_FIELDS,
          tokenSource: "config",
        });
        expect(stateOf(stack, "profile").outputs?.pageAccessToken).toBeUndefined();
        expect(await stack.outputs()).toEqual({
          pageId: ONE.id,
          pageName: ONE.name,
          messengerFields: PROFILE_FIELDS,
          linkedUrl: LINK_URL,
        });
      },
    },
    {
      title: "up with nothing changed: 0 calls",
      name: "up (no change)",
      op: "up",
      calls: 0,
      changes: { same: 3 },
    },
    {
      title: "up after the greeting config changed: exactly 1 POST with only the greeting",
      name: "up (greeting changed)",
      op: "up",
      config: { greeting: NEW_GREETING },
      changes: { update: 1, same: 2 },
      calls: exactly(
        profile(ONE, "POST", { body: { greeting: [{ locale: "default", text: NEW_GREETING }, GREETING_FR] } }),
      ),
      validate: (r) => {
        expect(r.output).toMatch(/~ messenger:index:Profile: \(update\)/);
        expect(s.emu.profile(ONE.id, "messenger")?.greeting).toEqual([
          { locale: "default", text: NEW_GREETING },
          GREETING_FR,
        ]);
      },
    },
    {
      title: "pulumi refresh --yes --skip-preview: 1 GET per resource, of its owned fields only",
      name: "refresh --yes --skip-preview",
      op: { cli: ["refresh", "--yes", "--skip-preview"] },
      calls: exactly(
        profile(ONE, "GET", { query: `fields=${PROFILE_FIELDS.join(",")}` }),
        profile(ONE, "GET", { query: "fields=account_linking_url" }),
      ),
    },
    {
      title: "destroy: 1 DELETE per resource, of exactly its owned fields",
      name: "destroy",
      op: "destroy",
      changes: { delete: 3 },
      calls: exactly(
        profile(ONE, "DELETE", { body: { fields: PROFILE_FIELDS } }),
        profile(ONE, "DELETE", { body: { fields: ["account_linking_url"] } }),
      ),
      validate: (_r, stack) => {
        expect(messengerResources(stack.rawResources())).toEqual([]);
        expect(s.emu.profile(ONE.id, "messenger")).toEqual({});
      },
    },
  ],
});

describe("the provider plugin from a Go program", () => {
  const sessions = useSessions("Graph calls per step: Go");

  beforeAll(async () => {
    await lifecycle.start(sessions);
  });

  test("examples/go is a Go program that runs its prebuilt binary, with the plugin from the repository's bin/", () => {
    expect(readProgram(PROGRAM).runtime).toBe("go");
    const text = fs.readFileSync(path.join(PROGRAM, "Pulumi.yaml"), "utf8");
    expect(text).toMatch(/^ {4}binary: bin\/messenger-go$/m);
    expect(text).toMatch(/^ {6}path: \.\.\/\.\.\/bin$/m);
    expect(fs.statSync(path.join(PROGRAM, "bin", "messenger-go")).mode & 0o111).not.toBe(0);
  });

  test("sdk/go is exactly what pulumi package gen-sdk makes from the current schema, with the module path examples/go replaces", () => {
    const out = path.join(workDir(), "go-sdk-regenerated");
    execFileSync(
      "pulumi",
      [
        "package",
        "gen-sdk",
        path.join(REPO_ROOT, "bin", "pulumi-resource-messenger"),
        "--language",
        "go",
        "--out",
        out,
      ],
      {
        env: engineEnv(),
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    const files = (dir: string) =>
      Object.fromEntries(filesUnder(dir).map((f) => [path.relative(dir, f), fs.readFileSync(f, "utf8")]));
    const regenerated = files(path.join(out, "go"));
    expect(Object.keys(regenerated)).toEqual(
      expect.arrayContaining(["go.mod", "messenger/profile.go", "messenger/accountLinking.go"]),
    );
    expect(files(SDK_DIR)).toEqual(regenerated);

    const schema = JSON.parse(
      fs.readFileSync(path.join(REPO_ROOT, "dist", "provider", "plugin", "schema.json"), "utf8"),
    ) as { version: string; language: { go: { importBasePath: string } } };
    const modulePath = path.posix.dirname(schema.language.go.importBasePath);
    expect(regenerated["go.mod"]).toMatch(new RegExp(`^module ${modulePath}$`, "m"));
    expect(fs.readFileSync(path.join(PROGRAM, "go.mod"), "utf8")).toContain(`replace ${modulePath} => ../../sdk/go`);
    expect(JSON.parse(regenerated["messenger/pulumi-plugin.json"] ?? "")).toEqual({
      resource: true,
      name: "messenger",
      version: schema.version,
    });
  });

  describe(lifecycle.label, () => lifecycle.tests());

  describe("after every step", () => {
    test("no Page token in any command output, state file or stack config file", async () => {
      const stack = await lifecycle.run.stack;
      const outputs = sessions.outputs();
      expect(outputs.length).toBeGreaterThanOrEqual(6);
      expect(outputs.map((o) => o.text).join("\n")).toContain("messenger:index:Profile");
      const leaks = outputs
        .filter((o) => o.text.includes(ONE.token))
        .map((o) => `${o.stack} ${o.step}: ${countOccurrences(o.text, ONE.token)}×`);
      expect(lifecycle.harness.backend.stateFiles().length).toBeGreaterThan(0);
      leaks.push(...occurrencesIn(lifecycle.harness.backend.stateDir, ONE.token).map((o) => `${o.file}: ${o.count}`));
      const configFile = path.join(stack.workDir, `Pulumi.${stack.name}.yaml`);
      if (fs.readFileSync(configFile, "utf8").includes(ONE.token)) leaks.push(path.basename(configFile));
      expect(leaks).toEqual([]);
    });

    test("clean-up: the stack removed, its Pulumi.<stack>.yaml gone from examples/go", async () => {
      const stack = await lifecycle.run.stack;
      const configFile = path.join(stack.workDir, `Pulumi.${stack.name}.yaml`);
      expect(fs.existsSync(configFile)).toBe(true);
      await stack.dispose();
      expect(fs.existsSync(configFile)).toBe(false);
    });
  });
});

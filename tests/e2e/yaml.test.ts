/**
 * The provider plugin (`pulumi-resource-messenger`) driven from Pulumi YAML on the real engine,
 * each step with the exact Graph requests it must make. Three independent stacks, each with its own
 * emulator and backend, run concurrently:
 *
 * - lifecycle: examples/yaml (a Messenger profile, an account linking URL, an Instagram profile):
 *   preview, up, a no-change up, an update of one field (and its detailed diff in the CLI output),
 *   `pulumi refresh --yes --skip-preview`, a rotated `messenger:pageAccessToken`, destroy;
 * - import: a Page whose profile and account linking URL were set outside Pulumi, adopted with
 *   `pulumi import` (1 GET each with `--skip-preview`, 2 with the CLI's default preview), the code
 *   the CLI prints pasted into the program, then an up that changes nothing and calls nothing; a
 *   refresh and an edit of the adopted resources; destroy;
 * - token as input: a Profile whose `pageAccessToken` is a secret input, and an AccountLinking
 *   through an explicit provider whose token is a secret input; the state keeps both encrypted.
 *
 * Every command's output, every state file, every stack config file and the generated code are
 * scanned for Page tokens.
 */
import * as fs from "fs";
import * as path from "path";
import { DEFAULT_PAGES, makePages, type PageSeed } from "../../emulator";
import { EXAMPLES_DIR, REPO_ROOT, copyProgram, isCiphertextEnvelope, type HarnessStack } from "../../harness";
import { tokenFingerprint } from "../../provider/core/settings";
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
  type ExpectedRequest,
} from "../support/engine";

jest.setTimeout(600_000);

const [ONE, TWO] = DEFAULT_PAGES;
const [THREE, FOUR] = makePages(2, "YAML-INPUT-TOKEN");
const secret = (value: string) => ({ value, secret: true });
const [LINK_TYPE, PROFILE_TYPE] = PLUGIN_TYPES;
/** The folder holding the plugin's launcher, as a program's `plugins.providers[].path`. */
const PLUGIN_DIR = path.join(REPO_ROOT, "bin");
const figures: Record<string, number> = {};

const me = (page: PageSeed) => call(page, "GET", "/me", { query: "fields=id,name" });
const profile = (page: PageSeed, method: "GET" | "POST" | "DELETE", o: { body?: unknown; query?: string } = {}) =>
  call(page, method, "/me/messenger_profile", o);

/** A copy of a YAML program in the run's work directory, finding the plugin by an absolute path. */
function yamlProgram(dir: string, pulumiYaml: string): string {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), pulumiYaml);
  return dir;
}

/** The head of a YAML program: name, runtime and where the plugin is. */
const yamlHead = (name: string) =>
  [
    `name: ${name}`,
    "runtime: yaml",
    "plugins:",
    "  providers:",
    "    - name: messenger",
    `      path: ${JSON.stringify(PLUGIN_DIR)}`,
    "",
  ].join("\n");

// ---------------------------------------------------------------------------------------------
// examples/yaml: preview, up, no-change up, update, refresh, destroy.

const GREETING_FR = { locale: "fr_FR", text: "Bonjour {{user_first_name}} !" };
/** examples/yaml's profile on the wire (the menu's composerInputDisabled defaults to false, as in the dynamic resource). */
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
const INSTAGRAM_WIRE = {
  ice_breakers: [{ locale: "default", call_to_actions: [{ question: "Where is my order?", payload: "ORDER_STATUS" }] }],
};
const ROTATED = "EMULATOR-ROTATED-TOKEN-1-not-a-real-token";
const LINK_URL = "https://shop.example.com/messenger/link";
const NEW_GREETING = "Hello again {{user_first_name}}";

const lifecycle = new StepSuite({
  label: "yaml-lifecycle",
  pages: DEFAULT_PAGES,
  test: () => {
    const program = copyProgram(path.join(EXAMPLES_DIR, "yaml"), path.join(workDir(), "yaml-lifecycle"));
    const file = path.join(program.dir, "Pulumi.yaml");
    const text = fs.readFileSync(file, "utf8");
    expect(text).toContain("path: ../../bin");
    fs.writeFileSync(file, text.replace("path: ../../bin", `path: ${JSON.stringify(PLUGIN_DIR)}`));
    return { program: program.dir, config: { "messenger:pageAccessToken": secret(ONE.token) } };
  },
  steps: (s) => [
    {
      title: "preview of the YAML program: 0 calls, 3 resources to create",
      name: "preview",
      op: "preview",
      calls: 0,
      changes: { create: 4 },
    },
    {
      title: "up: GET /me + 1 POST per resource, exact bodies; the Page holds exactly the declared values",
      name: "up",
      op: "up",
      changes: { create: 4 },
      calls: exactly(
        me(ONE),
        me(ONE),
        me(ONE),
        profile(ONE, "POST", { body: PROFILE_WIRE }),
        profile(ONE, "POST", { body: { account_linking_url: LINK_URL } }),
        profile(ONE, "POST", { body: INSTAGRAM_WIRE, query: "platform=instagram" }),
      ),
      validate: async (_r, stack) => {
        expect(s.emu.profile(ONE.id, "messenger")).toEqual({ ...PROFILE_WIRE, account_linking_url: LINK_URL });
        expect(s.emu.profile(ONE.id, "instagram")).toEqual(INSTAGRAM_WIRE);
        expect(stateOf(stack, "profile").type).toBe(PROFILE_TYPE);
        expect(stateOf(stack, "link").type).toBe(LINK_TYPE);
        expect(stateOf(stack, "profile").outputs).toMatchObject({
          pageId: ONE.id,
          platform: "messenger",
          ownedFields: PROFILE_FIELDS,
          tokenSource: "config",
        });
        expect(stateOf(stack, "profile").outputs?.pageAccessToken).toBeUndefined();
        // The default provider's state holds the stack's token, encrypted (the schema marks it secret).
        const provider = stack.rawResources().find((r) => r.urn.endsWith("pulumi:providers:messenger::default"));
        expect(isCiphertextEnvelope(provider?.inputs?.pageAccessToken)).toBe(true);
        expect(isCiphertextEnvelope(provider?.outputs?.pageAccessToken)).toBe(true);
        expect(await stack.outputs()).toEqual({
          pageId: ONE.id,
          pageName: ONE.name,
          messengerFields: PROFILE_FIELDS,
          instagramFields: ["ice_breakers"],
          linkedUrl: LINK_URL,
        });
      },
    },
    {
      title: "up with nothing changed: 0 calls",
      name: "up (no change)",
      op: "up",
      calls: 0,
      changes: { same: 4 },
    },
    {
      title: "up after the greeting config changed: exactly 1 POST with only the greeting; the CLI shows ~ greeting",
      name: "up (greeting changed)",
      op: "up",
      config: { greeting: NEW_GREETING },
      changes: { update: 1, same: 3 },
      calls: exactly(
        profile(ONE, "POST", { body: { greeting: [{ locale: "default", text: NEW_GREETING }, GREETING_FR] } }),
      ),
      validate: (r) => {
        expect(r.output).toMatch(/~ messenger:index:Profile: \(update\)/);
        expect(r.output).toMatch(/~ greeting\s*:/);
        expect(r.output).not.toMatch(/~ (whitelistedDomains|getStarted|iceBreakers|persistentMenu|commands)\s*:/);
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
        profile(ONE, "GET", { query: "fields=ice_breakers&platform=instagram" }),
      ),
    },
    {
      title: "up after the refresh: 0 calls (nothing drifted)",
      name: "up (after refresh)",
      op: "up",
      calls: 0,
      changes: { same: 4 },
    },
    {
      title:
        "up after messenger:pageAccessToken was rotated (same Page): the plugin gets the new token; 1 GET /me per resource, no POST",
      name: "up (token rotated)",
      op: "up",
      before: () => s.emu.addPage({ ...ONE, token: ROTATED }),
      config: { "messenger:pageAccessToken": secret(ROTATED) },
      calls: exactly(...[0, 1, 2].map(() => ({ ...me(ONE), rawQuery: `fields=id,name&access_token=${ROTATED}` }))),
      changes: { update: 3, same: 1 },
      validate: (_r, stack) => {
        for (const name of ["profile", "link", "instagram"])
          expect(stateOf(stack, name).outputs?.tokenFingerprint).toBe(tokenFingerprint(ROTATED));
      },
    },
    {
      title: "up after the rotation: 0 calls",
      name: "up (after rotation)",
      op: "up",
      calls: 0,
      changes: { same: 4 },
    },
    {
      title: "destroy: 1 DELETE per resource, of exactly its owned fields",
      name: "destroy",
      op: "destroy",
      changes: { delete: 4 },
      calls: exactly(
        profile(ONE, "DELETE", { body: { fields: PROFILE_FIELDS } }),
        profile(ONE, "DELETE", { body: { fields: ["account_linking_url"] } }),
        profile(ONE, "DELETE", { body: { fields: ["ice_breakers"] }, query: "platform=instagram" }),
      ),
      validate: (_r, stack) => {
        expect(messengerResources(stack.rawResources())).toEqual([]);
        expect(s.emu.profile(ONE.id, "messenger")).toEqual({});
        expect(s.emu.profile(ONE.id, "instagram")).toEqual({});
      },
    },
  ],
});

// ---------------------------------------------------------------------------------------------
// pulumi import of a Page set outside Pulumi, then a 0-call up of the generated code.

/** Set on Page TWO by hand, before any import. */
const BY_HAND = {
  get_started: { payload: "START" },
  greeting: [{ locale: "default", text: "Set by hand" }],
  ice_breakers: [{ locale: "default", call_to_actions: [{ question: "Hours?", payload: "HOURS" }] }],
};
const BY_HAND_URL = "https://by-hand.example.com/link";
const BY_HAND_INSTAGRAM = {
  ice_breakers: [{ locale: "default", call_to_actions: [{ question: "Open now?", payload: "OPEN" }] }],
};
/** The expanded GET /me of an import (Messenger platform, every field). */
const MESSENGER_EXPANSION =
  "whitelisted_domains,get_started,greeting,ice_breakers,persistent_menu,commands,account_linking_url";

const importDir = () => path.join(workDir(), "yaml-import");
const generated: string[] = [];

/** Generated YAML resources (the text after `resources:`), from `pulumi import --out`. */
function resourcesOf(file: string): string {
  const text = fs.readFileSync(file, "utf8");
  generated.push(text);
  const at = text.indexOf("resources:\n");
  if (at === -1) throw new Error(`no resources in the generated code:\n${text}`);
  return text.slice(at + "resources:\n".length);
}

/** Adds the generated resources of `file` to the import program. */
function pasteGenerated(file: string): void {
  const program = path.join(importDir(), "Pulumi.yaml");
  const text = fs.readFileSync(program, "utf8");
  const body = resourcesOf(file);
  fs.writeFileSync(program, text.includes("resources:\n") ? text + body : `${text}resources:\n${body}`);
}

const importOut = (name: string) => path.join(workDir(), `yaml-import-${name}.yaml`);

/** The single GET /me with field expansion an import sends. */
function expandedMe(page: PageSeed, fields: string, platform?: "instagram"): ExpectedRequest {
  const expansion =
    platform === undefined ? `messenger_profile{${fields}}` : `messenger_profile.platform(${platform}){${fields}}`;
  return call(page, "GET", "/me", { query: `fields=id,name,${encodeURIComponent(expansion).replace(/%2C/g, ",")}` });
}

const imports = new StepSuite({
  label: "yaml-import",
  pages: DEFAULT_PAGES,
  test: () => ({
    program: yamlProgram(importDir(), yamlHead("messenger-yaml-import")),
    config: { "messenger:pageAccessToken": secret(TWO.token) },
  }),
  steps: (s) => [
    {
      title:
        "pulumi import messenger:index:Profile adopted <pageId> --yes --skip-preview: exactly 1 GET (GET /me expanded)",
      name: "import Profile --skip-preview",
      before: () => s.emu.setProfileFields(TWO.id, BY_HAND),
      op: {
        cli: [
          "import",
          PROFILE_TYPE,
          "adopted",
          TWO.id,
          "--yes",
          "--skip-preview",
          "--protect=false",
          "--out",
          importOut("profile"),
        ],
      },
      calls: exactly(expandedMe(TWO, MESSENGER_EXPANSION)),
      validate: (r, stack) => {
        figures.importSkipPreview = r.calls.length;
        const adopted = stateOf(stack, "adopted");
        expect(adopted.type).toBe(PROFILE_TYPE);
        expect(adopted.id).toBe(TWO.id);
        expect(adopted.outputs).toMatchObject({
          pageId: TWO.id,
          pageName: TWO.name,
          platform: "messenger",
          ownedFields: Object.keys(BY_HAND),
          getStarted: { payload: "START" },
        });
        expect(s.emu.profile(TWO.id, "messenger")).toEqual(BY_HAND);
        pasteGenerated(importOut("profile"));
      },
    },
    {
      title: "up of the program with the generated code pasted in: 0 calls, no change",
      name: "up (after Profile import)",
      op: "up",
      calls: 0,
      changes: { same: 2 },
    },
    {
      title: "pulumi import messenger:index:AccountLinking link <pageId> --yes --skip-preview: exactly 1 GET",
      name: "import AccountLinking --skip-preview",
      before: () => s.emu.setAccountLinkingUrl(TWO.id, BY_HAND_URL),
      op: {
        cli: [
          "import",
          LINK_TYPE,
          "link",
          TWO.id,
          "--yes",
          "--skip-preview",
          "--protect=false",
          "--out",
          importOut("link"),
        ],
      },
      calls: exactly(expandedMe(TWO, "account_linking_url")),
      validate: (_r, stack) => {
        const link = stateOf(stack, "link");
        expect(link.type).toBe(LINK_TYPE);
        expect(link.outputs).toMatchObject({ pageId: TWO.id, accountLinkingUrl: BY_HAND_URL });
        pasteGenerated(importOut("link"));
      },
    },
    {
      title: "up with both imported resources in the program: 0 calls, no change",
      name: "up (after AccountLinking import)",
      op: "up",
      calls: 0,
      changes: { same: 3 },
    },
    {
      title: "pulumi import --yes (the CLI's default, with its preview) of the Instagram profile: 2 GETs",
      name: "import Profile (with preview)",
      before: () => s.emu.setProfileFields(TWO.id, BY_HAND_INSTAGRAM, "instagram"),
      op: {
        cli: [
          "import",
          PROFILE_TYPE,
          "ig",
          `${TWO.id}/instagram`,
          "--yes",
          "--protect=false",
          "--out",
          importOut("ig"),
        ],
      },
      calls: exactly(
        expandedMe(TWO, "ice_breakers,persistent_menu", "instagram"),
        expandedMe(TWO, "ice_breakers,persistent_menu", "instagram"),
      ),
      validate: (r, stack) => {
        figures.importCliDefault = r.calls.length;
        expect(stateOf(stack, "ig").outputs).toMatchObject({ platform: "instagram", ownedFields: ["ice_breakers"] });
        pasteGenerated(importOut("ig"));
      },
    },
    {
      title: "up with the three imported resources: 0 calls, no change",
      name: "up (after every import)",
      op: "up",
      calls: 0,
      changes: { same: 4 },
    },
    {
      title: "pulumi refresh --yes --skip-preview of the adopted resources: 1 GET each, of its owned fields only",
      name: "refresh (adopted)",
      op: { cli: ["refresh", "--yes", "--skip-preview"] },
      calls: exactly(
        profile(TWO, "GET", { query: `fields=${Object.keys(BY_HAND).join(",")}` }),
        profile(TWO, "GET", { query: "fields=account_linking_url" }),
        profile(TWO, "GET", { query: "fields=ice_breakers&platform=instagram" }),
      ),
    },
    {
      title: "an adopted profile edited in the program: 1 POST of the edited field only, no GET /me",
      name: "up (adopted greeting edited)",
      op: "up",
      before: (stack) => {
        const file = path.join(stack.workDir, "Pulumi.yaml");
        const text = fs.readFileSync(file, "utf8");
        expect(countOccurrences(text, "text: Set by hand")).toBe(1);
        fs.writeFileSync(file, text.replace("text: Set by hand", "text: Edited in the program"));
      },
      changes: { update: 1, same: 3 },
      calls: exactly(
        profile(TWO, "POST", { body: { greeting: [{ locale: "default", text: "Edited in the program" }] } }),
      ),
      validate: (r) => expect(r.output).toMatch(/~ greeting\s*:/),
    },
    {
      title: "destroy of the adopted resources: 1 DELETE each, of exactly the owned fields",
      name: "destroy",
      op: "destroy",
      // The steps above made more calls on Page TWO than Graph allows in 10 minutes (the emulator
      // enforces it): start a new window, as a person running destroy later would.
      before: () => s.emu.resetRateLimits(),
      changes: { delete: 4 },
      calls: exactly(
        profile(TWO, "DELETE", { body: { fields: Object.keys(BY_HAND) } }),
        profile(TWO, "DELETE", { body: { fields: ["account_linking_url"] } }),
        profile(TWO, "DELETE", { body: { fields: ["ice_breakers"] }, query: "platform=instagram" }),
      ),
    },
  ],
});

// ---------------------------------------------------------------------------------------------
// The token as a secret input: encrypted in state.

/**
 * A Profile with its token as a secret input (Page THREE), and an AccountLinking through an explicit
 * provider whose token is a secret input (Page FOUR); the stack has no `messenger:pageAccessToken`.
 */
const inputProgram = () =>
  yamlProgram(
    path.join(workDir(), "yaml-input"),
    yamlHead("messenger-yaml-input") +
      [
        "config:",
        "  pageToken:",
        "    type: string",
        "    secret: true",
        "  otherPageToken:",
        "    type: string",
        "    secret: true",
        "  emulatorUrl:",
        "    type: string",
        "resources:",
        "  hello:",
        `    type: ${PROFILE_TYPE}`,
        "    properties:",
        "      pageAccessToken: ${pageToken}",
        "      greeting: Hello",
        "  otherPage:",
        "    type: pulumi:providers:messenger",
        "    properties:",
        "      pageAccessToken: ${otherPageToken}",
        "      graphApiUrl: ${emulatorUrl}",
        "  link:",
        `    type: ${LINK_TYPE}`,
        "    properties:",
        "      accountLinkingUrl: https://four.example.com/link",
        "    options:",
        "      provider: ${otherPage}",
        "",
      ].join("\n"),
  );

const input: StepSuite = new StepSuite({
  label: "yaml-token-input",
  pages: [THREE, FOUR],
  test: () => ({
    program: inputProgram(),
    config: {
      pageToken: secret(THREE.token),
      otherPageToken: secret(FOUR.token),
      // An explicit provider reads its own inputs, not the stack's messenger:* config.
      emulatorUrl: input.emu.url,
    },
  }),
  steps: (s) => [
    {
      title:
        "up: a Profile with its token as a secret input, an AccountLinking through an explicit provider; tokens are ciphertexts in state",
      name: "up",
      op: "up",
      changes: { create: 4 },
      calls: exactly(
        me(THREE),
        profile(THREE, "POST", { body: { greeting: [{ locale: "default", text: "Hello" }] } }),
        me(FOUR),
        profile(FOUR, "POST", { body: { account_linking_url: "https://four.example.com/link" } }),
      ),
      validate: (_r, stack) => {
        const hello = stateOf(stack, "hello");
        expect(hello.outputs).toMatchObject({ pageId: THREE.id, tokenSource: "input", ownedFields: ["greeting"] });
        expect(isCiphertextEnvelope(hello.inputs?.pageAccessToken)).toBe(true);
        expect(isCiphertextEnvelope(hello.outputs?.pageAccessToken)).toBe(true);
        expect(stateOf(stack, "link").outputs).toMatchObject({ pageId: FOUR.id, tokenSource: "config" });
        expect(stateOf(stack, "link").outputs?.pageAccessToken).toBeUndefined();
        const provider = stack.rawResources().find((r) => r.urn.endsWith("pulumi:providers:messenger::otherPage"));
        expect(isCiphertextEnvelope(provider?.inputs?.pageAccessToken)).toBe(true);
        expect(isCiphertextEnvelope(provider?.outputs?.pageAccessToken)).toBe(true);
        expect(s.emu.page(FOUR.id)?.accountLinkingUrl).toBe("https://four.example.com/link");
        for (const p of [THREE, FOUR]) expect(occurrencesIn(s.harness.backend.stateDir, p.token)).toEqual([]);
      },
    },
    {
      title: "up with nothing changed: 0 calls",
      name: "up (no change)",
      op: "up",
      calls: 0,
      changes: { same: 4 },
    },
    {
      title: "refresh: 1 GET of the owned field per resource, the token still encrypted",
      name: "refresh",
      op: "refresh",
      calls: exactly(
        profile(THREE, "GET", { query: "fields=greeting" }),
        profile(FOUR, "GET", { query: "fields=account_linking_url" }),
      ),
      validate: (_r, stack) =>
        expect(isCiphertextEnvelope(stateOf(stack, "hello").outputs?.pageAccessToken)).toBe(true),
    },
    {
      title: "destroy: 1 DELETE of the owned field per resource",
      name: "destroy",
      op: "destroy",
      changes: { delete: 4 },
      calls: exactly(
        profile(THREE, "DELETE", { body: { fields: ["greeting"] } }),
        profile(FOUR, "DELETE", { body: { fields: ["account_linking_url"] } }),
      ),
    },
  ],
});

const SUITES = [lifecycle, imports, input];
const TOKENS = [...[ONE, TWO, THREE, FOUR].map((p) => p.token), ROTATED];

describe("the provider plugin from Pulumi YAML", () => {
  const sessions = useSessions("Graph calls per step: YAML");
  let stacks: HarnessStack[] = [];

  beforeAll(async () => {
    await Promise.all(SUITES.map((s) => s.start(sessions)));
  });
  afterAll(() => console.log(`pulumi import GETs: ${JSON.stringify(figures)}`));

  for (const s of SUITES) describe(s.label, () => s.tests());

  describe("after every step", () => {
    test("pulumi import: 1 GET with --skip-preview, 2 with the CLI's default preview", () => {
      expect(figures).toEqual({ importSkipPreview: 1, importCliDefault: 2 });
    });

    test("the code pulumi import printed is YAML of the plugin's types", () => {
      expect(generated).toHaveLength(3);
      expect(generated[0]).toMatch(/^ {2}adopted:\n {4}type: messenger:Profile\n/m);
      expect(generated[1]).toMatch(/^ {2}link:\n {4}type: messenger:AccountLinking\n/m);
      expect(generated[2]).toMatch(/^ {2}ig:\n {4}type: messenger:Profile\n/m);
    });

    test("no Page token in any command output, state file, stack config file or generated code", async () => {
      stacks = await Promise.all(SUITES.map((s) => s.run.stack));
      const outputs = sessions.outputs();
      expect(outputs.length).toBeGreaterThanOrEqual(17);
      const text = outputs.map((o) => o.text).join("\n");
      expect(text).toContain("messenger:index:Profile");
      // The plugin's own stderr (its MESSENGER_DEBUG lines) does not reach the CLI's output: only
      // the engine's rendering of inputs, outputs and errors is scanned here.
      const leaks: string[] = [];
      for (const token of TOKENS) {
        for (const o of outputs)
          if (o.text.includes(token)) leaks.push(`${o.stack} ${o.step}: ${countOccurrences(o.text, token)}×`);
        for (const s of SUITES) {
          expect(s.harness.backend.stateFiles().length).toBeGreaterThan(0);
          leaks.push(...occurrencesIn(s.harness.backend.stateDir, token).map((o) => `${o.file}: ${o.count}`));
        }
        for (const stack of stacks) {
          const config = fs.readFileSync(path.join(stack.workDir, `Pulumi.${stack.name}.yaml`), "utf8");
          if (config.includes(token)) leaks.push(`Pulumi.${stack.name}.yaml`);
        }
        for (const g of generated) if (g.includes(token)) leaks.push("generated code");
      }
      expect(leaks).toEqual([]);
    });
  });
});

/**
 * `pulumi import` into a TypeScript program on `pulumi-messenger/native` (the Node SDK generated from
 * the provider plugin's schema), on the real engine against the emulator, and the one error of a
 * native program that forgot the plugin set-up. Two independent stacks, each with its own emulator,
 * run concurrently:
 *
 * - import: set by hand in the emulator, a Page's Messenger profile (six fields, two locales), its
 *   Instagram profile, its account linking URL, an app's webhook subscription (callback: the suite's
 *   receiver) and the Page's subscription to the app; each adopted with its own
 *   `pulumi import <type> <name> <id> --yes --skip-preview --protect=false --out <file>` and its exact
 *   requests. The TypeScript each import printed is saved into a copy of
 *   tests/e2e/programs/native-import, as printed, and `tsc --noEmit` passes on it; the up of the
 *   program as printed makes 0 calls and changes nothing. The webhook is printed without a verify
 *   token (Graph never returns it): a change that would POST its subscription again (a field added)
 *   is refused at preview with 0 calls until the program gives one. A second up reports no change,
 *   and destroy sends exactly one DELETE per resource;
 * - forgotten set-up: tests/e2e/programs/native-no-plugin (no `plugins:` in its Pulumi.yaml), with no
 *   plugin launcher on the engine's `PATH` (not the repository's node_modules/.bin): preview and up
 *   fail with 0 Graph requests and the one error of provider/native/plugin-setup.ts, which gives the
 *   lines to add, and not the engine's download error.
 *
 * Every command's output, state file and Pulumi home, the printed code and tsc's output are scanned
 * for the Page tokens, the app secrets, the app token, the proofs and the verify token.
 */
import * as fs from "fs";
import * as path from "path";
import { DEFAULT_PAGES } from "../../emulator";
import { REPO_ROOT, type HarnessStack, type StepOutcome } from "../../harness";
import {
  APP,
  BOT_FIELDS,
  BotSuite,
  ONE,
  botCalls,
  botConfig,
  exactBotCalls as exactly,
  pageCall,
  registerBotSecrets,
  stateNamed,
} from "../support/bot-engine";
import { scanSessions } from "../support/engine-scan";
import { StepSuite, countOccurrences, useSessions, workDir, type TestStep } from "../support/engine";
import {
  foldersWithPlugin,
  nativeProgramCopy,
  pathWithoutPlugin,
  tscNoEmit,
  type TscResult,
} from "../support/native-program";

jest.setTimeout(600_000);
registerBotSecrets();

const PROGRAMS = path.join(__dirname, "programs");
const secret = (value: string) => ({ value, secret: true });

// ---------------------------------------------------------------------------------------------
// What is set by hand, and the imports.

/** Page One's Messenger profile, set by hand: six fields, two locales. */
const PROFILE_WIRE = {
  whitelisted_domains: ["https://shop.example.com"],
  get_started: { payload: "GET_STARTED" },
  greeting: [
    { locale: "default", text: "Hi {{user_first_name}}! Ask us about your order." },
    { locale: "fr_FR", text: "Bonjour {{user_first_name}} ! Posez-nous vos questions." },
  ],
  ice_breakers: [
    { locale: "default", call_to_actions: [{ question: "Where is my order?", payload: "ORDER_STATUS" }] },
    { locale: "fr_FR", call_to_actions: [{ question: "Où est ma commande ?", payload: "ORDER_STATUS" }] },
  ],
  persistent_menu: [
    {
      locale: "default",
      composer_input_disabled: false,
      call_to_actions: [
        { type: "postback", title: "Talk to a person", payload: "HUMAN" },
        { type: "web_url", title: "Shop", url: "https://shop.example.com/", webview_height_ratio: "full" },
      ],
    },
    {
      locale: "fr_FR",
      composer_input_disabled: false,
      call_to_actions: [{ type: "postback", title: "Parler à quelqu'un", payload: "HUMAN" }],
    },
  ],
  commands: [
    { locale: "default", commands: [{ name: "order", description: "Track an order" }] },
    { locale: "fr_FR", commands: [{ name: "commande", description: "Suivre une commande" }] },
  ],
};
const PROFILE_FIELDS = Object.keys(PROFILE_WIRE);
/** Page One's Instagram messaging profile, set by hand. */
const INSTAGRAM_WIRE = {
  ice_breakers: [
    {
      locale: "default",
      call_to_actions: [
        { question: "Where is my order?", payload: "ORDER_STATUS" },
        { question: "Do you ship abroad?", payload: "SHIPPING" },
      ],
    },
  ],
  persistent_menu: [
    {
      locale: "default",
      call_to_actions: [
        { type: "postback", title: "Talk to a person", payload: "HUMAN" },
        { type: "web_url", title: "Shop", url: "https://shop.example.com/" },
      ],
    },
  ],
};
const INSTAGRAM_FIELDS = Object.keys(INSTAGRAM_WIRE);
const LINK_URL = "https://shop.example.com/messenger/link";

/** The printed code of each import, by logical name (the name is also the saved module's). */
const printed: Record<string, string> = {};
/** What tsc said on the program: as printed, then with the documented edits. */
const tscRuns: Record<string, TscResult> = {};

const importDir = () => path.join(workDir(), "native-import");
const outFile = (name: string) => path.join(workDir(), `native-import-printed-${name}.ts`);

/** A `pulumi import <type> <name> <id> --yes --skip-preview --protect=false --out <file>` step. */
function importStep(
  title: string,
  type: string,
  name: string,
  id: string,
  calls: ReturnType<typeof exactly>,
  validate: (stack: HarnessStack) => void,
): TestStep {
  return {
    title,
    name: `import ${name}`,
    op: { cli: ["import", type, name, id, "--yes", "--skip-preview", "--protect=false", "--out", outFile(name)] },
    calls,
    validate: (_r, stack) => {
      printed[name] = fs.readFileSync(outFile(name), "utf8");
      validate(stack);
    },
  };
}

/** The GET /me of a profile import: the Page, and the profile's fields on a platform by field expansion. */
function importMe(wireFields: readonly string[], platform?: "instagram") {
  const profile = platform === undefined ? "messenger_profile" : `messenger_profile.platform(${platform})`;
  const expansion = encodeURIComponent(`${profile}{${wireFields.join(",")}}`).replace(/%2C/g, ",");
  return pageCall(ONE, "GET", "/me", { query: `fields=id,name,${expansion}` });
}

/** Saves each printed module beside index.ts, as printed, and imports it from index.ts. */
function writePrinted(dir: string): void {
  const index = path.join(dir, "index.ts");
  let text = fs.readFileSync(index, "utf8");
  for (const [name, code] of Object.entries(printed)) {
    fs.writeFileSync(path.join(dir, `${name}.ts`), code);
    text += `import "./${name}";\n`;
  }
  fs.writeFileSync(index, text);
}

/**
 * A change to the printed webhook that POSTs its subscription again (a field added): Graph verifies
 * the callback with the verify token, which it never returns, so an imported webhook has none and
 * the change needs one (`new pulumi.Config().requireSecret("verifyToken")`, say): without it the
 * plugin's check refuses the preview, with 0 calls.
 */
const PRINTED_FIELDS = "fields: [";
const FIELD_ADDED = 'fields: [\n        "message_reads",';

/** The first lines of every printed module: the SDK from its subpath (the schema's `language.nodejs.packageName`). */
const PRINTED_IMPORTS =
  'import * as pulumi from "@pulumi/pulumi";\nimport * as messenger from "pulumi-messenger/native";\n\n';

/** Replaces the one occurrence of `from` in a module of the program (fails unless there is exactly one). */
function editOnce(dir: string, name: string, from: string, to: string): void {
  const file = path.join(dir, `${name}.ts`);
  const text = fs.readFileSync(file, "utf8");
  expect(countOccurrences(text, from)).toBe(1);
  fs.writeFileSync(file, text.replace(from, to));
}

/** The SDK class of each imported resource, by logical name. */
const TYPE_OF: Readonly<Record<string, string>> = {
  profile: "Profile",
  instagram: "Profile",
  link: "AccountLinking",
  webhook: "Webhook",
  subscription: "PageSubscription",
};

/** Every resource of the program: the five imported ones and the stack. */
const RESOURCES = 6;

/** The printed code into the program, tsc, the edits, an up that calls nothing, destroy. */
function programSteps(s: BotSuite): TestStep[] {
  return [
    {
      title: "the printed TypeScript of every type, saved into the program as printed: tsc --noEmit passes",
      name: "tsc (as printed)",
      before: () => writePrinted(importDir()),
      validate: async () => {
        expect(Object.keys(printed)).toEqual(["profile", "instagram", "link", "webhook", "subscription"]);
        for (const [name, code] of Object.entries(printed)) {
          expect(code.startsWith(PRINTED_IMPORTS)).toBe(true);
          expect(code).toContain(`const ${name} = new messenger.${TYPE_OF[name]}("${name}", {`);
        }
        tscRuns.asPrinted = await tscNoEmit(importDir());
        expect(tscRuns.asPrinted).toEqual({ code: 0, output: "" });
      },
    },
    {
      title: "up of the program as printed, on the imported state: 0 calls, nothing changes",
      name: "up (after import)",
      op: "up",
      calls: 0,
      changes: { same: RESOURCES },
      validate: (_r, stack) => {
        expect(printed.webhook).not.toContain("verifyToken");
        expect(stateNamed(stack, "webhook").inputs?.verifyToken).toBeUndefined();
      },
    },
    {
      title: "a field added to the printed webhook, which has no verify token: refused at preview, 0 calls",
      name: "preview (field added, no verify token)",
      before: () => editOnce(importDir(), "webhook", PRINTED_FIELDS, FIELD_ADDED),
      op: "preview",
      fails: /verifyToken is required to change fields \(a field added\): Graph verifies the callback again with it/,
      calls: 0,
    },
    {
      title: "the printed webhook again: an up makes 0 calls, no change",
      name: "up (again)",
      before: () => editOnce(importDir(), "webhook", FIELD_ADDED, PRINTED_FIELDS),
      op: "up",
      calls: 0,
      changes: { same: RESOURCES },
    },
    {
      title: "destroy: 1 DELETE each, of the imported fields; the Page and the app have nothing left",
      name: "destroy",
      op: "destroy",
      changes: { delete: RESOURCES },
      calls: exactly(
        pageCall(ONE, "DELETE", "/me/messenger_profile", { body: { fields: PROFILE_FIELDS } }),
        pageCall(ONE, "DELETE", "/me/messenger_profile", { body: { fields: ["account_linking_url"] } }),
        pageCall(ONE, "DELETE", "/me/messenger_profile", {
          body: { fields: INSTAGRAM_FIELDS },
          query: "platform=instagram",
        }),
        botCalls.appDelete(BOT_FIELDS),
        botCalls.pageDelete(),
      ),
      validate: (_r, stack) => {
        expect(stack.rawResources().filter((r) => r.type.startsWith("messenger:"))).toEqual([]);
        expect(s.emu.profile(ONE.id, "messenger")).toEqual({});
        expect(s.emu.profile(ONE.id, "instagram")).toEqual({});
        expect(s.emu.app(APP.id)?.subscriptions).toEqual([]);
        expect(s.emu.pageSubscriptions(ONE.id)).toEqual([]);
      },
    },
  ];
}

function importSteps(s: BotSuite): TestStep[] {
  return [
    {
      title:
        "set by hand: a Messenger profile in two locales, an Instagram profile, the account linking URL, the app's and the Page's subscriptions",
      name: "set by hand",
      before: () => {
        s.emu.setProfileFields(ONE.id, PROFILE_WIRE);
        s.emu.setProfileFields(ONE.id, INSTAGRAM_WIRE, "instagram");
        s.emu.setAccountLinkingUrl(ONE.id, LINK_URL);
        s.emu.setAppSubscription(APP.id, { object: "page", callbackUrl: s.receiver.url, fields: [...BOT_FIELDS] });
        s.emu.setPageSubscription(ONE.id, APP.id, [...BOT_FIELDS]);
      },
      validate: () => {
        expect(s.emu.profile(ONE.id, "messenger")).toEqual({ ...PROFILE_WIRE, account_linking_url: LINK_URL });
        expect(s.emu.profile(ONE.id, "instagram")).toEqual(INSTAGRAM_WIRE);
        expect(s.emu.pageSubscriptions(ONE.id)).toEqual([{ appId: APP.id, fields: [...BOT_FIELDS] }]);
      },
    },
    // With a field list: the account linking URL, also set on the Page, is the AccountLinking's.
    importStep(
      "import messenger:index:Profile profile <pageId>/messenger/<the six fields>: exactly 1 GET /me, expanded",
      "messenger:index:Profile",
      "profile",
      `${ONE.id}/messenger/whitelistedDomains,getStarted,greeting,iceBreakers,persistentMenu,commands`,
      exactly(importMe(PROFILE_FIELDS)),
      (stack) =>
        expect(stateNamed(stack, "profile").outputs).toMatchObject({ pageId: ONE.id, ownedFields: PROFILE_FIELDS }),
    ),
    importStep(
      "import messenger:index:Profile instagram <pageId>/instagram: exactly 1 GET /me, expanded on the Instagram platform",
      "messenger:index:Profile",
      "instagram",
      `${ONE.id}/instagram`,
      exactly(importMe(INSTAGRAM_FIELDS, "instagram")),
      (stack) =>
        expect(stateNamed(stack, "instagram").outputs).toMatchObject({
          pageId: ONE.id,
          platform: "instagram",
          ownedFields: INSTAGRAM_FIELDS,
        }),
    ),
    importStep(
      "import messenger:index:AccountLinking link <pageId>: exactly 1 GET /me, expanded",
      "messenger:index:AccountLinking",
      "link",
      ONE.id,
      exactly(importMe(["account_linking_url"])),
      (stack) =>
        expect(stateNamed(stack, "link").outputs).toMatchObject({ pageId: ONE.id, accountLinkingUrl: LINK_URL }),
    ),
    importStep(
      "import messenger:index:Webhook webhook <appId>/page: exactly 1 GET of the app's subscriptions",
      "messenger:index:Webhook",
      "webhook",
      `${APP.id}/page`,
      exactly(botCalls.appGet()),
      (stack) =>
        expect(stateNamed(stack, "webhook").outputs).toMatchObject({
          appId: APP.id,
          object: "page",
          callbackUrl: s.receiver.url,
          fields: [...BOT_FIELDS],
        }),
    ),
    importStep(
      "import messenger:index:PageSubscription subscription <pageId>/<appId>: GET /me and 1 GET of the Page's apps",
      "messenger:index:PageSubscription",
      "subscription",
      `${ONE.id}/${APP.id}`,
      exactly(botCalls.me(), botCalls.pageGet()),
      (stack) =>
        expect(stateNamed(stack, "subscription").outputs).toMatchObject({
          pageId: ONE.id,
          appId: APP.id,
          subscribedFields: [...BOT_FIELDS],
        }),
    ),
    ...programSteps(s),
  ];
}

const imports = new BotSuite({
  label: "native-import",
  test: (s) => ({
    program: nativeProgramCopy(path.join(PROGRAMS, "native-import"), "native-import"),
    config: botConfig(s.receiver),
  }),
  steps: (s) => importSteps(s),
});

// ---------------------------------------------------------------------------------------------
// A native program that forgot the plugins entry.

/** The lines provider/native/plugin-setup.ts tells the person to add (the package is in the project's node_modules). */
const LINES_TO_ADD = [
  "plugins:",
  "  providers:",
  "    - name: messenger",
  "      path: ./node_modules/pulumi-messenger/bin",
];
const SETUP_ERROR = "error: pulumi-messenger/native runs on the messenger provider plugin";

/** The one error of a program without the set-up: the lines to add, no engine download error, no stack trace. */
function checkSetupError(r: StepOutcome, stack: HarnessStack): void {
  expect(r.output).toContain(`${SETUP_ERROR}, and this project does not say where it is`);
  expect(r.output).toContain(`add this to ${path.join(stack.workDir, "Pulumi.yaml")}:\n\n${LINES_TO_ADD.join("\n")}\n`);
  const errors = r.output.split("\n").filter((line) => /^\s*error:/.test(line));
  expect(errors.length).toBeGreaterThan(0);
  expect(errors.filter((line) => !line.trim().startsWith(SETUP_ERROR))).toEqual([]);
  expect(r.output).not.toMatch(/Could not automatically download|pulumi plugin install|^\s+at /m);
  expect(stack.rawResources().filter((x) => x.type.startsWith("messenger:"))).toEqual([]);
}

const forgotten = new StepSuite({
  label: "native-no-plugin",
  pages: DEFAULT_PAGES,
  test: () => ({
    program: nativeProgramCopy(path.join(PROGRAMS, "native-no-plugin"), "native-no-plugin"),
    config: { "messenger:pageAccessToken": secret(ONE.token) },
    env: { PATH: pathWithoutPlugin() },
  }),
  steps: () => [
    {
      title: "the program has no plugins entry, and no plugin launcher is on the engine's PATH",
      name: "no way to the plugin",
      validate: (_r, stack) => {
        expect(fs.readFileSync(path.join(stack.workDir, "Pulumi.yaml"), "utf8")).not.toMatch(/^plugins:/m);
        const engineDirs = pathWithoutPlugin().split(path.delimiter);
        expect(engineDirs).not.toContain(path.join(REPO_ROOT, "node_modules", ".bin"));
        expect(foldersWithPlugin(pathWithoutPlugin())).toEqual([]);
      },
    },
    {
      title: "preview: fails before any request with the one error that gives the lines to add to Pulumi.yaml",
      name: "preview",
      op: "preview",
      fails: /plugins:\n {2}providers:\n {4}- name: messenger\n {6}path: /,
      calls: 0,
      validate: checkSetupError,
    },
    {
      title: "up: the same error, 0 requests, nothing in state",
      name: "up",
      op: "up",
      fails: /plugins:\n {2}providers:\n {4}- name: messenger\n {6}path: /,
      calls: 0,
      validate: checkSetupError,
    },
  ],
});

const suites = [imports, forgotten];

describe("pulumi import into a pulumi-messenger/native program, and a program without the plugin set-up", () => {
  const sessions = useSessions("Graph calls per step: native import");

  beforeAll(async () => {
    await Promise.all(suites.map((s) => s.start(sessions)));
  });
  afterAll(async () => {
    await imports.close();
  });

  for (const s of suites) describe(s.label, () => s.tests());

  describe("after every step", () => {
    test("no token, app secret, app token, proof or verify token in any CLI output, state file, Pulumi home, printed code or tsc output", async () => {
      await Promise.all(suites.map((s) => s.run.done.catch(() => undefined)));
      expect(Object.keys(printed)).toHaveLength(5);
      const result = scanSessions(sessions, [
        ...Object.entries(printed).map(([name, text]) => ({ where: `code printed for ${name}`, text })),
        ...Object.entries(tscRuns).map(([run, r]) => ({ where: `tsc ${run}`, text: r.output })),
      ]);
      expect(result.secrets).toBe(9);
      expect(result.texts).toBeGreaterThan(Object.keys(printed).length);
    });
  });
});

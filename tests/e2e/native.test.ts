/**
 * `pulumi-messenger/native` (the Node SDK generated from the provider plugin's schema) on the real
 * engine, against the emulator: examples/native-ts, each step with the exact Graph requests it must
 * make, and the same profile through the dynamic class (examples/full-profile, the same resources
 * declared with `MessengerProfile`) step for step beside it. Two independent stacks, each with its
 * own emulator and backend, run concurrently, each on a copy of its example in a git-ignored folder
 * of the repository (the copy resolves the package through the repository's node_modules, and its
 * program is edited between steps as a person would edit it):
 *
 * - native-ts: preview (0 calls), up (GET /me + 1 POST per resource, exact bodies), a no-change up
 *   (0 calls), an edit of one greeting (exactly 1 POST of the greeting alone; the CLI's detailed diff
 *   shows `~ greeting` and no other field), `pulumi refresh --yes --skip-preview` (1 GET of the owned
 *   fields per resource), destroy (1 DELETE of the owned fields per resource), then two bad inputs
 *   (a greeting over 160 characters, a plain-http URL in a persistent menu item) refused at preview
 *   with 0 calls and a message naming the exact field path;
 * - full-profile: the same steps, with the same exact expectations (its update's diff lists every
 *   input around the one marked `~ greeting`: the dynamic provider has no detailed diff to give);
 * - the two doors side by side: byte-identical Graph requests (method, path, query, Page, body,
 *   Content-Type, status) at create, update, refresh and delete, 0 at preview and no-change up, the
 *   same stack outputs and the same inputs and outputs of each profile in state after create and
 *   update (but the dynamic provider's serialized code), the same bad-input messages.
 *
 * Every command's output is scanned for Page tokens, and every state file and stack config file too.
 */
import * as fs from "fs";
import * as path from "path";
import { DEFAULT_PAGES, type LoggedRequest, type PageSeed } from "../../emulator";
import {
  EXAMPLES_DIR,
  REPO_ROOT,
  copyProgram,
  normalizeQuery,
  type HarnessStack,
  type StepOutcome,
} from "../../harness";
import {
  PLUGIN_TYPES,
  PROFILE_TYPE as DYNAMIC_PROFILE_TYPE,
  StepSuite,
  cliOutputScan,
  countOccurrences,
  exactRequests as exactly,
  graphCall as call,
  messengerResources,
  occurrencesIn,
  resourceNamed as stateOf,
  useSessions,
  type ExpectedRequest,
  type TestStep,
} from "../support/engine";

jest.setTimeout(600_000);

const [ONE] = DEFAULT_PAGES;
const secret = (value: string) => ({ value, secret: true });
const NATIVE_PROFILE_TYPE = PLUGIN_TYPES[1];
/** The folder holding the plugin's launcher, as a program's `plugins.providers[].path`. */
const PLUGIN_DIR = path.join(REPO_ROOT, "bin");
/** Where the copies of the examples go: git-ignored, inside the repository (so `pulumi-messenger` resolves). */
const COPIES_DIR = path.join(REPO_ROOT, "reports", ".work", "native-door");

const me = (page: PageSeed) => call(page, "GET", "/me", { query: "fields=id,name" });
const profile = (page: PageSeed, method: "GET" | "POST" | "DELETE", o: { body?: unknown; query?: string } = {}) =>
  call(page, method, "/me/messenger_profile", o);

// ---------------------------------------------------------------------------------------------
// The example's profile on the wire, written out by hand.

const SHOP = "https://shop.example.com";
const GREETING_DEFAULT = "Hi {{user_first_name}}! Ask us about your order.";
const GREETING_FR = { locale: "fr_FR", text: "Bonjour {{user_first_name}} ! Posez-nous vos questions." };
const NEW_GREETING = "Hello again {{user_first_name}}! Ask us anything.";
/**
 * examples/native-ts's Messenger profile on the wire: POST order, snake_case, each menu's
 * composer_input_disabled and each web_url item's webview_height_ratio given their defaults.
 */
const PROFILE_WIRE = {
  whitelisted_domains: [SHOP],
  get_started: { payload: "GET_STARTED" },
  greeting: [{ locale: "default", text: GREETING_DEFAULT }, GREETING_FR],
  ice_breakers: [
    {
      locale: "default",
      call_to_actions: [
        { question: "Where is my order?", payload: "ORDER_STATUS" },
        { question: "What are your opening hours?", payload: "HOURS" },
      ],
    },
    {
      locale: "fr_FR",
      call_to_actions: [
        { question: "Où est ma commande ?", payload: "ORDER_STATUS" },
        { question: "Quels sont vos horaires ?", payload: "HOURS" },
      ],
    },
  ],
  persistent_menu: [
    {
      locale: "default",
      composer_input_disabled: false,
      call_to_actions: [
        { type: "postback", title: "Talk to a person", payload: "HUMAN" },
        { type: "web_url", title: "Shop", url: `${SHOP}/`, webview_height_ratio: "full" },
        {
          type: "web_url",
          title: "Track an order",
          url: `${SHOP}/orders`,
          webview_height_ratio: "tall",
          messenger_extensions: true,
        },
      ],
    },
    {
      locale: "fr_FR",
      composer_input_disabled: false,
      call_to_actions: [
        { type: "postback", title: "Parler à quelqu'un", payload: "HUMAN" },
        { type: "web_url", title: "Boutique", url: `${SHOP}/fr/`, webview_height_ratio: "full" },
      ],
    },
  ],
  commands: [
    {
      locale: "default",
      commands: [
        { name: "order", description: "Track an order" },
        { name: "hours", description: "Opening hours" },
      ],
    },
    { locale: "fr_FR", commands: [{ name: "commande", description: "Suivre une commande" }] },
  ],
  account_linking_url: `${SHOP}/messenger/link`,
};
const PROFILE_FIELDS = Object.keys(PROFILE_WIRE);
/**
 * The example's Instagram profile on the wire: the flat ice breakers as the default locale's, the
 * menu without Messenger's defaults (Instagram has neither field).
 */
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
        { type: "web_url", title: "Shop", url: `${SHOP}/` },
      ],
    },
  ],
};
const INSTAGRAM_FIELDS = Object.keys(INSTAGRAM_WIRE);

// ---------------------------------------------------------------------------------------------
// Edits of the program, as a person would make them in index.ts.

/** One edit of index.ts: this exact text (it must occur once) becomes that. */
type Edit = readonly [from: string, to: string];

const GREETING_EDIT: Edit = [`text: "${GREETING_DEFAULT}"`, `text: "${NEW_GREETING}"`];

/** A bad input: one edit of the example, the exact message its check failure must give. */
interface BadInput {
  readonly name: string;
  readonly edit: Edit;
  /** The top-level property the engine names. */
  readonly property: string;
  /** The provider's reason, exactly (it starts with the field's path). */
  readonly says: string;
}

const BAD_INPUTS: readonly BadInput[] = [
  {
    name: "a French greeting of 161 characters",
    edit: [`text: "${GREETING_FR.text}"`, `text: "${"B".repeat(161)}"`],
    property: "greeting",
    says: "greeting[1].text is 161 characters long; the limit is 160: shorten it by 1",
  },
  {
    name: "a plain-http URL in a persistent menu item",
    edit: ["url: `${shop}/orders`", 'url: "http://shop.example.com/orders"'],
    property: "persistentMenu",
    says: 'persistentMenu[0].callToActions[2].url must use https, got "http:"',
  },
];

/** Writes the example's index.ts with `edits` applied (each from the example's own text) into the copy. */
function editProgram(example: string, dir: string, ...edits: Edit[]): void {
  let text = fs.readFileSync(path.join(EXAMPLES_DIR, example, "index.ts"), "utf8");
  for (const [from, to] of edits) {
    expect(countOccurrences(text, from)).toBe(1);
    text = text.replace(from, to);
  }
  fs.writeFileSync(path.join(dir, "index.ts"), text);
}

// ---------------------------------------------------------------------------------------------
// One door: its example, copied, and the same steps with the same exact requests.

interface Door {
  /** The suite's label. */
  readonly label: string;
  /** The example in examples/. */
  readonly example: string;
  /** The profile resources' type token in state. */
  readonly type: string;
}

const NATIVE: Door = { label: "native-ts", example: "native-ts", type: NATIVE_PROFILE_TYPE };
const DYNAMIC: Door = { label: "dynamic-full-profile", example: "full-profile", type: DYNAMIC_PROFILE_TYPE };

/** A copy of the door's example; native-ts's Pulumi.yaml names the plugin by an absolute path. */
function copyExample(door: Door): string {
  const dest = path.join(COPIES_DIR, door.example);
  fs.rmSync(dest, { recursive: true, force: true });
  const program = copyProgram(path.join(EXAMPLES_DIR, door.example), dest);
  const file = path.join(program.dir, "Pulumi.yaml");
  const text = fs.readFileSync(file, "utf8");
  if (door === NATIVE) {
    expect(countOccurrences(text, "path: ../../bin")).toBe(1);
    fs.writeFileSync(file, text.replace("path: ../../bin", `path: ${JSON.stringify(PLUGIN_DIR)}`));
  } else expect(text).not.toContain("plugins:");
  return program.dir;
}

const UP: readonly ExpectedRequest[] = [
  me(ONE),
  me(ONE),
  profile(ONE, "POST", { body: PROFILE_WIRE }),
  profile(ONE, "POST", { body: INSTAGRAM_WIRE, query: "platform=instagram" }),
];
const UPDATE: readonly ExpectedRequest[] = [
  profile(ONE, "POST", { body: { greeting: [{ locale: "default", text: NEW_GREETING }, GREETING_FR] } }),
];
const REFRESH: readonly ExpectedRequest[] = [
  profile(ONE, "GET", { query: `fields=${PROFILE_FIELDS.join(",")}` }),
  profile(ONE, "GET", { query: `fields=${INSTAGRAM_FIELDS.join(",")}&platform=instagram` }),
];
const DESTROY: readonly ExpectedRequest[] = [
  profile(ONE, "DELETE", { body: { fields: PROFILE_FIELDS } }),
  profile(ONE, "DELETE", { body: { fields: INSTAGRAM_FIELDS }, query: "platform=instagram" }),
];

const badStepName = (c: BadInput) => `preview (${c.name})`;
/** The profile's inputs but the greeting. */
const OTHER_INPUTS = [
  "whitelistedDomains",
  "getStarted",
  "iceBreakers",
  "persistentMenu",
  "commands",
  "accountLinkingUrl",
];

/** A profile resource's inputs and outputs in state, as either door records them. */
interface RecordedProfile {
  readonly inputs: Record<string, unknown>;
  readonly outputs: Record<string, unknown>;
}

/** Each door's stack outputs and profiles in state after a step, by `<label> <step>`. */
const recorded = new Map<string, { stack: Record<string, unknown>; profiles: Record<string, RecordedProfile> }>();

/**
 * Records the door's stack outputs and profiles in state after a step, without what tells the doors
 * apart: the dynamic provider's serialized code (`__provider`) and the session's emulator address.
 */
async function recordState(s: StepSuite, stack: HarnessStack, step: string): Promise<void> {
  const strip = (o: Readonly<Record<string, unknown>> | undefined): Record<string, unknown> => {
    const rest: Record<string, unknown> = { ...o };
    delete rest.__provider;
    if (rest.graphApiUrl === s.emu.url) rest.graphApiUrl = "<emulator>";
    return rest;
  };
  const profiles: Record<string, RecordedProfile> = {};
  for (const r of messengerResources(stack.rawResources()))
    profiles[r.urn.slice(r.urn.lastIndexOf("::") + 2)] = { inputs: strip(r.inputs), outputs: strip(r.outputs) };
  expect(Object.keys(profiles).sort()).toEqual(["instagram-profile", "messenger-profile"]);
  recorded.set(`${s.label} ${step}`, { stack: await stack.outputs(), profiles });
}

function doorSuite(door: Door): StepSuite {
  let dir = "";
  return new StepSuite({
    label: door.label,
    pages: DEFAULT_PAGES,
    test: () => {
      dir = copyExample(door);
      return { program: dir, config: { "messenger:pageAccessToken": secret(ONE.token) } };
    },
    steps: (s): TestStep[] => [
      {
        title: "preview: 0 calls, 2 profiles to create",
        name: "preview",
        op: "preview",
        calls: 0,
        changes: { create: 3 },
      },
      {
        title: "up: GET /me + 1 POST per resource, exact bodies; the Page holds exactly the declared profiles",
        name: "up",
        op: "up",
        changes: { create: 3 },
        calls: exactly(...UP),
        validate: async (_r, stack) => {
          await recordState(s, stack, "up");
          expect(s.emu.profile(ONE.id, "messenger")).toEqual(PROFILE_WIRE);
          expect(s.emu.profile(ONE.id, "instagram")).toEqual(INSTAGRAM_WIRE);
          expect(stateOf(stack, "messenger-profile").type).toBe(door.type);
          expect(stateOf(stack, "instagram-profile").type).toBe(door.type);
          expect(stateOf(stack, "messenger-profile").outputs).toMatchObject({
            pageId: ONE.id,
            platform: "messenger",
            ownedFields: PROFILE_FIELDS,
            tokenSource: "config",
          });
          expect(stateOf(stack, "instagram-profile").outputs).toMatchObject({
            pageId: ONE.id,
            platform: "instagram",
            ownedFields: INSTAGRAM_FIELDS,
          });
          expect(stateOf(stack, "messenger-profile").outputs?.pageAccessToken).toBeUndefined();
          expect(await stack.outputs()).toEqual({
            pageId: ONE.id,
            pageName: ONE.name,
            messengerFields: PROFILE_FIELDS,
            instagramFields: INSTAGRAM_FIELDS,
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
        title: "up after the default greeting was edited in index.ts: exactly 1 POST with only the greeting",
        name: "up (greeting edited)",
        op: "up",
        before: () => editProgram(door.example, dir, GREETING_EDIT),
        changes: { update: 1, same: 2 },
        calls: exactly(...UPDATE),
        validate: async (r, stack) => {
          await recordState(s, stack, "up (greeting edited)");
          // The detailed diff marks the greeting alone; the plugin's shows only it, the dynamic
          // provider's every input around it.
          expect(r.output).toMatch(new RegExp(`~ ${door.type.replace(/[/.]/g, "\\$&")}: \\(update\\)`));
          expect(r.output).toMatch(/~ greeting\s*:/);
          expect(r.output).not.toMatch(new RegExp(`[~+-] (${OTHER_INPUTS.join("|")})\\s*:`));
          if (door === NATIVE)
            expect(r.output).not.toMatch(new RegExp(`^[\\s~+-]*(${OTHER_INPUTS.join("|")})\\s*:`, "m"));
          expect(s.emu.profile(ONE.id, "messenger")).toEqual({
            ...PROFILE_WIRE,
            greeting: [{ locale: "default", text: NEW_GREETING }, GREETING_FR],
          });
        },
      },
      {
        title: "pulumi refresh --yes --skip-preview: 1 GET per resource, of its owned fields only",
        name: "refresh --yes --skip-preview",
        op: { cli: ["refresh", "--yes", "--skip-preview"] },
        calls: exactly(...REFRESH),
      },
      {
        title: "destroy: 1 DELETE per resource, of exactly its owned fields",
        name: "destroy",
        op: "destroy",
        changes: { delete: 3 },
        calls: exactly(...DESTROY),
        validate: (_r, stack) => {
          expect(messengerResources(stack.rawResources())).toEqual([]);
          expect(s.emu.profile(ONE.id, "messenger")).toEqual({});
          expect(s.emu.profile(ONE.id, "instagram")).toEqual({});
        },
      },
      ...BAD_INPUTS.map((c): TestStep => ({
        title: `preview of ${c.name}: refused with 0 calls, the message naming ${c.says.split(" ")[0]}`,
        name: badStepName(c),
        op: "preview",
        before: () => editProgram(door.example, dir, c.edit),
        fails: true,
        calls: 0,
        validate: ({ output }, stack) => {
          expect(output).toContain("resource 'messenger-profile'");
          expect(output).toMatch(new RegExp(`property ${c.property}\\b`));
          expect(output).toContain(c.says);
          expect(messengerResources(stack.rawResources())).toEqual([]);
        },
      })),
    ],
  });
}

const native = doorSuite(NATIVE);
const dynamic = doorSuite(DYNAMIC);
const SUITES = [native, dynamic];

// ---------------------------------------------------------------------------------------------
// Side by side.

/** A logged request as bytes on the wire (the token's value is redacted in the log; its Page is kept). */
function wireKey(c: LoggedRequest): string {
  return [
    c.method,
    `${c.path}?${normalizeQuery(c.rawQuery)}`,
    c.pageId,
    c.status,
    c.contentType ?? "-",
    c.bodyBytes,
    c.body,
  ].join(" ");
}

/** The requests of one step of each door, as sorted wire keys. */
async function bothDoors(step: string): Promise<[string[], string[]]> {
  const [n, d] = await Promise.all([native.run.step(step), dynamic.run.step(step)]);
  const keys = (o: StepOutcome) => o.calls.map(wireKey).sort();
  return [keys(n), keys(d)];
}

/** The failure line of a bad-input preview: the engine's sentence about the resource, the resource type taken out. */
function failureLine(output: string, says: string): string {
  const line = output.split("\n").find((l) => l.includes(says));
  if (line === undefined) throw new Error(`no line says: ${says}\n${output}`);
  return line.replace(NATIVE_PROFILE_TYPE, "<type>").replace(DYNAMIC_PROFILE_TYPE, "<type>").trim();
}

describe("pulumi-messenger/native on the engine, beside the dynamic class", () => {
  const sessions = useSessions("Graph calls per step: native TypeScript and dynamic");

  beforeAll(async () => {
    await Promise.all(SUITES.map((s) => s.start(sessions)));
  });

  test("the two examples declare the same profiles: index.ts differs only in the import, names and comments", () => {
    const code = (example: string) =>
      fs
        .readFileSync(path.join(EXAMPLES_DIR, example, "index.ts"), "utf8")
        .split("\n")
        .filter((l) => !l.startsWith("//"))
        .join("\n")
        .replace(/^import .*$/m, "<import>")
        .replace(/new MessengerProfile\(|new messenger\.Profile\(/g, "<Profile>(")
        .replace(/\bconst profile = /, "const messenger = ")
        .replace(/= profile\./g, "= messenger.");
    expect(code("native-ts")).toEqual(code("full-profile"));
  });

  for (const s of SUITES) describe(s.label, () => s.tests());

  describe("the two doors side by side", () => {
    for (const step of ["up", "up (greeting edited)", "refresh --yes --skip-preview", "destroy"])
      test(`${step}: byte-identical Graph requests through either door`, async () => {
        const [n, d] = await bothDoors(step);
        expect(n.length).toBeGreaterThan(0);
        expect(n).toEqual(d);
      });

    test("preview and the no-change up: 0 calls through either door", async () => {
      for (const step of ["preview", "up (no change)"]) {
        const [n, d] = await bothDoors(step);
        expect([n, d]).toEqual([[], []]);
      }
    });

    for (const step of ["up", "up (greeting edited)"])
      test(`${step}: the same stack outputs, and each profile's inputs and outputs in state`, async () => {
        await Promise.all([native.run.step(step), dynamic.run.step(step)]);
        const n = recorded.get(`${native.label} ${step}`);
        expect(n?.stack.messengerFields).toEqual(PROFILE_FIELDS);
        expect(n?.profiles["messenger-profile"]?.outputs.ownedFields).toEqual(PROFILE_FIELDS);
        expect(n).toEqual(recorded.get(`${dynamic.label} ${step}`));
      });

    for (const c of BAD_INPUTS)
      test(`bad input (${c.name}): the same message through either door`, async () => {
        const [n, d] = await Promise.all([native.run.step(badStepName(c)), dynamic.run.step(badStepName(c))]);
        expect(failureLine(n.output, c.says)).toEqual(failureLine(d.output, c.says));
      });
  });

  describe("after every step", () => {
    cliOutputScan(
      () => sessions.outputs(),
      () => DEFAULT_PAGES.map((p) => p.token),
      2 * (6 + BAD_INPUTS.length),
      NATIVE_PROFILE_TYPE,
    );

    test("no Page token in any state file or stack config file", async () => {
      const stacks = await Promise.all(SUITES.map((s) => s.run.stack));
      const leaks: string[] = [];
      for (const s of SUITES) {
        expect(s.harness.backend.stateFiles().length).toBeGreaterThan(0);
        for (const p of DEFAULT_PAGES)
          leaks.push(...occurrencesIn(s.harness.backend.stateDir, p.token).map((o) => `${o.file}: ${o.count}`));
      }
      for (const stack of stacks) {
        const config = fs.readFileSync(path.join(stack.workDir, `Pulumi.${stack.name}.yaml`), "utf8");
        for (const p of DEFAULT_PAGES) if (config.includes(p.token)) leaks.push(`Pulumi.${stack.name}.yaml`);
      }
      expect(leaks).toEqual([]);
    });
  });
});

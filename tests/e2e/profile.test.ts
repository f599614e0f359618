/**
 * MessengerProfile on the real engine (issue 10, "End to end on the real engine"): the program of
 * programs/profile declares the resources its stack config lists, and each step states the exact
 * Graph requests it must make. Three independent stacks, each with its own emulator and backend,
 * run concurrently:
 *
 * - both platforms: create every field (Messenger and Instagram on one Page), no-change up, one
 *   field changed, one removed, cosmetic edits, drift read by refresh and repaired, destroy;
 * - ownership: destroy leaves fields set by hand; a menu without Get Started; platform change;
 * - conflicts: two resources claiming one field of one Page fail the program at preview.
 */
import * as fs from "fs";
import * as path from "path";
import { DEFAULT_PAGES, type LoggedRequest, type PageSeed } from "../../emulator";
import { filesUnder, isCiphertextEnvelope } from "../../harness";
import { FULL, FULL_WIRE, INSTAGRAM, INSTAGRAM_WIRE, without, withFields } from "../support/profile-fixtures";
import {
  PROFILE_TYPE,
  StepSuite,
  cliOutputScan,
  conflictStep,
  expectExactRequest,
  occurrencesIn,
  profileResources,
  useSessions,
  want,
  type ExpectedRequest,
} from "../support/engine";
import type { DeclaredProfile } from "../../provider/profile/types";

jest.setTimeout(600_000);

const PROGRAM = path.join(__dirname, "programs", "profile");
const [ONE, TWO] = DEFAULT_PAGES;
const secret = (value: string) => ({ value, secret: true });

/** One entry of the program's `resources` config. */
interface Entry {
  readonly kind?: "profile" | "link";
  readonly name: string;
  readonly tokenKey?: string;
  readonly args: DeclaredProfile | { readonly accountLinkingUrl: string };
}

const resources = (...entries: Entry[]) => ({ resources: JSON.stringify(entries) });

/** Stack config every suite starts from: Page ONE's token as the stack's, both tokens under keys of their own. */
const BASE_CONFIG = {
  "messenger:pageAccessToken": secret(ONE.token),
  oneToken: secret(ONE.token),
  twoToken: secret(TWO.token),
};

/** An exact request to the profile endpoint. */
function profileCall(
  page: PageSeed,
  method: "GET" | "POST" | "DELETE",
  o: { readonly body?: unknown; readonly fields?: string; readonly platform?: "instagram" } = {},
): ExpectedRequest {
  const query = [
    ...(o.fields === undefined ? [] : [`fields=${o.fields}`]),
    ...(o.platform === undefined ? [] : [`platform=${o.platform}`]),
    `access_token=${page.token}`,
  ].join("&");
  return {
    method,
    path: "/v25.0/me/messenger_profile",
    rawQuery: query,
    body: o.body === undefined ? "" : JSON.stringify(o.body),
    pageId: page.id,
  };
}

const deleteOf = (page: PageSeed, fields: string[], platform?: "instagram") =>
  profileCall(page, "DELETE", { body: { fields }, platform });

/** `GET /me` reading Get Started by field expansion (create of a menu without getStarted). */
const meWithGetStarted = (page: PageSeed): ExpectedRequest => ({
  ...want.me(page),
  rawQuery: `fields=id,name,messenger_profile%7Bget_started%7D&access_token=${page.token}`,
});

/** The step's calls are exactly these requests, in any order (resources of one step run concurrently). */
function exactly(...expected: ExpectedRequest[]) {
  return (calls: readonly LoggedRequest[]): void => {
    const key = (c: { method: string; path: string; rawQuery: string; pageId?: string }) =>
      `${c.method} ${c.path}?${c.rawQuery.replace(/access_token=[^&]*/, "access_token")} ${c.pageId}`;
    expect(calls.map(key).sort()).toEqual(expected.map(key).sort());
    for (const w of expected) {
      const matching = calls.filter((c) => key(c) === key(w) && (w.body === "" || c.body === w.body));
      expect(matching.length).toBeGreaterThanOrEqual(1);
      expectExactRequest(matching[0], w);
    }
  };
}

/** The profile resource named `name` in a stack's raw state. */
function stateOf(resourcesInState: ReturnType<typeof profileResources>, name: string) {
  const r = resourcesInState.find((x) => x.urn.endsWith(`::${name}`));
  if (r === undefined) throw new Error(`no MessengerProfile "${name}" in state`);
  return r;
}

// ---------------------------------------------------------------------------------------------
// Both platforms, every step.

const GREETING_EDITED = [
  { locale: "default", text: "Hi {{user_first_name}}!" },
  { locale: "fr_FR", text: "Bonjour !" },
];
const BOT_EDITED = withFields(FULL, { greeting: GREETING_EDITED });
const BOT_REMOVED = without(BOT_EDITED, "commands");
/** BOT_REMOVED written differently: locales reordered, domains reordered and spelled otherwise. */
const BOT_COSMETIC = withFields(BOT_REMOVED, {
  greeting: [...GREETING_EDITED].reverse(),
  iceBreakers: [...(FULL.iceBreakers as unknown[])].reverse(),
  whitelistedDomains: ["https://EXAMPLE.com/", "https://shop.example.com"],
});
/** INSTAGRAM's flat ice breakers as the localized list they stand for. */
const IG_COSMETIC = withFields(INSTAGRAM, {
  iceBreakers: [{ locale: "default", callToActions: [{ question: "Opening hours?", payload: "HOURS" }] }],
});
const HELLO: DeclaredProfile = { greeting: "Hello" };
const HELLO_COSMETIC: DeclaredProfile = { greeting: [{ locale: "default", text: "Hello" }] };
const HELLO_WIRE = { greeting: [{ locale: "default", text: "Hello" }] };
const BOT_FIELDS_AFTER_REMOVAL = [
  "whitelisted_domains",
  "get_started",
  "greeting",
  "ice_breakers",
  "persistent_menu",
  "account_linking_url",
];
const DRIFTED = [{ locale: "default", text: "Changed by hand" }];
const BY_HAND_ON_TWO = { account_linking_url: "https://by-hand.example.com/link" };

/** bot (Messenger, every field) and ig (Instagram) on Page ONE; hello (a greeting) on Page TWO by its own token. */
const lifecycleResources = (bot: DeclaredProfile, ig: DeclaredProfile, hello: DeclaredProfile) =>
  resources({ name: "bot", args: bot }, { name: "ig", args: ig }, { name: "hello", tokenKey: "twoToken", args: hello });

const both = new StepSuite({
  label: "profile-both",
  pages: DEFAULT_PAGES,
  test: () => ({ program: PROGRAM, config: { ...BASE_CONFIG, ...lifecycleResources(FULL, INSTAGRAM, HELLO) } }),
  steps: (s) => [
    {
      title: "preview of every resource: 0 calls",
      name: "preview",
      op: "preview",
      calls: 0,
      changes: { create: 4 },
    },
    {
      title:
        "up, every field on both platforms: GET /me + 1 POST per resource; the Page holds exactly the declared values",
      name: "up",
      op: "up",
      changes: { create: 4 },
      calls: exactly(
        want.me(ONE),
        want.me(ONE),
        want.me(TWO),
        profileCall(ONE, "POST", { body: FULL_WIRE }),
        profileCall(ONE, "POST", { body: INSTAGRAM_WIRE, platform: "instagram" }),
        profileCall(TWO, "POST", { body: HELLO_WIRE }),
      ),
      validate: (_r, stack) => {
        expect(s.emu.profile(ONE.id, "messenger")).toEqual(FULL_WIRE);
        expect(s.emu.profile(ONE.id, "instagram")).toEqual(INSTAGRAM_WIRE);
        expect(s.emu.profile(TWO.id, "messenger")).toEqual(HELLO_WIRE);
        expect(s.emu.profile(TWO.id, "instagram")).toEqual({});
        const state = profileResources(stack.rawResources());
        expect(state.map((r) => r.type)).toEqual([PROFILE_TYPE, PROFILE_TYPE, PROFILE_TYPE]);
        expect(stateOf(state, "bot").outputs).toMatchObject({
          pageId: ONE.id,
          platform: "messenger",
          ownedFields: Object.keys(FULL_WIRE),
          tokenSource: "config",
        });
        expect(stateOf(state, "ig").outputs).toMatchObject({
          pageId: ONE.id,
          platform: "instagram",
          ownedFields: ["ice_breakers", "persistent_menu"],
        });
        const hello = stateOf(state, "hello").outputs ?? {};
        expect(hello).toMatchObject({ pageId: TWO.id, tokenSource: "input", ownedFields: ["greeting"] });
        expect(isCiphertextEnvelope(hello.pageAccessToken)).toBe(true);
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
      title: "preview of one changed field: 0 calls, one update",
      name: "preview (one field changed)",
      op: "preview",
      config: lifecycleResources(BOT_EDITED, INSTAGRAM, HELLO),
      calls: 0,
      changes: { update: 1, same: 3 },
    },
    {
      title: "one field changed: exactly 1 POST with only it",
      name: "up (one field changed)",
      op: "up",
      changes: { update: 1, same: 3 },
      calls: exactly(profileCall(ONE, "POST", { body: { greeting: GREETING_EDITED } })),
      validate: () => expect(s.emu.profile(ONE.id, "messenger")).toEqual({ ...FULL_WIRE, greeting: GREETING_EDITED }),
    },
    {
      title: 'one field removed: exactly 1 DELETE {"fields":["commands"]}',
      name: "up (one field removed)",
      op: "up",
      config: lifecycleResources(BOT_REMOVED, INSTAGRAM, HELLO),
      changes: { update: 1, same: 3 },
      calls: exactly(deleteOf(ONE, ["commands"])),
      validate: (_r, stack) => {
        expect(s.emu.profile(ONE.id, "messenger")).not.toHaveProperty("commands");
        expect(Object.keys(s.emu.profile(ONE.id, "messenger") ?? {})).toEqual(BOT_FIELDS_AFTER_REMOVAL);
        expect(stateOf(profileResources(stack.rawResources()), "bot").outputs?.ownedFields).toEqual(
          BOT_FIELDS_AFTER_REMOVAL,
        );
      },
    },
    {
      title:
        "cosmetic changes (locales reordered, domains respelled, greeting string as its default locale, flat ice breakers localized): 0 calls, no update",
      name: "up (cosmetic)",
      op: "up",
      config: lifecycleResources(BOT_COSMETIC, IG_COSMETIC, HELLO_COSMETIC),
      calls: 0,
      changes: { same: 4 },
    },
    {
      title: "drift: pulumi refresh --yes --skip-preview reads each resource's owned fields only (1 GET each)",
      name: "refresh (drift)",
      op: { cli: ["refresh", "--yes", "--skip-preview"] },
      before: () => {
        s.emu.setProfileFields(ONE.id, { greeting: DRIFTED });
        s.emu.setProfileFields(TWO.id, BY_HAND_ON_TWO);
      },
      calls: exactly(
        profileCall(ONE, "GET", { fields: BOT_FIELDS_AFTER_REMOVAL.join(",") }),
        profileCall(ONE, "GET", { fields: "ice_breakers,persistent_menu", platform: "instagram" }),
        profileCall(TWO, "GET", { fields: "greeting" }),
      ),
      validate: (_r, stack) => {
        const state = profileResources(stack.rawResources());
        expect(stateOf(state, "bot").outputs?.greeting).toEqual(DRIFTED);
        const hello = stateOf(state, "hello").outputs ?? {};
        expect(hello.greeting).toEqual(HELLO_WIRE.greeting);
        expect(hello).not.toHaveProperty("accountLinkingUrl");
      },
    },
    {
      title: "up after the drift: exactly 1 POST repairs the greeting",
      name: "up (repair)",
      op: "up",
      changes: { update: 1, same: 3 },
      calls: exactly(profileCall(ONE, "POST", { body: { greeting: GREETING_EDITED } })),
      validate: () => expect(s.emu.profile(ONE.id, "messenger")?.greeting).toEqual(GREETING_EDITED),
    },
    {
      title: "destroy: 1 DELETE of each resource's owned fields; the field set by hand on Page TWO stays",
      name: "destroy",
      op: "destroy",
      changes: { delete: 4 },
      calls: exactly(
        deleteOf(ONE, BOT_FIELDS_AFTER_REMOVAL),
        deleteOf(ONE, ["ice_breakers", "persistent_menu"], "instagram"),
        deleteOf(TWO, ["greeting"]),
      ),
      validate: (_r, stack) => {
        expect(s.emu.profile(ONE.id, "messenger")).toEqual({});
        expect(s.emu.profile(ONE.id, "instagram")).toEqual({});
        expect(s.emu.profile(TWO.id, "messenger")).toEqual(BY_HAND_ON_TWO);
        expect(profileResources(stack.rawResources())).toEqual([]);
      },
    },
  ],
});

// ---------------------------------------------------------------------------------------------
// Ownership: fields set by hand survive; a menu's Get Started; another platform.

const MENU = [{ locale: "default", callToActions: [{ type: "postback" as const, title: "Help", payload: "HELP" }] }];
const MENU_WIRE = [
  {
    locale: "default",
    composer_input_disabled: false,
    call_to_actions: [{ type: "postback", title: "Help", payload: "HELP" }],
  },
];
const GREETING_BY_HAND = { greeting: [{ locale: "default", text: "Set by hand" }] };
const GET_STARTED_BY_HAND = { get_started: { payload: "BY_HAND" } };

const ownership = new StepSuite({
  label: "profile-ownership",
  pages: DEFAULT_PAGES,
  test: () => ({
    program: PROGRAM,
    config: {
      ...BASE_CONFIG,
      ...resources({ name: "menu", args: { getStarted: { payload: "GET_STARTED" }, persistentMenu: MENU } }),
    },
  }),
  steps: (s) => [
    {
      title: "up of a menu and its Get Started, with a greeting set by hand: GET /me + 1 POST of the two fields",
      name: "up (menu + getStarted)",
      op: "up",
      before: () => s.emu.setProfileFields(ONE.id, GREETING_BY_HAND),
      changes: { create: 2 },
      calls: exactly(
        want.me(ONE),
        profileCall(ONE, "POST", { body: { get_started: { payload: "GET_STARTED" }, persistent_menu: MENU_WIRE } }),
      ),
      validate: () =>
        expect(s.emu.profile(ONE.id)).toEqual({
          ...GREETING_BY_HAND,
          get_started: { payload: "GET_STARTED" },
          persistent_menu: MENU_WIRE,
        }),
    },
    {
      title: "destroy: 1 DELETE of the owned fields only; the greeting set by hand is still there",
      name: "destroy (menu + getStarted)",
      op: "destroy",
      changes: { delete: 2 },
      calls: exactly(deleteOf(ONE, ["get_started", "persistent_menu"])),
      validate: () => expect(s.emu.profile(ONE.id)).toEqual(GREETING_BY_HAND),
    },
    {
      title: "up of a menu without getStarted, none on the Page: fails before any POST (1 GET /me), naming what to add",
      name: "up (menu without Get Started)",
      op: "up",
      config: resources({ name: "menu-only", args: { persistentMenu: MENU } }),
      fails:
        /Nothing was sent to Page 1000000000000001: persistentMenu needs a Get Started button[^]*add getStarted: \{ payload: "GET_STARTED" \}/,
      calls: exactly(meWithGetStarted(ONE)),
      validate: (_r, stack) => {
        expect(s.emu.profile(ONE.id)).toEqual(GREETING_BY_HAND);
        expect(profileResources(stack.rawResources())).toEqual([]);
      },
    },
    {
      title: "the same menu once the Page has Get Started: the same GET /me, then 1 POST of the menu only",
      name: "up (menu, Get Started on the Page)",
      op: "up",
      before: () => s.emu.setProfileFields(ONE.id, GET_STARTED_BY_HAND),
      calls: exactly(meWithGetStarted(ONE), profileCall(ONE, "POST", { body: { persistent_menu: MENU_WIRE } })),
      validate: (_r, stack) => {
        expect(s.emu.profile(ONE.id)).toEqual({
          ...GREETING_BY_HAND,
          ...GET_STARTED_BY_HAND,
          persistent_menu: MENU_WIRE,
        });
        expect(stateOf(profileResources(stack.rawResources()), "menu-only").outputs?.ownedFields).toEqual([
          "persistent_menu",
        ]);
      },
    },
    {
      title: "platform changed to Instagram: a replace (create there, then delete from Messenger)",
      name: "up (platform changed)",
      op: "up",
      config: resources({ name: "menu-only", args: { persistentMenu: MENU, platform: "instagram" } }),
      changes: { replace: 1, same: 1 },
      calls: (calls) => {
        exactly(
          want.me(ONE),
          profileCall(ONE, "POST", {
            body: {
              persistent_menu: [
                { locale: "default", call_to_actions: [{ type: "postback", title: "Help", payload: "HELP" }] },
              ],
            },
            platform: "instagram",
          }),
          deleteOf(ONE, ["persistent_menu"]),
        )(calls);
        expect(calls.map((c) => c.method)).toEqual(["GET", "POST", "DELETE"]);
      },
      validate: () => {
        expect(s.emu.profile(ONE.id, "messenger")).toEqual({ ...GREETING_BY_HAND, ...GET_STARTED_BY_HAND });
        expect(Object.keys(s.emu.profile(ONE.id, "instagram") ?? {})).toEqual(["persistent_menu"]);
      },
    },
    {
      title: "destroy: 1 DELETE on Instagram; the Messenger fields set by hand stay",
      name: "destroy (Instagram menu)",
      op: "destroy",
      calls: exactly(deleteOf(ONE, ["persistent_menu"], "instagram")),
      validate: () => {
        expect(s.emu.profile(ONE.id, "instagram")).toEqual({});
        expect(s.emu.profile(ONE.id, "messenger")).toEqual({ ...GREETING_BY_HAND, ...GET_STARTED_BY_HAND });
      },
    },
  ],
});

// ---------------------------------------------------------------------------------------------
// Conflicts: two resources of one program claiming one field of one Page and platform.

/** Resources that share a Page or a field but never a field of one Page and platform. */
const NO_CONFLICT = resources(
  { name: "a", tokenKey: "oneToken", args: { greeting: "On Page One" } },
  { name: "b", tokenKey: "twoToken", args: { greeting: "On Page Two" } },
  { name: "c", args: { iceBreakers: [{ question: "Messenger?", payload: "M" }] } },
  { name: "d", args: { iceBreakers: [{ question: "Instagram?", payload: "I" }], platform: "instagram" } },
);
const BOTH_GREETING =
  /MessengerProfile "b" and MessengerProfile "a" both own greeting \(greeting\) of the same Page's messenger profile/;

/** Two MessengerProfiles claiming greeting on Page ONE (the stack's token). */
const TWO_PROFILES = resources({ name: "a", args: { greeting: "Hi" } }, { name: "b", args: { greeting: "Hello" } });
/** The same, each with Page ONE's token as a secret Output input: the claims are checked inside an apply. */
const TWO_PROFILES_SECRET_TOKENS = resources(
  { name: "a", tokenKey: "oneToken", args: { greeting: "Hi" } },
  { name: "b", tokenKey: "oneToken", args: { greeting: "Hello" } },
);
/** A MessengerProfile and a MessengerAccountLinking both owning Page ONE's account linking URL. */
const PROFILE_AND_LINK = resources(
  { name: "p", args: { accountLinkingUrl: "https://example.com/p" } },
  { kind: "link", name: "link", args: { accountLinkingUrl: "https://example.com/l" } },
);
const BOTH_URL =
  /MessengerAccountLinking "link" and MessengerProfile "p" both own accountLinkingUrl \(account_linking_url\)/;

const conflicts = new StepSuite({
  label: "profile-conflicts",
  pages: DEFAULT_PAGES,
  test: () => ({ program: PROGRAM, config: { ...BASE_CONFIG, ...NO_CONFLICT } }),
  steps: () => [
    {
      title:
        "no conflict (same field on two Pages; ice breakers on both platforms of one Page): preview passes, 0 calls",
      name: "preview (no conflict)",
      op: "preview",
      calls: 0,
      changes: { create: 5 },
    },
    conflictStep(
      "two MessengerProfiles claiming greeting on one Page: preview fails naming both, 0 calls",
      "preview (two profiles, greeting)",
      "preview",
      TWO_PROFILES,
      BOTH_GREETING,
    ),
    conflictStep(
      "MessengerProfile with accountLinkingUrl and MessengerAccountLinking on one Page: preview fails naming both, 0 calls",
      "preview (profile and account linking)",
      "preview",
      PROFILE_AND_LINK,
      BOTH_URL,
    ),
    conflictStep(
      "the same conflict with the token a secret Output (checked inside an apply): preview fails naming both, 0 calls",
      "preview (secret token Outputs)",
      "preview",
      TWO_PROFILES_SECRET_TOKENS,
      BOTH_GREETING,
    ),
    conflictStep(
      "up of two MessengerProfiles claiming greeting (no preview first): fails before any request, nothing created",
      "up (two profiles, greeting)",
      "up",
      TWO_PROFILES,
      BOTH_GREETING,
    ),
    conflictStep(
      "up of a MessengerProfile and a MessengerAccountLinking both owning the URL (no preview first): fails before any request",
      "up (profile and account linking)",
      "up",
      PROFILE_AND_LINK,
      BOTH_URL,
    ),
    conflictStep(
      "up of the conflict with secret token Outputs (no preview first): fails before any request, nothing created",
      "up (secret token Outputs)",
      "up",
      TWO_PROFILES_SECRET_TOKENS,
      BOTH_GREETING,
    ),
    {
      title: "up of the resources without conflict: GET /me + 1 POST each",
      name: "up (no conflict)",
      op: "up",
      config: NO_CONFLICT,
      calls: exactly(
        want.me(ONE),
        want.me(TWO),
        want.me(ONE),
        want.me(ONE),
        profileCall(ONE, "POST", { body: { greeting: [{ locale: "default", text: "On Page One" }] } }),
        profileCall(TWO, "POST", { body: { greeting: [{ locale: "default", text: "On Page Two" }] } }),
        profileCall(ONE, "POST", {
          body: { ice_breakers: [{ locale: "default", call_to_actions: [{ question: "Messenger?", payload: "M" }] }] },
        }),
        profileCall(ONE, "POST", {
          body: { ice_breakers: [{ locale: "default", call_to_actions: [{ question: "Instagram?", payload: "I" }] }] },
          platform: "instagram",
        }),
      ),
    },
    {
      title: "destroy: 1 DELETE each",
      name: "destroy",
      op: "destroy",
      calls: exactly(
        deleteOf(ONE, ["greeting"]),
        deleteOf(TWO, ["greeting"]),
        deleteOf(ONE, ["ice_breakers"]),
        deleteOf(ONE, ["ice_breakers"], "instagram"),
      ),
    },
  ],
});

const SUITES = [both, ownership, conflicts];

describe("MessengerProfile on the real engine", () => {
  const sessions = useSessions("Graph calls per step: MessengerProfile");

  beforeAll(async () => {
    await Promise.all(SUITES.map((s) => s.start(sessions)));
  });

  for (const s of SUITES) describe(s.label, () => s.tests());

  describe("after every step", () => {
    cliOutputScan(
      () => sessions.outputs(),
      () => DEFAULT_PAGES.map((p) => p.token),
      SUITES.reduce((n, s) => n + s.steps.length, 0),
      "messenger:MessengerProfile",
    );

    test("no Page token in clear in any state file or stack config file", async () => {
      const leaks: string[] = [];
      for (const s of SUITES) {
        const stack = await s.run.stack;
        const files = [s.harness.backend.stateDir, path.join(stack.workDir, `Pulumi.${stack.name}.yaml`)];
        expect(fs.existsSync(files[1])).toBe(true);
        expect(filesUnder(files[0]).length).toBeGreaterThan(0);
        for (const p of DEFAULT_PAGES) {
          leaks.push(...occurrencesIn(files[0], p.token).map((o) => `${o.file}: ${o.count}`));
          if (fs.readFileSync(files[1], "utf8").includes(p.token)) leaks.push(files[1]);
        }
      }
      expect(leaks).toEqual([]);
    });
  });
});

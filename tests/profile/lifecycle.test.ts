// Every step of MessengerProfile's lifecycle over real HTTP, on both platforms, with the exact
// requests it sends (method, path, query, body byte for byte) read from the emulator's log.
import type { Emulator } from "../../emulator";
import { retryEnv } from "../../harness/retry";
import { PROFILE_WIRE_FIELDS } from "../../provider";
import { ProfileLifecycle } from "../../provider/profile/lifecycle";
import { readProviderSettings, tokenFingerprint } from "../../provider/core/settings";
import {
  FULL,
  FULL_WIRE,
  INSTAGRAM,
  INSTAGRAM_WIRE,
  without,
  withFields,
  WIRE_FIELDS_IN_POST_ORDER,
} from "../support/profile-fixtures";
import { IN_PROCESS_RETRY, PAGE_1, PAGE_2, rejection, TOKEN_1, TOKEN_2, useEmulator } from "../support/emulator";
import type { DeclaredProfile, MessengerProfileInputs, MessengerProfileOutputs } from "../../provider/profile/types";

const emulator = useEmulator();

beforeEach(() => {
  const emu = emulator();
  for (const page of [PAGE_1, PAGE_2]) {
    emu.deleteProfileFields(page, [...PROFILE_WIRE_FIELDS], "messenger");
    emu.deleteProfileFields(page, ["ice_breakers", "persistent_menu"], "instagram");
  }
});

const PROFILE_PATH = "/v25.0/me/messenger_profile";
const TOKEN_QUERY = "access_token=[REDACTED]";
const IG_QUERY = `platform=instagram&${TOKEN_QUERY}`;

/** A Messenger menu of one postback item (it needs Get Started on the Page). */
const MENU: DeclaredProfile["persistentMenu"] = [
  { locale: "default", callToActions: [{ type: "postback", title: "Help", payload: "HELP" }] },
];
const MENU_WIRE = [
  {
    locale: "default",
    composer_input_disabled: false,
    call_to_actions: [{ type: "postback", title: "Help", payload: "HELP" }],
  },
];

/** One logged request, as compared here. */
interface Req {
  readonly method: string;
  readonly path: string;
  readonly query: string;
  readonly body: string;
}

const get = (path: string, query: string): Req => ({ method: "GET", path, query, body: "" });
const post = (query: string, body: unknown): Req => ({
  method: "POST",
  path: PROFILE_PATH,
  query,
  body: JSON.stringify(body),
});
const del = (query: string, fields: string[]): Req => ({
  method: "DELETE",
  path: PROFILE_PATH,
  query,
  body: JSON.stringify({ fields }),
});
const ME = get("/v25.0/me", `fields=id,name&${TOKEN_QUERY}`);

/** The emulator's log since the last clear, every request answered 200, as `Req`s. */
function log(emu: Emulator, pageId = PAGE_1): Req[] {
  const reqs = emu.requests();
  expect(reqs.map((r) => [r.status, r.pageId])).toEqual(reqs.map(() => [200, pageId]));
  return reqs.map((r) => ({ method: r.method, path: r.path, query: r.rawQuery, body: r.body }));
}

/** A lifecycle whose settings come from this environment (pointing at `emu`) and stack config. */
function lifecycle(
  emu: Emulator,
  env: Record<string, string> = { MESSENGER_PAGE_ACCESS_TOKEN: TOKEN_1 },
  config: Record<string, string> = {},
): ProfileLifecycle {
  return new ProfileLifecycle({
    settings: readProviderSettings((key) => config[key], {
      MESSENGER_GRAPH_API_URL: emu.url,
      ...retryEnv(IN_PROCESS_RETRY),
      ...env,
    }),
  });
}

/** `args` through check, which must accept them. */
async function checked(
  lc: ProfileLifecycle,
  args: DeclaredProfile & { readonly pageAccessToken?: string },
  olds: Partial<MessengerProfileInputs> = {},
): Promise<MessengerProfileInputs> {
  const r = await lc.check(olds as MessengerProfileInputs, args as unknown as MessengerProfileInputs);
  expect(r.failures).toEqual([]);
  return r.inputs!;
}

/** Creates `args` and clears the log. */
async function created(
  emu: Emulator,
  lc: ProfileLifecycle,
  args: DeclaredProfile,
): Promise<{ id: string; news: MessengerProfileInputs; outs: MessengerProfileOutputs }> {
  const news = await checked(lc, args);
  const { id, outs } = await lc.create(news);
  emu.clearRequests();
  return { id, news, outs: outs! };
}

/** Runs diff, then (when it reports changes) update, as the engine would; returns the new outputs. */
async function applied(
  lc: ProfileLifecycle,
  id: string,
  outs: MessengerProfileOutputs,
  args: DeclaredProfile,
): Promise<MessengerProfileOutputs> {
  const news = await checked(lc, args, outs);
  const d = await lc.diff(id, outs, news);
  expect(d).toMatchObject({ changes: true, replaces: [] });
  return (await lc.update(id, outs, news)).outs!;
}

describe("create", () => {
  it("Messenger, every field: GET /me and one POST of every field in POST order; the Page holds exactly them", async () => {
    const emu = emulator();
    const lc = lifecycle(emu);
    const { id, outs } = await lc.create(await checked(lc, FULL));
    expect(log(emu)).toEqual([ME, post(TOKEN_QUERY, FULL_WIRE)]);
    expect(id).toBe(PAGE_1);
    expect(emu.profile(PAGE_1, "messenger")).toEqual(FULL_WIRE);
    expect(emu.profile(PAGE_1, "instagram")).toEqual({});
    expect(outs).toEqual({
      whitelistedDomains: ["https://example.com", "https://shop.example.com"],
      getStarted: { payload: "GET_STARTED" },
      greeting: FULL.greeting,
      iceBreakers: FULL.iceBreakers,
      persistentMenu: [
        {
          locale: "default",
          composerInputDisabled: false,
          callToActions: [
            { type: "postback", title: "Help", payload: "HELP" },
            {
              type: "web_url",
              title: "Shop",
              url: "https://shop.example.com",
              webviewHeightRatio: "full",
              messengerExtensions: false,
            },
          ],
        },
        {
          locale: "fr_FR",
          composerInputDisabled: false,
          callToActions: [{ type: "postback", title: "Aide", payload: "HELP" }],
        },
      ],
      commands: FULL.commands,
      accountLinkingUrl: "https://example.com/link",
      pageId: PAGE_1,
      pageName: "Demo Page One",
      platform: "messenger",
      ownedFields: WIRE_FIELDS_IN_POST_ORDER,
      apiVersion: "v25.0",
      graphApiUrl: emu.url,
      tokenSource: "env",
      tokenFingerprint: tokenFingerprint(TOKEN_1),
    });
  });

  it("Instagram, every field: GET /me and one POST with platform=instagram; the Messenger profile is untouched", async () => {
    const emu = emulator();
    emu.setProfileFields(PAGE_1, { greeting: [{ locale: "default", text: "Messenger's own" }] }, "messenger");
    const lc = lifecycle(emu);
    const { id, outs } = await lc.create(await checked(lc, INSTAGRAM));
    expect(log(emu)).toEqual([ME, post(IG_QUERY, INSTAGRAM_WIRE)]);
    expect(id).toBe(PAGE_1);
    expect(emu.profile(PAGE_1, "instagram")).toEqual(INSTAGRAM_WIRE);
    expect(emu.profile(PAGE_1, "messenger")).toEqual({ greeting: [{ locale: "default", text: "Messenger's own" }] });
    expect(outs).toMatchObject({
      iceBreakers: [{ locale: "default", callToActions: [{ question: "Opening hours?", payload: "HOURS" }] }],
      platform: "instagram",
      ownedFields: ["ice_breakers", "persistent_menu"],
    });
  });

  it("a Messenger menu without getStarted, none on the Page: fails before any POST, after the expanded GET /me only", async () => {
    const emu = emulator();
    const lc = lifecycle(emu);
    const err = await rejection(lc.create(await checked(lc, { persistentMenu: MENU })));
    expect(err.message).toMatch(
      /^Nothing was sent to Page 1000000000000001: persistentMenu needs a Get Started button .* add getStarted: \{ payload: "GET_STARTED" \} to this resource\. If another resource .* dependsOn\.$/,
    );
    expect(log(emu)).toEqual([get("/v25.0/me", `fields=id,name,messenger_profile%7Bget_started%7D&${TOKEN_QUERY}`)]);
    expect(emu.profile(PAGE_1, "messenger")).toEqual({});
  });

  it("a Messenger menu without getStarted, the Page has one: the same expanded GET /me, then one POST of the menu only", async () => {
    const emu = emulator();
    emu.setProfileFields(PAGE_1, { get_started: { payload: "BY_HAND" } });
    const lc = lifecycle(emu);
    const { outs } = await lc.create(await checked(lc, { persistentMenu: MENU }));
    expect(log(emu)).toEqual([
      get("/v25.0/me", `fields=id,name,messenger_profile%7Bget_started%7D&${TOKEN_QUERY}`),
      post(TOKEN_QUERY, { persistent_menu: MENU_WIRE }),
    ]);
    expect(emu.profile(PAGE_1)).toEqual({ get_started: { payload: "BY_HAND" }, persistent_menu: MENU_WIRE });
    expect(outs!.ownedFields).toEqual(["persistent_menu"]);
    expect(outs).not.toHaveProperty("getStarted");
  });

  it("a Messenger Extensions URL without declared domains is checked against the Page's, read by the same GET /me", async () => {
    const emu = emulator();
    const lc = lifecycle(emu);
    const menu = [
      {
        locale: "default",
        callToActions: [
          { type: "web_url" as const, title: "Shop", url: "https://shop.example.com", messengerExtensions: true },
        ],
      },
    ];
    const news = await checked(lc, { getStarted: { payload: "GO" }, persistentMenu: menu });
    const err = await rejection(lc.create(news));
    expect(err.message).toMatch(
      /^Nothing was sent .*persistentMenu\[0\]\.callToActions\[0\]\.url opens https:\/\/shop/,
    );
    const expanded = get("/v25.0/me", `fields=id,name,messenger_profile%7Bwhitelisted_domains%7D&${TOKEN_QUERY}`);
    expect(log(emu)).toEqual([expanded]);
    emu.clearRequests();
    emu.setProfileFields(PAGE_1, { whitelisted_domains: ["https://shop.example.com"] });
    await lc.create(news);
    expect(log(emu).map((r) => `${r.method} ${r.query}`)).toEqual([`GET ${expanded.query}`, `POST ${TOKEN_QUERY}`]);
    expect(emu.profile(PAGE_1)).toMatchObject({ whitelisted_domains: ["https://shop.example.com"] });
  });

  it("an Instagram menu needs no Get Started: plain GET /me, no expansion", async () => {
    const emu = emulator();
    const lc = lifecycle(emu);
    await lc.create(await checked(lc, { platform: "instagram", persistentMenu: MENU }));
    expect(log(emu)).toEqual([
      ME,
      post(IG_QUERY, {
        persistent_menu: [
          { locale: "default", call_to_actions: [{ type: "postback", title: "Help", payload: "HELP" }] },
        ],
      }),
    ]);
  });
});

describe("update", () => {
  it.each([
    [
      "messenger",
      FULL,
      {
        greeting: [
          { locale: "default", text: "Hi {{user_first_name}}!" },
          { locale: "fr_FR", text: "Bonjour !" },
        ],
      },
      TOKEN_QUERY,
      {
        greeting: [
          { locale: "default", text: "Hi {{user_first_name}}!" },
          { locale: "fr_FR", text: "Bonjour !" },
        ],
      },
    ],
    [
      "instagram",
      INSTAGRAM,
      { iceBreakers: [{ question: "Opening hours today?", payload: "HOURS" }] },
      IG_QUERY,
      {
        ice_breakers: [
          { locale: "default", call_to_actions: [{ question: "Opening hours today?", payload: "HOURS" }] },
        ],
      },
    ],
  ])("%s: one field changed makes one POST of only it", async (platform, base, edit, query, body) => {
    const emu = emulator();
    const lc = lifecycle(emu);
    const { id, outs } = await created(emu, lc, base);
    const next = await applied(lc, id, outs, withFields(base, edit));
    expect(log(emu)).toEqual([post(query, body)]);
    expect(emu.profile(PAGE_1, platform as "messenger")).toEqual({
      ...(platform === "messenger" ? FULL_WIRE : INSTAGRAM_WIRE),
      ...body,
    });
    expect(next.ownedFields).toEqual(outs.ownedFields);
  });

  it.each([
    ["messenger", FULL, "commands", "commands", TOKEN_QUERY],
    ["instagram", INSTAGRAM, "persistentMenu", "persistent_menu", IG_QUERY],
  ])("%s: one field removed makes one DELETE naming exactly it", async (platform, base, input, wire, query) => {
    const emu = emulator();
    const lc = lifecycle(emu);
    const { id, outs } = await created(emu, lc, base);
    const next = await applied(lc, id, outs, without(base, input));
    expect(log(emu)).toEqual([del(query, [wire])]);
    const all = platform === "messenger" ? FULL_WIRE : INSTAGRAM_WIRE;
    const rest = Object.fromEntries(Object.entries(all).filter(([k]) => k !== wire));
    expect(emu.profile(PAGE_1, platform as "messenger")).toEqual(rest);
    expect(next.ownedFields).toEqual(Object.keys(rest));
    expect(next).not.toHaveProperty(input);
  });

  it("a change and a removal: the POST of the change, then the DELETE of the removed field", async () => {
    const emu = emulator();
    const lc = lifecycle(emu);
    const { id, outs } = await created(emu, lc, FULL);
    await applied(lc, id, outs, withFields(without(FULL, "commands"), { accountLinkingUrl: "https://example.com/v2" }));
    expect(log(emu)).toEqual([
      post(TOKEN_QUERY, { account_linking_url: "https://example.com/v2" }),
      del(TOKEN_QUERY, ["commands"]),
    ]);
    expect(emu.profile(PAGE_1)).not.toHaveProperty("commands");
    expect(emu.profile(PAGE_1)?.account_linking_url).toBe("https://example.com/v2");
  });

  it("a field added: one POST of only it", async () => {
    const emu = emulator();
    const lc = lifecycle(emu);
    const { id, outs } = await created(emu, lc, without(FULL, "accountLinkingUrl"));
    const next = await applied(lc, id, outs, FULL);
    expect(log(emu)).toEqual([post(TOKEN_QUERY, { account_linking_url: "https://example.com/link" })]);
    expect(next.ownedFields).toContain("account_linking_url");
  });
});

describe("diff", () => {
  const COSMETIC_BASE: DeclaredProfile = {
    greeting: "Hi",
    iceBreakers: [{ question: "q", payload: "p" }],
    whitelistedDomains: ["https://b.example.com", "https://A.example.com/"],
    commands: [
      { locale: "fr_FR", commands: [{ name: "c", description: "d" }] },
      { locale: "default", commands: [{ name: "a", description: "b" }] },
    ],
  };

  it("a cosmetic change (shorthands, locale order, domain spelling and order) is no change: 0 requests", async () => {
    const emu = emulator();
    const lc = lifecycle(emu);
    const { id, outs } = await created(emu, lc, COSMETIC_BASE);
    const news = await checked(lc, {
      greeting: [{ locale: "default", text: "Hi" }],
      iceBreakers: [{ locale: "default", callToActions: [{ question: "q", payload: "p" }] }],
      whitelistedDomains: ["https://a.example.com", "https://b.example.com"],
      commands: [
        { locale: "default", commands: [{ name: "a", description: "b" }] },
        { locale: "fr_FR", commands: [{ name: "c", description: "d" }] },
      ],
    });
    expect(await lc.diff(id, outs, news)).toEqual({
      changes: false,
      replaces: [],
      stables: ["pageId", "platform"],
      deleteBeforeReplace: false,
      detailedDiff: {},
    });
    expect(emu.requests()).toEqual([]);
  });

  it("the same diff does see a real change of one of those fields (the test above can fail)", async () => {
    const emu = emulator();
    const lc = lifecycle(emu);
    const { id, outs } = await created(emu, lc, COSMETIC_BASE);
    const news = await checked(lc, withFields(COSMETIC_BASE, { greeting: "Hello" }));
    expect(await lc.diff(id, outs, news)).toMatchObject({ changes: true, replaces: [] });
    expect(emu.requests()).toEqual([]);
  });

  it("another platform replaces the resource, with no request", async () => {
    const emu = emulator();
    const lc = lifecycle(emu);
    const { id, outs } = await created(emu, lc, { persistentMenu: MENU, getStarted: { payload: "GO" } });
    const news = await checked(lc, { persistentMenu: MENU, platform: "instagram" });
    expect(await lc.diff(id, outs, news)).toMatchObject({ changes: true, replaces: ["platform"], stables: [] });
    expect(emu.requests()).toEqual([]);
  });

  it("a token of another Page replaces the resource, after one GET /me", async () => {
    const emu = emulator();
    const lc = lifecycle(emu);
    const { id, outs } = await created(emu, lc, { greeting: "Hi" });
    const news = await checked(lc, { greeting: "Hi", pageAccessToken: TOKEN_2 });
    expect(await lc.diff(id, outs, news)).toMatchObject({ changes: true, replaces: ["pageAccessToken"] });
    expect(log(emu, PAGE_2)).toEqual([ME]);
  });
});

describe("read (refresh)", () => {
  it.each([
    ["messenger", { greeting: "Hi", persistentMenu: MENU, getStarted: { payload: "GO" } }, TOKEN_QUERY],
    ["instagram", { platform: "instagram" as const, persistentMenu: MENU }, IG_QUERY],
  ])(
    "%s: one GET of the owned fields only; fields set on the Page by others never appear",
    async (platform, args, query) => {
      const emu = emulator();
      const lc = lifecycle(emu);
      const { id, outs } = await created(emu, lc, args);
      const others =
        platform === "messenger"
          ? {
              account_linking_url: "https://hand.example.com/link",
              commands: [{ locale: "default", commands: [{ name: "x", description: "y" }] }],
            }
          : { ice_breakers: [{ locale: "default", call_to_actions: [{ question: "By hand?", payload: "H" }] }] };
      emu.setProfileFields(PAGE_1, others, platform as "messenger");
      const { props } = await lc.read(id, outs);
      const owned = platform === "messenger" ? "get_started,greeting,persistent_menu" : "persistent_menu";
      expect(log(emu)).toEqual([get(PROFILE_PATH, `fields=${owned}&${query}`)]);
      expect(props).toEqual(outs);
      for (const k of ["accountLinkingUrl", "commands", "iceBreakers"]) expect(props).not.toHaveProperty(k);
    },
  );

  it("drift: a field changed out of band shows in the outputs, and update repairs it with one POST", async () => {
    const emu = emulator();
    const lc = lifecycle(emu);
    const { id, outs } = await created(emu, lc, FULL);
    emu.setProfileFields(PAGE_1, { greeting: [{ locale: "default", text: "Changed by hand" }] });
    const { props } = await lc.read(id, outs);
    expect(props!.greeting).toEqual([{ locale: "default", text: "Changed by hand" }]);
    emu.clearRequests();
    await applied(lc, id, props!, FULL);
    expect(log(emu)).toEqual([post(TOKEN_QUERY, { greeting: FULL_WIRE.greeting })]);
    expect(emu.profile(PAGE_1)).toEqual(FULL_WIRE);
  });

  it("drift: a field removed out of band is absent from the outputs (still owned), and update sets it again with one POST", async () => {
    const emu = emulator();
    const lc = lifecycle(emu);
    const { id, outs } = await created(emu, lc, INSTAGRAM);
    emu.deleteProfileFields(PAGE_1, ["ice_breakers"], "instagram");
    const { props } = await lc.read(id, outs);
    expect(props).not.toHaveProperty("iceBreakers");
    expect(props!.ownedFields).toEqual(["ice_breakers", "persistent_menu"]);
    emu.clearRequests();
    await applied(lc, id, props!, INSTAGRAM);
    expect(log(emu)).toEqual([post(IG_QUERY, { ice_breakers: INSTAGRAM_WIRE.ice_breakers })]);
    expect(emu.profile(PAGE_1, "instagram")).toEqual(INSTAGRAM_WIRE);
  });
});

describe("delete", () => {
  it.each([
    [
      "messenger",
      { persistentMenu: MENU, getStarted: { payload: "GO" } },
      TOKEN_QUERY,
      ["get_started", "persistent_menu"],
    ],
    ["instagram", INSTAGRAM, IG_QUERY, ["ice_breakers", "persistent_menu"]],
  ])("%s: one DELETE of the owned fields; fields it does not own survive", async (platform, args, query, owned) => {
    const emu = emulator();
    const lc = lifecycle(emu);
    const { id, outs } = await created(emu, lc, args);
    const byHand = { greeting: [{ locale: "default", text: "Set by hand" }] };
    emu.setProfileFields(PAGE_1, byHand, "messenger");
    await lc.delete(id, outs);
    expect(log(emu)).toEqual([del(query, owned)]);
    expect(emu.profile(PAGE_1, "messenger")).toEqual(byHand);
    expect(emu.profile(PAGE_1, "instagram")).toEqual({});
  });

  it("after a refresh found every owned field unset: 0 requests", async () => {
    const emu = emulator();
    const lc = lifecycle(emu);
    const { id, outs } = await created(emu, lc, { greeting: "Hi", accountLinkingUrl: "https://example.com/l" });
    emu.deleteProfileFields(PAGE_1, ["greeting", "account_linking_url"]);
    const { props } = await lc.read(id, outs);
    emu.clearRequests();
    await lc.delete(id, props!);
    expect(emu.requests()).toEqual([]);
  });
});

describe("check", () => {
  it.each<[string, Record<string, unknown>, string, RegExp]>([
    [
      "a menu title over 30 characters",
      {
        getStarted: { payload: "GO" },
        persistentMenu: [
          {
            locale: "default",
            callToActions: [
              { type: "postback", title: "a", payload: "A" },
              { type: "postback", title: "b", payload: "B" },
              { type: "postback", title: "x".repeat(31), payload: "C" },
            ],
          },
        ],
      },
      "persistentMenu",
      /^persistentMenu\[0\]\.callToActions\[2\]\.title is 31 characters long; the limit is 30/,
    ],
    [
      "a greeting over 160 characters",
      {
        greeting: [
          { locale: "default", text: "a" },
          { locale: "fr_FR", text: "x".repeat(161) },
        ],
      },
      "greeting",
      /^greeting\[1\]\.text is 161 characters long; the limit is 160/,
    ],
    [
      "no default locale",
      { greeting: [{ locale: "fr_FR", text: "a" }] },
      "greeting",
      /^greeting has no "default" locale/,
    ],
    [
      "localhost whitelisted",
      { whitelistedDomains: ["https://localhost"] },
      "whitelistedDomains",
      /^whitelistedDomains\[0\] must not be localhost/,
    ],
    [
      "a Messenger-only field on Instagram",
      { platform: "instagram", greeting: "hi" },
      "greeting",
      /^greeting does not exist on Instagram/,
    ],
    [
      "a deprecated field",
      { greeting: "hi", home_url: { url: "https://example.com" } },
      "home_url",
      /^home_url is deprecated/,
    ],
    ["no field at all", {}, "", /must declare at least one field/],
  ])("refuses %s, naming the exact path, with 0 requests", async (_title, args, property, reason) => {
    const emu = emulator();
    const lc = lifecycle(emu);
    const r = await lc.check(
      {} as MessengerProfileInputs,
      { ...args, pageAccessToken: TOKEN_2 } as MessengerProfileInputs,
    );
    expect(r.failures).toHaveLength(1);
    expect(r.failures![0].property).toBe(property);
    expect(r.failures![0].reason).toMatch(reason);
    expect(JSON.stringify(r.failures)).not.toContain(TOKEN_2);
    expect(emu.requests()).toEqual([]);
  });

  it("refuses a menu kept while getStarted is removed from the same resource (it would delete Get Started)", async () => {
    const emu = emulator();
    const lc = lifecycle(emu);
    const olds = { getStarted: { payload: "GO" }, persistentMenu: MENU } as MessengerProfileInputs;
    const r = await lc.check(olds, { persistentMenu: MENU } as MessengerProfileInputs);
    expect(r.failures).toEqual([
      {
        property: "persistentMenu",
        reason: expect.stringMatching(
          /getStarted was removed from this resource.*keep getStarted.*or remove persistentMenu/,
        ) as unknown,
      },
    ]);
    // The same edit on a resource that never declared getStarted is accepted (the rule is about the removal).
    expect(
      (
        await lc.check(
          { persistentMenu: MENU } as MessengerProfileInputs,
          { persistentMenu: MENU } as MessengerProfileInputs,
        )
      ).failures,
    ).toEqual([]);
    expect(emu.requests()).toEqual([]);
  });
});

describe("token and secrets", () => {
  it("an input token wins over config and environment, and is the only place a secret appears in the outputs", async () => {
    const emu = emulator();
    const lc = lifecycle(emu, { MESSENGER_PAGE_ACCESS_TOKEN: TOKEN_1 }, { "messenger:pageAccessToken": TOKEN_1 });
    const { id, outs } = await lc.create(await checked(lc, { greeting: "Hi", pageAccessToken: TOKEN_2 }));
    expect(id).toBe(PAGE_2);
    expect(log(emu, PAGE_2)).toHaveLength(2);
    expect(outs).toMatchObject({
      tokenSource: "input",
      pageAccessToken: TOKEN_2,
      tokenFingerprint: tokenFingerprint(TOKEN_2),
    });
    const rest: Record<string, unknown> = { ...outs };
    delete rest.pageAccessToken;
    expect(JSON.stringify(rest)).not.toContain(TOKEN_2);
    expect(JSON.stringify(rest)).not.toContain(TOKEN_1);
  });

  it("a token from stack config (read by readProviderSettings) wins over the environment and is never in the outputs", async () => {
    const emu = emulator();
    const lc = lifecycle(emu, { MESSENGER_PAGE_ACCESS_TOKEN: TOKEN_1 }, { "messenger:pageAccessToken": TOKEN_2 });
    const { id, outs } = await lc.create(await checked(lc, INSTAGRAM));
    expect(id).toBe(PAGE_2);
    expect(log(emu, PAGE_2)).toEqual([ME, post(IG_QUERY, INSTAGRAM_WIRE)]);
    expect(outs).toMatchObject({ tokenSource: "config", tokenFingerprint: tokenFingerprint(TOKEN_2) });
    expect(outs).not.toHaveProperty("pageAccessToken");
    emu.clearRequests();
    const { props } = await lc.read(id, outs);
    expect(log(emu, PAGE_2)).toEqual([get(PROFILE_PATH, `fields=ice_breakers,persistent_menu&${IG_QUERY}`)]);
    for (const o of [outs, props]) {
      expect(JSON.stringify(o)).not.toContain(TOKEN_2);
      expect(JSON.stringify(o)).not.toContain(TOKEN_1);
    }
  });

  it("a token from the environment alone: tokenSource env, no token in the outputs", async () => {
    const emu = emulator();
    const lc = lifecycle(emu, { MESSENGER_PAGE_ACCESS_TOKEN: TOKEN_2 });
    const { id, outs } = await lc.create(await checked(lc, { accountLinkingUrl: "https://example.com/env" }));
    expect(id).toBe(PAGE_2);
    expect(outs).toMatchObject({ tokenSource: "env" });
    expect(JSON.stringify(outs)).not.toContain(TOKEN_2);
  });

  it("no token anywhere: check refuses at preview, with 0 requests", async () => {
    const emu = emulator();
    const lc = lifecycle(emu, {});
    const r = await lc.check({} as MessengerProfileInputs, { greeting: "Hi" } as MessengerProfileInputs);
    expect(r.failures).toEqual([
      { property: "pageAccessToken", reason: expect.stringMatching(/messenger:pageAccessToken/) as unknown },
    ]);
    expect(emu.requests()).toEqual([]);
  });

  it("a step that fails names no token in its message", async () => {
    const emu = emulator();
    emu.injectFault({ match: { method: "POST" }, fault: { type: "graph", code: 100, message: "Invalid parameter" } });
    const lc = lifecycle(emu, {}, { "messenger:pageAccessToken": TOKEN_1 });
    const err = await rejection(lc.create(await checked(lc, { greeting: "Hi", pageAccessToken: TOKEN_2 })));
    expect(err.message).toMatch(/Invalid parameter/);
    expect(`${err.message}\n${err.stack}`).not.toContain(TOKEN_2);
    expect(`${err.message}\n${err.stack}`).not.toContain(TOKEN_1);
  });
});

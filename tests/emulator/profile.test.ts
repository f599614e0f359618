// The emulator's Messenger profile, over real HTTP on loopback: every field's round trip, the two
// platforms' documents, every limit at and over its boundary, the rules between fields, the rate
// limit over mixed calls, faults on profile calls, and the out-of-band library and control APIs.
import fetch from "node-fetch";
import { EmulatorInputError, startEmulator, type Emulator, type ProfileDocument } from "../../emulator";
import { WIRE_FIELDS_IN_POST_ORDER } from "../support/profile-fixtures";

const PAGE = "6000000000000001";
const OTHER = "6000000000000002";
const EDITOR = "6000000000000003";
const TOKEN = "EMULATOR-PROFILE-TOKEN-1-not-real";
const OTHER_TOKEN = "EMULATOR-PROFILE-TOKEN-2-not-real";
const EDITOR_TOKEN = "EMULATOR-PROFILE-EDITOR-TOKEN-not-real";
const ALL_FIELDS = WIRE_FIELDS_IN_POST_ORDER;

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({
    port: 0,
    rateLimit: { calls: 100_000 },
    pages: [
      { id: PAGE, name: "Profile Page", token: TOKEN },
      { id: OTHER, name: "Other Page", token: OTHER_TOKEN },
      { id: EDITOR, name: "Editor Page", token: EDITOR_TOKEN, admin: false },
    ],
  });
});
afterAll(() => emu.close());
beforeEach(() => {
  for (const id of [PAGE, OTHER]) {
    emu.deleteProfileFields(id, [...ALL_FIELDS, "subject_to_new_eu_privacy_rules"]);
    emu.deleteProfileFields(id, ["ice_breakers", "persistent_menu"], "instagram");
  }
  emu.clearFaults();
  emu.clearRequests();
  emu.setRateLimit({ calls: 100_000, windowMs: 600_000 });
  emu.resetRateLimits();
});

interface Answer {
  status: number;
  json: { result?: string; data?: ProfileDocument[]; error?: { code: number; type: string; message: string } };
}

async function call(method: string, query: string, body?: unknown, token = TOKEN, node = "me"): Promise<Answer> {
  const res = await fetch(`${emu.url}/v25.0/${node}/messenger_profile?access_token=${token}${query}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Answer["json"] };
}

const on = (platform?: string) => (platform ? `&platform=${platform}` : "");
const post = (fields: ProfileDocument, platform?: string) => call("POST", on(platform), fields);
const get = (fields: string, platform?: string) => call("GET", `&fields=${fields}${on(platform)}`);
const del = (fields: string[], platform?: string) => call("DELETE", on(platform), { fields });

function expectSuccess(r: Answer): void {
  expect(r).toEqual({ status: 200, json: { result: "success" } });
}

function expectRefused(r: Answer, message: string, type = "OAuthException"): void {
  expect(r.status).toBe(400);
  expect(r.json.error).toMatchObject({ code: 100, type, message });
}

// Valid values of every field.
const GET_STARTED = { payload: "GET_STARTED" };
const GREETING = [
  { locale: "default", text: "Hi {{user_first_name}}!" },
  { locale: "fr_FR", text: "Salut !" },
];
const ICE_BREAKERS = [{ locale: "default", call_to_actions: [{ question: "Where are you?", payload: "WHERE" }] }];
const MENU = [
  {
    locale: "default",
    composer_input_disabled: false,
    call_to_actions: [
      { type: "postback", title: "Help", payload: "HELP" },
      { type: "web_url", title: "Shop", url: "https://shop.example.com/", webview_height_ratio: "full" },
    ],
  },
];
const COMMANDS = [{ locale: "default", commands: [{ name: "order", description: "Track an order" }] }];
const DOMAINS = ["https://shop.example.com"];
const VALUES: ProfileDocument = {
  whitelisted_domains: DOMAINS,
  get_started: GET_STARTED,
  greeting: GREETING,
  ice_breakers: ICE_BREAKERS,
  persistent_menu: MENU,
  commands: COMMANDS,
  account_linking_url: "https://example.com/link",
};

const menuWith = (items: unknown[]) => [{ locale: "default", call_to_actions: items }];
const postback = (title: string, payload = "P") => ({ type: "postback", title, payload });
const chars = (n: number, c = "a") => c.repeat(n);

describe("every field's round trip", () => {
  it.each(ALL_FIELDS)("%s: POST sets it alone, GET reads it, DELETE removes it", async (field) => {
    if (field === "persistent_menu") emu.setProfileFields(PAGE, { get_started: GET_STARTED });
    expectSuccess(await post({ [field]: VALUES[field] }));
    expect((await get(field)).json).toEqual({ data: [{ [field]: VALUES[field] }] });
    expectSuccess(await del([field]));
    expect((await get(field)).json).toEqual({ data: [] });
    expect(emu.profile(PAGE)?.[field]).toBeUndefined();
  });

  it("sets all seven fields in one POST and reads back any subset, in the order asked", async () => {
    expectSuccess(await post(VALUES));
    expect(emu.profile(PAGE)).toEqual(VALUES);
    expect((await get("greeting,commands")).json).toEqual({ data: [{ greeting: GREETING, commands: COMMANDS }] });
    expect((await get(ALL_FIELDS.join(","))).json).toEqual({ data: [VALUES] });
  });

  it("changes only the fields a POST carries, each value replacing its field whole", async () => {
    emu.setProfileFields(PAGE, { greeting: GREETING, commands: COMMANDS });
    expectSuccess(await post({ greeting: [{ locale: "default", text: "Only this" }] }));
    expect(emu.profile(PAGE)).toEqual({ greeting: [{ locale: "default", text: "Only this" }], commands: COMMANDS });
  });

  it("deletes only the fields named, and answers success for a field that is not set", async () => {
    emu.setProfileFields(PAGE, VALUES);
    expectSuccess(await del(["greeting", "commands"]));
    const { greeting: _g, commands: _c, ...rest } = VALUES;
    expect(emu.profile(PAGE)).toEqual(rest);
    expectSuccess(await del(["greeting"]));
    expect(emu.profile(PAGE)).toEqual(rest);
  });

  it("answers {data: []} when none of the fields asked is set, even when others are", async () => {
    emu.setProfileFields(PAGE, { greeting: GREETING });
    expect((await get("commands,ice_breakers")).json).toEqual({ data: [] });
  });

  it("serves the same document under /{page-id}/messenger_profile, and refuses another Page's id", async () => {
    expectSuccess(await call("POST", "", { greeting: GREETING }, TOKEN, PAGE));
    expect((await get("greeting")).json).toEqual({ data: [{ greeting: GREETING }] });
    const foreign = await call("GET", "&fields=greeting", undefined, TOKEN, OTHER);
    expect(foreign.status).toBe(400);
    expect(foreign.json.error?.message).toMatch(/Object with ID '6000000000000002' does not exist/);
  });

  it("keeps one document per Page", async () => {
    expectSuccess(await call("POST", "", { greeting: GREETING }, OTHER_TOKEN));
    expect(emu.profile(OTHER)).toEqual({ greeting: GREETING });
    expect(emu.profile(PAGE)).toEqual({});
  });

  it("reads JSON-encoded values and a comma list of fields from form bodies, as Graph does", async () => {
    const form = (method: string, body: string) =>
      fetch(`${emu.url}/v25.0/me/messenger_profile`, {
        method,
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: `access_token=${TOKEN}&${body}`,
      }).then((r) => r.json() as Promise<unknown>);
    const encoded = (v: unknown) => encodeURIComponent(JSON.stringify(v));
    expect(await form("POST", `greeting=${encoded(GREETING)}&get_started=${encoded(GET_STARTED)}`)).toEqual({
      result: "success",
    });
    expect(emu.profile(PAGE)).toEqual({ greeting: GREETING, get_started: GET_STARTED });
    expect(await form("DELETE", "fields=greeting,get_started")).toEqual({ result: "success" });
    expect(emu.profile(PAGE)).toEqual({});
  });

  it("refuses a POST with no field, and a DELETE or GET with no fields, as before", async () => {
    expectRefused(await post({}), "(#100) You must set at least one of the profile properties", "GraphMethodException");
    expectRefused(await call("DELETE", "", {}), "(#100) The parameter fields is required", "GraphMethodException");
    expectRefused(await call("GET", ""), "(#100) The parameter fields is required", "GraphMethodException");
  });
});

describe("platforms", () => {
  it("keeps a separate Instagram document: each platform reads only its own fields", async () => {
    const igMenu = menuWith([postback("Help", "HELP")]);
    expectSuccess(await post({ ice_breakers: ICE_BREAKERS, persistent_menu: igMenu }, "instagram"));
    expect((await get("ice_breakers,persistent_menu")).json).toEqual({ data: [] });
    expect((await get("ice_breakers,persistent_menu", "instagram")).json).toEqual({
      data: [{ ice_breakers: ICE_BREAKERS, persistent_menu: igMenu }],
    });
    expectSuccess(await del(["ice_breakers"], "instagram"));
    expect(emu.profile(PAGE, "instagram")).toEqual({ persistent_menu: igMenu });
    expect(emu.profile(PAGE)).toEqual({});
  });

  it("takes the platform from the body as well as from the query, case-insensitively", async () => {
    expectSuccess(await call("POST", "", { platform: "INSTAGRAM", ice_breakers: ICE_BREAKERS }));
    expect(emu.profile(PAGE, "instagram")).toEqual({ ice_breakers: ICE_BREAKERS });
    expect(emu.profile(PAGE)).toEqual({});
  });

  it("refuses an unknown platform, and two different ones", async () => {
    expectRefused(
      await get("greeting", "whatsapp"),
      '(#100) Param platform must be one of {messenger, instagram} (got "whatsapp")',
    );
    expectRefused(
      await call("POST", on("messenger"), { platform: "instagram", ice_breakers: ICE_BREAKERS }),
      "(#100) Param platform is given twice with two different values (query and body)",
    );
  });

  it.each(["get_started", "greeting", "commands", "whitelisted_domains", "account_linking_url"])(
    "refuses %s on Instagram (POST, GET and DELETE), naming it",
    async (field) => {
      const message = `(#100) Param ${field} is not supported on the Instagram platform (platform=instagram has ice_breakers and persistent_menu only)`;
      expectRefused(await post({ [field]: VALUES[field] }, "instagram"), message);
      expectRefused(await get(field, "instagram"), message);
      expectRefused(await del([field], "instagram"), message);
      expect(emu.profile(PAGE, "instagram")).toEqual({});
    },
  );

  it.each([
    [
      "composer_input_disabled",
      { locale: "default", composer_input_disabled: false, call_to_actions: [postback("A")] },
      "persistent_menu[0][composer_input_disabled]",
    ],
    [
      "webview_height_ratio",
      {
        locale: "default",
        call_to_actions: [{ type: "web_url", title: "W", url: "https://a.example.com/", webview_height_ratio: "tall" }],
      },
      "persistent_menu[0][call_to_actions][0][webview_height_ratio]",
    ],
  ])("refuses the Instagram menu's %s, which Messenger accepts", async (_name, entry, path) => {
    emu.setProfileFields(PAGE, { get_started: GET_STARTED });
    expectRefused(
      await post({ persistent_menu: [entry] }, "instagram"),
      `(#100) Param ${path} is not supported on the Instagram platform`,
    );
    expectSuccess(await post({ persistent_menu: [entry] }));
  });

  it("needs no Get Started for an Instagram menu, and refuses an Instagram menu without items", async () => {
    expectSuccess(await post({ persistent_menu: menuWith([postback("Help")]) }, "instagram"));
    expectRefused(
      await post({ persistent_menu: [{ locale: "default" }] }, "instagram"),
      "(#100) Param persistent_menu[0][call_to_actions] is required on the Instagram platform",
    );
  });
});

describe("limits, at and over each boundary", () => {
  beforeEach(() => emu.setProfileFields(PAGE, { get_started: GET_STARTED }));

  it.each([
    [
      "greeting text",
      { greeting: [{ locale: "default", text: chars(160) }] },
      { greeting: [{ locale: "default", text: chars(161) }] },
      "(#100) Param greeting[0][text] must be at most 160 characters long (got 161)",
    ],
    [
      "greeting text in code points",
      { greeting: [{ locale: "default", text: chars(160, "😀") }] },
      { greeting: [{ locale: "default", text: chars(161, "😀") }] },
      "(#100) Param greeting[0][text] must be at most 160 characters long (got 161)",
    ],
    [
      "get_started payload",
      { get_started: { payload: chars(1000) } },
      { get_started: { payload: chars(1001) } },
      "(#100) Param get_started[payload] must be at most 1000 characters long (got 1001)",
    ],
    [
      "ice breakers per locale",
      {
        ice_breakers: [
          {
            locale: "default",
            call_to_actions: Array.from({ length: 4 }, (_, i) => ({ question: `Q${i}`, payload: `P${i}` })),
          },
        ],
      },
      {
        ice_breakers: [
          {
            locale: "default",
            call_to_actions: Array.from({ length: 5 }, (_, i) => ({ question: `Q${i}`, payload: `P${i}` })),
          },
        ],
      },
      "(#100) Param ice_breakers[0][call_to_actions] has 5 ice breakers; the limit is 4 per locale",
    ],
    [
      "flat ice breakers",
      { ice_breakers: Array.from({ length: 4 }, (_, i) => ({ question: `Q${i}`, payload: `P${i}` })) },
      { ice_breakers: Array.from({ length: 5 }, (_, i) => ({ question: `Q${i}`, payload: `P${i}` })) },
      "(#100) Param ice_breakers has 5 ice breakers; the limit is 4",
    ],
    [
      "menu title",
      { persistent_menu: menuWith([postback(chars(30))]) },
      { persistent_menu: menuWith([postback("ok"), postback(chars(31))]) },
      "(#100) Param persistent_menu[0][call_to_actions][1][title] must be at most 30 characters long (got 31)",
    ],
    [
      "menu payload",
      { persistent_menu: menuWith([postback("T", chars(1000))]) },
      { persistent_menu: menuWith([postback("T", chars(1001))]) },
      "(#100) Param persistent_menu[0][call_to_actions][0][payload] must be at most 1000 characters long (got 1001)",
    ],
    [
      "menu items",
      { persistent_menu: menuWith(Array.from({ length: 20 }, (_, i) => postback(`T${i}`))) },
      { persistent_menu: menuWith(Array.from({ length: 21 }, (_, i) => postback(`T${i}`))) },
      "(#100) Param persistent_menu[0][call_to_actions] has 21 items; the limit is 20",
    ],
    [
      "whitelisted domains",
      { whitelisted_domains: Array.from({ length: 50 }, (_, i) => `https://d${i}.example.com`) },
      { whitelisted_domains: Array.from({ length: 51 }, (_, i) => `https://d${i}.example.com`) },
      "(#100) Param whitelisted_domains has 51 domains; the limit is 50",
    ],
  ])("%s", async (_name, atLimit, overLimit, message) => {
    expectSuccess(await post(atLimit));
    const before = emu.profile(PAGE);
    expectRefused(await post(overLimit), message);
    expect(emu.profile(PAGE)).toEqual(before);
  });

  it.each(["greeting", "ice_breakers", "persistent_menu", "commands"])(
    "requires the default locale in %s",
    async (field) => {
      const entry = { ...(VALUES[field] as Array<Record<string, unknown>>)[0], locale: "fr_FR" };
      expectRefused(
        await post({ [field]: [entry] }),
        `(#100) Param ${field} must include the default locale (an entry with "locale": "default")`,
      );
    },
  );

  it.each([
    [
      "a locale not in xx_XX form",
      [
        { locale: "default", text: "a" },
        { locale: "en-US", text: "b" },
      ],
      '(#100) Param greeting[1][locale] must be "default" or a locale like fr_FR (got "en-US")',
    ],
    [
      "a locale twice",
      [
        { locale: "default", text: "a" },
        { locale: "default", text: "b" },
      ],
      "(#100) Param greeting[1][locale] repeats the locale default",
    ],
    ["an empty text", [{ locale: "default", text: "" }], "(#100) Param greeting[0][text] must be a non-empty string"],
    [
      "an unknown key",
      [{ locale: "default", text: "a", title: "b" }],
      '(#100) Invalid keys "title" were found in param "greeting[0]".',
    ],
    ["not a list", { locale: "default", text: "a" }, "(#100) Param greeting must be an array"],
  ])("refuses a greeting with %s", async (_name, greeting, message) => {
    expectRefused(await post({ greeting }), message);
  });

  it("refuses mixing the flat ice-breaker list with the localized format in one POST", async () => {
    expectRefused(
      await post({ ice_breakers: [{ question: "Q", payload: "P" }, ...ICE_BREAKERS] }),
      "(#100) Param ice_breakers mixes the flat list of questions with the localized format ({locale, call_to_actions}): use one format per call",
    );
  });

  it.each([
    [
      "an unknown type",
      { type: "phone_number", title: "T", payload: "+1" },
      '(#100) Param persistent_menu[0][call_to_actions][0][type] must be "postback" or "web_url" (got "phone_number")',
    ],
    [
      "a postback without payload",
      { type: "postback", title: "T" },
      "(#100) Param persistent_menu[0][call_to_actions][0][payload] must be a non-empty string",
    ],
    [
      "a web_url without url",
      { type: "web_url", title: "T" },
      "(#100) Param persistent_menu[0][call_to_actions][0][url] must be a valid URL with https (got undefined)",
    ],
    [
      "a web_url over http",
      { type: "web_url", title: "T", url: "http://shop.example.com/" },
      '(#100) Param persistent_menu[0][call_to_actions][0][url] must be a valid URL with https (got "http://shop.example.com/")',
    ],
    [
      "an item without title",
      { type: "postback", payload: "P" },
      "(#100) Param persistent_menu[0][call_to_actions][0][title] must be a non-empty string",
    ],
    [
      "a nested menu",
      { type: "nested", title: "More", call_to_actions: [postback("A")] },
      "(#100) Param persistent_menu[0][call_to_actions][0]: nested menus are no longer supported (removed on 2022-08-04); use up to 20 items",
    ],
    [
      "a bad webview_height_ratio",
      { type: "web_url", title: "T", url: "https://a.example.com/", webview_height_ratio: "half" },
      '(#100) Param persistent_menu[0][call_to_actions][0][webview_height_ratio] must be "compact", "tall" or "full" (got "half")',
    ],
  ])("refuses a menu item with %s", async (_name, item, message) => {
    expectRefused(await post({ persistent_menu: menuWith([item]) }), message);
    expect(emu.profile(PAGE)).toEqual({ get_started: GET_STARTED });
  });

  it("refuses a disabled composer with no menu items", async () => {
    expectRefused(
      await post({ persistent_menu: [{ locale: "default", composer_input_disabled: true }] }),
      '(#100) Param persistent_menu[0][call_to_actions] is required when "composer_input_disabled" is true',
    );
  });

  it("refuses a command without description", async () => {
    expectRefused(
      await post({ commands: [{ locale: "default", commands: [{ name: "order" }] }] }),
      "(#100) Param commands[0][commands][0][description] must be a non-empty string",
    );
  });

  it.each([
    [
      "http",
      "http://shop.example.com",
      '(#100) Param whitelisted_domains[1] must be a valid URL with https (got "http://shop.example.com")',
    ],
    [
      "an IPv4 address",
      "https://192.0.2.10",
      '(#100) Param whitelisted_domains[1] must name a domain, not an IP address (got "https://192.0.2.10")',
    ],
    [
      "an IPv6 address",
      "https://[2001:db8::1]",
      '(#100) Param whitelisted_domains[1] must name a domain, not an IP address (got "https://[2001:db8::1]")',
    ],
    [
      "localhost",
      "https://localhost:8443",
      '(#100) Param whitelisted_domains[1] may not be localhost (got "https://localhost:8443")',
    ],
    [
      "a name that is not fully qualified",
      "https://intranet",
      '(#100) Param whitelisted_domains[1] must be a fully qualified domain like https://shop.example.com (got "https://intranet")',
    ],
  ])("refuses a whitelisted domain over %s, naming its index", async (_name, domain, message) => {
    expectRefused(await post({ whitelisted_domains: ["https://ok.example.com", domain] }), message);
    expect(emu.profile(PAGE)).toEqual({ get_started: GET_STARTED });
  });

  it("keeps the account linking URL's answer as before (GraphMethodException, same message)", async () => {
    expectRefused(
      await post({ account_linking_url: "http://x.example/" }),
      "(#100) account_linking_url should represent a valid URL with https",
      "GraphMethodException",
    );
  });

  it("applies a POST whole or not at all: one bad field leaves every other untouched", async () => {
    expectRefused(
      await post({ greeting: GREETING, commands: [{ locale: "default", commands: [] }] }),
      "(#100) Param commands[0][commands] must not be empty",
    );
    expect(emu.profile(PAGE)).toEqual({ get_started: GET_STARTED });
  });
});

describe("deprecated, read-only and unknown fields", () => {
  it.each([
    [
      "home_url",
      { url: "https://example.com", webview_height_ratio: "tall", in_test: true },
      "home_url is deprecated: the Chat Extensions home URL was removed in Graph API v7.0",
    ],
    ["target_audience", { audience_type: "all" }, "target_audience is deprecated and can no longer be set"],
    [
      "payment_settings",
      { privacy_url: "https://example.com/privacy" },
      "payment_settings is deprecated and can no longer be set",
    ],
  ])("refuses %s on POST, GET and DELETE with a message that says so", async (field, value, message) => {
    expectRefused(await post({ greeting: GREETING, [field]: value }), `(#100) ${message}`);
    expectRefused(await get(field), `(#100) ${message}`);
    expectRefused(await del([field]), `(#100) ${message}`);
    expect(emu.profile(PAGE)).toEqual({});
  });

  it("lets GET read subject_to_new_eu_privacy_rules but refuses to set or delete it", async () => {
    emu.setProfileFields(PAGE, { subject_to_new_eu_privacy_rules: true });
    expect((await get("subject_to_new_eu_privacy_rules")).json).toEqual({
      data: [{ subject_to_new_eu_privacy_rules: true }],
    });
    const message = "(#100) subject_to_new_eu_privacy_rules is read-only: it cannot be set or deleted";
    expectRefused(await post({ subject_to_new_eu_privacy_rules: false }), message);
    expectRefused(await del(["subject_to_new_eu_privacy_rules"]), message);
    expect(emu.profile(PAGE)).toEqual({ subject_to_new_eu_privacy_rules: true });
  });

  it.each(["constructor", "__proto__", "toString"])(
    "refuses a field named like an object property (%s)",
    async (name) => {
      const message = `(#100) Param ${name} is not a Messenger profile field (fields: ${ALL_FIELDS.join(", ")})`;
      const body = JSON.parse(`{"${name}": {"payload": "x"}}`) as ProfileDocument;
      expectRefused(await post(body), message);
      expectRefused(await get(name), message);
      expectRefused(await del([name]), message);
      expect(emu.profile(PAGE)).toEqual({});
    },
  );

  it("refuses an unknown field, naming it and the fields that exist", async () => {
    const message = `(#100) Param greetings is not a Messenger profile field (fields: ${ALL_FIELDS.join(", ")})`;
    expectRefused(await post({ greetings: GREETING }), message);
    expectRefused(await get("greeting,greetings"), message);
  });
});

describe("the rules between fields", () => {
  const GS_MESSAGE = "(#100) You must set a Get Started button if you also wish to use persistent menu.";

  it("refuses a persistent menu when the Page has no Get Started and the POST sets none", async () => {
    expectRefused(await post({ persistent_menu: MENU }), GS_MESSAGE);
    expect(emu.profile(PAGE)).toEqual({});
  });

  it("accepts the menu with Get Started in the same POST, or already on the Page", async () => {
    expectSuccess(await post({ persistent_menu: MENU, get_started: GET_STARTED }));
    expectSuccess(await call("POST", "", { persistent_menu: MENU, get_started: GET_STARTED }, OTHER_TOKEN));
    expectSuccess(await call("POST", "", { persistent_menu: menuWith([postback("Again")]) }, OTHER_TOKEN));
    expect(emu.profile(OTHER)?.persistent_menu).toEqual(menuWith([postback("Again")]));
  });

  it("refuses deleting Get Started while a menu stays, and accepts deleting both together", async () => {
    emu.setProfileFields(PAGE, { get_started: GET_STARTED, persistent_menu: MENU });
    expectRefused(
      await del(["get_started"]),
      "(#100) You cannot delete the Get Started button while a persistent menu is set: delete persistent_menu first (or in the same call)",
    );
    expect(emu.profile(PAGE)).toEqual({ get_started: GET_STARTED, persistent_menu: MENU });
    expectSuccess(await del(["get_started", "persistent_menu"]));
    expect(emu.profile(PAGE)).toEqual({});
  });

  const extensionMenu = menuWith([
    { type: "web_url", title: "Shop", url: "https://shop.example.com/cart", messenger_extensions: true },
  ]);

  it("refuses a Messenger Extensions webview whose domain is not whitelisted", async () => {
    emu.setProfileFields(PAGE, { get_started: GET_STARTED, whitelisted_domains: ["https://other.example.com"] });
    expectRefused(
      await post({ persistent_menu: extensionMenu }),
      '(#100) Param persistent_menu[0][call_to_actions][0][url]: https://shop.example.com must be in whitelisted_domains to open with "messenger_extensions": true; whitelist it first (or in the same call)',
    );
  });

  it("accepts it when the domain is whitelisted in the same POST or already", async () => {
    expectSuccess(
      await post({ get_started: GET_STARTED, whitelisted_domains: DOMAINS, persistent_menu: extensionMenu }),
    );
    expectSuccess(await post({ persistent_menu: extensionMenu }));
    // A plain web_url (no Messenger Extensions) needs no whitelisting.
    emu.setProfileFields(PAGE, { whitelisted_domains: ["https://other.example.com"] });
    expectSuccess(await post({ persistent_menu: MENU }));
  });

  it("refuses fallback_url without Messenger Extensions", async () => {
    emu.setProfileFields(PAGE, { get_started: GET_STARTED });
    expectRefused(
      await post({
        persistent_menu: menuWith([
          { type: "web_url", title: "S", url: "https://a.example.com/", fallback_url: "https://a.example.com/f" },
        ]),
      }),
      '(#100) Param persistent_menu[0][call_to_actions][0][fallback_url] may only be set with "messenger_extensions": true',
    );
  });
});

describe("the rate limit", () => {
  it("counts every profile call per Page (GET, POST, DELETE, both platforms, refused ones too)", async () => {
    emu.setRateLimit({ calls: 6, windowMs: 600_000 });
    const answers = [
      await get("greeting"),
      await post({ greeting: GREETING }),
      await del(["greeting"]),
      await get("ice_breakers", "instagram"),
      await post({ ice_breakers: ICE_BREAKERS }, "instagram"),
      await post({ greeting: [{ locale: "fr_FR", text: "no default" }] }), // refused, still counted
    ];
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 400]);
    for (const limited of [await get("greeting"), await del(["ice_breakers"], "instagram")]) {
      expect(limited.status).toBe(400);
      expect(limited.json.error).toMatchObject({ code: 613 });
    }
    // The Instagram document was not touched by the refused DELETE; another Page has its own budget.
    expect(emu.profile(PAGE, "instagram")).toEqual({ ice_breakers: ICE_BREAKERS });
    expect((await call("GET", "&fields=greeting", undefined, OTHER_TOKEN)).status).toBe(200);
  });

  it("does not count calls stopped before the endpoint (a write without the Administrator role)", async () => {
    emu.setRateLimit({ calls: 1, windowMs: 600_000 });
    for (let i = 0; i < 3; i++) {
      const refused = await call("POST", "", { greeting: GREETING }, EDITOR_TOKEN);
      expect(refused.status).toBe(403);
      expect(refused.json.error).toMatchObject({ code: 200 });
    }
    expect((await call("GET", "&fields=greeting", undefined, EDITOR_TOKEN)).status).toBe(200);
    expect((await call("GET", "&fields=greeting", undefined, EDITOR_TOKEN)).json.error).toMatchObject({ code: 613 });
  });

  it("shares the budget with thread_settings, as before", async () => {
    emu.setRateLimit({ calls: 2, windowMs: 600_000 });
    const ts = await fetch(`${emu.url}/v2.6/me/thread_settings?access_token=${TOKEN}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ setting_type: "account_linking", account_linking_url: "https://t.example/" }),
    });
    expect(ts.status).toBe(200);
    expect((await get("account_linking_url")).json).toEqual({ data: [{ account_linking_url: "https://t.example/" }] });
    expect((await get("account_linking_url")).json.error).toMatchObject({ code: 613 });
  });

  it("counts nothing for out-of-band changes", async () => {
    emu.setRateLimit({ calls: 1, windowMs: 600_000 });
    emu.setProfileFields(PAGE, { greeting: GREETING });
    emu.deleteProfileFields(PAGE, ["greeting"]);
    expect(emu.profile(PAGE)).toEqual({});
    expect((await get("greeting")).status).toBe(200);
    expect((await get("greeting")).status).toBe(400);
  });
});

describe("faults on profile calls", () => {
  it("fails the matching profile call, leaves the document as it was, and logs the fault", async () => {
    emu.injectFault({
      match: { method: "POST", path: "messenger_profile" },
      fault: { type: "graph", code: 2, status: 503 },
    });
    const r = await post({ greeting: GREETING });
    expect(r.status).toBe(503);
    expect(r.json.error).toMatchObject({ code: 2 });
    expect(emu.profile(PAGE)).toEqual({});
    expectSuccess(await post({ greeting: GREETING }));
    expect(emu.requests().map((e) => [e.method, e.status, e.fault ?? null])).toEqual([
      ["POST", 503, "graph"],
      ["POST", 200, null],
    ]);
  });

  it("matches on the platform: an Instagram fault spares Messenger calls and other endpoints", async () => {
    emu.injectFault({ match: { platform: "instagram" }, fault: { type: "status", status: 500, body: "{}" } });
    expect((await fetch(`${emu.url}/v25.0/me?access_token=${TOKEN}`)).status).toBe(200);
    expectSuccess(await post({ greeting: GREETING }));
    expect(emu.pendingFaults()).toBe(1);
    expect((await post({ ice_breakers: ICE_BREAKERS }, "instagram")).status).toBe(500);
    expect(emu.pendingFaults()).toBe(0);
    expect(emu.profile(PAGE, "instagram")).toEqual({});
  });

  it("matches an explicit Messenger platform on calls that name none", async () => {
    emu.injectFault({ match: { platform: "messenger", method: "DELETE" }, fault: { type: "reset" } });
    await expect(del(["ice_breakers"], "instagram")).resolves.toEqual({ status: 200, json: { result: "success" } });
    await expect(del(["greeting"])).rejects.toThrow();
    expect(emu.pendingFaults()).toBe(0);
  });

  it("refuses a fault match on an unknown platform, in the library and the control API", async () => {
    expect(() => emu.injectFault({ match: { platform: "whatsapp" as "instagram" }, fault: { type: "reset" } })).toThrow(
      new EmulatorInputError('fault spec.match.platform must be "messenger" or "instagram"'),
    );
    const res = await fetch(`${emu.url}/__emulator/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ match: { platform: "sms" }, fault: { type: "reset" } }),
    });
    expect(res.status).toBe(400);
    expect(emu.pendingFaults()).toBe(0);
  });
});

describe("out-of-band access", () => {
  it("hands out copies: changing a returned document changes nothing", () => {
    emu.setProfileFields(PAGE, { greeting: GREETING });
    const doc = emu.profile(PAGE)!;
    (doc.greeting as Array<{ text: string }>)[0].text = "changed";
    expect(emu.profile(PAGE)).toEqual({ greeting: GREETING });
    expect(emu.profile("nope")).toBeUndefined();
  });

  it.each([
    ["an unknown Page", () => emu.setProfileFields("nope", { greeting: GREETING }), "no Page nope"],
    [
      "an invalid value",
      () => emu.setProfileFields(PAGE, { greeting: [{ locale: "default", text: chars(161) }] }),
      "profile fields: Param greeting[0][text] must be at most 160 characters long (got 161)",
    ],
    [
      "a field of the other platform",
      () => emu.setProfileFields(PAGE, { greeting: GREETING }, "instagram"),
      "profile fields: Param greeting is not supported on the Instagram platform (platform=instagram has ice_breakers and persistent_menu only)",
    ],
    [
      "a deprecated field",
      () => emu.deleteProfileFields(PAGE, ["home_url"]),
      "fields: home_url is deprecated: the Chat Extensions home URL was removed in Graph API v7.0",
    ],
    [
      "an unknown platform",
      () => emu.profile(PAGE, "sms" as "instagram"),
      'platform must be "messenger" or "instagram"',
    ],
    ["no field", () => emu.setProfileFields(PAGE, {}), "profile fields must name at least one field"],
  ])("refuses %s with an EmulatorInputError", (_name, f, message) => {
    expect(f).toThrow(new EmulatorInputError(message));
  });

  it("builds states the Graph routes refuse (a menu without Get Started) for tests", () => {
    emu.setProfileFields(PAGE, { persistent_menu: MENU });
    expect(emu.profile(PAGE)).toEqual({ persistent_menu: MENU });
  });

  it("shows the profile fields in the Page snapshot, adding keys only where a field is set", async () => {
    emu.setAccountLinkingUrl(PAGE, "https://example.com/only");
    expect(emu.page(PAGE)).toEqual({ id: PAGE, name: "Profile Page", accountLinkingUrl: "https://example.com/only" });
    emu.setProfileFields(PAGE, VALUES);
    emu.setProfileFields(PAGE, { ice_breakers: ICE_BREAKERS }, "instagram");
    const expected = {
      id: PAGE,
      name: "Profile Page",
      accountLinkingUrl: "https://example.com/link",
      getStarted: GET_STARTED,
      greeting: GREETING,
      iceBreakers: ICE_BREAKERS,
      persistentMenu: MENU,
      commands: COMMANDS,
      whitelistedDomains: DOMAINS,
      instagram: { iceBreakers: ICE_BREAKERS },
    };
    expect(emu.page(PAGE)).toEqual(expected);
    const pages = (await fetch(`${emu.url}/__emulator/pages`).then((r) => r.json())) as unknown[];
    expect(pages).toContainEqual(expected);
  });

  it("offers the same through the control API: GET, POST and DELETE /__emulator/pages/{id}/profile[/{platform}]", async () => {
    const control = (method: string, route: string, body?: unknown, type = "application/json") =>
      fetch(`${emu.url}/__emulator/pages/${route}`, {
        method,
        headers: { "content-type": type },
        body: body === undefined ? undefined : JSON.stringify(body),
      }).then(async (r) => ({ status: r.status, json: (await r.json()) as unknown }));
    expect(await control("POST", `${PAGE}/profile/instagram`, { ice_breakers: ICE_BREAKERS })).toEqual({
      status: 200,
      json: { ice_breakers: ICE_BREAKERS },
    });
    expect(await control("POST", `${PAGE}/profile`, { greeting: GREETING })).toEqual({
      status: 200,
      json: { greeting: GREETING },
    });
    expect(await control("GET", `${PAGE}/profile/instagram`)).toEqual({
      status: 200,
      json: { ice_breakers: ICE_BREAKERS },
    });
    expect(await control("DELETE", `${PAGE}/profile`, { fields: ["greeting"] })).toEqual({ status: 200, json: {} });
    expect(await control("GET", `nope/profile`)).toEqual({ status: 404, json: { error: "no Page nope" } });
    expect(await control("GET", `${PAGE}/profile/sms`)).toEqual({
      status: 400,
      json: { error: 'the platform in the path must be "messenger" or "instagram"' },
    });
    expect(await control("POST", `${PAGE}/profile`, { greeting: "hi" })).toEqual({
      status: 400,
      json: { error: "profile fields: Param greeting must be an array" },
    });
    expect(await control("DELETE", `${PAGE}/profile`, { fields: [] })).toEqual({
      status: 400,
      json: { error: "profile delete.fields must be a non-empty array of field names" },
    });
    expect((await control("POST", `${PAGE}/profile`, { greeting: GREETING }, "text/plain")).status).toBe(415);
    expect((await control("PUT", `${PAGE}/profile`, { greeting: GREETING })).status).toBe(405);
    expect(emu.profile(PAGE)).toEqual({});
    expect(emu.profile(PAGE, "instagram")).toEqual({ ice_breakers: ICE_BREAKERS });
    // Control calls are not Graph calls: nothing logged, nothing counted.
    expect(emu.requests()).toEqual([]);
  });
});

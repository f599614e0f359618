// Reading a Page's profile over real HTTP on the emulator: readPageProfile makes exactly one GET of
// the profile (plus GET /me only when asked), on both platforms; readMessengerProfile (the work of
// getMessengerProfile) checks its arguments and settings before any call, with exact messages,
// layers input over config over environment, and returns the normalized profile without credentials.
import { GraphApiError } from "../../provider/graph/errors";
import { readMessengerProfile, settingsWithConfigSecrets } from "../../provider/profile/get-profile";
import { normalizeProfileArgs } from "../../provider/profile/normalize";
import { checkReadSelection, ProfileReadArgsError, readPageProfile } from "../../provider/profile/read";
import { MissingTokenError, readProviderSettings } from "../../provider/core/settings";
import { FULL, INSTAGRAM, WIRE_FIELDS_IN_POST_ORDER } from "../support/profile-fixtures";
import { IN_PROCESS_RETRY, PAGE_1, PAGE_2, rejection, TOKEN_1, TOKEN_2, useEmulator } from "../support/emulator";
import { GraphOperations } from "../../provider/graph/operations";
import { fromWire, toWire } from "../../provider/profile/wire-form";
import type { DeclaredProfile } from "../../provider/profile/types";

const emulator = useEmulator();

const ALL_MESSENGER =
  "whitelisted_domains,get_started,greeting,ice_breakers,persistent_menu,commands,account_linking_url";

/** Sets a profile on a Page out of band, in wire form, and returns the Page's normalized profile. */
function seed(args: DeclaredProfile, pageId = PAGE_1) {
  const platform = args.platform ?? "messenger";
  const emu = emulator();
  emu.setProfileFields(pageId, { ...toWire(normalizeProfileArgs(args, platform)) }, platform);
  return fromWire(emu.profile(pageId, platform), platform);
}

function clearPage(pageId = PAGE_1): void {
  const emu = emulator();
  for (const platform of ["messenger", "instagram"] as const) {
    const doc = emu.profile(pageId, platform) ?? {};
    const set = Object.keys(doc).filter((k) => k !== "subject_to_new_eu_privacy_rules");
    if (set.length > 0) emu.deleteProfileFields(pageId, set, platform);
  }
}

/** The emulator's log: method, path and query without the token. */
function seen(): string[] {
  return emulator()
    .requests()
    .map((r) => `${r.method} ${r.path}?${r.rawQuery.replace(/&?access_token=\[REDACTED\]/, "")}`);
}

beforeEach(() => {
  clearPage(PAGE_1);
  clearPage(PAGE_2);
  emulator().clearRequests();
});

const page = (token = TOKEN_1) =>
  new GraphOperations({ retry: IN_PROCESS_RETRY }).page({
    graphApiUrl: emulator().url,
    token,
    apiVersion: "v25.0",
  });

describe("readPageProfile", () => {
  it("reads a full Messenger profile with exactly one GET of every field, and no GET /me unless asked", async () => {
    const expected = seed(FULL);
    const snapshot = await readPageProfile(page());
    expect(snapshot).toEqual({
      platform: "messenger",
      profile: expected,
      fields: WIRE_FIELDS_IN_POST_ORDER,
    });
    expect(snapshot.profile).toEqual(normalizeProfileArgs(FULL, "messenger"));
    expect(seen()).toEqual([`GET /v25.0/me/messenger_profile?fields=${ALL_MESSENGER}`]);
  });

  it("reads the Instagram profile (its two fields, platform=instagram) and leaves the Messenger one alone", async () => {
    seed(FULL);
    const expected = seed(INSTAGRAM);
    const snapshot = await readPageProfile(page(), { platform: "instagram", identify: true });
    expect(snapshot).toEqual({
      pageId: PAGE_1,
      pageName: "Demo Page One",
      platform: "instagram",
      profile: expected,
      fields: ["ice_breakers", "persistent_menu"],
    });
    expect(snapshot.profile).toEqual(normalizeProfileArgs(INSTAGRAM, "instagram"));
    expect(seen().sort()).toEqual([
      "GET /v25.0/me/messenger_profile?fields=ice_breakers,persistent_menu&platform=instagram",
      "GET /v25.0/me?fields=id,name",
    ]);
  });

  it("reads only the selected fields, in POST order, and reports only those that are set", async () => {
    seed({ getStarted: { payload: "GO" }, greeting: "Hi" });
    const snapshot = await readPageProfile(page(), { fields: ["persistent_menu", "greeting", "get_started"] });
    expect(snapshot.profile).toEqual({ getStarted: { payload: "GO" }, greeting: [{ locale: "default", text: "Hi" }] });
    expect(snapshot.fields).toEqual(["get_started", "greeting"]);
    expect(seen()).toEqual(["GET /v25.0/me/messenger_profile?fields=get_started,greeting,persistent_menu"]);
  });

  it("a Page with nothing set: an empty profile and no field", async () => {
    const snapshot = await readPageProfile(page());
    expect(snapshot).toEqual({ platform: "messenger", profile: {}, fields: [] });
    expect(seen()).toHaveLength(1);
  });

  it("selecting no field of the platform fails before any call", async () => {
    const err = await rejection(readPageProfile(page(), { platform: "instagram", fields: ["greeting"] }));
    expect(err).toBeInstanceOf(ProfileReadArgsError);
    expect(err.message).toBe("no field to read on Instagram: name at least one of ice_breakers, persistent_menu");
    expect(seen()).toEqual([]);
  });
});

describe("checkReadSelection", () => {
  it.each<[unknown, unknown, string]>([
    [undefined, "web", 'getMessengerProfile: platform must be "messenger" or "instagram", got "web"'],
    [undefined, 3, 'getMessengerProfile: platform must be "messenger" or "instagram", got a number'],
    [
      "greeting",
      undefined,
      'getMessengerProfile: fields must be a list of field names, e.g. ["greeting", "persistentMenu"], got a string',
    ],
    [
      [],
      "instagram",
      "getMessengerProfile: fields must name at least one field (iceBreakers, persistentMenu), or be left out to read them all",
    ],
    [["greeting", 7], undefined, "getMessengerProfile: fields[1] must be a field name, got a number"],
    [["get_started"], undefined, 'getMessengerProfile: fields[0] "get_started" is the wire name: write "getStarted"'],
    [
      ["greeting", "greetings"],
      undefined,
      'getMessengerProfile: fields[1] "greetings" is not a Messenger profile field: use one of whitelistedDomains, getStarted, greeting, iceBreakers, persistentMenu, commands, accountLinkingUrl',
    ],
    [
      ["homeUrl"],
      undefined,
      'getMessengerProfile: fields[0] "homeUrl" is deprecated: Meta removed the Chat Extensions home URL (home_url) in Graph v7.0 and refuses it. Remove it; to open a web page from the profile, add a web_url item to persistentMenu',
    ],
    [
      ["iceBreakers", "greeting"],
      "instagram",
      'getMessengerProfile: fields[1] "greeting" does not exist on Instagram: with platform "instagram" only iceBreakers and persistentMenu can be read',
    ],
  ])("fields %j, platform %j: %s", (fields, platform, message) => {
    let caught: unknown;
    try {
      checkReadSelection(fields, platform);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ProfileReadArgsError);
    expect((caught as Error).message).toBe(message);
  });

  it("defaults to every field of the platform; input names become wire names in POST order, repeats once", () => {
    expect(checkReadSelection(undefined, undefined)).toEqual({
      platform: "messenger",
      fields: ALL_MESSENGER.split(","),
    });
    expect(checkReadSelection(undefined, "instagram")).toEqual({
      platform: "instagram",
      fields: ["ice_breakers", "persistent_menu"],
    });
    expect(checkReadSelection(["accountLinkingUrl", "greeting", "whitelistedDomains", "greeting"], null)).toEqual({
      platform: "messenger",
      fields: ["whitelisted_domains", "greeting", "account_linking_url"],
    });
  });
});

describe("readMessengerProfile (getMessengerProfile's work)", () => {
  const env = (extra: Record<string, string> = {}) =>
    readProviderSettings(undefined, {
      MESSENGER_PAGE_ACCESS_TOKEN: TOKEN_1,
      MESSENGER_GRAPH_API_URL: emulator().url,
      MESSENGER_MAX_RETRIES: "0",
      ...extra,
    });

  it("returns the normalized fields, the Page and the platform: GET /me + 1 GET, no credential in the result", async () => {
    const expected = seed(FULL);
    const result = await readMessengerProfile({}, env());
    expect(result).toEqual({
      ...expected,
      pageId: PAGE_1,
      pageName: "Demo Page One",
      platform: "messenger",
      fieldsSet: ALL_MESSENGER.split(","),
    });
    expect(JSON.stringify(result)).not.toContain(TOKEN_1);
    expect(seen().sort()).toEqual([
      `GET /v25.0/me/messenger_profile?fields=${ALL_MESSENGER}`,
      "GET /v25.0/me?fields=id,name",
    ]);
  });

  it("on Instagram, reads the selected fields only", async () => {
    seed(FULL);
    seed(INSTAGRAM);
    const result = await readMessengerProfile({ platform: "instagram", fields: ["persistentMenu"] }, env());
    expect(result).toEqual({
      persistentMenu: normalizeProfileArgs(INSTAGRAM, "instagram").persistentMenu,
      pageId: PAGE_1,
      pageName: "Demo Page One",
      platform: "instagram",
      fieldsSet: ["persistent_menu"],
    });
    expect(seen()).toContain("GET /v25.0/me/messenger_profile?fields=persistent_menu&platform=instagram");
    expect(seen()).toHaveLength(2);
  });

  it("the token input wins over stack config, which wins over the environment", async () => {
    seed({ greeting: "Page one" }, PAGE_1);
    seed({ greeting: "Page two" }, PAGE_2);
    const configTwo = readProviderSettings((k) => (k === "messenger:pageAccessToken" ? TOKEN_2 : undefined), {
      MESSENGER_PAGE_ACCESS_TOKEN: TOKEN_1,
      MESSENGER_GRAPH_API_URL: emulator().url,
    });
    expect((await readMessengerProfile({ fields: ["greeting"] }, configTwo)).pageId).toBe(PAGE_2);
    const viaInput = await readMessengerProfile({ fields: ["greeting"], pageAccessToken: TOKEN_1 }, configTwo);
    expect(viaInput.pageId).toBe(PAGE_1);
    expect(viaInput.greeting).toEqual([{ locale: "default", text: "Page one" }]);
    const viaEnv = await readMessengerProfile({ fields: ["greeting"] }, env());
    expect(viaEnv.pageId).toBe(PAGE_1);
  });

  it("a token from stack config (read as a secret by the program) wins over the environment", async () => {
    seed({ greeting: "Page two" }, PAGE_2);
    const settings = settingsWithConfigSecrets(env(), TOKEN_2, undefined);
    expect(settings.pageAccessToken).toEqual({ value: TOKEN_2, source: "config" });
    const result = await readMessengerProfile({ fields: ["greeting"] }, settings);
    expect(result.pageId).toBe(PAGE_2);
    expect(settingsWithConfigSecrets(env(), undefined, undefined).pageAccessToken).toEqual({
      value: TOKEN_1,
      source: "env",
    });
  });

  it("the graphApiUrl and apiVersion inputs win over the settings", async () => {
    const settings = env({ MESSENGER_GRAPH_API_URL: "https://127.0.0.9:1" });
    await readMessengerProfile(
      // Another endpoint than the provider's takes its own token (a secret of the environment stays bound to its endpoint).
      { graphApiUrl: `${emulator().url}/`, pageAccessToken: TOKEN_1, apiVersion: "v24.0", fields: ["greeting"] },
      settings,
    );
    expect(seen().sort()).toEqual(["GET /v24.0/me/messenger_profile?fields=greeting", "GET /v24.0/me?fields=id,name"]);
  });

  it.each<[string, Parameters<typeof readMessengerProfile>[0], Record<string, string>, string]>([
    [
      "a bad platform",
      { platform: "web" as "messenger" },
      {},
      'getMessengerProfile: platform must be "messenger" or "instagram", got "web"',
    ],
    [
      "a wire name",
      { fields: ["persistent_menu" as "persistentMenu"] },
      {},
      'getMessengerProfile: fields[0] "persistent_menu" is the wire name: write "persistentMenu"',
    ],
    [
      "a token with a space",
      { pageAccessToken: "Bearer abcdefgh" },
      {},
      'getMessengerProfile: pageAccessToken contains whitespace: paste the Page access token alone, without "Bearer " or line breaks',
    ],
    [
      "a malformed token in the environment",
      {},
      { MESSENGER_PAGE_ACCESS_TOKEN: "two\u200bparts" },
      "getMessengerProfile: pageAccessToken (from the environment) contains a control or invisible character (U+200B at index 3): check that the Page access token was copied alone",
    ],
    [
      "a bad app secret",
      { appSecret: "not a secret" },
      {},
      "getMessengerProfile: appSecret must be the app secret as shown in App Dashboard > Settings > Basic (letters and digits, usually 32 hex digits)",
    ],
    [
      "a bad version",
      { apiVersion: "25" },
      {},
      'getMessengerProfile: apiVersion must look like "v25.0" (a "v", the major and minor version), got "25"',
    ],
    [
      "plain http to another host",
      { graphApiUrl: "http://graph.example.com" },
      {},
      'getMessengerProfile: graphApiUrl uses plain http with the non-loopback host "graph.example.com": the token would travel in clear. Use https, or http only with localhost, 127.0.0.0/8 or [::1]',
    ],
    [
      "a refused endpoint in the environment",
      {},
      { MESSENGER_GRAPH_API_URL: "http://graph.example.com" },
      'getMessengerProfile: environment variable MESSENGER_GRAPH_API_URL uses plain http with the non-loopback host "graph.example.com": the token would travel in clear. Use https, or http only with localhost, 127.0.0.0/8 or [::1]',
    ],
    [
      "a refused retry setting",
      {},
      { MESSENGER_MAX_RETRIES: "many" },
      'getMessengerProfile: environment variable MESSENGER_MAX_RETRIES must be a whole number of retries from 0 to 10000, got "many"',
    ],
  ])("%s is refused with an exact message and no call", async (_what, args, extra, message) => {
    const err = await rejection(readMessengerProfile(args, env(extra)));
    expect(err).toBeInstanceOf(ProfileReadArgsError);
    expect(err.message).toBe(message);
    expect(seen()).toEqual([]);
  });

  it("no token anywhere: MissingTokenError and no call", async () => {
    const settings = readProviderSettings(undefined, { MESSENGER_GRAPH_API_URL: emulator().url });
    const err = await rejection(readMessengerProfile({}, settings));
    expect(err).toBeInstanceOf(MissingTokenError);
    expect(seen()).toEqual([]);
  });

  it("a refused token: the GraphApiError (code 190), which never quotes the token", async () => {
    const bad = "EMULATOR-UNKNOWN-TOKEN-not-real-0123";
    const err = await rejection(readMessengerProfile({ pageAccessToken: bad }, env()));
    expect(GraphApiError.isInstance(err)).toBe(true);
    expect(err.code).toBe(190);
    expect(err.message).toMatch(/^GET \/v25\.0\/me(\/messenger_profile)? failed: HTTP 400, Graph error 190/);
    expect(err.message).not.toContain(bad);
  });
});

// The operations layer over real HTTP: one call per operation, fields in POST order, the platform in
// the query, unexpected answers as protocol errors, and the retry classification it relies on.
// Everything runs on the emulator, which keeps one profile document per platform and logs every
// request's bytes.
import { deleteAccountLinkingUrl, setAccountLinkingUrl } from "../../provider/account-linking/apis";
import { GraphApiError } from "../../provider/graph/errors";
import { type PageConnection, GraphOperations } from "../../provider/graph/operations";
import { PROFILE_WIRE_FIELDS } from "../../provider/graph/profile-fields";
import { isRetryable, type FailureFacts } from "../../provider/graph/retry-class";
import { IN_PROCESS_RETRY, PAGE_1, rejection, TOKEN_1, useEmulator } from "../support/emulator";

const emulator = useEmulator();

const ops = () => new GraphOperations({ retry: IN_PROCESS_RETRY });
const on = (graphApiUrl: string, apiVersion = "v25.0"): PageConnection => ({
  graphApiUrl,
  token: TOKEN_1,
  apiVersion,
});

describe("account linking on the emulator", () => {
  it("whoAmI, setFields, getFields, deleteFields: one call each, the account linking bytes of wire.ts", async () => {
    const emu = emulator();
    const page = ops().page(on(emu.url));
    expect(await page.whoAmI()).toEqual({ id: PAGE_1, name: "Demo Page One" });
    await page.setFields({ account_linking_url: "https://example.com/ops" });
    expect(emu.page(PAGE_1)?.accountLinkingUrl).toBe("https://example.com/ops");
    expect(await page.getFields(["account_linking_url"])).toEqual({ account_linking_url: "https://example.com/ops" });
    await page.deleteFields(["account_linking_url"]);
    expect(emu.page(PAGE_1)?.accountLinkingUrl).toBeUndefined();
    expect(await page.getFields(["account_linking_url"])).toEqual({});
    expect(emu.requests().map((r) => [r.method, r.path, r.rawQuery, r.body])).toEqual([
      ["GET", "/v25.0/me", "fields=id,name&access_token=[REDACTED]", ""],
      [
        "POST",
        "/v25.0/me/messenger_profile",
        "access_token=[REDACTED]",
        '{"account_linking_url":"https://example.com/ops"}',
      ],
      ["GET", "/v25.0/me/messenger_profile", "fields=account_linking_url&access_token=[REDACTED]", ""],
      ["DELETE", "/v25.0/me/messenger_profile", "access_token=[REDACTED]", '{"fields":["account_linking_url"]}'],
      ["GET", "/v25.0/me/messenger_profile", "fields=account_linking_url&access_token=[REDACTED]", ""],
    ]);
  });

  it("the Thread Settings calls: one POST and one DELETE with the 2016 bodies", async () => {
    const emu = emulator();
    const page = ops().page(on(emu.url, "v2.6"));
    await setAccountLinkingUrl(page, "thread_settings", "https://example.com/ts");
    expect(emu.page(PAGE_1)?.accountLinkingUrl).toBe("https://example.com/ts");
    await deleteAccountLinkingUrl(page, "thread_settings");
    expect(emu.page(PAGE_1)?.accountLinkingUrl).toBeUndefined();
    expect(emu.requests().map((r) => [r.method, r.path, r.body])).toEqual([
      [
        "POST",
        "/v2.6/me/thread_settings",
        '{"setting_type":"account_linking","account_linking_url":"https://example.com/ts"}',
      ],
      ["DELETE", "/v2.6/me/thread_settings", '{"setting_type":"account_linking"}'],
    ]);
  });

  it("refused settings fail before any request", async () => {
    const emu = emulator();
    const refused = new GraphOperations({ refused: ["stack config messenger:maxRetries must be …"] });
    const err = await rejection(refused.page(on(emu.url)).whoAmI());
    expect(err.message).toMatch(/^Refused provider settings: stack config messenger:maxRetries/);
    expect(emu.requests()).toHaveLength(0);
  });
});

/** The emulator's log of the profile calls: method, path, query without the token, body. */
function seen(): Array<{ method: string; path: string; query: string; body: string }> {
  return emulator()
    .requests()
    .map((r) => ({
      method: r.method,
      path: r.path,
      query: r.rawQuery.replace(/&?access_token=\[REDACTED\]/, ""),
      body: r.body,
    }));
}

describe("profile fields on the emulator", () => {
  beforeEach(() => {
    const emu = emulator();
    emu.deleteProfileFields(PAGE_1, PROFILE_WIRE_FIELDS, "messenger");
    emu.deleteProfileFields(PAGE_1, ["ice_breakers", "persistent_menu"], "instagram");
  });

  it("setFields: one POST, whitelisted_domains first and get_started before persistent_menu, whatever the document's order", async () => {
    const page = ops().page(on(emulator().url));
    await page.setFields({
      account_linking_url: "https://shop.example.com/link",
      persistent_menu: [{ locale: "default", call_to_actions: [{ type: "postback", title: "Help", payload: "HELP" }] }],
      greeting: [{ locale: "default", text: "Hi" }],
      get_started: { payload: "GO" },
      whitelisted_domains: ["https://shop.example.com"],
    });
    expect(seen()).toHaveLength(1);
    const [post] = seen();
    expect([post.method, post.path, post.query]).toEqual(["POST", "/v25.0/me/messenger_profile", ""]);
    expect(Object.keys(JSON.parse(post.body) as object)).toEqual([
      "whitelisted_domains",
      "get_started",
      "greeting",
      "persistent_menu",
      "account_linking_url",
    ]);
    expect(emulator().profile(PAGE_1)).toMatchObject({ get_started: { payload: "GO" } });
  });

  it("platform instagram: platform=instagram in the query of every call, the other platform's document untouched", async () => {
    const page = ops().page(on(emulator().url));
    const menu = [{ locale: "default", call_to_actions: [{ type: "postback", title: "Menu", payload: "M" }] }];
    await page.setFields({ persistent_menu: menu }, "instagram");
    expect(await page.getFields(["persistent_menu", "ice_breakers"], "instagram")).toEqual({ persistent_menu: menu });
    await page.deleteFields(["persistent_menu"], "instagram");
    expect(seen().map((r) => [r.method, r.query])).toEqual([
      ["POST", "platform=instagram"],
      ["GET", "fields=ice_breakers,persistent_menu&platform=instagram"],
      ["DELETE", "platform=instagram"],
    ]);
    expect(emulator().profile(PAGE_1, "instagram")).toEqual({});
    expect(emulator().profile(PAGE_1, "messenger")).toEqual({});
  });

  it("deleteFields: one DELETE naming exactly those fields, in POST order; others stay", async () => {
    const page = ops().page(on(emulator().url));
    await page.setFields({ greeting: [{ locale: "default", text: "Hi" }], get_started: { payload: "GO" } });
    await page.deleteFields(["greeting", "whitelisted_domains"]);
    expect(seen()[1]).toEqual({
      method: "DELETE",
      path: "/v25.0/me/messenger_profile",
      query: "",
      body: '{"fields":["whitelisted_domains","greeting"]}',
    });
    expect(emulator().profile(PAGE_1)).toEqual({ get_started: { payload: "GO" } });
  });

  it("an answer of an unexpected shape is a protocol GraphApiError naming the call, not retried", async () => {
    const page = ops().page(on(emulator().url));
    emulator().injectFault({ fault: { type: "status", status: 200, body: '{"data":"not a list"}' } });
    const e = (await rejection(page.getFields(["greeting"]))) as unknown as GraphApiError;
    expect(GraphApiError.isInstance(e)).toBe(true);
    expect(e).toMatchObject({ kind: "protocol", method: "GET", path: "/v25.0/me/messenger_profile", retryable: false });
    expect(e.message).toMatch(/expected \{"data": \[…\]\}, got \{"data":"not a list"\}/);
    expect(seen()).toHaveLength(1);
  });
});

describe("retry classification (retry-class.ts)", () => {
  it.each<[FailureFacts, boolean]>([
    [{ kind: "graph", status: 400, code: 190 }, false],
    [{ kind: "graph", status: 500, code: 190 }, false],
    [{ kind: "graph", status: 400, code: 250 }, false],
    [{ kind: "graph", status: 400, code: 100, isTransient: true }, false],
    [{ kind: "graph", status: 400, code: 613 }, true],
    [{ kind: "graph", status: 400, code: 9999, isTransient: true }, true],
    [{ kind: "graph", status: 400, code: 9999 }, false],
    [{ kind: "graph", status: 503, code: 9999 }, true],
    [{ kind: "graph", status: 429 }, true],
    [{ kind: "http", status: 502 }, true],
    [{ kind: "http", status: 408 }, true],
    [{ kind: "http", status: 404 }, false],
    [{ kind: "network" }, true],
    [{ kind: "protocol", status: 200, problem: "not-json" }, true],
    [{ kind: "protocol", status: 200, problem: "too-large" }, false],
    [{ kind: "protocol", status: 200, problem: "unexpected-shape" }, false],
    [{ kind: "redirect", status: 302 }, false],
  ])("%j -> retryable %s", (facts, retryable) => {
    expect(isRetryable(facts)).toBe(retryable);
  });
});

// Every lifecycle step over real HTTP, with the number of Graph calls it makes.
import { tokenFingerprint } from "../../provider/core/settings";
import { inputs, lifecycleFor, PAGE_1, PAGE_2, rejection, TOKEN_1, TOKEN_2, useEmulator } from "../support/emulator";
import { UNKNOWN } from "../../provider/core/unknown";

const emulator = useEmulator();

describe("create", () => {
  it("makes GET /me + one POST and returns the Page as id, with no token in the outputs when it came from the environment", async () => {
    const emu = emulator();
    const lc = lifecycleFor(emu, { MESSENGER_PAGE_ACCESS_TOKEN: TOKEN_1 });
    const { id, outs } = await lc.create(inputs("https://example.com/x"));
    expect(emu.requests()).toHaveLength(2);
    expect(id).toBe(PAGE_1);
    expect(outs).toEqual({
      accountLinkingUrl: "https://example.com/x",
      pageId: PAGE_1,
      pageName: "Demo Page One",
      api: "messenger_profile",
      apiVersion: "v25.0",
      graphApiUrl: emu.url,
      tokenSource: "env",
      tokenFingerprint: tokenFingerprint(TOKEN_1),
    });
    expect(JSON.stringify(outs)).not.toContain(TOKEN_1);
  });

  it("adopts (overwrites) a URL already set on the Page", async () => {
    const emu = emulator();
    emu.setAccountLinkingUrl(PAGE_1, "https://old.example.com/");
    const lc = lifecycleFor(emu, { MESSENGER_PAGE_ACCESS_TOKEN: TOKEN_1 });
    await lc.create(inputs("https://new.example.com/"));
    expect(emu.page(PAGE_1)?.accountLinkingUrl).toBe("https://new.example.com/");
  });

  it("keeps an input token in the outputs (the resource marks it secret) and prefers it over the environment", async () => {
    const emu = emulator();
    const lc = lifecycleFor(emu, { MESSENGER_PAGE_ACCESS_TOKEN: TOKEN_1 });
    const { id, outs } = await lc.create(inputs("https://example.com/y", { pageAccessToken: TOKEN_2 }));
    expect(id).toBe(PAGE_2);
    expect(outs).toMatchObject({ tokenSource: "input", pageAccessToken: TOKEN_2 });
  });

  it("fails without calls when no token is available", async () => {
    const emu = emulator();
    const err = await rejection(lifecycleFor(emu).create(inputs("https://example.com/z")));
    expect(err.message).toMatch(/No Page access token.*pulumi config set --secret messenger:pageAccessToken/);
    expect(emu.requests()).toHaveLength(0);
  });
});

describe("diff", () => {
  async function created(url = "https://example.com/d") {
    const emu = emulator();
    const lc = lifecycleFor(emu, { MESSENGER_PAGE_ACCESS_TOKEN: TOKEN_1 });
    const { id, outs } = await lc.create(inputs(url));
    emu.clearRequests();
    return { emu, lc, id, outs: outs! };
  }

  it("is pure when nothing changed: no change, no call", async () => {
    const { emu, lc, id, outs } = await created();
    expect(await lc.diff(id, outs, inputs("https://example.com/d"))).toMatchObject({ changes: false, replaces: [] });
    expect(emu.requests()).toHaveLength(0);
  });

  it.each([
    ["accountLinkingUrl", inputs("https://example.com/other")],
    ["api", inputs("https://example.com/d", { api: "thread_settings", apiVersion: "v25.0" })],
    ["apiVersion", inputs("https://example.com/d", { apiVersion: "v26.0" })],
    // Another endpoint than the provider's takes its own token (the environment's stays bound to its endpoint).
    ["graphApiUrl", inputs("https://example.com/d", { graphApiUrl: "http://127.0.0.2:1", pageAccessToken: TOKEN_1 })],
  ])("reports a change of %s as an in-place update without calls", async (key, news) => {
    const { emu, lc, id, outs } = await created();
    const d = await lc.diff(id, outs, news);
    expect(d).toMatchObject({ changes: true, replaces: [], stables: ["pageId"] });
    expect(d.replaces).not.toContain(key);
    expect(emu.requests()).toHaveLength(0);
  });

  it("treats unknown values (preview) as changes without calls", async () => {
    const { emu, lc, id, outs } = await created();
    const d = await lc.diff(id, outs, inputs(UNKNOWN, { pageAccessToken: UNKNOWN }));
    expect(d.changes).toBe(true);
    expect(d.replaces).toEqual([]);
    expect(emu.requests()).toHaveLength(0);
  });

  it("replaces the resource when the new token belongs to another Page, after exactly one GET /me", async () => {
    const { emu, lc, id, outs } = await created();
    const d = await lc.diff(id, outs, inputs("https://example.com/d", { pageAccessToken: TOKEN_2 }));
    expect(d).toMatchObject({ changes: true, replaces: ["pageAccessToken"], deleteBeforeReplace: false });
    expect(emu.requests().map((r) => `${r.method} ${r.path}`)).toEqual(["GET /v25.0/me"]);
  });

  it("updates in place when a rotated token belongs to the same Page", async () => {
    const emu = emulator();
    emu.addPage({ id: PAGE_1, name: "Demo Page One", token: "EMULATOR-ROTATED-TOKEN-1-not-a-real-token" });
    const lc = lifecycleFor(emu, { MESSENGER_PAGE_ACCESS_TOKEN: TOKEN_1 });
    const { id, outs } = await lc.create(inputs("https://example.com/r"));
    emu.clearRequests();
    const news = inputs("https://example.com/r", { pageAccessToken: "EMULATOR-ROTATED-TOKEN-1-not-a-real-token" });
    expect(await lc.diff(id, outs!, news)).toMatchObject({ changes: true, replaces: [] });
    await lc.update(id, outs!, news);
    expect(emu.requests().map((r) => `${r.method} ${r.path}`)).toEqual(["GET /v25.0/me"]);
  });
});

describe("update", () => {
  it("makes one POST when the URL changed", async () => {
    const emu = emulator();
    const lc = lifecycleFor(emu, { MESSENGER_PAGE_ACCESS_TOKEN: TOKEN_1 });
    const { id, outs } = await lc.create(inputs("https://example.com/1"));
    emu.clearRequests();
    const { outs: next } = await lc.update(id, outs!, inputs("https://example.com/2"));
    expect(emu.requests().map((r) => `${r.method} ${r.path}`)).toEqual(["POST /v25.0/me/messenger_profile"]);
    expect(next).toMatchObject({
      accountLinkingUrl: "https://example.com/2",
      pageId: PAGE_1,
      pageName: "Demo Page One",
    });
    expect(emu.page(PAGE_1)?.accountLinkingUrl).toBe("https://example.com/2");
  });

  it("moves between APIs with one POST through the new API", async () => {
    const emu = emulator();
    const lc = lifecycleFor(emu, { MESSENGER_PAGE_ACCESS_TOKEN: TOKEN_1 });
    const { id, outs } = await lc.create(inputs("https://example.com/1"));
    emu.clearRequests();
    await lc.update(id, outs!, inputs("https://example.com/1", { api: "thread_settings" }));
    expect(emu.requests().map((r) => `${r.method} ${r.path}`)).toEqual(["POST /v2.6/me/thread_settings"]);
  });
});

describe("read (refresh)", () => {
  it("makes one GET and shows drift: a changed URL, then a removed one", async () => {
    const emu = emulator();
    const lc = lifecycleFor(emu, { MESSENGER_PAGE_ACCESS_TOKEN: TOKEN_1 });
    const { id, outs } = await lc.create(inputs("https://example.com/mine"));
    emu.clearRequests();
    emu.setAccountLinkingUrl(PAGE_1, "https://someone-else.example.com/");
    const changed = await lc.read(id, outs);
    expect(changed.props?.accountLinkingUrl).toBe("https://someone-else.example.com/");
    emu.setAccountLinkingUrl(PAGE_1, undefined);
    const removed = await lc.read(id, outs);
    expect(removed).toMatchObject({ id, props: { accountLinkingUrl: "", pageId: PAGE_1 } });
    expect(emu.requests().map((r) => `${r.method} ${r.path}`)).toEqual([
      "GET /v25.0/me/messenger_profile",
      "GET /v25.0/me/messenger_profile",
    ]);
    // The next diff sees the drift and the update repairs it with one POST.
    expect((await lc.diff(id, removed.props!, inputs("https://example.com/mine"))).changes).toBe(true);
    await lc.update(id, removed.props!, inputs("https://example.com/mine"));
    expect(emu.page(PAGE_1)?.accountLinkingUrl).toBe("https://example.com/mine");
  });

  it("returns the state unchanged, without a call, for thread_settings (it has no GET)", async () => {
    const emu = emulator();
    const lc = lifecycleFor(emu, { MESSENGER_PAGE_ACCESS_TOKEN: TOKEN_1 });
    const { id, outs } = await lc.create(inputs("https://example.com/ts", { api: "thread_settings" }));
    emu.clearRequests();
    emu.setAccountLinkingUrl(PAGE_1, undefined);
    expect((await lc.read(id, outs)).props).toEqual(outs);
    expect(emu.requests()).toHaveLength(0);
  });

  it("imports from inputs only: GET /me + one GET", async () => {
    const emu = emulator();
    emu.setAccountLinkingUrl(PAGE_2, "https://imported.example.com/");
    const lc = lifecycleFor(emu, { MESSENGER_PAGE_ACCESS_TOKEN: TOKEN_2 });
    const r = await lc.read(PAGE_2, { api: "messenger_profile", apiVersion: "v25.0" } as never);
    expect(r.props).toMatchObject({
      pageId: PAGE_2,
      pageName: "Demo Page Two",
      accountLinkingUrl: "https://imported.example.com/",
    });
    expect(emu.requests()).toHaveLength(2);
  });

  it("refuses to read another Page's profile when the configured token now belongs to another Page", async () => {
    const emu = emulator();
    const { id, outs } = await lifecycleFor(emu, { MESSENGER_PAGE_ACCESS_TOKEN: TOKEN_1 }).create(
      inputs("https://example.com/p1"),
    );
    const err = await rejection(lifecycleFor(emu, { MESSENGER_PAGE_ACCESS_TOKEN: TOKEN_2 }).read(id, outs));
    expect(err.message).toMatch(/now belongs to Page 1000000000000002/);
    expect(err.message).not.toContain(TOKEN_2);
  });
});

describe("delete", () => {
  it("makes one DELETE and removes the URL", async () => {
    const emu = emulator();
    const lc = lifecycleFor(emu, { MESSENGER_PAGE_ACCESS_TOKEN: TOKEN_1 });
    const { id, outs } = await lc.create(inputs("https://example.com/del"));
    emu.clearRequests();
    await lc.delete(id, outs!);
    expect(emu.requests()).toHaveLength(1);
    expect(emu.page(PAGE_1)?.accountLinkingUrl).toBeUndefined();
  });

  it("counts a URL that is already gone as deleted", async () => {
    const emu = emulator();
    const lc = lifecycleFor(emu, { MESSENGER_PAGE_ACCESS_TOKEN: TOKEN_1 });
    const { id, outs } = await lc.create(inputs("https://example.com/gone"));
    emu.setAccountLinkingUrl(PAGE_1, undefined);
    await expect(lc.delete(id, outs!)).resolves.toBeUndefined();
  });

  it("uses the token stored as a (secret) output, not the environment's, so a replacement removes the URL from the old Page", async () => {
    const emu = emulator();
    const lc = lifecycleFor(emu, { MESSENGER_PAGE_ACCESS_TOKEN: TOKEN_2 });
    const { id, outs } = await lc.create(inputs("https://example.com/old", { pageAccessToken: TOKEN_1 }));
    emu.setAccountLinkingUrl(PAGE_2, "https://example.com/new");
    await lc.delete(id, outs!);
    expect(emu.page(PAGE_1)?.accountLinkingUrl).toBeUndefined();
    expect(emu.page(PAGE_2)?.accountLinkingUrl).toBe("https://example.com/new");
  });

  it("refuses to delete from the wrong Page when the configured token changed to another Page's", async () => {
    const emu = emulator();
    const { id, outs } = await lifecycleFor(emu, { MESSENGER_PAGE_ACCESS_TOKEN: TOKEN_1 }).create(
      inputs("https://example.com/keep"),
    );
    emu.setAccountLinkingUrl(PAGE_2, "https://example.com/page2");
    const err = await rejection(lifecycleFor(emu, { MESSENGER_PAGE_ACCESS_TOKEN: TOKEN_2 }).delete(id, outs!));
    expect(err.message).toMatch(/Cannot delete .* Page 1000000000000001/);
    expect(emu.page(PAGE_2)?.accountLinkingUrl).toBe("https://example.com/page2");
    expect(emu.page(PAGE_1)?.accountLinkingUrl).toBe("https://example.com/keep");
  });
});

describe("configure", () => {
  it("reads the token, app secret, endpoint and tunables from stack config before the environment", async () => {
    const emu = emulator();
    const lc = lifecycleFor(emu, { MESSENGER_PAGE_ACCESS_TOKEN: TOKEN_1 });
    const config: Record<string, string> = {
      "messenger:pageAccessToken": TOKEN_2,
      "messenger:graphApiUrl": emu.url,
      "messenger:maxRetries": "1",
    };
    await lc.configure({ config: { get: (k: string) => config[k], require: (k: string) => config[k] } });
    const { id, outs } = await lc.create(inputs("https://example.com/cfg"));
    expect(id).toBe(PAGE_2);
    expect(outs).toMatchObject({ tokenSource: "config", graphApiUrl: emu.url });
    expect(outs).not.toHaveProperty("pageAccessToken");
    expect(lc.providerSettings.retry.maxRetries).toBe(1);
  });
});

describe("refused settings", () => {
  it("stop refresh and destroy (which run without check) before any call, naming the setting", async () => {
    const emu = emulator();
    const { id, outs } = await lifecycleFor(emu, { MESSENGER_PAGE_ACCESS_TOKEN: TOKEN_1 }).create(
      inputs("https://example.com/refused"),
    );
    emu.clearRequests();
    const lc = lifecycleFor(emu, { MESSENGER_PAGE_ACCESS_TOKEN: TOKEN_1, MESSENGER_DEADLINE_MS: "2147483648" });
    for (const step of [() => lc.read(id, outs), () => lc.delete(id, outs!)]) {
      const err = await rejection(step());
      expect(err.message).toMatch(/Refused provider settings: environment variable MESSENGER_DEADLINE_MS must be/);
    }
    expect(emu.requests()).toHaveLength(0);
    expect(emu.page(PAGE_1)?.accountLinkingUrl).toBe("https://example.com/refused");
  });
});

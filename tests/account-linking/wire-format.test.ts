// Both wire formats, byte for byte, as the emulator received them over real HTTP (the log replaces
// the values of access_token and appsecret_proof by [REDACTED]; pageId says which token came).
import fetch from "node-fetch";
import { inputs, lifecycleFor, PAGE_1, TOKEN_1, useEmulator } from "../support/emulator";
import { appSecretProof } from "../../provider/graph/client";

const emulator = useEmulator({
  pages: [
    { id: "1000000000000001", name: "Demo Page One", token: "EMULATOR-PAGE-TOKEN-1-not-a-real-token" },
    {
      id: "3000000000000001",
      name: "Proof Page",
      token: "EMULATOR-PROOF-PAGE-TOKEN-not-real",
      appSecret: "0123456789abcdef0123456789abcdef",
    },
  ],
});

describe("thread_settings: the seed's exact request", () => {
  it("sets with POST /v2.6/me/thread_settings?access_token=… and the seed's JSON body", async () => {
    const emu = emulator();
    const lc = lifecycleFor(emu, { MESSENGER_PAGE_ACCESS_TOKEN: TOKEN_1 });
    const url = "https://example.com/messenger/link?src=bot";
    await lc.create(inputs(url, { api: "thread_settings" }));
    const [me, post] = emu.requests();
    expect(me).toMatchObject({
      method: "GET",
      path: "/v2.6/me",
      rawQuery: "fields=id,name&access_token=[REDACTED]",
      pageId: PAGE_1,
      body: "",
      bodyBytes: 0,
    });
    expect(post).toMatchObject({
      method: "POST",
      path: "/v2.6/me/thread_settings",
      rawQuery: "access_token=[REDACTED]",
      pageId: PAGE_1,
      contentType: "application/json",
      status: 200,
    });
    expect(post.appSecretProof).toBeUndefined();
    const body =
      '{"setting_type":"account_linking","account_linking_url":"https://example.com/messenger/link?src=bot"}';
    expect(post.body).toBe(body);
    expect(post.bodyBytes).toBe(Buffer.byteLength(body));
    expect(emu.page(PAGE_1)?.accountLinkingUrl).toBe(url);
  });

  it('deletes with DELETE and {"setting_type":"account_linking"}', async () => {
    const emu = emulator();
    const lc = lifecycleFor(emu, { MESSENGER_PAGE_ACCESS_TOKEN: TOKEN_1 });
    const { id, outs } = await lc.create(inputs("https://example.com/a", { api: "thread_settings" }));
    emu.clearRequests();
    await lc.delete(id, outs!);
    const [del] = emu.requests();
    expect(del).toMatchObject({
      method: "DELETE",
      path: "/v2.6/me/thread_settings",
      rawQuery: "access_token=[REDACTED]",
      pageId: PAGE_1,
      body: '{"setting_type":"account_linking"}',
    });
    expect(emu.page(PAGE_1)?.accountLinkingUrl).toBeUndefined();
  });
});

describe("messenger_profile", () => {
  it("sets, reads and deletes with the documented requests", async () => {
    const emu = emulator();
    const lc = lifecycleFor(emu, { MESSENGER_PAGE_ACCESS_TOKEN: TOKEN_1 });
    const { id, outs } = await lc.create(inputs("https://example.com/b"));
    await lc.read(id, outs);
    await lc.delete(id, outs!);
    const log = emu.requests().map((r) => [r.method, r.path, r.rawQuery, r.pageId, r.body]);
    expect(log).toEqual([
      ["GET", "/v25.0/me", "fields=id,name&access_token=[REDACTED]", PAGE_1, ""],
      [
        "POST",
        "/v25.0/me/messenger_profile",
        "access_token=[REDACTED]",
        PAGE_1,
        '{"account_linking_url":"https://example.com/b"}',
      ],
      ["GET", "/v25.0/me/messenger_profile", "fields=account_linking_url&access_token=[REDACTED]", PAGE_1, ""],
      [
        "DELETE",
        "/v25.0/me/messenger_profile",
        "access_token=[REDACTED]",
        PAGE_1,
        '{"fields":["account_linking_url"]}',
      ],
    ]);
    // No app secret configured: no proof is sent.
    expect(emu.requests().every((r) => r.appSecretProof === undefined)).toBe(true);
  });

  it("honours apiVersion in every path", async () => {
    const emu = emulator();
    const lc = lifecycleFor(emu, { MESSENGER_PAGE_ACCESS_TOKEN: TOKEN_1 });
    await lc.create(inputs("https://example.com/c", { apiVersion: "v26.0" }));
    expect(emu.requests().map((r) => r.path)).toEqual(["/v26.0/me", "/v26.0/me/messenger_profile"]);
  });

  it("adds appsecret_proof = HMAC-SHA256(app secret, token) after access_token when an app secret is set", async () => {
    const emu = emulator();
    const token = "EMULATOR-PROOF-PAGE-TOKEN-not-real";
    const secret = "0123456789abcdef0123456789abcdef";
    const lc = lifecycleFor(emu, { MESSENGER_PAGE_ACCESS_TOKEN: token, MESSENGER_APP_SECRET: secret });
    await lc.create(inputs("https://example.com/proof"));
    const proof = appSecretProof(token, secret);
    expect(proof).toMatch(/^[0-9a-f]{64}$/);
    expect(emu.requests().map((r) => [r.rawQuery, r.pageId, r.appSecretProof, r.status])).toEqual([
      ["fields=id,name&access_token=[REDACTED]&appsecret_proof=[REDACTED]", "3000000000000001", "valid", 200],
      ["access_token=[REDACTED]&appsecret_proof=[REDACTED]", "3000000000000001", "valid", 200],
    ]);
    // The verdict is computed, not assumed: a wrong proof on the same Page is "invalid".
    const wrong = proof.slice(0, -1) + (proof.endsWith("0") ? "1" : "0");
    const res = await fetch(`${emu.url}/v25.0/me?access_token=${token}&appsecret_proof=${wrong}`);
    expect(res.status).toBe(400);
    expect(emu.requests().at(-1)).toMatchObject({ pageId: "3000000000000001", appSecretProof: "invalid" });
  });
});

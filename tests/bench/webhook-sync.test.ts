// The webhook benchmarks' pieces, without timing: the sequence is valid and each edit changes what
// its name says, the loopback receiver answers Graph's verification as a bot does, the state check
// tells a declared app and Page from one that is not, and bottender's replayed `webhook set` starts
// with the call bottender starts with, counted from the request log of a real emulator on loopback.
import * as http from "http";
import { DEFAULT_APPS, makePages, startEmulator, type Emulator } from "../../emulator";
import { UNLIMITED } from "../../bench/limits";
import { BOTTENDER_DEFAULT_FIELDS, bottenderClient, bottenderWebhookSet } from "../../bench/webhook-sync/bottender";
import { startReceiver, type CallbackReceiver } from "../../bench/webhook-sync/receiver";
import { heldState } from "../../bench/webhook-sync/sequence";
import { WEBHOOK_SYNC_STEPS, webhookDeclarations } from "../../bench/webhook-sync/steps";
import { PAGE_SUBSCRIPTION_FIELDS, WEBHOOK_FIELDS } from "../../provider/graph/webhook-fields";

const pages = makePages(2);
const [app] = DEFAULT_APPS;
let emu: Emulator;
let receiver: CallbackReceiver;
beforeAll(async () => {
  emu = await startEmulator({ port: 0, pages, rateLimit: UNLIMITED });
  receiver = await startReceiver();
});
afterAll(async () => {
  await emu.close();
  await receiver.close();
});

/** A request to the receiver: status and body. */
function send(url: string, method = "GET", body?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method }, (res) => {
      let text = "";
      res.on("data", (c: Buffer) => (text += c.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

describe("the webhook sequence", () => {
  const byName = Object.fromEntries(WEBHOOK_SYNC_STEPS.map((s, i) => [s.name, i]));
  const step = (name: string) => WEBHOOK_SYNC_STEPS[byName[name]];
  const before = (name: string) => WEBHOOK_SYNC_STEPS[byName[name] - 1];

  it("sets up, adds a field, removes one, moves the callback, then repeats itself", () => {
    expect(WEBHOOK_SYNC_STEPS.map((s) => [s.name, s.kind])).toEqual([
      ["set-up", "create"],
      ["field-added", "change"],
      ["field-removed", "change"],
      ["callback-moved", "change"],
      ["no-op", "noop"],
    ]);
    const added = step("field-added").fields.filter((f) => !before("field-added").fields.includes(f));
    expect(added).toHaveLength(1);
    expect(step("field-added").fields).toEqual(expect.arrayContaining([...before("field-added").fields]));
    const removed = before("field-removed").fields.filter((f) => !step("field-removed").fields.includes(f));
    expect(removed).toHaveLength(1);
    expect(before("field-removed").fields).toEqual(expect.arrayContaining([...step("field-removed").fields]));
    expect(step("callback-moved").callback).not.toBe(before("callback-moved").callback);
    expect(step("callback-moved").fields).toEqual(before("callback-moved").fields);
    expect({ ...step("no-op"), name: "", kind: "", description: "" }).toEqual({
      ...before("no-op"),
      name: "",
      kind: "",
      description: "",
    });
  });

  it("declares only fields both levels accept, each set without duplicates", () => {
    for (const s of WEBHOOK_SYNC_STEPS) {
      expect(new Set(s.fields).size).toBe(s.fields.length);
      for (const f of s.fields) {
        expect(WEBHOOK_FIELDS.page).toContain(f);
        expect(PAGE_SUBSCRIPTION_FIELDS).toContain(f);
      }
    }
    expect(webhookDeclarations(receiver.urls).map((d) => d.callbackUrl)).toEqual(
      WEBHOOK_SYNC_STEPS.map((s) => receiver.urls[s.callback]),
    );
  });
});

describe("the callback receiver", () => {
  it("answers the verification with the challenge for its token only, and accepts deliveries", async () => {
    const before = receiver.counts();
    const q = (token: string) => `?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=${token}`;
    expect(await send(`${receiver.urls[1]}${q(receiver.verifyToken)}`)).toEqual({ status: 200, body: "1158201444" });
    expect((await send(`${receiver.urls[0]}${q("another-token")}`)).status).toBe(403);
    expect((await send(receiver.urls[0])).status).toBe(403);
    expect((await send(receiver.urls[0], "POST", '{"object":"page","entry":[]}')).status).toBe(200);
    expect(receiver.counts()).toEqual({
      verified: before.verified + 1,
      refused: before.refused + 2,
      events: before.events + 1,
    });
  });
});

describe("the state check after a step", () => {
  it("holds only when the app's callback and fields and the Page's fields are exactly the declaration", () => {
    const target = { appId: app.id, pageId: pages[0].id };
    const declared = { callbackUrl: receiver.urls[0], fields: ["messages", "messaging_postbacks"] };
    expect(heldState(emu, target, declared)).toMatchObject({ appMatches: false, pageMatches: false });
    emu.setAppSubscription(app.id, {
      object: "page",
      callbackUrl: receiver.urls[0],
      fields: ["messaging_postbacks", "messages"],
    });
    emu.setPageSubscription(target.pageId, app.id, ["messages", "messaging_postbacks"]);
    expect(heldState(emu, target, declared)).toMatchObject({ appMatches: true, pageMatches: true });
    emu.setAppSubscription(app.id, {
      object: "page",
      callbackUrl: receiver.urls[0],
      fields: ["messages", "messaging_postbacks", "messaging_optins"],
    });
    expect(heldState(emu, target, declared)).toMatchObject({ appMatches: false, pageMatches: true });
    emu.setAppSubscription(app.id, { object: "page", callbackUrl: receiver.urls[1], fields: declared.fields });
    expect(heldState(emu, target, declared)).toMatchObject({ appMatches: false, pageMatches: true });
    emu.setPageSubscription(target.pageId, app.id, ["messages"]);
    expect(heldState(emu, target, declared)).toMatchObject({ appMatches: false, pageMatches: false });
    emu.deleteAppSubscription(app.id, "page");
    emu.setPageSubscription(target.pageId, app.id, undefined);
  });
});

describe("bottender's webhook set, replayed", () => {
  it("starts every run by debugging the Page token with the app token, an appsecret_proof attached", async () => {
    const page = pages[1];
    const config = {
      accessToken: page.token,
      appId: app.id,
      appSecret: app.secret,
      verifyToken: receiver.verifyToken,
      pageId: page.id,
    };
    emu.clearRequests();
    await bottenderWebhookSet(bottenderClient(emu.url, config), config, receiver.urls[0]).catch(() => undefined);
    const [first] = emu.requests();
    expect([first.method, first.path]).toEqual(["GET", "/v6.0/debug_token"]);
    expect(first.rawQuery.split("&").map((p) => p.split("=")[0])).toEqual([
      "appsecret_proof",
      "input_token",
      "access_token",
    ]);
    expect(BOTTENDER_DEFAULT_FIELDS).toContain("messaging_postbacks");
  });
});

// Every step of MessengerWebhook's lifecycle over real HTTP, with the exact requests it sends, under
// both behaviours Graph's POST /{app-id}/subscriptions may have (merge the field list or replace
// it): another owner's fields survive every step under either. The callback is a real loopback
// server that Graph (the emulator) verifies.
import { DEFAULT_APPS, type Emulator, type LoggedRequest } from "../../emulator";
import { retryEnv } from "../../harness/retry";
import { readProviderSettings } from "../../provider/core/settings";
import { WebhookLifecycle } from "../../provider/webhook/lifecycle";
import type { WebhookInputs, WebhookOutputs } from "../../provider/webhook/types";
import { validateWebhookInputs } from "../../provider/webhook/validate";
import { startCallback, type CallbackServer } from "../support/callback-server";
import { IN_PROCESS_RETRY, rejection, useEmulator } from "../support/emulator";

const APP = DEFAULT_APPS[0];
const VERIFY = "verify-token-of-the-webhook-tests";
const SUBS = `/v25.0/${APP.id}/subscriptions`;
const emulator = useEmulator();
let callback: CallbackServer;
let other: CallbackServer;

beforeAll(async () => {
  callback = await startCallback(VERIFY);
  other = await startCallback("another-stacks-verify-token", "/other");
});
afterAll(async () => {
  await callback.close();
  await other.close();
});
beforeEach(() => {
  const emu = emulator();
  emu.deleteAppSubscription(APP.id, "page");
  emu.deleteAppSubscription(APP.id, "instagram");
  emu.clearRequests();
});

function lifecycle(emu: Emulator): WebhookLifecycle {
  return new WebhookLifecycle({
    settings: readProviderSettings(undefined, {
      MESSENGER_GRAPH_API_URL: emu.url,
      MESSENGER_APP_ID: APP.id,
      MESSENGER_APP_SECRET: APP.secret,
      ...retryEnv(IN_PROCESS_RETRY),
    }),
  });
}

/** Checked inputs, as the engine hands them to the steps after check. */
async function checked(lc: WebhookLifecycle, raw: Record<string, unknown>): Promise<WebhookInputs> {
  const r = await lc.check({} as WebhookInputs, { callbackUrl: callback.url, verifyToken: VERIFY, ...raw } as never);
  expect(r.failures ?? []).toEqual([]);
  return r.inputs as WebhookInputs;
}

/** A request as the tests pin it: method, path, query, body. */
const wire = (r: LoggedRequest) => ({
  method: r.method,
  path: r.path,
  query: r.rawQuery.replace(/&?access_token=[^&]*|&?appsecret_proof=[^&]*/g, ""),
  body: r.body ? (JSON.parse(r.body) as unknown) : undefined,
});

const onApp = (emu: Emulator, object = "page") => emu.app(APP.id)?.subscriptions.find((s) => s.object === object);

describe.each(["merge", "replace"] as const)("POST %s", (mode) => {
  beforeEach(() => emulator().setSubscriptionPost(mode));

  test("create from empty: one GET, one POST with the callback, the sorted fields and the verify token", async () => {
    const emu = emulator();
    const lc = lifecycle(emu);
    const inputs = await checked(lc, { fields: ["messaging_postbacks", "messages"] });
    const { id, outs } = await lc.create(inputs);
    expect(id).toBe(`${APP.id}/page`);
    expect(emu.requests().map(wire)).toEqual([
      { method: "GET", path: SUBS, query: "", body: undefined },
      {
        method: "POST",
        path: SUBS,
        query: "",
        body: {
          object: "page",
          callback_url: callback.url,
          fields: "messages,messaging_postbacks",
          include_values: false,
          verify_token: "[REDACTED]",
        },
      },
    ]);
    expect(onApp(emu)).toMatchObject({ callbackUrl: callback.url, fields: ["messages", "messaging_postbacks"] });
    expect(outs).toMatchObject({
      appId: APP.id,
      object: "page",
      fields: ["messages", "messaging_postbacks"],
      otherFields: [],
    });
    expect(outs?.verifyToken).toBe(VERIFY);
    expect(callback.verified()).toBeGreaterThan(0);
  });

  test("another owner's fields on the same callback survive create, update and delete", async () => {
    const emu = emulator();
    emu.setAppSubscription(APP.id, { object: "page", callbackUrl: callback.url, fields: ["feed", "message_reads"] });
    const lc = lifecycle(emu);
    const created = await lc.create(await checked(lc, { fields: ["messages"] }));
    expect(created.outs?.otherFields).toEqual(["feed", "message_reads"]);
    expect(new Set(onApp(emu)?.fields)).toEqual(new Set(["feed", "message_reads", "messages"]));
    const olds = created.outs as WebhookOutputs;
    emu.clearRequests();
    const grown = await lc.update(created.id, olds, await checked(lc, { fields: ["messages", "messaging_postbacks"] }));
    expect(emu.requests().map((r) => r.method)).toEqual(["GET", "POST"]);
    expect(new Set(onApp(emu)?.fields)).toEqual(new Set(["feed", "message_reads", "messages", "messaging_postbacks"]));
    emu.clearRequests();
    const shrunk = await lc.update(
      created.id,
      grown.outs as WebhookOutputs,
      await checked(lc, { fields: ["messaging_postbacks"] }),
    );
    expect(emu.requests().map(wire)).toEqual([
      { method: "DELETE", path: SUBS, query: "object=page&fields=messages", body: undefined },
    ]);
    expect(new Set(onApp(emu)?.fields)).toEqual(new Set(["feed", "message_reads", "messaging_postbacks"]));
    emu.clearRequests();
    await lc.delete(created.id, shrunk.outs as WebhookOutputs);
    expect(emu.requests().map(wire)).toEqual([
      { method: "DELETE", path: SUBS, query: "object=page&fields=messaging_postbacks", body: undefined },
    ]);
    expect(onApp(emu)).toMatchObject({ callbackUrl: callback.url, fields: ["feed", "message_reads"] });
  });

  test("a field added and one removed in one update: GET, POST, DELETE; nobody else's field lost", async () => {
    const emu = emulator();
    emu.setAppSubscription(APP.id, { object: "page", callbackUrl: callback.url, fields: ["feed"] });
    const lc = lifecycle(emu);
    const created = await lc.create(await checked(lc, { fields: ["messages"] }));
    emu.clearRequests();
    await lc.update(created.id, created.outs as WebhookOutputs, await checked(lc, { fields: ["messaging_postbacks"] }));
    expect(emu.requests().map((r) => r.method)).toEqual(["GET", "POST", "DELETE"]);
    expect(new Set(onApp(emu)?.fields)).toEqual(new Set(["feed", "messaging_postbacks"]));
  });

  test("a callback that would move another owner's fields is a conflict: one GET, nothing changed", async () => {
    const emu = emulator();
    emu.setAppSubscription(APP.id, { object: "page", callbackUrl: other.url, fields: ["feed"] });
    const lc = lifecycle(emu);
    const e = await rejection(lc.create(await checked(lc, { fields: ["messages"] })));
    expect(e.name).toBe("CallbackConflictError");
    expect(e.message).toContain("(feed)");
    expect(e.message).toContain("takeOverCallback");
    expect(emu.requests().map((r) => r.method)).toEqual(["GET"]);
    expect(onApp(emu)).toMatchObject({ callbackUrl: other.url, fields: ["feed"] });
  });

  test("takeOverCallback moves the callback and keeps the other owner's fields", async () => {
    const emu = emulator();
    emu.setAppSubscription(APP.id, { object: "page", callbackUrl: other.url, fields: ["feed"] });
    const lc = lifecycle(emu);
    await lc.create(await checked(lc, { fields: ["messages"], takeOverCallback: true }));
    expect(onApp(emu)?.callbackUrl).toBe(callback.url);
    expect(new Set(onApp(emu)?.fields)).toEqual(new Set(["feed", "messages"]));
  });
});

test("only the verify token, app secret or takeOverCallback changed: an update with no call", async () => {
  const emu = emulator();
  const lc = lifecycle(emu);
  const created = await lc.create(await checked(lc, { fields: ["messages"] }));
  const next = await checked(lc, { fields: ["messages"], verifyToken: "a-new-verify-token", takeOverCallback: true });
  const d = await lc.diff(created.id, created.outs as WebhookOutputs, next);
  expect(d.changes).toBe(true);
  expect(d.replaces).toEqual([]);
  expect(Object.keys(d.detailedDiff).sort()).toEqual(["takeOverCallback", "verifyToken"]);
  emu.clearRequests();
  const updated = await lc.update(created.id, created.outs as WebhookOutputs, next);
  expect(emu.requests()).toEqual([]);
  expect(updated.outs?.verifyToken).toBe("a-new-verify-token");
});

test("cosmetic changes (field order, duplicates, capitals in the callback's host) make no diff", async () => {
  const emu = emulator();
  const lc = lifecycle(emu);
  const created = await lc.create(await checked(lc, { fields: ["messages", "messaging_postbacks"] }));
  const spelled = await checked(lc, {
    fields: ["messaging_postbacks", "messages", "messages"],
    callbackUrl: callback.url.replace("http://127.0.0.1", "HTTP://LOCALHOST").replace("LOCALHOST", "127.0.0.1"),
  });
  emu.clearRequests();
  const d = await lc.diff(created.id, created.outs as WebhookOutputs, spelled);
  expect(d.changes).toBe(false);
  expect(emu.requests()).toEqual([]);
});

test("another object or app replaces; refresh shows drift (a field removed by hand, the object unsubscribed)", async () => {
  const emu = emulator();
  const lc = lifecycle(emu);
  const created = await lc.create(await checked(lc, { fields: ["messages", "messaging_postbacks"] }));
  const olds = created.outs as WebhookOutputs;
  const d = await lc.diff(created.id, olds, await checked(lc, { fields: ["messages"], object: "instagram" }));
  expect(d.replaces).toEqual(["object"]);
  emu.setAppSubscription(APP.id, { object: "page", callbackUrl: callback.url, fields: ["messages", "feed"] });
  emu.clearRequests();
  const read = await lc.read(created.id, olds);
  expect(emu.requests().map((r) => `${r.method} ${r.path}`)).toEqual([`GET ${SUBS}`]);
  expect(read.props).toMatchObject({ fields: ["messages"], otherFields: ["feed"], callbackUrl: callback.url });
  const repaired = await lc.diff(
    created.id,
    read.props as WebhookOutputs,
    await checked(lc, { fields: ["messages", "messaging_postbacks"] }),
  );
  expect(repaired.detailedDiff).toEqual({ fields: "update" });
  emu.deleteAppSubscription(APP.id, "page");
  const gone = await lc.read(created.id, read.props);
  expect(gone.props).toMatchObject({ fields: [], otherFields: [], callbackUrl: "" });
});

test("a failed verification is Graph's code 2200 with what to do, and never shows the verify token", async () => {
  const emu = emulator();
  const lc = lifecycle(emu);
  const e = await rejection(
    lc.create(await checked(lc, { fields: ["messages"], verifyToken: "not-the-callbacks-token" })),
  );
  expect(e.code).toBe(2200);
  expect(e.message).toContain("hub.challenge");
  expect(e.message).not.toContain("not-the-callbacks-token");
  expect(e.message).not.toContain(APP.secret);
  expect(onApp(emu)).toBeUndefined();
});

test("import adopts every field of the object (id <app id>/<object>); a bad id names the form", async () => {
  const emu = emulator();
  emu.setAppSubscription(APP.id, { object: "page", callbackUrl: callback.url, fields: ["messages", "feed"] });
  const lc = lifecycle(emu);
  const imported = await lc.importResource(`${APP.id}/page`);
  expect(imported.inputs).toEqual({
    appId: APP.id,
    object: "page",
    callbackUrl: callback.url,
    fields: ["feed", "messages"],
  });
  expect(imported.outs.verifyToken).toBeUndefined();
  expect((await rejection(lc.importResource("page"))).message).toContain("<app id>/<object>");
  const none = await rejection(lc.importResource(`${APP.id}/instagram`));
  expect(none.message).toContain("nothing to import");
});

describe("the verify token is required only when a step POSTs the subscription", () => {
  /** The imported webhook's inputs, checked as the program that pastes them gives them (no verify token). */
  async function importedAndChecked(lc: WebhookLifecycle, emu: Emulator) {
    emu.setAppSubscription(APP.id, { object: "page", callbackUrl: callback.url, fields: ["messages", "feed"] });
    const imported = await lc.importResource(`${APP.id}/page`);
    const olds = imported.inputs as unknown as WebhookInputs;
    return { imported, olds, again: (raw: Record<string, unknown>) => lc.check(olds, { ...olds, ...raw }) };
  }
  const reasons = (r: { failures?: Array<{ reason: string }> }) => (r.failures ?? []).map((f) => f.reason);

  test("at creation: required (no previous inputs)", async () => {
    const lc = lifecycle(emulator());
    const r = await lc.check({} as WebhookInputs, { callbackUrl: callback.url, fields: ["messages"] } as never);
    expect(reasons(r)).toEqual([
      "verifyToken is required: the secret Graph sends your callback to prove the subscription is yours",
    ]);
  });

  test("with no previous inputs at all (a caller that passes none): required, as at creation", () => {
    const settings = readProviderSettings(undefined, { MESSENGER_APP_ID: APP.id, MESSENGER_APP_SECRET: APP.secret });
    const r = validateWebhookInputs({ callbackUrl: callback.url, fields: ["messages"] }, settings);
    expect(reasons(r)).toEqual([
      "verifyToken is required: the secret Graph sends your callback to prove the subscription is yours",
    ]);
  });

  test("the fields compared as checked: the same fields in another order or repeated add none", async () => {
    const emu = emulator();
    const lc = lifecycle(emu);
    const { again } = await importedAndChecked(lc, emu);
    expect(reasons(await again({ fields: ["messages", "feed", "messages"] }))).toEqual([]);
  });

  test("an imported webhook as printed (no verify token): check passes, no diff, no call", async () => {
    const emu = emulator();
    const lc = lifecycle(emu);
    const { imported, again } = await importedAndChecked(lc, emu);
    const r = await again({});
    expect(reasons(r)).toEqual([]);
    emu.clearRequests();
    const diff = await lc.diff(imported.id, imported.outs, r.inputs as WebhookInputs);
    expect(diff.changes).toBe(false);
    // A field given up only DELETEs: no verify token needed either.
    const fewer = await again({ fields: ["messages"] });
    expect(reasons(fewer)).toEqual([]);
    const { outs } = await lc.update(imported.id, imported.outs, fewer.inputs as WebhookInputs);
    expect(outs?.fields).toEqual(["messages"]);
    expect(
      emu
        .requests()
        .map((q) => `${q.method} ${q.path} ${q.rawQuery.replace(/&?(access_token|appsecret_proof)=[^&]*/g, "")}`),
    ).toEqual([`DELETE ${SUBS} object=page&fields=feed`]);
  });

  test("an imported webhook whose program moves the callback, adds a field or sets includeValues: required, naming what changed", async () => {
    const emu = emulator();
    const lc = lifecycle(emu);
    const { again } = await importedAndChecked(lc, emu);
    expect(reasons(await again({ callbackUrl: other.url }))).toEqual([
      "verifyToken is required to change callbackUrl: Graph verifies the callback again with it (an imported webhook has none until the program gives one)",
    ]);
    expect(reasons(await again({ fields: ["feed", "messages", "messaging_postbacks"], includeValues: true }))).toEqual([
      "verifyToken is required to change fields (a field added), includeValues: Graph verifies the callback again with it (an imported webhook has none until the program gives one)",
    ]);
    expect(reasons(await again({ object: "instagram", fields: ["messages"] }))[0]).toMatch(
      /^verifyToken is required: /,
    );
    expect(reasons(await again({ callbackUrl: other.url, verifyToken: VERIFY }))).toEqual([]);
  });

  test("a step that would POST without a verify token (the provider's app changed) sends nothing and says what to give", async () => {
    const emu = emulator();
    const lc = lifecycle(emu);
    const inputs = await checked(lc, { fields: ["messages"] });
    const { verifyToken: _dropped, ...without } = inputs;
    emu.clearRequests();
    const e = await rejection(lc.create(without));
    expect(e.message).toBe(
      `MessengerWebhook needs a verifyToken to subscribe app ${APP.id} to page (Graph verifies the callback with it): give it one and run \`pulumi up\` again. Nothing was sent.`,
    );
    expect(emu.requests()).toEqual([]);
  });
});
